"""The form for typing in a questionnaire answered on paper."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import ValidationError

from ltoapp.forms import Form
from ltoapp.framework import Framework
from ltoapp.ids import parse_id
from ltoapp.reviews.forms import (
    name_field,
    other_comments_field,
    rating_cells,
    rating_field_name,
    side_field,
)

#: What may be typed for "Don't know" from a paper form; the entry page lists
#: every one of them, so that nothing accepted is a secret.
DONT_KNOW_SHORTHANDS = ("d", "dk", "x", "?")


def parse_paper_rating(typed: str) -> int | str | None:
    """Read a rating typed from a paper form.

    Returns the number 1 to 10, None for "don't know" (any of
    ``DONT_KNOW_SHORTHANDS``, in either case), or the empty string when the
    box was left blank. Raises ValueError for anything else.
    """
    text = typed.strip().lower()
    if text == "":
        return ""
    if text in DONT_KNOW_SHORTHANDS:
        return None
    number = parse_id(text)
    if number is not None and 1 <= number <= 10:
        return number
    raise ValueError(typed)


class PaperRating:
    """Accept what a paper form can say: blank, 1 to 10, or don't know."""

    def __init__(self, prompt: str) -> None:
        self.prompt = prompt

    def __call__(self, form: FlaskForm, field: Field) -> None:
        try:
            parse_paper_rating(field.data or "")
        except ValueError:
            raise ValidationError(
                f"{self.prompt}: type a number from 1 to 10, or d for 'Don't know'."
            ) from None


class PaperForm(Form):
    """One paper questionnaire typed in; rating fields are added per workflow."""

    side = side_field("Side", "Choose the side written on the paper.")
    display_name = name_field(
        "Name (optional)", "Keep the name to 80 characters or fewer."
    )
    #: Set by :func:`paper_form_class`: the (question key, column) of every box.
    rating_cells: tuple[tuple[str, str], ...] = ()

    def ratings(self) -> dict[tuple[str, str], int | None]:
        """Return the ratings typed: 1 to 10, or None for "don't know"; no blanks."""
        ratings = {}
        for cell in self.rating_cells:
            value = parse_paper_rating(self[rating_field_name(*cell)].data or "")
            if value != "":
                ratings[cell] = value
        return ratings


def paper_form_class(
    framework: Framework, columns: Sequence[str], comment_max_length: int
) -> type[PaperForm]:
    """Build the form for typing in paper answers: one short box per rating."""
    attributes: dict[str, object] = {
        "rating_cells": rating_cells(framework, columns),
        "other_comments": other_comments_field(
            "Any other comments (optional)", comment_max_length, whose="the"
        ),
    }
    for question in framework.questions:
        for column_key in columns:
            column = framework.column(column_key)
            prompt = f"Question {question.number}, column {column.key}"
            attributes[rating_field_name(question.key, column_key)] = StringField(
                f"{prompt} ({column.name.lower()})",
                validators=[PaperRating(prompt)],
            )
    return type("WorkflowPaperForm", (PaperForm,), attributes)
