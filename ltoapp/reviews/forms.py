"""Forms for starting a review and answering the framework questionnaire."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ltoapp.clock import today
from ltoapp.forms import Form
from ltoapp.framework import Framework
from ltoapp.reviews.models import Anonymity, Side
from ltoapp.reviews.reveal import RevealStage
from ltoapp.text import has_control_characters

#: The value a rating field sends for "don't know / not applicable".
DONT_KNOW = "dk"
RATING_CHOICES = [SelectChoice(str(n)) for n in range(1, 11)] + [
    SelectChoice(DONT_KNOW, "Don't know")
]
RATING_VALUES = frozenset(choice.value for choice in RATING_CHOICES)


class StartReviewForm(Form):
    workflow = RadioField(
        "What kind of conversation is it?",
        validators=[DataRequired("Choose what kind of conversation it is.")],
    )
    held_on = DateField(
        "Date of the review",
        default=today,
        validators=[DataRequired("Enter the date of the review.")],
    )


class RatingChoice:
    """Accept a rating from 1 to 10 or "don't know"; a required one must be given."""

    def __init__(self, required: bool, prompt: str) -> None:
        self.required = required
        self.prompt = prompt

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data in (None, ""):
            if self.required:
                raise ValidationError(
                    f"{self.prompt}: choose a rating from 1 to 10, or 'Don't know'."
                )
            return
        if field.data not in RATING_VALUES:
            raise ValidationError(
                f"{self.prompt}: the rating must be a number from 1 to 10, "
                "or 'Don't know'."
            )


def rating_field_name(question_key: str, column: str) -> str:
    return f"rating-{question_key}-{column}"


def comment_field_name(question_key: str) -> str:
    return f"comment-{question_key}"


class QuestionnaireForm(Form):
    """The framework questionnaire; rating fields are added per framework."""

    #: Names of fields the browser may send besides the form's own.
    ALLOWED_EXTRA = frozenset({"csrf_token"})
    #: Set by :func:`questionnaire_form_class`: every question's key, and the
    #: (question key, column) of every rating field.
    question_keys: tuple[str, ...] = ()
    rating_cells: tuple[tuple[str, str], ...] = ()

    def ratings(self) -> dict[tuple[str, str], int | None]:
        """Return the ratings chosen: 1 to 10, or None for "don't know"."""
        ratings = {}
        for cell in self.rating_cells:
            answer = self[rating_field_name(*cell)].data
            if answer:
                ratings[cell] = None if answer == DONT_KNOW else int(answer)
        return ratings

    @classmethod
    def draft_fields(cls) -> tuple[frozenset[str], frozenset[str]]:
        """Name the rating fields and the text fields a draft may hold."""
        ratings = frozenset(rating_field_name(*cell) for cell in cls.rating_cells)
        texts = frozenset(comment_field_name(key) for key in cls.question_keys)
        return ratings, texts | {"other_comments"}

    def comments(self) -> dict[str, str]:
        """Return the comment typed on each question (empty where none)."""
        return {key: self[comment_field_name(key)].data for key in self.question_keys}

    def unexpected_fields(self, submitted: list[str]) -> list[str]:
        """Return submitted field names that this form does not have."""
        known = set(self._fields) | self.ALLOWED_EXTRA
        return sorted(name for name in submitted if name not in known)


class DraftRejected(ValueError):
    """A draft the browser sent does not fit the questionnaire."""


def clean_draft(
    submitted: Mapping[str, str],
    rating_fields: frozenset[str],
    text_fields: frozenset[str],
    max_length: int,
) -> dict[str, str]:
    """Check a half-filled questionnaire before keeping it as a draft.

    Ratings may be empty (not answered yet), 1 to 10 or "don't know"; texts
    may be up to ``max_length`` characters, without control characters. Empty
    answers are left out, and the CSRF token is never stored. A body naming no
    question at all (empty, ``{}``, not a form) is refused rather than taken
    for an empty draft. Anything else raises :class:`DraftRejected`: a draft
    is either kept whole or not at all, and a refused one leaves the stored
    draft as it was.
    """
    if not isinstance(submitted, Mapping) or not any(
        name in rating_fields or name in text_fields for name in submitted
    ):
        raise DraftRejected("the draft names no question of this questionnaire")
    answers = {}
    for name, value in submitted.items():
        if not isinstance(value, str):
            raise DraftRejected(f"{name} must be text")
        if name == "csrf_token" or value == "":
            continue
        if name in rating_fields:
            if value not in RATING_VALUES:
                raise DraftRejected(f"{name} must be 1 to 10 or don't know")
        elif name in text_fields:
            if len(value) > max_length:
                raise DraftRejected(f"{name} is longer than {max_length} characters")
            if has_control_characters(value):
                raise DraftRejected(f"{name} has characters that are not text")
        else:
            raise DraftRejected(f"{name} is not a question of this questionnaire")
        answers[name] = value
    return answers


#: What the group sees under each choice, in the facilitator's words.
ANONYMITY_CHOICES = [
    SelectChoice(Anonymity.NAMED.value, "Everyone's answers, with names"),
    SelectChoice(Anonymity.ANONYMOUS.value, "Everyone's answers, without names"),
    SelectChoice(
        Anonymity.AGGREGATES.value, "Only the group's results, never one person's"
    ),
]


class AnonymityForm(Form):
    anonymity = RadioField(
        "What may the group see of each person's answers?",
        choices=ANONYMITY_CHOICES,
        validators=[DataRequired("Choose what the group may see.")],
        description="You and administrators always see each person's answers.",
    )


class JoinCodeForm(Form):
    code = StringField(
        "Code",
        description=(
            "The code is on the screen or the paper slip, for example KX7 P3M R4T."
        ),
        validators=[DataRequired("Enter the code you were given.")],
    )


def side_choices(labels: dict[str, str]) -> list[SelectChoice]:
    """The three sides, in the programme's own words."""
    return [
        SelectChoice(
            Side.PARTNERSHIP.value,
            f"The {labels['partnership']} (residents, chair, workers)",
        ),
        SelectChoice(Side.LTO.value, f"The {labels['lto']} (staff, finance contact)"),
        SelectChoice(
            Side.NEUTRAL.value,
            f"Neither: I am the {labels['rep']}, from {labels['funder']} "
            "or facilitating",
        ),
    ]


