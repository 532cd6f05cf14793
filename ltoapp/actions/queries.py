"""Read-only questions about actions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ltoapp.actions.models import Action, ActionStatus
from ltoapp.extensions import db
from ltoapp.reviews.models import Review

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def carried_actions(review: Review) -> list[Action]:
    """Return the actions still open from the relationship's earlier reviews."""
    return list(
        db.session.scalars(
            select(Action)
            .join(Review, Action.review_id == Review.id)
            .where(
                Review.relationship_id == review.relationship_id,
                Review.id != review.id,
                Review.created_at <= review.created_at,
                Action.status.in_(OPEN_STATUSES),
            )
            .options(selectinload(Action.review))
            .order_by(Review.held_on, Action.id)
        )
    )
