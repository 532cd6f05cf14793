"""Changes made by the people answering a review: joining, answers and drafts.

Callers commit. Each change of who took part or what they answered writes
its own audit entry; a draft does not, since it is never counted and the
questionnaire keeps it every few seconds.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from ltoapp.accounts.models import Person
from ltoapp.accounts.viewer import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import (
    Participant,
    QuestionComment,
    Rating,
    Response,
    ResponseDraft,
    Review,
    Side,
)
from ltoapp.reviews.operations.closed import ReviewClosed, ensure_open

#: (question key, column) → 1 to 10, or None for "don't know".
Ratings = Mapping[tuple[str, str], int | None]


def side_for(viewer: Viewer, relationship: Relationship) -> Side:
    """Say which side a signed-in person speaks for in a relationship."""
    if relationship.partnership_id in viewer.partnership_ids:
        return Side.PARTNERSHIP
    if relationship.lto_id in viewer.lto_ids:
        return Side.LTO
    return Side.NEUTRAL


def participant_for_person(review: Review, person: Person, side: Side) -> Participant:
    """Return the person's participant in a review, adding it the first time.

    Not audited on its own: a member takes part by answering, and that is.
    """
    participant = db.session.scalar(
        select(Participant).filter_by(review_id=review.id, person_id=person.id)
    )
    if participant is None:
        participant = Participant(
            review=review, person=person, side=side, display_name=person.name
        )
        db.session.add(participant)
        db.session.flush()
    return participant


def join_as_guest(
    review: Review,
    side: Side,
    display_name: str | None,
    join_token: str | None = None,
    *,
    by: Viewer,
) -> Participant:
    """Add a guest participant who joined by the review's code (audited).

    ``join_token`` comes from the join form: the same form sent twice (a
    double tap, a resend after a dropped connection) returns the participant
    the first one made, so a guest is never counted twice. The audit entry
    names the side, never the name the guest gave.
    """
    ensure_open(review)
    token = (join_token or "").strip() or None
    if token is not None:
        existing = db.session.scalar(
            select(Participant).filter_by(review_id=review.id, join_token=token)
        )
        if existing is not None:
            return existing
    participant = _new_participant(review, side, display_name, False, token)
    record(
        by,
        AuditVerb.CREATED,
        "participant",
        participant.id,
        f"Joined for the {side.value} side",
        review.relationship_id,
    )
    return participant


def save_response(
    participant: Participant,
    ratings: Ratings,
    comments: Mapping[str, str],
    other_comments: str | None,
    *,
    by: Viewer,
) -> Response:
    """Store a participant's answers, replacing any they gave before (audited).

    ``ratings`` maps (question key, column) to a value from 1 to 10, or None
    for "don't know"; cells left unanswered are absent and any earlier answer
    to them is removed. Rows are updated in place, so a participant never has
    two responses and the database's uniqueness rules hold at every step.
    Any draft of the questionnaire has now been sent, so it goes.
    """
    ensure_open(participant.review)
    first_time = participant.response is None
    response = _store_answers(participant, ratings, comments, other_comments)
    record(
        by,
        AuditVerb.CREATED if first_time else AuditVerb.CHANGED,
        "response",
        response.id,
        "Answered the questionnaire" if first_time else "Changed their answers",
        participant.review.relationship_id,
    )
    return response


def record_response(
    review: Review,
    side: Side,
    display_name: str | None,
    ratings: Ratings,
    comments: Mapping[str, str],
    other_comments: str | None,
    on_paper: bool = False,
    *,
    by: Viewer,
) -> Response:
    """Store the answers of a new participant: a paper form typed in, or demo data.

    Audited as typed in (or answered) by ``by``, who is not the participant.
    """
    ensure_open(review)
    participant = _new_participant(review, side, display_name, on_paper)
    response = _store_answers(participant, ratings, comments, other_comments)
    record(
        by,
        AuditVerb.CREATED,
        "response",
        response.id,
        "Typed in a paper questionnaire" if on_paper else "Answered the questionnaire",
        review.relationship_id,
    )
    return response


def save_draft(participant: Participant, answers: Mapping[str, str]) -> ResponseDraft:
    """Keep a half-filled questionnaire, so a reload or lost connection loses nothing.

    ``answers`` maps form field names to what the person has chosen or typed
    so far. It replaces the previous draft. A draft is never counted in the
    results; :func:`save_response` replaces it when the form is sent.
    """
    if not participant.review.takes_answers:
        raise ReviewClosed(participant.review.id)
    if participant.draft is None:
        participant.draft = ResponseDraft(answers=dict(answers))
    else:
        participant.draft.answers = dict(answers)
    db.session.flush()
    return participant.draft


def _new_participant(
    review: Review,
    side: Side,
    display_name: str | None,
    on_paper: bool,
    join_token: str | None = None,
) -> Participant:
    participant = Participant(
        review=review,
        side=side,
        display_name=(display_name or "").strip() or None,
        on_paper=on_paper,
        join_token=join_token,
    )
    db.session.add(participant)
    db.session.flush()
    return participant


def _store_answers(
    participant: Participant,
    ratings: Ratings,
    comments: Mapping[str, str],
    other_comments: str | None,
) -> Response:
    response = participant.response
    if response is None:
        response = Response(participant=participant)
        db.session.add(response)
    if participant.draft is not None:
        participant.draft = None
    response.other_comments = (other_comments or "").strip() or None

    existing_ratings = {(r.question_key, r.column): r for r in response.ratings}
    for cell, rating in existing_ratings.items():
        if cell not in ratings:
            response.ratings.remove(rating)
    for (question_key, column), value in ratings.items():
        rating = existing_ratings.get((question_key, column))
        if rating is None:
            response.ratings.append(
                Rating(question_key=question_key, column=column, value=value)
            )
        else:
            rating.value = value

    kept = {
        key: text.strip() for key, text in comments.items() if text and text.strip()
    }
    existing_comments = {c.question_key: c for c in response.comments}
    for key, comment in existing_comments.items():
        if key not in kept:
            response.comments.remove(comment)
    for key, text in kept.items():
        if key in existing_comments:
            existing_comments[key].text = text
        else:
            response.comments.append(QuestionComment(question_key=key, text=text))
    db.session.flush()
    return response
