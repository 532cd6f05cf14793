"""The staged reveal: what the room is shown of a review's results, and when.

In a workshop the facilitator decides when the group sees each part of the
results, so that people answer without being swayed and then look at the
results together, one part at a time. The stages come in a fixed order and
each one shows everything the earlier ones did:

1. counts only, while answers come in;
2. everyone's ratings together;
3. the sides compared;
4. what is worth talking about (and everything else on the results page).

These are plain functions, used by the live screen, the results pages and a
guest's phone alike, so every screen in the room follows the same stage.
"""

from __future__ import annotations

import enum


class RevealStage(enum.Enum):
    """How much of a review's results the room has been shown."""

    COUNTS = "counts"
    EVERYONE = "everyone"
    SIDES = "sides"
    TALK = "talk"

    @property
    def order(self) -> int:
        """Where the stage comes in the reveal: 0 for counts only."""
        return list(RevealStage).index(self)

    def shows(self, part: RevealStage | str) -> bool:
        """Whether this stage shows ``part``: it does once the reveal reached it.

        ``part`` may be a stage's value, as templates name it.

        >>> RevealStage.SIDES.shows(RevealStage.EVERYONE)
        True
        >>> RevealStage.EVERYONE.shows("talk")
        False
        """
        return self.order >= RevealStage(part).order


#: The stage a new review starts at: nothing but counts until the facilitator
#: chooses to show more.
FIRST_STAGE = RevealStage.COUNTS


def stage_for_viewer(
    stage: RevealStage, *, runs_review: bool, is_agreed: bool
) -> RevealStage:
    """Return the stage a viewer's own results page follows.

    The room follows the facilitator's stage. The facilitator (or an
    administrator) sees every part on their own pages whatever the room is
    shown, because they need to look ahead before showing it. Once a review
    is agreed it is a record, and the record shows all its results.
    """
    if runs_review or is_agreed:
        return RevealStage.TALK
    return stage


def room_stage(stage: RevealStage, *, is_agreed: bool) -> RevealStage:
    """Return the stage the projected screen shows: the room's, or all once agreed."""
    return RevealStage.TALK if is_agreed else stage


def parse_stage(value: str | None) -> RevealStage | None:
    """Read a stage from a form or URL value; None for anything unknown."""
    try:
        return RevealStage(value)
    except ValueError:
        return None
