"""When a relationship's next review is due, as plain functions over dates.

Kept on the relationship by ``reviews.schedule`` whenever a review that
decides it changes, so that lists can order and count by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta

#: The default gap between reviews, in months (DESIGN.md §5: six to twelve).
DEFAULT_INTERVAL_MONTHS = 6


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
    started.
    """
    latest = None
    for pair in agreed:
        if latest is None or pair[0] >= latest[0]:
            latest = pair
    if latest is None:
        return default_next_review_on(started_on, months)
    held_on, next_on = latest
    return next_on or default_next_review_on(held_on, months)