def side_field(label: str, required: str) -> RadioField:
    """Return the field for the side someone speaks for (choices: side_choices)."""
    return RadioField(label, validators=[DataRequired(required)])


def name_field(label: str, too_long: str, description: str = "") -> StringField:
    """Return the optional name of someone answering, at most 80 characters."""
    return StringField(
        label,
        validators=[Optional(), Length(max=80, message=too_long)],
        description=description,
    )


class GuestForm(Form):
    """What a guest tells us when joining by code."""

    side = side_field(
        "Which side are you speaking for?", "Choose which side you are speaking for."
    )
    display_name = name_field(
        "Your name (optional)",
        "Keep your name to 80 characters or fewer.",
        "Leave it empty to answer without your name.",
    )
    #: New on every page shown; sent twice, it joins once.
    join_token = HiddenField(
        default=lambda: secrets.token_urlsafe(16),
        validators=[Optional(), Length(max=40)],
    )


def rating_cells(
    framework: Framework, columns: Sequence[str]
) -> tuple[tuple[str, str], ...]:
    """Return the (question key, column) of every rating a form asks for."""
    return tuple(
        (question.key, column) for question in framework.questions for column in columns
    )


def other_comments_field(label: str, max_length: int, *, whose: str) -> TextAreaField:
    """The optional box for anything else, kept to the comment length."""
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(
                max=max_length,
                message=(
                    f"Keep {whose} other comments to {max_length} characters or fewer."
                ),
            ),
        ],
    )


def questionnaire_form_class(
    framework: Framework,
    columns: Sequence[str],
    required_columns: Sequence[str],
    column_questions: Mapping[str, str],
    comment_max_length: int,
) -> type[QuestionnaireForm]:
    """Build a questionnaire form class: one rating field per question and column."""
    attributes: dict[str, object] = {
        "question_keys": tuple(framework.question_keys),
        "rating_cells": rating_cells(framework, columns),
        "other_comments": other_comments_field(
            framework.other_comments, comment_max_length, whose="your"
        ),
    }
    for question in framework.questions:
        for column_key in columns:
            column = framework.column(column_key)
            prompt = (
                f"Question {question.number}, column {column.key} "
                f"({column.name.lower()})"
            )
            optional = "" if column_key in required_columns else " (optional)"
            attributes[rating_field_name(question.key, column_key)] = RadioField(
                f"{column.key}. {column_questions.get(column_key, column.question)}"
                f"{optional}",
                choices=RATING_CHOICES,
                validate_choice=False,
                validators=[RatingChoice(column_key in required_columns, prompt)],
            )
        attributes[comment_field_name(question.key)] = TextAreaField(
            f"Comment on question {question.number} (optional)",
            validators=[
                Optional(),
                Length(
                    max=comment_max_length,
                    message=(
                        f"Keep your comment on question {question.number} to "
                        f"{comment_max_length} characters or fewer."
                    ),
                ),
            ],
        )
    return type("FrameworkQuestionnaireForm", (QuestionnaireForm,), attributes)


class NextReviewForm(Form):
    next_review_on = DateField(
        "When is the next review?",
        validators=[DataRequired("Enter the date of the next review.")],
        description="Most relationships meet every six months.",
    )


class SkipForm(Form):
    skip_reason = TextAreaField(
        "Why are you skipping this step?",
        validators=[
            DataRequired("Say why you are skipping this step, so the record shows it."),
            Length(max=1000),
        ],
    )


class RevealForm(Form):
    #: Each stage's button sends its own value, so the form has one field.
    stage = SelectField(
        "What the room sees",
        choices=[stage.value for stage in RevealStage],
        validators=[DataRequired("Choose what the room sees.")],
    )
