"""Read-only reports across relationships: what is due, the programme overview.

Each answers in a fixed number of statements, whatever the number of
relationships. None ranks, scores or compares partnerships or LTOs
(report §7.3): the overview counts reviews and actions, and the due list is
in date order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    distinct,
    exists,
    func,
    select,
    true,
)

from ltoapp.actions.models import Action
from ltoapp.actions.queries import overdue_on
from ltoapp.actions.rules import OPEN_STATUSES
from ltoapp.extensions import db
from ltoapp.paging import page_fetched
from ltoapp.relationships.models import Relationship, with_sides
from ltoapp.reports.rules import Timing, quarter_of, review_timing
from ltoapp.reviews.models import Review, ReviewStatus, Side


@dataclass(frozen=True)
class NextReview:
    """When one relationship's next review is due, and where it stands."""

    due_on: date
    timing: Timing
    last_agreed_on: date | None


@dataclass(frozen=True)
class DueReview(NextReview):
    """A current relationship's next review, with the relationship to show."""

    relationship: Relationship


def _latest_agreed(column: ColumnElement) -> ColumnElement:
    """``column`` of each relationship's latest agreed review (correlated)."""
    return (
        select(column)
        .where(
            Review.relationship_id == Relationship.id,
            Review.status == ReviewStatus.AGREED,
        )
        .order_by(Review.held_on.desc(), Review.id.desc())
        .limit(1)
        .correlate(Relationship)
        .scalar_subquery()
    )


def _under_way() -> ColumnElement[bool]:
    return (
        exists()
        .where(
            Review.relationship_id == Relationship.id,
            Review.status != ReviewStatus.AGREED,
        )
        .correlate(Relationship)
    )


def _due_rows(current: tuple[ColumnElement[bool], ...]) -> Select:
    """Current relationships with both sides, their next review, soonest first."""
    due_on = Relationship.next_review_due_on
    return (
        select(Relationship, due_on, _under_way(), _latest_agreed(Review.held_on))
        .where(*current)
        # Joined, not one more query each: one row per relationship, and
        # selectin's bookkeeping for hundreds of parents cost more.
        .options(*with_sides())
        .order_by(due_on, Relationship.id)
    )


def _due_review(row: Row, today: date) -> DueReview:
    relationship, due_on, under_way, last_agreed_on = row
    return DueReview(
        due_on=due_on,
        timing=review_timing(due_on, today, under_way),
        last_agreed_on=last_agreed_on,
        relationship=relationship,
    )


def _current(where: ColumnElement[bool]) -> tuple[ColumnElement[bool], ...]:
    return (Relationship.ended_on.is_(None), where)


def due_reviews(where: ColumnElement[bool], today: date) -> list[DueReview]:
    """Return the next review of every current relationship kept by ``where``.

    Soonest (most overdue) first.
    """
    rows = db.session.execute(_due_rows(_current(where)))
    return [_due_review(row, today) for row in rows]


def _count_due(
    current: tuple[ColumnElement[bool], ...], today: date
) -> tuple[int, int]:
    """Count the current relationships, and those overdue for a review.

    Overdue as :func:`review_timing` says: due before today with no review
    under way. Counted as those due before today (from the index of next
    reviews) less those of them with a review under way, found from the
    handful of reviews not agreed: asking each overdue relationship whether
    it has one grew with the programme.
    """
    past_due = Relationship.next_review_due_on < today
    under_way = (
        # Joined, so it reads relationships itself rather than correlating
        # with the outer statement's row.
        select(func.count(distinct(Review.relationship_id)))
        .join(Relationship, Review.relationship_id == Relationship.id)
        .where(Review.status != ReviewStatus.AGREED, past_due, *current)
        .scalar_subquery()
    )
    counted, past_due_count, under_way_count = db.session.execute(
        select(func.count(), func.count().filter(past_due), under_way)
        .select_from(Relationship)
        .where(*current)
    ).one()
    return counted, (past_due_count or 0) - (under_way_count or 0)


@dataclass(frozen=True)
class DueSummary:
    """The due list in brief: how many, how many overdue, the soonest few."""

    current_relationships: int
    overdue: int
    #: The first rows of :func:`due_reviews`, in its order.
    soonest: list[DueReview]


