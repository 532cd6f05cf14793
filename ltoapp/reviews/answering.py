"""Who is answering a review in this request, and the questionnaire they answer."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

from ltoapp.access import current_viewer, load_review, require
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.permissions import guest_participant_id, takes_part_in
from ltoapp.reviews.forms import (
    DONT_KNOW,
    QuestionnaireForm,
    comment_field_name,
    questionnaire_form_class,
    rating_field_name,
)
from ltoapp.reviews.models import Participant, Review
from ltoapp.reviews.questionnaire import draft_key
from ltoapp.workflows import Step, wording
from ltoapp.workflows.registry import workflow_named


def answering_review_or_403(review_id: int) -> Review:
    """Load the review the viewer is answering, refusing anyone who may not."""
    review = load_review(review_id)
    require(review is not None and takes_part_in(current_viewer(), review))
    return review


def answering_participant(review: Review) -> Participant | None:
    """Return who is answering: a guest's participant or the signed-in person's."""
    viewer = current_viewer()
    guest = guest_participant_id(viewer, review)
    if guest is not None:
        return db.session.get(Participant, guest)
    if current_user.is_authenticated:
        return db.session.scalar(
            db.select(Participant).filter_by(
                review_id=review.id, person_id=viewer.person_id
            )
        )
    return None


def browser_draft_key(review: Review, participant: Participant | None) -> str:
    """Name the copy of the answers this browser keeps while they are typed."""
    return draft_key(
        review.id,
        current_viewer().person_id if current_user.is_authenticated else None,
        participant.id if participant is not None else None,
    )


def ratings_step(review: Review) -> Step:
    """Return the step of the review's workflow that asks for ratings."""
    return workflow_named(review.workflow).rating_steps()[0]


def questionnaire_class(review: Review) -> type[QuestionnaireForm]:
    """Build the class of the review's questionnaire, in the programme's words."""
    step = ratings_step(review)
    return questionnaire_form_class(
        load_framework(),
        columns=step.columns,
        required_columns=step.required_columns,
        column_questions={
            column: wording(question, current_app.config["LABELS"])
            for column, question in step.column_wording.items()
        },
        comment_max_length=current_app.config["COMMENT_MAX_LENGTH"],
    )


def questionnaire_form(
    review: Review, participant: Participant | None
) -> QuestionnaireForm:
    """Build the questionnaire, filled with the person's draft or last answers."""
    form_class = questionnaire_class(review)
    if participant is not None and participant.draft is not None:
        # A draft is newer than anything sent: it is what they last saw.
        return form_class(data=participant.draft.answers)
    response = participant.response if participant is not None else None
    if response is None:
        return form_class()
    data = {
        rating_field_name(r.question_key, r.column): (
            DONT_KNOW if r.value is None else str(r.value)
        )
        for r in response.ratings
    }
    data |= {comment_field_name(c.question_key): c.text for c in response.comments}
    data["other_comments"] = response.other_comments
    return form_class(data=data)
