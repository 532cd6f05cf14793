"""Prompts: the structured discussion questions inside a workflow step.

This module holds what every prompt kind shares: :class:`Prompt` and its
options, the :class:`PromptKind` base class, validators that speak plain
English, and the small reader that checks definition tables
(:class:`Table`, :class:`WorkflowError`), so that kinds can report mistakes
without importing the engine. The kinds themselves, and their registry
``PROMPT_KINDS``, are in ``ltoapp/workflows/kinds/``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import Field, TextAreaField
from wtforms.validators import StopValidation, ValidationError

#: The programme's configurable words (``ltoapp.config.LABELS``) that workflow
#: text may use in braces, such as ``{lto}``.
PLACEHOLDERS = frozenset(
    {
        "partnership",
        "partnerships",
        "lto",
        "ltos",
        "lto_long",
        "rep",
        "funder",
        "programme",
    }
)

#: Keys end up in form field names (``prompt-<key>-<row>-<column>``) and in
#: stored answers, so they are kept to characters that need no escaping and
#: never contain the hyphen that separates the parts of a field name.
KEY_PATTERN = re.compile(r"[a-z0-9_]+")


class WorkflowError(ValueError):
    """A workflow file is malformed; the message names the file and the field."""


# --- Reading definitions ----------------------------------------------------


def wording(text: str, labels: Mapping[str, str]) -> str:
    """Return workflow text in the programme's own words.

    ``{lto}`` becomes the configured label for an LTO, and so on. A label
    missing from ``labels`` is left as written rather than breaking a page.
    """
    return text.format_map(_LabelsOrPlaceholder(labels))


class _LabelsOrPlaceholder(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def check_placeholders(text: str, file: str, where: str) -> str:
    """Return ``text`` if every ``{placeholder}`` in it is a known label."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise WorkflowError(
            f"{file}: {where} has a brace that is not part of a placeholder "
            f"({error}); write {{{{ or }}}} for a literal brace"
        ) from error
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise WorkflowError(
                f"{file}: {where} uses an unknown placeholder {{{name}}}; "
                f"use one of {', '.join(sorted(PLACEHOLDERS))}"
            )
    return text


class Table:
    """One table of a workflow file, read field by field with its path.

    Every read names the field it wants, so a mistake can be reported as
    ``induction.toml: steps[3].prompts[2].label needs ...``. Fields nobody
    read are reported by :meth:`done`, which catches misspelt field names
    that would otherwise be silently ignored.

    With ``labels``, every text is read in the programme's own words: this is
    the one place ``{partnership}``, ``{lto}`` and the rest are filled, so a
    title, heading, progress line, record, export or email made from a
    workflow can never show one.
    """

    def __init__(
        self,
        data: Any,
        file: str,
        where: str,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(data, dict):
            raise WorkflowError(f"{file}: {where} must be a table")
        self.data = data
        self.file = file
        self.where = where
        self.labels = labels
        self._read: set[str] = set()

    def table(self, name: str) -> Table:
        """Return a sub-table (empty if absent), read in the same words."""
        return Table(self.raw(name) or {}, self.file, self.path(name), self.labels)

    def _words(self, text: str, name: str) -> str:
        checked = check_placeholders(text, self.file, self.path(name))
        return checked if self.labels is None else wording(checked, self.labels)

    def path(self, name: str) -> str:
        """Return the dotted path of one field of this table."""
        return f"{self.where}.{name}" if self.where else name

    def error(self, name: str, message: str) -> WorkflowError:
        """Make an error about one field of this table."""
        return WorkflowError(f"{self.file}: {self.path(name)} {message}")

    def has(self, name: str) -> bool:
        """Tell whether the table sets this field."""
        return name in self.data

    def raw(self, name: str) -> Any:
        """Return a field's value unchecked, marking it as read."""
        self._read.add(name)
        return self.data.get(name)

    def text(self, name: str, default: str | None = None) -> str:
        """Return a text field; without a default it must be present."""
        value = self.raw(name)
        if value is None:
            if default is None:
                raise self.error(name, "is missing: it needs some text")
            return default
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.error(name, "must be some text")
        return self._words(value.strip(), name)

    def key(self, name: str = "key") -> str:
        """Return a key: lowercase letters, digits and underscores."""
        value = self.text(name)
        if not KEY_PATTERN.fullmatch(value):
            raise self.error(
                name,
                f"'{value}' must use only lowercase letters, digits and underscores",
            )
        return value

    def flag(self, name: str, default: bool) -> bool:
        """Return a true/false field."""
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def integer(self, name: str, default: int, minimum: int, maximum: int) -> int:
        """Return a whole number within limits."""
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, "must be a whole number")
        if not minimum <= value <= maximum:
            raise self.error(name, f"must be from {minimum} to {maximum}")
        return value

    def one_of(self, name: str, allowed: tuple[str, ...], default: str | None) -> str:
        """Return a field that must be one of a few fixed words."""
        value = self.raw(name)
        if value is None and default is not None:
            return default
        if value not in allowed:
            raise self.error(name, f"must be one of: {', '.join(allowed)}")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        """Return a list of text items (may be empty)."""
        value = self.raw(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(name, "must be a list of text")
        items = []
        for index, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{name}[{index}]", "must be some text")
            items.append(self._words(item.strip(), f"{name}[{index}]"))
        return tuple(items)

    def tables(self, name: str) -> list[Table]:
        """Return a list of sub-tables (may be empty)."""
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(name, "must be a list of tables")
        return [
            Table(item, self.file, self.path(f"{name}[{index}]"), self.labels)
            for index, item in enumerate(value, start=1)
        ]

    def done(self) -> None:
        """Report the first field that nothing read: probably a typing mistake."""
        unknown = sorted(set(self.data) - self._read)
        if unknown:
            raise self.error(unknown[0], "is not a field this table can have")


def unique_keys(items: list[Table], keys: list[str], owner: Table, name: str) -> None:
    """Reject a list whose items share a key; answers are stored by key."""
    seen: set[str] = set()
    for item, key in zip(items, keys, strict=True):
        if key in seen:
            raise item.error("key", f"'{key}' is used twice in {owner.path(name)}")
        seen.add(key)


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
    "PLACEHOLDERS",
    "MatrixColumn",
    "Option",
    "Prompt",
    "PromptKind",
    "WorkflowError",
    "wording",
]
