"""Where a relationship stands with its next review, and quarters of the year."""

from __future__ import annotations

import enum
from datetime import date, timedelta


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
