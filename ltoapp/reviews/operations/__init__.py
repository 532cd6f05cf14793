"""Changes to reviews and their responses: each flushes, audits itself, and
leaves the commit to its caller.

The package names every operation, so callers write ``operations.start_review``
whichever part of a review's life it belongs to.
"""

from ltoapp.reviews.operations.agreeing import agree_review
from ltoapp.reviews.operations.answering import (
    join_as_guest,
    participant_for_person,
    record_response,
    save_draft,
    save_response,
    side_for,
)
from ltoapp.reviews.operations.closed import ReviewClosed, ensure_open
from ltoapp.reviews.operations.running import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    STAGE_SUMMARIES,
    close_to_answers,
    new_join_code,
    normalise_join_code,
    open_to_answers,
    review_by_join_code,
    set_anonymity,
    set_next_review,
    set_reveal_stage,
    start_review,
)
from ltoapp.reviews.operations.step_save import StepSave, save_step
from ltoapp.reviews.operations.steps import (
    AnswerConflict,
    answers_by_prompt,
    mark_step,
    move_to_step,
    save_step_answers,
)

__all__ = [
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "STAGE_SUMMARIES",
    "AnswerConflict",
    "ReviewClosed",
    "StepSave",
    "agree_review",
    "answers_by_prompt",
    "close_to_answers",
    "ensure_open",
    "join_as_guest",
    "mark_step",
    "move_to_step",
    "new_join_code",
    "normalise_join_code",
    "open_to_answers",
    "participant_for_person",
    "record_response",
    "review_by_join_code",
    "save_draft",
    "save_response",
    "save_step",
    "save_step_answers",
    "set_anonymity",
    "set_next_review",
    "set_reveal_stage",
    "side_for",
    "start_review",
]