def due_summary(where: ColumnElement[bool], today: date, first: int) -> DueSummary:
    """Count the next reviews of the current relationships kept by ``where``
    and return the ``first`` soonest, loading only those relationships.

    An administrator's home shows the programme's due list this way: the
    whole list (:func:`due_reviews`) loads every relationship with both its
    sides, which at ten times the programme was most of the home's time.
    """
    current = _current(where)
    rows = db.session.execute(_due_rows(current).limit(first))
    counted, overdue = _count_due(current, today)
    return DueSummary(counted, overdue, [_due_review(row, today) for row in rows])


#: How many relationships a page of the due list shows.
DUE_PER_PAGE = 50


@dataclass(frozen=True)
class DuePage:
    """One page of the due list, with the counts of the whole list."""

    current_relationships: int
    overdue: int
    #: A page of :func:`due_reviews`; its items are :class:`DueReview` rows.
    listed: Pagination


def due_page(where: ColumnElement[bool], today: date, page: int) -> DuePage:
    """Return one page of :func:`due_reviews`, and how many are due and overdue.

    The database counts the list from the index of next reviews due and hands
    over one page in its order, so the page costs the same however many
    relationships a programme holds.
    """
    current = _current(where)
    counted, overdue = _count_due(current, today)

    def fetch(offset: int, limit: int) -> list[DueReview]:
        statement = _due_rows(current).offset(offset).limit(limit)
        return [_due_review(row, today) for row in db.session.execute(statement)]

    listed = page_fetched(fetch, counted, page, DUE_PER_PAGE)
    return DuePage(counted, overdue, listed)


@dataclass(frozen=True)
class ProgrammeOverview:
    """Counts across the programme, for administrators. No rankings."""

    current_relationships: int
    ended_relationships: int
    #: Quarters with agreed reviews, oldest first.
    quarters: list[str]
    #: Workflow keys with agreed reviews, in the order of the app's workflows.
    workflows: list[str]
    #: (quarter, workflow) → number of reviews agreed.
    reviews_done: dict[tuple[str, str], int]
    reviews_overdue: int
    #: Owner side → open actions, and → open actions past their date.
    open_actions: dict[Side, int]
    overdue_actions: dict[Side, int]


def programme_overview(workflow_order: list[str], today: date) -> ProgrammeOverview:
    """Count relationships, reviews done per workflow per quarter, what is overdue."""
    ended = func.count().filter(Relationship.ended_on.is_not(None))
    current, ended_count = db.session.execute(
        select(func.count() - ended, ended).select_from(Relationship)
    ).one()
    done: Counter[tuple[str, str]] = Counter()
    # Counted by day in the database, from ix_reviews_status_workflow_held_on
    # in its order, then days gathered into quarters here (which SQLite cannot
    # name); a day's count is cheaper than working out each review's month.
    for workflow, held_on, count in db.session.execute(
        select(Review.workflow, Review.held_on, func.count())
        .where(Review.status == ReviewStatus.AGREED)
        .group_by(Review.workflow, Review.held_on)
    ):
        done[(quarter_of(held_on), workflow)] += count
    # Counted only: the overview shows no relationship, so none is loaded.
    _, overdue = _count_due(_current(true()), today)
    # Both counts in one reading of ix_actions_status_owner_side_due_on.
    open_actions, overdue_actions = {}, {}
    for side, open_count, overdue_count in db.session.execute(
        select(Action.owner_side, func.count(), func.count().filter(overdue_on(today)))
        .where(Action.status.in_(OPEN_STATUSES))
        .group_by(Action.owner_side)
    ):
        open_actions[side], overdue_actions[side] = open_count, overdue_count
    used = {workflow for _, workflow in done}
    return ProgrammeOverview(
        current_relationships=current or 0,
        ended_relationships=ended_count or 0,
        quarters=sorted({quarter for quarter, _ in done}),
        workflows=[key for key in workflow_order if key in used]
        + sorted(used - set(workflow_order)),
        reviews_done=dict(done),
        reviews_overdue=overdue,
        open_actions={side: open_actions.get(side, 0) for side in Side},
        overdue_actions={side: overdue_actions.get(side, 0) for side in Side},
    )
