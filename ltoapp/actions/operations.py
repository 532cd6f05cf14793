"""Changes to actions. Callers commit."""

from __future__ import annotations

from datetime import date

from ltoapp.actions.models import Action
from ltoapp.extensions import db
from ltoapp.reviews.models import Review, Side
from ltoapp.reviews.operations import ReviewClosed


def add_action(
    review: Review,
    description: str,
    owner_side: Side,
    owner_name: str | None = None,
    due_on: date | None = None,
    source_step: str | None = None,
    source_question_key: str | None = None,
    source_prompt_key: str | None = None,
) -> Action:
    """Add an agreed next step to a review that is not yet agreed.

    The source says where the action came from, so the record can show it
    beside the question or prompt that raised it.
    """
    if review.is_agreed:
        raise ReviewClosed(review.id)
    action = Action(
        review=review,
        description=description.strip(),
        owner_side=owner_side,
        owner_name=(owner_name or "").strip() or None,
        due_on=due_on,
        source_step=source_step,
        source_question_key=source_question_key,
        source_prompt_key=source_prompt_key,
    )
    db.session.add(action)
    db.session.flush()
    return action


def remove_action(action: Action) -> None:
    """Take an action out of a review that is not yet agreed."""
    if action.review.is_agreed:
        raise ReviewClosed(action.review.id)
    db.session.delete(action)
    db.session.flush()
