"""The rules of the action log, as plain functions over plain values.

What counts as open and overdue, how a carried action's decision changes it,
and which carried actions a review has decided: no request, no database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ltoapp.actions.models import ActionStatus

#: Statuses of an action still to be done; these are carried forward.
OPEN_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})

STATUS_NAMES = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


class Decision(enum.Enum):
    """What the group decided about an action carried from an earlier review."""

    DONE = "done"
    #: Still open, with a new date.
    CARRIED = "carried"
    #: Dropped, with the reason why.
    DROPPED = "dropped"


DECISION_NAMES = {
    Decision.DONE: "Done",
    Decision.CARRIED: "Still open, with a new date",
    Decision.DROPPED: "Dropped",
}


class UpdateLike(Protocol):
    action_id: int
    review_id: int | None
    to_status: ActionStatus


class ActionLike(Protocol):
    id: int
    status: ActionStatus
    due_on: date | None

    @property
    def updates(self) -> Sequence[UpdateLike]: ...


def is_open(status: ActionStatus) -> bool:
    """Say whether an action is still to be done."""
    return status in OPEN_STATUSES


def is_overdue(status: ActionStatus, due_on: date | None, today: date) -> bool:
    """An open action is overdue the day after its due date; without one, never."""
    return is_open(status) and due_on is not None and due_on < today


def decision_outcome(
    decision: Decision,
    current_status: ActionStatus,
    current_due: date | None,
    new_due: date | None,
) -> tuple[ActionStatus, date | None]:
    """Return the status and due date a carry-forward decision gives an action.

    Carrying an action keeps it open (or in progress, if it was) with the
    new date.
    """
    if decision is Decision.DONE:
        return ActionStatus.DONE, current_due
    if decision is Decision.DROPPED:
        return ActionStatus.DROPPED, current_due
    return (current_status if is_open(current_status) else ActionStatus.OPEN), new_due


def decision_of(to_status: ActionStatus) -> Decision:
    """Name the decision an update recorded, from the status it left."""
    if to_status is ActionStatus.DONE:
        return Decision.DONE
    if to_status is ActionStatus.DROPPED:
        return Decision.DROPPED
    return Decision.CARRIED


def change_problems(
    from_status: ActionStatus,
    to_status: ActionStatus,
    from_due: date | None,
    to_due: date | None,
    note: str | None,
    deciding: bool = False,
) -> dict[str, str]:
    """Say what is wrong with a change to an action, by form field; empty if fine.

    Dropping an action needs a reason, so the story says why it was let go.
    A change that changes nothing and says nothing is not a change, except
    when a review decides about a carried action: "still open" is a decision
    worth recording even when the date stays.
    """
    problems = {}
    note = (note or "").strip()
    if to_status is ActionStatus.DROPPED and not note:
        problems["note"] = "Say why the action is dropped."
    unchanged = from_status is to_status and from_due == to_due
    if unchanged and not note and not deciding:
        problems["status"] = "Change the status or the date, or add a note."
    return problems


@dataclass(frozen=True)
class CarryForward:
    """Which carried actions a review has decided, and which still wait."""

    #: Action id → the status the review's latest decision left it in.
    decided: dict[int, Decision]
    #: Ids of carried actions with no decision recorded in the review, in order.
    undecided: list[int]


def carry_forward(carried: Iterable[ActionLike], review_id: int) -> CarryForward:
    """Sort the actions carried into a review into decided and undecided.

    A carried action is decided when an update of it names this review; the
    latest such update is the decision. One closed meanwhile from the action
    log needs no decision either. Undecided actions block nothing, but
    they stay open, so the next review carries them again: nothing carried
    disappears without a recorded decision.
    """
    decided: dict[int, Decision] = {}
    undecided: list[int] = []
    for action in carried:
        mine = [u for u in action.updates if u.review_id == review_id]
        if mine:
            decided[action.id] = decision_of(mine[-1].to_status)
        elif not is_open(action.status):
            # Closed from the action log since the review began.
            decided[action.id] = decision_of(action.status)
        else:
            undecided.append(action.id)
    return CarryForward(decided, undecided)
