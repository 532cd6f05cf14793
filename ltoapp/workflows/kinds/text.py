"""Free text: one text box, kept within a length."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm

from ltoapp.workflows.prompts import (
    AnswerNeeded,
    Prompt,
    PromptKind,
    clean_text,
    limited_text,
)
from ltoapp.workflows.tables import Table, wording


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
        needed = f"Enter an answer for '{label}'."
        return {
            prompt.field_name(): limited_text(
                label,
                prompt.max_length,
                f"the answer to '{label}'",
                validators=(AnswerNeeded(needed),) if prompt.required else (),
                description=wording(prompt.hint, labels),
            )
        }

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> str | None:
        """Return the text, or None when only spaces were typed."""
        return clean_text(form[prompt.field_name()].data)

    def form_data(self, prompt: Prompt, answer: Any) -> dict[str, Any]:
        """Put the text back in its box."""
        return {prompt.field_name(): answer if isinstance(answer, str) else ""}

    def summarise(self, prompt: Prompt, answer: Any, labels: Mapping[str, str]) -> str:
        """Join the lines of the text with spaces."""
        if not isinstance(answer, str):
            return ""
        return " ".join(line.strip() for line in answer.splitlines() if line.strip())
