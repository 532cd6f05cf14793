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

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.orm import joinedload

from ltoapp.actions.models import Action
from ltoapp.actions.queries import overdue_on
from ltoapp.actions.rules import OPEN_STATUSES
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reports.rules import Timing, next_review_due, quarter_of, review_timing
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


def _next_reviews(
    current: tuple[ColumnElement[bool], ...], today: date
) -> dict[int, NextReview]:
    """Work out the next review of each relationship kept by ``current``."""
    started = dict(
        db.session.execute(
            select(Relationship.id, Relationship.started_on).where(*current)
        ).all()
    )
    if not started:
        return {}
    # A subquery rather than a list of ids: a list makes every query's text
    # different, to be parsed afresh by the driver and the database.
    ids = select(Relationship.id).where(*current)
    # Only the latest agreed review decides (next_review_due), so the
    # database picks it: a programme's ten years are thousands of reviews.
    ranked = (
        select(
            Review.relationship_id,
            Review.held_on,
            Review.next_review_on,
            func.row_number()
            .over(
                partition_by=Review.relationship_id,
                order_by=(Review.held_on.desc(), Review.id.desc()),
            )
            .label("latest_first"),
        )
        .where(Review.relationship_id.in_(ids), Review.status == ReviewStatus.AGREED)
        .subquery()
    )
    latest = {
        relationship_id: (held_on, next_on)
        for relationship_id, held_on, next_on in db.session.execute(
            select(
                ranked.c.relationship_id, ranked.c.held_on, ranked.c.next_review_on
            ).where(ranked.c.latest_first == 1)
        )
    }
    under_way = set(
        db.session.scalars(
            select(Review.relationship_id)
            .where(
                Review.relationship_id.in_(ids), Review.status != ReviewStatus.AGREED
            )
            .distinct()
        )
    )
    next_reviews = {}
    for relationship_id, started_on in started.items():
        agreed = [latest[relationship_id]] if relationship_id in latest else []
        due_on = next_review_due(started_on, agreed)
        next_reviews[relationship_id] = NextReview(
            due_on,
            review_timing(due_on, today, relationship_id in under_way),
            agreed[0][0] if agreed else None,
        )
    return next_reviews


def due_reviews(where: ColumnElement[bool], today: date) -> list[DueReview]:
    """Return the next review of every current relationship kept by ``where``.

    Soonest (most overdue) first.
    """
    current = (Relationship.ended_on.is_(None), where)
    relationships = db.session.scalars(
        select(Relationship)
        .where(*current)
        # Joined, not one more query each: one row per relationship, and
        # selectin's bookkeeping for hundreds of parents cost more.
        .options(joinedload(Relationship.partnership), joinedload(Relationship.lto))
    ).all()
    next_reviews = _next_reviews(current, today)
    due = [
        DueReview(relationship=relationship, **vars(next_reviews[relationship.id]))
        for relationship in relationships
    ]
    return sorted(due, key=lambda d: (d.due_on, d.relationship.id))


def _overdue(next_reviews: dict[int, NextReview]) -> int:
    return sum(n.timing is Timing.OVERDUE for n in next_reviews.values())


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
    next_reviews = _next_reviews((Relationship.ended_on.is_(None), where), today)
    soonest = sorted(next_reviews, key=lambda rid: (next_reviews[rid].due_on, rid))
    soonest = soonest[:first]
    relationships = {
        relationship.id: relationship
        for relationship in db.session.scalars(
            select(Relationship)
            .where(Relationship.id.in_(soonest))
            .options(joinedload(Relationship.partnership), joinedload(Relationship.lto))
        )
    }
    return DueSummary(
        current_relationships=len(next_reviews),
        overdue=_overdue(next_reviews),
        soonest=[
            DueReview(relationship=relationships[rid], **vars(next_reviews[rid]))
            for rid in soonest
        ],
    )


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
    # Counted by month in the database (ten years are thousands of reviews),
    # then months gathered into quarters here, which SQLite cannot name.
    year = extract("year", Review.held_on)
    month = extract("month", Review.held_on)
    for workflow, held_year, held_month, count in db.session.execute(
        select(Review.workflow, year, month, func.count())
        .where(Review.status == ReviewStatus.AGREED)
        .group_by(Review.workflow, year, month)
    ):
        done[(quarter_of(date(int(held_year), int(held_month), 1)), workflow)] += count
    # Counted only: the overview shows no relationship, so none is loaded.
    overdue = _overdue(_next_reviews((Relationship.ended_on.is_(None),), today))
    per_side = select(Action.owner_side, func.count()).group_by(Action.owner_side)
    open_actions = dict(
        db.session.execute(per_side.where(Action.status.in_(OPEN_STATUSES))).all()
    )
    overdue_actions = dict(db.session.execute(per_side.where(overdue_on(today))).all())
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
