"""Read-only reports across relationships: what is due, the programme overview.

Each answers in a fixed number of statements, whatever the number of
relationships. None ranks, scores or compares partnerships or LTOs
(report §7.3): the overview counts reviews and actions, and the due list is
in date order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import selectinload

from ltoapp.actions.models import Action
from ltoapp.actions.rules import OPEN_STATUSES, is_overdue
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reports.rules import Timing, next_review_due, quarter_of, review_timing
from ltoapp.reviews.models import Review, ReviewStatus, Side


@dataclass(frozen=True)
class DueReview:
    """When a current relationship's next review is due, and where it stands."""

    relationship: Relationship
    due_on: date
    timing: Timing
    last_agreed_on: date | None


def due_reviews(where: ColumnElement[bool], today: date) -> list[DueReview]:
    """Return the next review of every current relationship kept by ``where``.

    Soonest (most overdue) first.
    """
    relationships = db.session.scalars(
        select(Relationship)
        .where(where, Relationship.ended_on.is_(None))
        .options(selectinload(Relationship.partnership), selectinload(Relationship.lto))
    ).all()
    ids = [relationship.id for relationship in relationships]
    agreed: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    under_way: set[int] = set()
    if ids:
        rows = db.session.execute(
            select(
                Review.relationship_id,
                Review.status,
                Review.held_on,
                Review.next_review_on,
            ).where(Review.relationship_id.in_(ids))
        )
        for relationship_id, status, held_on, next_on in rows:
            if status is ReviewStatus.AGREED:
                agreed[relationship_id].append((held_on, next_on))
            else:
                under_way.add(relationship_id)
    due = []
    for relationship in relationships:
        due_on = next_review_due(relationship.started_on, agreed[relationship.id])
        due.append(
            DueReview(
                relationship,
                due_on,
                review_timing(due_on, today, relationship.id in under_way),
                max((held for held, _ in agreed[relationship.id]), default=None),
            )
        )
    return sorted(due, key=lambda d: (d.due_on, d.relationship.id))


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
    for workflow, held_on in db.session.execute(
        select(Review.workflow, Review.held_on).where(
            Review.status == ReviewStatus.AGREED
        )
    ):
        done[(quarter_of(held_on), workflow)] += 1
    overdue = sum(
        1
        for due in due_reviews(Relationship.id.is_not(None), today)
        if due.timing is Timing.OVERDUE
    )
    open_actions: Counter[Side] = Counter()
    overdue_actions: Counter[Side] = Counter()
    for side, status, due_on in db.session.execute(
        select(Action.owner_side, Action.status, Action.due_on).where(
            Action.status.in_(OPEN_STATUSES)
        )
    ):
        open_actions[side] += 1
        if is_overdue(status, due_on, today):
            overdue_actions[side] += 1
    used = {workflow for _, workflow in done}
    return ProgrammeOverview(
        current_relationships=current or 0,
        ended_relationships=ended_count or 0,
        quarters=sorted({quarter for quarter, _ in done}),
        workflows=[key for key in workflow_order if key in used]
        + sorted(used - set(workflow_order)),
        reviews_done=dict(done),
        reviews_overdue=overdue,
        open_actions={side: open_actions[side] for side in Side},
        overdue_actions={side: overdue_actions[side] for side in Side},
    )
