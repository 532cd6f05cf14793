"""Which workflow a relationship probably needs next, with the reason why.

The suggestion is only a starting point: the people of the relationship
choose, and troubleshooting is never suggested by the tool, because only the
people involved can say that a relationship is in difficulty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ltoapp.workflows.engine import Workflow, suggested_for

#: Reviews are due every six months (DESIGN.md §5, Recommendation 2).
REVIEW_INTERVAL_MONTHS = 6


def months_between(earlier: date, later: date) -> int:
    """Return the number of whole calendar months from one date to a later one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months


def suggest_workflow(
    workflows: Mapping[str, Workflow],
    *,
    reviewed_with: Iterable[str],
    last_review_on: date | None,
    relationship_ended: bool,
    today: date,
) -> tuple[str, str]:
    """Return the key of the workflow to suggest and one sentence saying why.

    ``reviewed_with`` holds the workflow keys of the relationship's reviews.
    Which workflow answers which situation is declared by ``suggested_when``
    in the workflow files; the key is "" when no file claims the situation.
    """
    reviewed_with = list(reviewed_with)
    closing = suggested_for(workflows, "relationship_ended")
    when, reason = suggest_when(
        has_reviews=bool(reviewed_with),
        last_review_on=last_review_on,
        relationship_ended=relationship_ended,
        has_exit_interview=closing is not None and closing.key in reviewed_with,
        today=today,
    )
    suggested = suggested_for(workflows, when)
    return (suggested.key if suggested else "", reason)


def suggest_when(
    *,
    has_reviews: bool,
    last_review_on: date | None,
    relationship_ended: bool,
    has_exit_interview: bool,
    today: date,
) -> tuple[str, str]:
    """Return which situation the relationship is in and one sentence saying why.

    The situation is one of ``SUGGESTED_WHEN`` (``workflows/engine.py``). A
    relationship that has ended needs an exit interview (and, once it has had
    one, nothing more: the reason says so). A relationship with no reviews
    starts with an induction; after that comes a regular review, due six
    months after the last one.
    """
    if relationship_ended:
        if has_exit_interview:
            # Nothing more is due; point back to the record that closes the story.
            return (
                "relationship_ended",
                "The relationship has ended and has already had its exit "
                "interview, so no further review is due.",
            )
        return (
            "relationship_ended",
            "The relationship has ended, so an exit interview will record what "
            "worked, what did not, and what the next one should know.",
        )
    if not has_reviews or last_review_on is None:
        return (
            "first_review",
            "There has been no review yet, so start with an induction: who is "
            "who, who does what, and what support is wanted.",
        )
    months = months_between(last_review_on, today)
    if months >= REVIEW_INTERVAL_MONTHS:
        return (
            "review_due",
            f"The last review was {months} months ago, so a regular review is due.",
        )
    return (
        "review_due",
        f"A regular review is not due yet: the last one was "
        f"{_months_ago(months)}, and one every six months is enough.",
    )


def _months_ago(months: int) -> str:
    if months <= 0:
        return "less than a month ago"
    return "1 month ago" if months == 1 else f"{months} months ago"
