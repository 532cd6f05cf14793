"""Reading the governance balance (DESIGN.md §4, report §4.3, #BeyondTheRules).

Five things are shared between a partnership and its LTO. Power and autonomy
are *enablers*; accountability and risk-holding are *burdens*; responsibility
can be either. The troubleshooting workflow asks where each sits now and
where it should sit, on a scale from 1 (with the partnership) to ``points``
(with the LTO); which row is which is declared in the workflow file. This
module points out what is worth talking about. It never judges: an imbalance
is a question for the group, not a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ltoapp.config import LABELS
from ltoapp.workflows.prompts import Prompt

#: Where "now" and "should" differ by this many points, it is worth a talk.
GAP_WORTH_TALKING_ABOUT = 2


@dataclass(frozen=True)
class Imbalance:
    """Something in the governance balance worth talking about."""

    #: "gap" (one item sits away from where people think it should) or
    #: "pattern" (burdens on one side, enablers on the other).
    kind: str
    #: The keys of the rows concerned.
    rows: tuple[str, ...]
    message: str


def governance_imbalances(
    prompt: Prompt,
    answer: Mapping[str, Mapping[str, int]] | None,
    labels: Mapping[str, str] = LABELS,
) -> list[Imbalance]:
    """Return what is worth talking about in a governance balance answer.

    ``prompt`` is a scale with ``reading = "governance_balance"``: its rows'
    roles say which are enablers and which burdens, its measures' roles which
    is "now" and which "should". ``answer`` is ``{row: {measure: n}}`` with 1
    meaning "with the partnership" and ``prompt.points`` "with the LTO";
    missing values are ignored. Gaps between now and should come first, in
    row order, then the pattern of burdens on one side and enablers on the
    other, which is only flagged when people's "should" answers do not show
    the same pattern (a balance everyone understands and agrees can work
    well, report §4.3).
    """
    answer = answer or {}
    points = prompt.points
    now_key, should_key = (_measure(prompt, role) for role in ("now", "should"))
    enablers = tuple(row for row in prompt.rows if row.role == "enabler")
    burdens = tuple(row for row in prompt.rows if row.role == "burden")
    partnership, lto = labels["partnership"], labels["lto"]
    found = []
    for row in prompt.rows:
        now = _value(answer, row.key, now_key)
        should = _value(answer, row.key, should_key)
        if now is None or should is None or abs(now - should) < GAP_WORTH_TALKING_ABOUT:
            continue
        nearer = lto if now > should else partnership
        found.append(
            Imbalance(
                kind="gap",
                rows=(row.key,),
                message=(
                    f"Worth talking about: {row.label.lower()} sits "
                    f"nearer the {nearer} than people think it should "
                    f"(now {now}, should be {should}, of {points})."
                ),
            )
        )

    burden_keys = [row.key for row in burdens]
    enabler_keys = [row.key for row in enablers]
    pattern_now = _pattern(answer, now_key, points, burden_keys, enabler_keys)
    pattern_should = _pattern(answer, should_key, points, burden_keys, enabler_keys)
    if pattern_now is not None and pattern_now != pattern_should:
        burdens_side, enablers_side = pattern_now
        burdens_with = partnership if burdens_side == "partnership" else lto
        enablers_with = partnership if enablers_side == "partnership" else lto
        if burdens_side == "partnership":
            why = f"The {partnership} carries the burdens without the power to match."
        else:
            why = (
                "That can work well when everyone understands and agrees it, "
                "but where people think things should sit does not show that "
                "agreement."
            )
        found.append(
            Imbalance(
                kind="pattern",
                rows=tuple(burden_keys + enabler_keys),
                message=(
                    f"Worth talking about: {_names(burdens)} sit "
                    f"with the {burdens_with} while {_names(enablers)} sit with "
                    f"the {enablers_with}. {why}"
                ),
            )
        )
    return found


def worth_talking_about(
    prompt: Prompt, answer: object, labels: Mapping[str, str] = LABELS
) -> list[str]:
    """Return what a prompt's reading finds in an answer, as sentences to list.

    The page puts them under a "Worth talking about" heading, so each loses
    that opening. A prompt without a reading finds nothing.
    """
    if prompt.reading != "governance_balance" or not isinstance(answer, Mapping):
        return []
    found = governance_imbalances(prompt, answer, labels)
    sentences = [i.message.removeprefix("Worth talking about: ") for i in found]
    return [sentence[:1].upper() + sentence[1:] for sentence in sentences]


def _measure(prompt: Prompt, role: str) -> str:
    return next(measure.key for measure in prompt.measures if measure.role == role)


def _names(rows) -> str:
    return " and ".join(row.label.lower() for row in rows)


def _value(answer: Mapping, row: str, measure: str) -> int | None:
    values = answer.get(row)
    if not isinstance(values, Mapping):
        return None
    value = values.get(measure)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _side(value: int | None, points: int) -> str | None:
    """Say which end a point is nearer; the middle belongs to neither."""
    if value is None:
        return None
    middle = (points + 1) / 2
    if value < middle:
        return "partnership"
    if value > middle:
        return "lto"
    return None


def _pattern(
    answer: Mapping,
    measure: str,
    points: int,
    burden_keys: list[str],
    enabler_keys: list[str],
) -> tuple[str, str] | None:
    """Return (burdens' side, enablers' side) when they sit on opposite sides."""
    burdens = {_side(_value(answer, row, measure), points) for row in burden_keys}
    enablers = {_side(_value(answer, row, measure), points) for row in enabler_keys}
    if len(burdens) != 1 or len(enablers) != 1:
        return None
    burdens_side, enablers_side = burdens.pop(), enablers.pop()
    if burdens_side is None or enablers_side is None or burdens_side == enablers_side:
        return None
    return burdens_side, enablers_side
