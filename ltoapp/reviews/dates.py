"""Which dates make sense for a review, its next review and its actions.

Each rule returns None for a date that makes sense, or the message to show
beside the field. A date far outside these bounds once let a review be saved
that could never be agreed (its next review fell past the year 9999).
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

#: How far ahead a review may be dated: one planned a year ahead is the most.
REVIEW_MAX_AHEAD = relativedelta(years=1)
#: The next review comes within three years of this one.
NEXT_REVIEW_MAX_AFTER = relativedelta(years=3)
#: An action due more than ten years on is not a plan anyone can follow.
ACTION_MAX_AFTER = relativedelta(years=10)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def review_date_problem(held_on: date, started_on: date, today: date) -> str | None:
    """A review is held once the relationship has started, at most a year ahead."""
    if held_on < started_on:
        return (
            "The review cannot be before the relationship started, "
            f"on {_long(started_on)}."
        )
    latest = today + REVIEW_MAX_AHEAD
    if held_on > latest:
        return f"The review must be on or before {_long(latest)}, a year from today."
    return None


def next_review_problem(next_on: date, held_on: date) -> str | None:
    """The next review is after this one and within three years of it."""
    if next_on <= held_on:
        return f"The next review must be after this one, on {_long(held_on)}."
    latest = held_on + NEXT_REVIEW_MAX_AFTER
    if next_on > latest:
        return (
            f"The next review must be on or before {_long(latest)}, "
            "three years after this one."
        )
    return None


def due_date_problem(due_on: date | None, held_on: date) -> str | None:
    """An action is due no earlier than the review that agreed it (nor absurdly late).

    No date at all is fine: the date is optional.
    """
    if due_on is None:
        return None
    if due_on < held_on:
        return (
            "The action cannot be due before the review that agreed it, "
            f"on {_long(held_on)}."
        )
    latest = held_on + ACTION_MAX_AFTER
    if due_on > latest:
        return f"Choose a date on or before {_long(latest)}."
    return None
