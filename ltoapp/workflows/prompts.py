"""Prompt kinds: the structured discussion questions inside a workflow step.

Each kind (free text, single choice, checklist, scale, matrix) is a
:class:`PromptKind` subclass registered in :data:`PROMPT_KINDS` under a stable
string id, the one written as ``kind = "..."`` in a workflow file. A kind owns
everything about its prompts: reading and checking their definition, building
their form fields, turning a submitted form into a stored answer and back, and
summarising an answer in one line for exports and the printed record.

This module is the lower layer of the workflow engine: it also holds
:class:`WorkflowError` and the small reader that checks definition tables, so
that kinds can report mistakes without importing the engine.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ltoapp.forms import Form
from ltoapp.ids import parse_id

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
    """

    def __init__(self, data: Any, file: str, where: str) -> None:
        if not isinstance(data, dict):
            raise WorkflowError(f"{file}: {where} must be a table")
        self.data = data
        self.file = file
        self.where = where
        self._read: set[str] = set()

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
        return check_placeholders(value.strip(), self.file, self.path(name))

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
            items.append(
                check_placeholders(
                    item.strip(), self.file, self.path(f"{name}[{index}]")
                )
            )
        return tuple(items)

    def tables(self, name: str) -> list[Table]:
        """Return a list of sub-tables (may be empty)."""
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(name, "must be a list of tables")
        return [
            Table(item, self.file, self.path(f"{name}[{index}]"))
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


@dataclass(frozen=True)
class MatrixColumn:
    """One column of a matrix: a choice from ``options`` or a short text."""

    key: str
    label: str
    type: str
    options: tuple[Option, ...] = ()

    def option_label(self, key: str | None) -> str:
        """Return the label of the chosen option, or the key if it is unknown."""
        for option in self.options:
            if option.key == key:
                return option.label
        return key or ""


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

    def field_name(self, *parts: str) -> str:
        """Return a form field name: ``prompt-<key>`` then any row and column."""
        return "-".join(("prompt", self.key, *parts))

    def option_label(self, key: str | None) -> str:
        """Return the label of an option by key, or the key if it is unknown."""
        for option in self.options:
            if option.key == key:
                return option.label
        return key or ""

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
        return PROMPT_KINDS[self.kind]


def parse_prompt(table: Table) -> Prompt:
    """Read one prompt table, dispatching on its ``kind``."""
    kind_key = table.one_of("kind", tuple(PROMPT_KINDS), default=None)
    common = {
        "key": table.key(),
        "kind": kind_key,
        "label": table.text("label"),
        "hint": table.text("hint", default=""),
        "required": table.flag("required", default=False),
        "actionable": table.flag("actionable", default=True),
    }
    prompt = PROMPT_KINDS[kind_key].parse(table, common)
    table.done()
    return prompt


def _options(table: Table, name: str = "options", minimum: int = 2) -> tuple:
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
        if self.or_field and _clean_text(form[self.or_field].data):
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


def _not_an_option(what: str) -> str:
    return (
        f"The answer given for {what} is not one of the options. "
        "Choose one of the options shown."
    )


def _clean_text(value: Any) -> str | None:
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


class TextKind(PromptKind):
    """Free text, kept as written (line breaks included)."""

    key = "text"
    name = "Free text"

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read ``rows`` (height of the box) and ``max_length``."""
        return Prompt(
            **common,
            text_rows=table.integer("rows", default=4, minimum=1, maximum=20),
            max_length=table.integer(
                "max_length", default=4000, minimum=1, maximum=20000
            ),
        )

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return one text area."""
        label = wording(prompt.label, labels)
        validators: list = []
        if prompt.required:
            validators.append(AnswerNeeded(f"Enter an answer for '{label}'."))
        validators.append(
            LengthAtMost(
                prompt.max_length,
                f"Keep the answer to '{label}' to {prompt.max_length} "
                "characters or fewer.",
            )
        )
        return {
            prompt.field_name(): TextAreaField(
                label,
                validators=validators,
                description=wording(prompt.hint, labels),
            )
        }

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> str | None:
        """Return the text, or None when only spaces were typed."""
        return _clean_text(form[prompt.field_name()].data)

    def form_data(self, prompt: Prompt, answer: Any) -> dict[str, Any]:
        """Put the text back in its box."""
        return {prompt.field_name(): answer if isinstance(answer, str) else ""}

    def summarise(self, prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
        """Join the lines of the text with spaces."""
        if not isinstance(answer, str):
            return ""
        return " ".join(line.strip() for line in answer.splitlines() if line.strip())


class ChoiceKind(PromptKind):
    """One option from a short list, shown as radio buttons."""

    key = "choice"
    name = "Single choice"

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read ``options``: at least two, each with a key and a label."""
        return Prompt(**common, options=_options(table))

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return one group of radio buttons."""
        label = wording(prompt.label, labels)
        validators: list = []
        if prompt.required:
            validators.append(AnswerNeeded(f"Choose one option for '{label}'."))
        validators.append(
            KnownOptions(
                {option.key for option in prompt.options},
                _not_an_option(f"'{label}'"),
            )
        )
        return {
            prompt.field_name(): RadioField(
                label,
                choices=[
                    SelectChoice(option.key, wording(option.label, labels))
                    for option in prompt.options
                ],
                validate_choice=False,
                validators=validators,
                description=wording(prompt.hint, labels),
            )
        }

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> str | None:
        """Return the chosen option's key."""
        value = form[prompt.field_name()].data
        keys = {option.key for option in prompt.options}
        return value if value in keys else None

    def form_data(self, prompt: Prompt, answer: Any) -> dict[str, Any]:
        """Select the stored option again."""
        return {prompt.field_name(): answer if isinstance(answer, str) else None}

    def summarise(self, prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
        """Name the chosen option."""
        if not isinstance(answer, str):
            return ""
        return wording(prompt.option_label(answer), labels)


class ChecklistKind(PromptKind):
    """Any number of options ticked, with an optional "Other" box.

    The answer is ``{"chosen": [option keys, in the options' order],
    "other": text}``; "other" is an empty string when nothing was written.
    """

    key = "checklist"
    name = "Checklist"

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read ``options`` and ``other_text``."""
        return Prompt(
            **common,
            options=_options(table),
            other_text=table.flag("other_text", default=False),
        )

    def other_field_name(self, prompt: Prompt) -> str:
        """Return the name of the "Other" text box."""
        return prompt.field_name("other")

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return the tick boxes and, if wanted, the "Other" box."""
        label = wording(prompt.label, labels)
        validators: list = []
        if prompt.required:
            validators.append(
                AnswerNeeded(
                    f"Tick at least one option for '{label}'.",
                    # Writing in the "Other" box is an answer too.
                    or_field=self.other_field_name(prompt)
                    if prompt.other_text
                    else None,
                )
            )
        validators.append(
            KnownOptions(
                {option.key for option in prompt.options},
                _not_an_option(f"'{label}'"),
            )
        )
        fields = {
            prompt.field_name(): SelectMultipleField(
                label,
                choices=[
                    SelectChoice(option.key, wording(option.label, labels))
                    for option in prompt.options
                ],
                validate_choice=False,
                validators=validators,
                description=wording(prompt.hint, labels),
                widget=ListWidget(prefix_label=False),
                option_widget=CheckboxInput(),
            )
        }
        if prompt.other_text:
            fields[self.other_field_name(prompt)] = TextAreaField(
                f"Other (for '{label}')",
                validators=[
                    LengthAtMost(
                        prompt.max_length,
                        f"Keep the 'Other' answer to '{label}' to "
                        f"{prompt.max_length} characters or fewer.",
                    )
                ],
            )
        return fields

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> dict | None:
        """Return the ticked keys in the options' order, and any other text."""
        ticked = set(form[prompt.field_name()].data or ())
        chosen = [option.key for option in prompt.options if option.key in ticked]
        other = None
        if prompt.other_text:
            other = _clean_text(form[self.other_field_name(prompt)].data)
        if not chosen and not other:
            return None
        return {"chosen": chosen, "other": other or ""}

    def form_data(self, prompt: Prompt, answer: Any) -> dict[str, Any]:
        """Tick the stored options again and refill the "Other" box."""
        answer = answer if isinstance(answer, dict) else {}
        data: dict[str, Any] = {prompt.field_name(): list(answer.get("chosen", []))}
        if prompt.other_text:
            data[self.other_field_name(prompt)] = answer.get("other", "")
        return data

    def is_empty(self, answer: Any) -> bool:
        """Nothing ticked and nothing written."""
        if not isinstance(answer, dict):
            return True
        return not answer.get("chosen") and not answer.get("other")

    def summarise(self, prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
        """List the ticked options, then the other text."""
        if self.is_empty(answer):
            return ""
        parts = [
            wording(prompt.option_label(key), labels)
            for key in answer.get("chosen", [])
        ]
        if answer.get("other"):
            parts.append(
                f"Other: {TextKind().summarise(prompt, answer['other'], labels)}"
            )
        return "; ".join(parts)


class ScaleKind(PromptKind):
    """A position between two ends, e.g. from the partnership to the LTO.

    Without ``rows`` the answer is one whole number from 1 (the left end) to
    ``points`` (the right end). With ``rows`` it is ``{row: number}``, and
    with ``rows`` and ``measures`` (such as "now" and "should") it is
    ``{row: {measure: number}}``; unanswered rows and measures are left out.
    """

    key = "scale"
    name = "Scale between two ends"

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read the ends, the number of points, and any rows and measures."""
        rows = _options(table, "rows", minimum=1) if table.has("rows") else ()
        measures = (
            _options(table, "measures", minimum=1) if table.has("measures") else ()
        )
        if measures and not rows:
            raise table.error("measures", "needs rows to measure")
        return Prompt(
            **common,
            left=table.text("left"),
            right=table.text("right"),
            points=table.integer("points", default=5, minimum=3, maximum=11),
            rows=rows,
            measures=measures,
        )

    def cells(self, prompt: Prompt) -> list[tuple[Option | None, Option | None]]:
        """Return every (row, measure) pair that has its own set of buttons."""
        if not prompt.rows:
            return [(None, None)]
        if not prompt.measures:
            return [(row, None) for row in prompt.rows]
        return [(row, measure) for row in prompt.rows for measure in prompt.measures]

    def cell_name(self, prompt: Prompt, row: Option | None, measure: Option | None):
        """Return the field name of one set of buttons."""
        return prompt.field_name(
            *(part.key for part in (row, measure) if part is not None)
        )

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return one group of radio buttons per row and measure."""
        label = wording(prompt.label, labels)
        choices = [SelectChoice(str(n), str(n)) for n in range(1, prompt.points + 1)]
        allowed = {choice.value for choice in choices}
        fields = {}
        for row, measure in self.cells(prompt):
            field_label, what = label, f"'{label}'"
            if row is not None:
                field_label = wording(row.label, labels)
                if measure is not None:
                    measure_label = wording(measure.label, labels).lower()
                    field_label = f"{field_label} ({measure_label})"
                what = f"'{field_label}' in '{label}'"
            validators: list = []
            if prompt.required:
                validators.append(AnswerNeeded(f"Choose a position for {what}."))
            validators.append(KnownOptions(allowed, _not_an_option(what)))
            fields[self.cell_name(prompt, row, measure)] = RadioField(
                field_label,
                choices=choices,
                validate_choice=False,
                validators=validators,
                description=wording(prompt.hint, labels) if row is None else "",
            )
        return fields

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> Any:
        """Return the chosen positions as whole numbers."""
        answer: dict[str, Any] = {}
        for row, measure in self.cells(prompt):
            value = form[self.cell_name(prompt, row, measure)].data
            number = parse_id(value) if isinstance(value, str) else None
            if number is None or not 1 <= number <= prompt.points:
                continue
            if row is None:
                return number
            if measure is None:
                answer[row.key] = number
            else:
                answer.setdefault(row.key, {})[measure.key] = number
        return answer or None

    def value_at(self, answer: Any, row: Option | None, measure: Option | None):
        """Return the stored number for one row and measure, or None."""
        if row is None:
            return answer if isinstance(answer, int) else None
        if not isinstance(answer, dict):
            return None
        value = answer.get(row.key)
        if measure is not None:
            value = value.get(measure.key) if isinstance(value, dict) else None
        return value if isinstance(value, int) else None

    def form_data(self, prompt: Prompt, answer: Any) -> dict[str, Any]:
        """Select the stored positions again."""
        data = {}
        for row, measure in self.cells(prompt):
            value = self.value_at(answer, row, measure)
            data[self.cell_name(prompt, row, measure)] = (
                str(value) if value is not None else None
            )
        return data

    def summarise(self, prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
        """Describe each position, e.g. "Power: now 2 of 5, towards the ..."."""
        parts = []
        for row, measure in self.cells(prompt):
            value = self.value_at(answer, row, measure)
            if value is None:
                continue
            text = prompt.position(value, labels)
            if measure is not None:
                text = f"{wording(measure.label, labels).lower()} {text}"
            if row is not None:
                text = f"{wording(row.label, labels)}: {text}"
            parts.append(text)
        return "; ".join(parts)


class MatrixKind(PromptKind):
    """Rows by columns, each cell a choice or a short text.

    The answer is ``{row: {column: text}}`` holding only the cells filled in;
    a choice cell holds the chosen option's key.
    """

    key = "matrix"
    name = "Matrix of rows and columns"

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read ``rows`` and ``columns``; choice columns need ``options``."""
        rows = _options(table, "rows", minimum=1)
        column_tables = table.tables("columns")
        if not column_tables:
            raise table.error("columns", "needs at least one column")
        columns = []
        for item in column_tables:
            column_type = item.one_of("type", ("choice", "text"), default=None)
            options = _options(item) if column_type == "choice" else ()
            columns.append(
                MatrixColumn(
                    key=item.key(),
                    label=item.text("label"),
                    type=column_type,
                    options=options,
                )
            )
            item.done()
        unique_keys(column_tables, [c.key for c in columns], table, "columns")
        return Prompt(
            **common,
            rows=rows,
            columns=tuple(columns),
            max_length=table.integer(
                "max_length", default=1000, minimum=1, maximum=20000
            ),
        )

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return one field per cell, labelled "<column> for <row>"."""
        label = wording(prompt.label, labels)
        fields: dict[str, Field] = {}
        for row in prompt.rows:
            row_label = wording(row.label, labels)
            for column in prompt.columns:
                name = prompt.field_name(row.key, column.key)
                column_label = wording(column.label, labels)
                cell = f"{column_label} for {row_label}"
                if column.type == "choice":
                    validators: list = []
                    if prompt.required:
                        validators.append(
                            AnswerNeeded(
                                f"Choose the {column_label.lower()} for "
                                f"'{row_label}' in '{label}'."
                            )
                        )
                    validators.append(
                        KnownOptions(
                            {option.key for option in column.options},
                            _not_an_option(f"'{cell}' in '{label}'"),
                        )
                    )
                    fields[name] = SelectField(
                        cell,
                        choices=[SelectChoice("", "Not chosen")]
                        + [
                            SelectChoice(option.key, wording(option.label, labels))
                            for option in column.options
                        ],
                        validate_choice=False,
                        validators=validators,
                    )
                else:
                    fields[name] = TextAreaField(
                        cell,
                        validators=[
                            LengthAtMost(
                                prompt.max_length,
                                f"Keep '{cell}' in '{label}' to "
                                f"{prompt.max_length} characters or fewer.",
                            )
                        ],
                    )
        return fields

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> dict | None:
        """Return the filled-in cells, row by row."""
        answer: dict[str, dict[str, str]] = {}
        for row in prompt.rows:
            for column in prompt.columns:
                value = form[prompt.field_name(row.key, column.key)].data
                if column.type == "choice":
                    keys = {option.key for option in column.options}
                    value = value if value in keys else None
                else:
                    value = _clean_text(value)
                if value:
                    answer.setdefault(row.key, {})[column.key] = value
        return answer or None

    def form_data(self, prompt: Prompt, answer: Any) -> dict[str, Any]:
        """Put every stored cell back in its place."""
        answer = answer if isinstance(answer, dict) else {}
        data = {}
        for row in prompt.rows:
            cells = answer.get(row.key)
            cells = cells if isinstance(cells, dict) else {}
            for column in prompt.columns:
                data[prompt.field_name(row.key, column.key)] = cells.get(column.key, "")
        return data

    def summarise(self, prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
        """Write each filled row as "Row: column value, column value"."""
        if not isinstance(answer, dict):
            return ""
        parts = []
        for row in prompt.rows:
            cells = answer.get(row.key)
            if not isinstance(cells, dict) or not cells:
                continue
            values = []
            for column in prompt.columns:
                value = cells.get(column.key)
                if not value:
                    continue
                if column.type == "choice":
                    value = wording(column.option_label(value), labels)
                else:
                    value = TextKind().summarise(prompt, value, labels)
                values.append(f"{wording(column.label, labels).lower()} {value}")
            parts.append(f"{wording(row.label, labels)}: {', '.join(values)}")
        return "; ".join(parts)


#: Every prompt kind by its stable id. A new kind is a new subclass added here.
PROMPT_KINDS: dict[str, PromptKind] = {
    kind.key: kind
    for kind in (TextKind(), ChoiceKind(), ChecklistKind(), ScaleKind(), MatrixKind())
}


# --- Convenience for views ---------------------------------------------------


def build_step_form_class(
    step: Any, labels: Mapping[str, str], base: type[FlaskForm] = Form
) -> type[FlaskForm]:
    """Return a form class with the fields of every prompt in a prompts step."""
    attributes: dict[str, Any] = {}
    for prompt in step.prompts:
        attributes.update(prompt.behaviour.form_fields(prompt, labels))
    name = "".join(part.capitalize() for part in step.key.split("_")) + "StepForm"
    return type(name, (base,), attributes)


def answers_from_form(step: Any, form: FlaskForm) -> dict[str, Any]:
    """Return a validated step form's answers by prompt key, leaving out empty ones."""
    answers = {}
    for prompt in step.prompts:
        answer = prompt.behaviour.answer_from_form(prompt, form)
        if not prompt.behaviour.is_empty(answer):
            answers[prompt.key] = answer
    return answers


def form_data_from_answers(step: Any, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return the values that refill a step form with its stored answers."""
    data: dict[str, Any] = {}
    for prompt in step.prompts:
        data.update(prompt.behaviour.form_data(prompt, answers.get(prompt.key)))
    return data


def summarise(prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
    """Return a stored answer to a prompt in one line of plain text."""
    return prompt.behaviour.summarise(prompt, answer, labels)


__all__ = [
    "PLACEHOLDERS",
    "PROMPT_KINDS",
    "MatrixColumn",
    "Option",
    "Prompt",
    "PromptKind",
    "WorkflowError",
    "answers_from_form",
    "build_step_form_class",
    "form_data_from_answers",
    "summarise",
    "wording",
]
