"""The one disclosure rule: who may see what of a review's ratings and comments.

Every page, screen, print and export that shows ratings or comments asks
:func:`disclose` first and takes its figures only through the answer
(:meth:`Disclosure.cell`, :meth:`Disclosure.side_label`), so the rule is in
one place and a test can break it on purpose.

Who is looking (:class:`Audience`):

* the facilitator of the relationship, or an administrator, sees everything:
  each person's answers, names, flat profiles, every group's figures;
* a member of the relationship sees what the review's anonymity allows;
* a guest (joined with a code, no account) and the room's projected screen
  (and the group's printout) see the group view only: never one person's
  answers and never a name, whatever the anonymity. Anyone with the code can
  be a guest, and everyone in the hall reads the screen.

The principle for a member under "aggregates", and for guests and the room
always: nobody can work out any one person's rating or who wrote a comment,
not from one page, not by putting a page next to an export (they all go
through this rule, so they agree), and not by knowing their own answer.

The thresholds, and why:

* :data:`MINIMUM_GROUP` (3). A group of one shows that person's ratings. A
  group of two does too, to either of its members: the median of two is their
  mean, so one person's own rating and the median give the other's. From
  three people on, someone who knows their own rating still cannot tell which
  of the other two (or more) gave any figure. So a side with fewer than three
  people who answered is not shown as a group, and a cell (one question, one
  column) with fewer than three numbers shows no figures, since people skip
  questions.
* :data:`ENDPOINT_MINIMUM` (5). With three or four numbers the median, lowest
  and highest are most of the list; the spread (highest minus lowest) says
  how far apart people are without giving anyone's number. Endpoints appear
  from five numbers on.
* A side too small to show still counts in "everyone", and never stops the
  partnership and the LTO being compared. But then "everyone" minus the
  shown sides is that small side: its lowest and highest, its spread, its
  number of ratings and of "don't know" answers would give the hidden
  person's answer away by subtraction. So while a side is hidden, "everyone"
  shows its median only. (A median is not additive: to work a hidden rating
  out of it one would need every individual rating of both other sides,
  which no page or export gives. That the median moves, or appears once a
  third number arrives, is all a hidden answer can change.)
* "Everyone" of one person is not a group, for any viewer: it is one answer.
* A comment is labelled with its side only when that side has at least
  :data:`MINIMUM_GROUP` people who answered; the only LTO person's comment
  labelled "(LTO)" is signed. Names appear only where names may be shown.

What the rule cannot hide: a screen watched while answers arrive one by one
shows each change; that is why the room can be held at the "counts" stage
of the staged reveal (``reviews/reveal.py``, applied after this rule, so a
stage only ever shows less) until everyone has answered. Identical answers
are identical: when everyone gives 7, the median says so.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

#: The sides, as stored, in the order results show them.
SIDES = ("partnership", "lto", "neutral")
#: Every group a figure can be about: everyone together, then each side.
GROUPS = ("everyone", *SIDES)

#: The smallest group (and cell) whose figures a strict view shows.
MINIMUM_GROUP = 3
#: The fewest numbers a cell needs before its lowest and highest are shown.
ENDPOINT_MINIMUM = 5
#: "Everyone" of one person is one answer, not a group, for every viewer.
EVERYONE_MINIMUM = 2


class Audience(enum.Enum):
    """Who is looking at a review's results."""

    #: The relationship's facilitator, or an administrator.
    FACILITATOR = "facilitator"
    #: A signed-in person of the relationship.
    MEMBER = "member"
    #: Someone who joined with the code, without an account.
    GUEST = "guest"
    #: The projected screen, and the group's printout: read by the whole room.
    ROOM = "room"


class CellLike(Protocol):
    """What :meth:`Disclosure.cell` reads of a cell (``analysis.CellSummary``)."""

    question_key: str
    column: str
    dont_know: int

    @property
    def answered(self) -> int: ...
    @property
    def median(self) -> float | None: ...
    @property
    def minimum(self) -> int | None: ...
    @property
    def maximum(self) -> int | None: ...


@dataclass(frozen=True)
class ShownCell:
    """One group's figures for one question and column, as far as they may show.

    A figure that may not be shown is None (or 0 for "don't know"); ``withheld``
    says that figures exist but are not shown.
    """

    question_key: str
    column: str
    #: How many numbers were given, or None when even that may not be shown.
    answered: int | None
    dont_know: int
    median: float | None
    minimum: int | None
    maximum: int | None
    spread: int | None
    withheld: bool = False


