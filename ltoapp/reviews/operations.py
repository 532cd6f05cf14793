"""Changes to reviews and their responses. Callers commit."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select

from ltoapp.accounts.models import Person
from ltoapp.accounts.viewer import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.db import now_utc
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import (
    Anonymity,
    Participant,
    PromptAnswer,
    QuestionComment,
    Rating,
    Response,
    ResponseDraft,
    Review,
    ReviewStatus,
    Side,
    StepProgress,
    StepState,
)
from ltoapp.reviews.reveal import RevealStage
from ltoapp.workflows import Step, Workflow

#: Join codes avoid characters people confuse: 0/O, 1/I/l.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Long enough that guessing is hopeless at the rate limits allowed
#: (``ltoapp/reviews/limits.py`` has the arithmetic), short enough to type.
JOIN_CODE_LENGTH = 9


class ReviewClosed(Exception):
    """The review is agreed, so nothing in it can change any more."""


class AnswerConflict(Exception):
    """Someone else saved this prompt since the form was opened."""

    # A plain class, not a frozen dataclass: Python sets __traceback__ on an
    # exception as it travels, which a frozen dataclass would refuse.
    def __init__(self, prompt_key: str, theirs: Any, yours: Any, version: int) -> None:
        super().__init__(prompt_key)
        self.prompt_key = prompt_key
        self.theirs = theirs
        self.yours = yours
        self.version = version


def new_join_code() -> str:
    """Return a random join code that no open review uses."""
    while True:
        code = "".join(
            secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH)
        )
        if db.session.scalar(select(Review.id).filter_by(join_code=code)) is None:
            return code


def normalise_join_code(typed: str) -> str:
    """Read a code as people type it: any case, spaces and dashes ignored."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def review_by_join_code(typed: str) -> Review | None:
    """Find the review a code opens, if it still takes answers."""
    code = normalise_join_code(typed)
    if not code:
        return None
    review = db.session.scalar(select(Review).filter_by(join_code=code))
    if review is None or not review.takes_answers:
        return None
    return review


def close_to_answers(review: Review) -> None:
    """Stop a review taking answers: its code goes, so the link leads nowhere.

    The review moves on to discussion. Answers already sent are kept, and the
    facilitator may still type in answers given on paper.
    """
    _ensure_open(review)
    review.join_code = None
    review.status = ReviewStatus.DISCUSSION
    db.session.flush()


def open_to_answers(review: Review) -> str:
    """Let a closed review take answers again, under a new code; return the code.

    The old code stays dead, so a slip handed out before closing cannot
    reopen it. A review that is already open keeps its code.
    """
    _ensure_open(review)
    if review.join_code is None:
        review.join_code = new_join_code()
    review.status = ReviewStatus.OPEN
    db.session.flush()
    return review.join_code


def set_anonymity(review: Review, anonymity: Anonymity) -> None:
    """Choose what the group sees of individual answers."""
    _ensure_open(review)
    review.anonymity = anonymity
    db.session.flush()


#: What the audit trail says the room was shown, stage by stage.
STAGE_SUMMARIES = {
    RevealStage.COUNTS: "Showed the room the counts only",
    RevealStage.EVERYONE: "Showed the room everyone's ratings together",
    RevealStage.SIDES: "Showed the room the sides compared",
    RevealStage.TALK: "Showed the room what is worth talking about",
}


def set_reveal_stage(review: Review, stage: RevealStage, viewer: Viewer) -> bool:
    """Move the staged reveal to ``stage`` and note it in the audit trail.

    The facilitator may go back as well as forward (to hide the sides again
    while the group talks about everyone's ratings). Choosing the stage the
    room is already at changes nothing and is not logged; returns whether
    the stage changed. An agreed review shows everything and stays so.
    """
    if review.is_agreed:
        raise ReviewClosed(review.id)
    if review.reveal_stage is stage:
        return False
    review.reveal_stage = stage
    record(
        viewer,
        AuditVerb.CHANGED,
        "review",
        review.id,
        STAGE_SUMMARIES[stage],
        review.relationship_id,
    )
    db.session.flush()
    return True


def start_review(
    relationship: Relationship,
    held_on: date,
    workflow: Workflow,
    facilitator: Person | None = None,
) -> Review:
    """Open a new review of a relationship for responses, with a join code.

    The review starts on the workflow's first step, with the workflow's
    default anonymity (troubleshooting shows the group aggregates only).
    """
    review = Review(
        relationship=relationship,
        workflow=workflow.key,
        held_on=held_on,
        status=ReviewStatus.OPEN,
        facilitator=facilitator,
        join_code=new_join_code(),
        anonymity=Anonymity(workflow.default_anonymity),
        current_step=workflow.steps[0].key,
    )
    db.session.add(review)
    db.session.flush()
    return review


def side_for(viewer: Viewer, relationship: Relationship) -> Side:
    """Say which side a signed-in person speaks for in a relationship."""
    if relationship.partnership_id in viewer.partnership_ids:
        return Side.PARTNERSHIP
    if relationship.lto_id in viewer.lto_ids:
        return Side.LTO
    return Side.NEUTRAL


