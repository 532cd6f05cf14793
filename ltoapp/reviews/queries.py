"""Read-only questions about reviews, answered as plain data."""

from __future__ import annotations

from sqlalchemy import select

from ltoapp.extensions import db
from ltoapp.framework.analysis import RatingRecord
from ltoapp.reviews.models import Participant, Rating, Response


def rating_records(review_id: int) -> list[RatingRecord]:
    """Return every rating given in a review, with the side of whoever gave it."""
    rows = db.session.execute(
        select(
            Participant.id,
            Participant.side,
            Rating.question_key,
            Rating.column,
            Rating.value,
        )
        .join(Response, Response.participant_id == Participant.id)
        .join(Rating, Rating.response_id == Response.id)
        .where(Participant.review_id == review_id)
        .order_by(Participant.id, Rating.id)
    )
    return [
        RatingRecord(participant_id, side.value, question_key, column, value)
        for participant_id, side, question_key, column, value in rows
    ]


def response_count(review_id: int) -> int:
    """Return how many people have answered a review."""
    return db.session.scalar(
        select(db.func.count(Response.id))
        .join(Participant, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
    )
