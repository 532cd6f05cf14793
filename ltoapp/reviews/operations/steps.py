"""Changes to a review's steps: the group's answers, and finished or skipped steps.

Callers commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ltoapp.accounts.viewer import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.extensions import db
from ltoapp.reviews.models import PromptAnswer, Review, StepProgress, StepState
from ltoapp.reviews.operations.closed import ensure_open
from ltoapp.workflows import Step


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
    ensure_open(review)
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
    ensure_open(review)
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
