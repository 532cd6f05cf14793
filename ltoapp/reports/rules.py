"""When reviews are due, as plain functions over dates."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ltoapp.formatting import long_date

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

    ``agreed`` holds (held on, next review on) for each agreed review. The
    latest agreed review decides: the date its next steps set, or else the
    default interval after it. With no agreed review yet, the first is due
    the default interval after the relationship started.
    """
    latest = max(agreed, default=None, key=lambda pair: pair[0])
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


def span_in_words(earlier: date, later: date) -> str:
    """Say roughly how long lies between two dates: "3 days", "5 weeks", "2 years".

    Rounded down to the largest unit that fits at least twice (a week and a
    half is "10 days"), as people say it; never "0".
    """
    days = max((later - earlier).days, 1)
    gap = relativedelta(later, earlier)
    months = gap.years * 12 + gap.months
    if months >= 24:
        return f"{gap.years} years"
    if months >= 2:
        return f"{months} months"
    if days >= 14:
        return f"{days // 7} weeks"
    return f"{days} day{'' if days == 1 else 's'}"


def next_review_in_words(due_on: date, timing: Timing, today: date) -> str:
    """Say when a relationship's next review is due, overdue in words, not colour."""
    if timing is Timing.UNDER_WAY:
        return "A review is under way"
    if due_on < today:
        return (
            f"Overdue: was due {long_date(due_on)}, {span_in_words(due_on, today)} ago"
        )
    if due_on == today:
        return "Due today"
    return f"Due {long_date(due_on)}, in {span_in_words(today, due_on)}"
