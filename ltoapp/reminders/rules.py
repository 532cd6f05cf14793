"""When a reminder is due and who gets it, as plain functions over plain values.

No request, no database: the queries gather the dates and people, these
functions decide.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta

from ltoapp.actions.models import ActionStatus
from ltoapp.actions.rules import is_open
from ltoapp.reminders.models import ReminderKind
from ltoapp.reviews.models import Side

#: A review or action is "coming due" this many days before its date.
COMING_DUE_DAYS = 14
#: A review not agreed this many days after it was held is "left open".
LEFT_OPEN_DAYS = 7

#: The kinds a person may stop, in the words of their reminders page.
KIND_NAMES = {
    ReminderKind.REVIEW_DUE_SOON: "A review coming due (two weeks before)",
    ReminderKind.REVIEW_OVERDUE: "A review overdue",
    ReminderKind.ACTION_DUE_SOON: "An action of yours coming due (two weeks before)",
    ReminderKind.ACTION_OVERDUE: "An action of yours overdue",
    ReminderKind.REVIEW_LEFT_OPEN: "A review you run left open for a week",
}

SUBJECTS = {
    ReminderKind.REVIEW_DUE_SOON: "Review due soon",
    ReminderKind.REVIEW_OVERDUE: "Review overdue",
    ReminderKind.ACTION_DUE_SOON: "Action due soon",
    ReminderKind.ACTION_OVERDUE: "Action overdue",
    ReminderKind.REVIEW_LEFT_OPEN: "Review not agreed yet",
}


def review_reminder(due_on: date, today: date, under_way: bool) -> ReminderKind | None:
    """Say which reminder a relationship's next review calls for, if any.

    Overdue the day after its date; coming due from two weeks before. A
    review already under way needs no reminder to hold it (the "left open"
    reminder follows it instead).
    """
    if under_way:
        return None
    if due_on < today:
        return ReminderKind.REVIEW_OVERDUE
    if due_on <= today + timedelta(days=COMING_DUE_DAYS):
        return ReminderKind.REVIEW_DUE_SOON
    return None


def action_reminder(
    status: ActionStatus, due_on: date | None, today: date
) -> ReminderKind | None:
    """Say which reminder an action calls for: only open actions with a date."""
    if not is_open(status) or due_on is None:
        return None
    if due_on < today:
        return ReminderKind.ACTION_OVERDUE
    if due_on <= today + timedelta(days=COMING_DUE_DAYS):
        return ReminderKind.ACTION_DUE_SOON
    return None


def is_left_open(held_on: date, started_on: date, today: date) -> bool:
    """Say whether a review not yet agreed has been left open for a week.

    The week counts from the day it was held, or from the day it was started
    when that is later (a review typed in afterwards for an old date).
    """
    return today - max(held_on, started_on) >= timedelta(days=LEFT_OPEN_DAYS)


def action_recipients(
    owner_person_id: int | None,
    owner_side: Side,
    members: Mapping[Side, Collection[int]],
) -> set[int]:
    """Return who is reminded of an action: its named owner, else the owner side.

    ``members`` holds the people of each side of the relationship; the
    neutral side's people are its facilitators.
    """
    if owner_person_id is not None:
        return {owner_person_id}
    return set(members.get(owner_side, ()))


def review_key(relationship_id: int, due_on: date) -> str:
    """Name a relationship's next review by its due date: a new date, a new key."""
    return f"relationship:{relationship_id}:due:{due_on.isoformat()}"


def action_key(action_id: int, due_on: date) -> str:
    """Name an action's reminder by its due date: a date moved on reminds again."""
    return f"action:{action_id}:due:{due_on.isoformat()}"


def left_open_key(review_id: int) -> str:
    """Name a review left open: it is reminded of once."""
    return f"review:{review_id}"


def digest_key(today: date) -> str:
    """Name the week of a rep's digest: one digest per ISO week."""
    year, week, _ = today.isocalendar()
    return f"week:{year}-W{week:02d}"