def participant_for_person(review: Review, person: Person, side: Side) -> Participant:
    """Return the person's participant in a review, adding it the first time."""
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
    on_paper: bool = False,
    join_token: str | None = None,
) -> Participant:
    """Add a guest participant who joined by the review's code (or on paper).

    ``join_token`` comes from the join form: the same form sent twice (a
    double tap, a resend after a dropped connection) returns the participant
    the first one made, so a guest is never counted twice.
    """
    if review.is_agreed:
        raise ReviewClosed(review.id)
    token = (join_token or "").strip() or None
    if token is not None:
        existing = db.session.scalar(
            select(Participant).filter_by(review_id=review.id, join_token=token)
        )
        if existing is not None:
            return existing
    participant = Participant(
        review=review,
        side=side,
        display_name=(display_name or "").strip() or None,
        on_paper=on_paper,
        join_token=token,
    )
    db.session.add(participant)
    db.session.flush()
    return participant


def save_response(
    participant: Participant,
    ratings: Mapping[tuple[str, str], int | None],
    comments: Mapping[str, str],
    other_comments: str | None,
) -> Response:
    """Store a participant's answers, replacing any they gave before.

    ``ratings`` maps (question key, column) to a value from 1 to 10, or None
    for "don't know"; cells left unanswered are absent and any earlier answer
    to them is removed. Rows are updated in place, so a participant never has
    two responses and the database's uniqueness rules hold at every step.
    Any draft of the questionnaire has now been sent, so it goes.
    """
    if participant.review.is_agreed:
        raise ReviewClosed(participant.review.id)
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


def record_response(
    review: Review,
    side: Side,
    display_name: str | None,
    ratings: Mapping[tuple[str, str], int | None],
    comments: Mapping[str, str],
    other_comments: str | None,
    on_paper: bool = False,
) -> Response:
    """Store the answers of a new participant (used for demo data and paper forms)."""
    participant = join_as_guest(review, side, display_name, on_paper=on_paper)
    return save_response(participant, ratings, comments, other_comments)


def _ensure_open(review: Review) -> None:
    if review.is_agreed:
        raise ReviewClosed(review.id)


def answers_by_prompt(review: Review) -> dict[str, PromptAnswer]:
    """Return the group's stored answers of a review, by prompt key."""
    return {answer.prompt_key: answer for answer in review.prompt_answers}


def save_step_answers(
    review: Review,
    step: Step,
    answers: Mapping[str, Any],
    versions: Mapping[str, int | None],
    *,
    by: Viewer,
) -> None:
    """Store the group's answers to the prompts of one step, audited.

    ``versions`` holds, per prompt, the version of the answer the person saw
    when the form was opened (None for no answer yet). If someone else saved
    that prompt since, nothing is overwritten: :class:`AnswerConflict` carries
    both versions so the person can choose. An emptied prompt keeps an empty
    answer, so the record shows it was cleared.
    """
    _ensure_open(review)
    person_id = by.person_id
    stored = answers_by_prompt(review)
    changed = []
    for prompt in step.prompts:
        answer = answers.get(prompt.key)
        existing = stored.get(prompt.key)
        seen = versions.get(prompt.key)
        if (
            existing is not None
            and seen != existing.version
            and existing.answer != answer
        ):
            raise AnswerConflict(prompt.key, existing.answer, answer, existing.version)
        if existing is None:
            if answer is None:
                continue
            review.prompt_answers.append(
                PromptAnswer(
                    step_key=step.key,
                    prompt_key=prompt.key,
                    answer=answer,
                    updated_by_id=person_id,
                )
            )
            changed.append(prompt.key)
        elif existing.answer != answer:
            existing.answer = answer
            existing.updated_by_id = person_id
            changed.append(prompt.key)
    db.session.flush()
    if changed:
        record(
            by,
            AuditVerb.CHANGED,
            "review",
            review.id,
            f"Saved the answers of the step '{step.key}': {', '.join(changed)}",
            review.relationship_id,
        )


def mark_step(
    review: Review,
    step: Step,
    state: StepState,
    reason: str | None = None,
    *,
    by: Viewer,
) -> None:
    """Record that a step was finished, or skipped with a reason (audited)."""
    _ensure_open(review)
    progress = next((p for p in review.step_progress if p.step_key == step.key), None)
    if progress is None:
        progress = StepProgress(step_key=step.key, state=state)
        review.step_progress.append(progress)
    progress.state = state
    skipped_before = progress.skip_reason
    progress.skip_reason = (
        (reason or "").strip() or None if state is StepState.SKIPPED else None
    )
    db.session.flush()
    if state is StepState.SKIPPED and progress.skip_reason != skipped_before:
        record(
            by,
            AuditVerb.CHANGED,
            "review",
            review.id,
            f"Skipped the step '{step.key}': {progress.skip_reason}",
            review.relationship_id,
        )


def move_to_step(review: Review, step: Step) -> None:
    """Remember where the group is, so that the review resumes there."""
    if not review.is_agreed:
        review.current_step = step.key
        db.session.flush()


def set_next_review(review: Review, next_review_on: date | None, *, by: Viewer) -> None:
    """Record when the next review of the relationship is due (audited)."""
    _ensure_open(review)
    if review.next_review_on == next_review_on:
        return
    review.next_review_on = next_review_on
    db.session.flush()
    when = next_review_on.isoformat() if next_review_on else "no date"
    record(
        by,
        AuditVerb.CHANGED,
        "review",
        review.id,
        f"Set the next review to {when}",
        review.relationship_id,
    )


def agree_review(review: Review, person: Person) -> None:
    """Agree the review: from now on it is a read-only record.

    The join code goes, so the review takes no more answers.
    """
    _ensure_open(review)
    review.status = ReviewStatus.AGREED
    review.agreed_at = now_utc()
    review.agreed_by = person
    review.join_code = None
    db.session.flush()
