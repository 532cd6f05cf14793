"""When reviews are due, as plain functions over dates."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

#: The default gap between reviews, in months (DESIGN.md §5: six to twelve).
DEFAULT_INTERVAL_MONTHS = 6


class Timing(enum.Enum):
    """Where a relationship stands with its next review."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    #: A review has been started and is not yet agreed.
    UNDER_WAY = "under_way"
    LATER = "later"


TIMING_NAMES = {
    Timing.OVERDUE: "Overdue",
    Timing.DUE_SOON: "Due soon",
    Timing.UNDER_WAY: "Review under way",
    Timing.LATER: "Not due yet",
}


def default_next_review_on(
    last_agreed_on: date, months: int = DEFAULT_INTERVAL_MONTHS
) -> date:
    """Suggest the next review: six months (by default) after the last agreed one."""
    return last_agreed_on + relativedelta(months=months)


def next_review_due(
    started_on: date,
    agreed: Iterable[tuple[date, date | None]],
    months: int = DEFAULT_INTERVAL_MONTHS,
) -> date:
    """Return when a relationship's next review is due.

    ``agreed`` holds (held on, next review on) for each agreed review, in
    the order they were held and then created. The latest agreed review
    decides (of two held the same day, the one listed last): the date its
    next steps set, or else the default interval after it. With no agreed
    review yet, the first is due the default interval after the relationship
    started. ``reports.queries.next_review_on`` is this rule in SQL.
    """
    latest = None
    for pair in agreed:
        if latest is None or pair[0] >= latest[0]:
            latest = pair
    if latest is None:
        return default_next_review_on(started_on, months)
    held_on, next_on = latest
    return next_on or default_next_review_on(held_on, months)


def review_timing(
    due_on: date, today: date, under_way: bool, soon_days: int = 30
) -> Timing:
    """Say whether a review is overdue, due soon, under way or not due yet.

    A review that has been started counts as under way, however late: the
    conversation is happening.
    """
    if under_way:
        return Timing.UNDER_WAY
    if due_on < today:
        return Timing.OVERDUE
    if due_on <= today + timedelta(days=soon_days):
        return Timing.DUE_SOON
    return Timing.LATER


def quarter_of(day: date) -> str:
    """Name the calendar quarter of a date: "2024 Q1"."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"
