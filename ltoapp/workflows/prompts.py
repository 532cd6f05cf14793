"""Prompts: the structured discussion questions inside a workflow step.

This module holds what every prompt kind shares: :class:`Prompt` and its
options, the :class:`PromptKind` base class and validators that speak plain
English. Definition tables are read and checked through ``tables.py``. The
kinds themselves, and their registry ``PROMPT_KINDS``, are in
``ltoapp/workflows/kinds/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import Field, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from ltoapp.workflows.tables import Table, unique_keys, wording

# --- What a prompt is --------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One option of a choice or checklist, a scale's measure or a matrix row."""

    key: str
    label: str
    hint: str = ""
    #: What a scale's row or measure means to its ``reading`` (see READINGS).
    role: str = ""


#: Readings a scale may ask for, with the roles its rows and its measures may
#: take. "governance_balance": which rows are enablers and which are burdens,
#: and which measure is where things sit "now" and where they "should" sit
#: (``workflows/balance.py`` points out what is worth talking about).
READINGS = {
    "governance_balance": {
        "rows": ("enabler", "burden", "either"),
        "measures": ("now", "should"),
    },
}


def label_of(options: tuple[Option, ...], key: str | None) -> str:
    """Return the label of the option with this key, or the key if none has it."""
    return next((option.label for option in options if option.key == key), key or "")


@dataclass(frozen=True)
class MatrixColumn:
    """One column of a matrix: a choice from ``options`` or a short text."""

    key: str
    label: str
    type: str
    options: tuple[Option, ...] = ()

    def option_label(self, key: str | None) -> str:
        """Return the label of the chosen option, or the key if it is unknown."""
        return label_of(self.options, key)


@dataclass(frozen=True)
class Prompt:
    """A discussion question; the group records one agreed answer to it.

    Only the fields of its ``kind`` are set: ``text_rows`` and ``max_length``
    for text (``rows`` in the file), ``options`` for choice and checklist,
    ``left``/``right``/``points``/``rows``/``measures`` for a scale,
    ``rows``/``columns`` for a matrix.
    """

    key: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False
    #: Whether the next-steps page offers "make this an action" for it.
    actionable: bool = True
    #: Whether the answer is the partnership's lessons for its next LTO, shown
    #: by steps with ``shows_lessons = true`` once this review is agreed.
    lessons: bool = False
    text_rows: int = 4
    max_length: int = 4000
    options: tuple[Option, ...] = ()
    other_text: bool = False
    left: str = ""
    right: str = ""
    points: int = 5
    rows: tuple[Option, ...] = ()
    measures: tuple[Option, ...] = ()
    columns: tuple[MatrixColumn, ...] = ()
    #: A matrix whose rows are shown folded, one opened at a time, so that a
    #: phone shows one scenario's boxes rather than all of them at once.
    one_row_at_a_time: bool = False
    #: A reading of a scale's answer, one of READINGS, or "".
    reading: str = ""

    def field_name(self, *parts: str) -> str:
        """Return a form field name: ``prompt-<key>`` then any row and column."""
        return "-".join(("prompt", self.key, *parts))

    def option_label(self, key: str | None) -> str:
        """Return the label of an option by key, or the key if it is unknown."""
        return label_of(self.options, key)

    def position(self, value: int, labels: Mapping[str, str]) -> str:
        """Describe a point on a scale in words: "2 of 5, towards the LTO"."""
        left, right = wording(self.left, labels), wording(self.right, labels)
        middle = (self.points + 1) / 2
        if value == 1:
            where = f"at the {left} end"
        elif value == self.points:
            where = f"at the {right} end"
        elif value == middle:
            where = "in the middle"
        elif value < middle:
            where = f"towards the {left}"
        else:
            where = f"towards the {right}"
        return f"{value} of {self.points}, {where}"

    @property
    def behaviour(self) -> PromptKind:
        """Return the kind that knows how to handle this prompt."""
        # The registry imports this module (its kinds build Prompts), so it is
        # looked up when asked for rather than imported at the top.
        from ltoapp.workflows.kinds import PROMPT_KINDS

        return PROMPT_KINDS[self.kind]


def read_options(table: Table, name: str = "options", minimum: int = 2) -> tuple:
    items = table.tables(name)
    if len(items) < minimum:
        needed = "at least two options" if minimum == 2 else "at least one item"
        raise table.error(name, f"needs {needed}")
    options = []
    for item in items:
        options.append(
            Option(
                key=item.key(),
                label=item.text("label"),
                hint=item.text("hint", default=""),
                role=item.text("role", default=""),
            )
        )
        item.done()
    unique_keys(items, [option.key for option in options], table, name)
    return tuple(options)


# --- Validators that speak plain English -------------------------------------


class AnswerNeeded:
    """Stop with a message naming the prompt when a required field is empty."""

    def __init__(self, message: str, or_field: str | None = None) -> None:
        self.message = message
        self.or_field = or_field

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if self.or_field and clean_text(form[self.or_field].data):
            return
        data = field.data
        if data is None or data == [] or (isinstance(data, str) and not data.strip()):
            raise StopValidation(self.message)


class KnownOptions:
    """Reject values that are not among the options shown (a tampered form)."""

    def __init__(self, allowed: set[str], message: str) -> None:
        self.allowed = allowed
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        data = field.data
        values = data if isinstance(data, list) else [data]
        if any(value not in self.allowed for value in values if value):
            raise StopValidation(self.message)


class LengthAtMost:
    """Keep free text within a limit, saying how long it may be."""

    def __init__(self, maximum: int, message: str) -> None:
        self.maximum = maximum
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and len(field.data) > self.maximum:
            raise ValidationError(self.message)


def limited_text(
    label: str,
    maximum: int,
    what: str,
    validators: tuple = (),
    description: str = "",
) -> TextAreaField:
    """Return a text box kept to ``maximum`` characters, the limit named in words.

    ``what`` names the box in the message: "the answer to 'Who is who'".
    """
    too_long = f"Keep {what} to {maximum} characters or fewer."
    return TextAreaField(
        label,
        validators=[*validators, LengthAtMost(maximum, too_long)],
        description=description,
    )


def not_an_option(what: str) -> str:
    return (
        f"The answer given for {what} is not one of the options. "
        "Choose one of the options shown."
    )


def clean_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    # Browsers send Windows line endings; store one kind only.
    value = value.replace("\r\n", "\n").strip()
    return value or None


# --- The kinds ----------------------------------------------------------------


class PromptKind:
    """The behaviour of one kind of prompt; subclasses fill in each method."""

    #: The id written as ``kind = "..."`` in workflow files; never change it.
    key: ClassVar[str]
    #: A plain name for people editing workflow files.
    name: ClassVar[str]

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read the kind's own fields and return the prompt."""
        raise NotImplementedError

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return the form fields for this prompt, by field name."""
        raise NotImplementedError

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> Any:
        """Return the answer from a validated form, or None if it is empty."""
        raise NotImplementedError

    def form_data(self, prompt: Prompt, answer: Any) -> dict[str, Any]:
        """Return field values that show a stored answer in the form again."""
        raise NotImplementedError

    def is_empty(self, answer: Any) -> bool:
        """Tell whether an answer says nothing at all."""
        return answer is None or answer == "" or answer == [] or answer == {}

    def summarise(self, prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
        """Return the answer in one line of plain text, for exports and print."""
        raise NotImplementedError


__all__ = [
    "MatrixColumn",
    "Option",
    "Prompt",
    "PromptKind",
]
