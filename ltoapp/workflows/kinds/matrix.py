"""Matrices: rows by columns, each cell a choice or a short text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectField

from ltoapp.workflows.kinds.text import TextKind
from ltoapp.workflows.prompts import (
    AnswerNeeded,
    KnownOptions,
    MatrixColumn,
    Prompt,
    PromptKind,
    clean_text,
    limited_text,
    not_an_option,
    read_options,
)
from ltoapp.workflows.tables import Table, unique_keys, wording


class MatrixKind(PromptKind):
    """Rows by columns, each cell a choice or a short text.

    The answer is ``{row: {column: text}}`` holding only the cells filled in;
    a choice cell holds the chosen option's key.
    """

    key = "matrix"
    name = "Matrix of rows and columns"

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read ``rows`` and ``columns``; choice columns need ``options``."""
        rows = read_options(table, "rows", minimum=1)
        column_tables = table.tables("columns")
        if not column_tables:
            raise table.error("columns", "needs at least one column")
        columns = []
        for item in column_tables:
            column_type = item.one_of("type", ("choice", "text"), default=None)
            options = read_options(item) if column_type == "choice" else ()
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
            one_row_at_a_time=table.flag("one_row_at_a_time", default=False),
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
                            not_an_option(f"'{cell}' in '{label}'"),
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
                    fields[name] = limited_text(
                        cell, prompt.max_length, f"'{cell}' in '{label}'"
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
                    value = clean_text(value)
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
