"""Read-only questions about actions, each in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from ltoapp.accounts.models import FacilitatorAssignment, Membership, Person
from ltoapp.actions.models import Action, ActionStatus, ActionUpdate
from ltoapp.actions.rules import OPEN_STATUSES
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import Review, Side, with_relationship

CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


def overdue_on(today: date) -> ColumnElement[bool]:
    """Select the actions :func:`~ltoapp.actions.rules.is_overdue` calls overdue.

    The same rule, for counting in the database rather than row by row.
    """
    return and_(
        Action.status.in_(OPEN_STATUSES),
        Action.due_on.is_not(None),
        Action.due_on < today,
    )


def carried_actions(review: Review) -> list[Action]:
    """Return the actions carried into a review from the relationship's earlier ones.

    Those are the earlier reviews' actions still open, and those closed since
    this review started (they were open when it began, and the record of this
    review keeps showing them with what was decided).
    """
    closed_since = exists().where(
        ActionUpdate.action_id == Action.id,
        ActionUpdate.to_status.in_(CLOSED_STATUSES),
        or_(
            ActionUpdate.review_id == review.id,
            ActionUpdate.at >= review.created_at,
        ),
    )
    return list(
        db.session.scalars(
            select(Action)
            .join(Review, Action.review_id == Review.id)
            .where(
                Review.relationship_id == review.relationship_id,
                Review.id != review.id,
                Review.created_at <= review.created_at,
                or_(Action.status.in_(OPEN_STATUSES), closed_since),
            )
            .options(joinedload(Action.review), selectinload(Action.updates))
            .order_by(Review.held_on, Action.id)
        )
    )


@dataclass(frozen=True)
class LogFilters:
    """The action log's filters, from the page's query string; None shows all."""

    status: ActionStatus | None = None
    owner_side: Side | None = None
    review_id: int | None = None


def action_log(relationship_id: int, filters: LogFilters) -> list[Action]:
    """Return every action of a relationship's reviews, oldest review first.

    Each comes with its review and its history loaded.
    """
    query = (
        select(Action)
        .join(Review, Action.review_id == Review.id)
        .where(Review.relationship_id == relationship_id)
        .options(
            joinedload(Action.review),
            selectinload(Action.updates).joinedload(ActionUpdate.review),
        )
        .order_by(Review.held_on, Review.id, Action.id)
    )
    if filters.status is not None:
        query = query.where(Action.status == filters.status)
    if filters.owner_side is not None:
        query = query.where(Action.owner_side == filters.owner_side)
    if filters.review_id is not None:
        query = query.where(Action.review_id == filters.review_id)
    return list(db.session.scalars(query))


def actions_where(*criteria: ColumnElement[bool]) -> list[Action]:
    """Return the actions that meet the criteria, soonest due first.

    Each comes with its review's relationship and both sides loaded, as the
    lists on a person's home show them. The criteria may name the review and
    the relationship, which are joined.
    """
    return list(
        db.session.scalars(
            select(Action)
            .join(Review, Action.review_id == Review.id)
            .join(Relationship, Review.relationship_id == Relationship.id)
            .where(*criteria)
            .options(
                joinedload(Action.review).options(*with_relationship()),
            )
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        )
    )


def actions_owned_by(person_id: int) -> list[Action]:
    """Return the open actions a person owns, soonest due first."""
    return actions_where(
        Action.owner_person_id == person_id, Action.status.in_(OPEN_STATUSES)
    )


def people_of_relationship(relationship: Relationship) -> list[Person]:
    """Return who may own an action: current members of either side, facilitators."""
    member = aliased(Membership)
    return list(
        db.session.scalars(
            select(Person)
            .where(
                Person.erased_at.is_(None),
                or_(
                    Person.id.in_(
                        select(member.person_id).where(
                            member.left_on.is_(None),
                            or_(
                                member.partnership_id == relationship.partnership_id,
                                member.lto_id == relationship.lto_id,
                            ),
                        )
                    ),
                    Person.id.in_(
                        select(FacilitatorAssignment.person_id).where(
                            FacilitatorAssignment.relationship_id == relationship.id
                        )
                    ),
                ),
            )
            .order_by(Person.name, Person.id)
        )
    )
