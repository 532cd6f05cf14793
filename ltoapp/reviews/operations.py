"""Changes to reviews and their responses. Callers commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ltoapp.accounts.models import Person
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import (
    Participant,
    QuestionComment,
    Rating,
    Response,
    Review,
    ReviewStatus,
    Side,
)

#: Until workflows are declared as data, every review is a regular review that
#: asks all three columns, the first two of which must be answered.
DEFAULT_WORKFLOW = "regular_review"
REQUIRED_COLUMNS = ("A", "B")


class ReviewClosed(Exception):
    """The review is agreed, so it no longer takes responses."""


def start_review(
    relationship: Relationship,
    held_on: date,
    workflow: str = DEFAULT_WORKFLOW,
    facilitator: Person | None = None,
) -> Review:
    """Open a new review of a relationship for responses."""
    review = Review(
        relationship=relationship,
        workflow=workflow,
        held_on=held_on,
        status=ReviewStatus.OPEN,
        facilitator=facilitator,
    )
    db.session.add(review)
    db.session.flush()
    return review


def record_response(
    review: Review,
    side: Side,
    display_name: str | None,
    ratings: Mapping[tuple[str, str], int | None],
    comments: Mapping[str, str],
    other_comments: str | None,
) -> Response:
    """Store one participant's answers to the framework questionnaire.

    ``ratings`` maps (question key, column) to a value from 1 to 10, or None
    for "don't know"; cells left unanswered are simply absent. Empty comments
    are not stored.
    """
    if review.is_agreed:
        raise ReviewClosed(review.id)
    participant = Participant(
        review=review, side=side, display_name=(display_name or "").strip() or None
    )
    response = Response(
        participant=participant, other_comments=(other_comments or "").strip() or None
    )
    response.ratings = [
        Rating(question_key=question_key, column=column, value=value)
        for (question_key, column), value in ratings.items()
    ]
    response.comments = [
        QuestionComment(question_key=question_key, text=text.strip())
        for question_key, text in comments.items()
        if text and text.strip()
    ]
    db.session.add(participant)
    db.session.flush()
    return response