@dataclass(frozen=True)
class Disclosure:
    """What one audience may see of one review's results."""

    audience: Audience
    anonymity: str
    #: Each person's own ratings (the responses page, individual rows).
    individuals: bool
    #: Names beside answers and comments.
    names: bool
    #: Who gave a flat profile: a prompt for the facilitator only.
    flat_profiles: bool
    #: The groups whose figures may be shown.
    groups: frozenset[str]
    #: Sides that answered but are too small to show; they count in "everyone".
    hidden_sides: frozenset[str]
    #: The partnership's and the LTO's figures side by side, with the gap.
    compare_sides: bool
    #: The questions worth talking about (judged on the figures shown).
    divergences: bool
    #: Sides whose name may label a comment or a person's answers.
    labelled_sides: frozenset[str]
    #: The fewest numbers a cell needs before its figures show.
    minimum_cell: int
    #: Whether the small-group protections apply (never to the facilitator).
    strict: bool
    #: The size of the smallest side shown, for the words that explain it.
    minimum_group: int
    #: The fewest people "everyone" needs before it is shown as a group.
    minimum_everyone: int

    def shows(self, group: str) -> bool:
        """Say whether any figure of this group may be shown."""
        return group in self.groups

    def cell(self, group: str, cell: CellLike) -> ShownCell:
        """Return one group's cell with only the figures this audience may see."""
        answered = cell.answered
        if group not in self.groups:
            return ShownCell(
                cell.question_key, cell.column, None, 0, None, None, None, None,
                withheld=bool(answered or cell.dont_know),
            )  # fmt: skip
        if answered < self.minimum_cell:
            # Too few numbers: not even how many, since with a small side
            # hidden that count would say who skipped or didn't know.
            return ShownCell(
                cell.question_key, cell.column, None,
                0 if self._subtracts(group) else cell.dont_know,
                None, None, None, None, withheld=bool(answered),
            )  # fmt: skip
        # At least one number is here: minimum_cell is never below one.
        spread = cell.maximum - cell.minimum
        if not self.strict:
            return ShownCell(
                cell.question_key, cell.column, answered, cell.dont_know,
                cell.median, cell.minimum, cell.maximum, spread,
            )  # fmt: skip
        if self._subtracts(group):
            return ShownCell(
                cell.question_key, cell.column, None, 0, cell.median,
                None, None, None,
            )  # fmt: skip
        endpoints = answered >= ENDPOINT_MINIMUM
        return ShownCell(
            cell.question_key,
            cell.column,
            answered,
            cell.dont_know,
            cell.median,
            cell.minimum if endpoints else None,
            cell.maximum if endpoints else None,
            spread,
        )

    def _subtracts(self, group: str) -> bool:
        # "Everyone" minus the shown sides would be a hidden side.
        return self.strict and group == "everyone" and bool(self.hidden_sides)

    def side_label(self, side: str) -> str | None:
        """Return the side to label a comment or answers with, or None for no label."""
        return side if side in self.labelled_sides else None


def disclose(
    audience: Audience,
    anonymity: str,
    answered_by_side: Mapping[str, int],
) -> Disclosure:
    """Decide what ``audience`` may see of a review's ratings and comments.

    ``anonymity`` is the review's choice ("named", "anonymous" or
    "aggregates"); ``answered_by_side`` counts, per side, the people who sent
    answers. The thresholds and the reasons for them are in this module's
    docstring.
    """
    facilitator = audience is Audience.FACILITATOR
    group_view = audience in (Audience.GUEST, Audience.ROOM)
    strict = not facilitator and (group_view or anonymity == "aggregates")
    counts = {side: answered_by_side.get(side, 0) for side in SIDES}
    everyone = sum(counts.values())
    side_minimum = MINIMUM_GROUP if strict else 1
    shown_sides = {side for side in SIDES if counts[side] >= side_minimum}
    hidden = frozenset(side for side in SIDES if 0 < counts[side] < side_minimum)
    everyone_minimum = MINIMUM_GROUP if strict else EVERYONE_MINIMUM
    groups = set(shown_sides)
    if everyone >= everyone_minimum:
        groups.add("everyone")
    else:
        # With no group of everyone, a side would be everyone by another name.
        groups.clear()
    named = anonymity == "named" and not group_view
    if facilitator or named:
        labelled = frozenset(SIDES)
    else:
        labelled = frozenset(s for s in SIDES if counts[s] >= MINIMUM_GROUP)
    return Disclosure(
        audience=audience,
        anonymity=anonymity,
        individuals=facilitator or (audience is Audience.MEMBER and not strict),
        names=facilitator or named,
        flat_profiles=facilitator,
        groups=frozenset(groups),
        hidden_sides=hidden,
        compare_sides="partnership" in groups and "lto" in groups,
        divergences="everyone" in groups,
        labelled_sides=labelled,
        minimum_cell=MINIMUM_GROUP if strict else 1,
        strict=strict,
        minimum_group=side_minimum,
        minimum_everyone=everyone_minimum,
    )
