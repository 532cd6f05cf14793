"""How a questionnaire sent with gaps is explained at the top of the page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ltoapp.framework import Framework
from ltoapp.reviews.forms import comment_field_name, rating_field_name

#: More missing questions than this are named in one line, not one line each.
LISTED_ONE_BY_ONE = 3


@dataclass(frozen=True)
class FieldError:
    """One field's error, in the order of the form."""

    anchor: str
    message: str
    question_number: int | None = None
    #: True when the rating was left empty (rather than being wrong).
    missing: bool = False


@dataclass(frozen=True)
class SummaryItem:
    """A line of the error summary and the field it leads to."""

    message: str
    anchor: str


def _numbers(numbers: Sequence[int]) -> str:
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


def summarise_errors(errors: Sequence[FieldError]) -> list[SummaryItem]:
    """Turn a questionnaire's field errors into the lines of its error summary.

    A few missing ratings are listed one by one, each leading to its field.
    Many (someone pressed Send too early) become one line naming the
    questions, leading to the first, so the summary fits a phone's screen
    instead of filling two with near-identical lines. Other errors (a
    comment too long) are always listed, after it.
    """
    missing = [e for e in errors if e.missing]
    questions = sorted({e.question_number for e in missing if e.question_number})
    if len(questions) <= LISTED_ONE_BY_ONE:
        return [SummaryItem(e.message, e.anchor) for e in errors]
    line = SummaryItem(
        f"Choose a rating in questions {_numbers(questions)}: a number from "
        "1 to 10 in each column that needs one, or 'Don't know'.",
        missing[0].anchor,
    )
    return [line] + [SummaryItem(e.message, e.anchor) for e in errors if not e.missing]


def field_errors(
    form: Iterable, framework: Framework, columns: Sequence[str]
) -> list[FieldError]:
    """List a questionnaire form's field errors in the order the page shows them."""
    numbers = {comment_field_name(q.key): q.number for q in framework.questions}
    for question in framework.questions:
        for column in columns:
            numbers[rating_field_name(question.key, column)] = question.number
    errors = []
    for field in form:
        rating = field.type == "RadioField"
        errors += [
            FieldError(
                f"{field.id}-0" if rating else field.id,
                message,
                numbers.get(field.name),
                missing=rating and field.data in (None, ""),
            )
            for message in field.errors
        ]
    # Stable: within a question its columns come first, then its comment.
    return sorted(errors, key=lambda e: e.question_number or len(numbers) + 1)


def draft_key(review_id: int, person_id: int | None, participant_id: int | None) -> str:
    """Name the copy of the answers a browser keeps while they are typed.

    A signed-in person's name for it stays the same before and after their
    first answer (when they become a participant); a guest is known only as
    their participant.
    """
    who = (
        f"person-{person_id}"
        if person_id is not None or participant_id is None
        else f"participant-{participant_id}"
    )
    return f"ltoapp-draft-review-{review_id}-{who}"
