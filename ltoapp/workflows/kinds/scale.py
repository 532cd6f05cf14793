"""Scales: a point between two ends, alone or per row and measure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice

from ltoapp.ids import parse_id
from ltoapp.workflows.prompts import (
    READINGS,
    AnswerNeeded,
    KnownOptions,
    Option,
    Prompt,
    PromptKind,
    not_an_option,
    read_options,
)
from ltoapp.workflows.tables import Table, wording


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
        rows = read_options(table, "rows", minimum=1) if table.has("rows") else ()
        measures = (
            read_options(table, "measures", minimum=1) if table.has("measures") else ()
        )
        if measures and not rows:
            raise table.error("measures", "needs rows to measure")
        reading = table.one_of("reading", ("", *READINGS), default="")
        for name, options in (("rows", rows), ("measures", measures)):
            allowed = READINGS[reading][name] if reading else ("",)
            for option in options:
                if option.role not in allowed:
                    where = f"role of '{option.key}'"
                    raise table.error(
                        name, f"{where} must be one of: {', '.join(allowed)}"
                    )
        if reading:
            roles = {measure.role for measure in measures}
            if roles != set(READINGS[reading]["measures"]):
                raise table.error(
                    "measures",
                    f"needs one measure of each role: "
                    f"{', '.join(READINGS[reading]['measures'])}",
                )
        return Prompt(
            **common,
            left=table.text("left"),
            right=table.text("right"),
            points=table.integer("points", default=5, minimum=3, maximum=11),
            rows=rows,
            measures=measures,
            reading=reading,
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
            validators.append(KnownOptions(allowed, not_an_option(what)))
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
