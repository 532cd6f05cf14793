"""Saving one step of a review: one operation for whichever button was pressed.

A step's buttons all submit its one form, so each press stores what the page
held (a prompts step's answers, the next review's date), marks the step done
or skipped, and moves the group on. :func:`save_step` does all of that, so
the step view calls one operation and commits once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ltoapp.accounts.viewer import Viewer
from ltoapp.reviews.models import Review, StepState
from ltoapp.reviews.operations.running import set_next_review
from ltoapp.reviews.operations.steps import (
    mark_step,
    move_to_step,
    save_step_answers,
)
from ltoapp.workflows import Step


@dataclass(frozen=True)
class StepSave:
    """What one press of a step's button saves, read and validated by the page."""

    #: The step the button leads to, where the review resumes.
    destination: Step
    #: A prompts step's answers by prompt key; None when the step has no prompts.
    answers: Mapping[str, Any] | None = None
    #: The version of each answer the person saw (None: no answer yet).
    versions: Mapping[str, int | None] = field(default_factory=dict)
    #: Whether the page sent the next review's date (the next steps do).
    sets_next_review: bool = False
    next_review_on: date | None = None
    #: Why the group skipped the step; None when it was not skipped.
    skip_reason: str | None = None
    #: Whether the button finishes the step (``buttons.finishes``).
    done: bool = False


def save_step(review: Review, step: Step, save: StepSave, *, by: Viewer) -> None:
    """Store what a step's page held, mark the step, and move the review on.

    Each part writes its own audit entry. A prompt someone else changed since
    the page was opened raises :class:`~ltoapp.reviews.operations.AnswerConflict`
    before anything is marked or moved; the view rolls back and shows both.
    """
    if save.answers is not None:
        save_step_answers(review, step, save.answers, save.versions, by=by)
    if save.sets_next_review:
        set_next_review(review, save.next_review_on, by=by)
    if save.skip_reason is not None:
        mark_step(review, step, StepState.SKIPPED, save.skip_reason, by=by)
    elif save.done:
        mark_step(review, step, StepState.DONE, by=by)
    move_to_step(review, save.destination)
