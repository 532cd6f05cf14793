"""Single choice and checklist: options from the workflow file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from ltoapp.workflows.kinds.text import TextKind
from ltoapp.workflows.prompts import (
    AnswerNeeded,
    KnownOptions,
    Prompt,
    PromptKind,
    clean_text,
    limited_text,
    not_an_option,
    read_options,
)
from ltoapp.workflows.tables import Table, wording


def _options_field(
    prompt: Prompt, label: str, labels: Mapping[str, str], needed: list
) -> dict[str, Any]:
    """Return what a field of options needs: its choices, checks and hint.

    ``needed`` holds the check that an answer was given, when one must be;
    an option the prompt does not list is refused in plain words either way.
    """
    return {
        "choices": [
            SelectChoice(option.key, wording(option.label, labels))
            for option in prompt.options
        ],
        # KnownOptions says what is wrong in the prompt's words instead.
        "validate_choice": False,
        "validators": [
            *needed,
            KnownOptions(
                {option.key for option in prompt.options},
                not_an_option(f"'{label}'"),
            ),
        ],
        "description": wording(prompt.hint, labels),
    }


class ChoiceKind(PromptKind):
    """One option from a short list, shown as radio buttons."""

    key = "choice"
    name = "Single choice"

    def parse(self, table: Table, common: dict[str, Any]) -> Prompt:
        """Read ``options``: at least two, each with a key and a label."""
        return Prompt(**common, options=read_options(table))

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return one group of radio buttons."""
        label = wording(prompt.label, labels)
        needed = (
            [AnswerNeeded(f"Choose one option for '{label}'.")]
            if prompt.required
            else []
        )
        return {
            prompt.field_name(): RadioField(
                label, **_options_field(prompt, label, labels, needed)
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
            options=read_options(table),
            other_text=table.flag("other_text", default=False),
        )

    def other_field_name(self, prompt: Prompt) -> str:
        """Return the name of the "Other" text box."""
        return prompt.field_name("other")

    def form_fields(self, prompt: Prompt, labels: Mapping[str, str]) -> dict:
        """Return the tick boxes and, if wanted, the "Other" box."""
        label = wording(prompt.label, labels)
        needed = []
        if prompt.required:
            needed.append(
                AnswerNeeded(
                    f"Tick at least one option for '{label}'.",
                    # Writing in the "Other" box is an answer too.
                    or_field=self.other_field_name(prompt)
                    if prompt.other_text
                    else None,
                )
            )
        fields = {
            prompt.field_name(): SelectMultipleField(
                label,
                widget=ListWidget(prefix_label=False),
                option_widget=CheckboxInput(),
                **_options_field(prompt, label, labels, needed),
            )
        }
        if prompt.other_text:
            fields[self.other_field_name(prompt)] = limited_text(
                f"Other (for '{label}')",
                prompt.max_length,
                f"the 'Other' answer to '{label}'",
            )
        return fields

    def answer_from_form(self, prompt: Prompt, form: FlaskForm) -> dict | None:
        """Return the ticked keys in the options' order, and any other text."""
        ticked = set(form[prompt.field_name()].data or ())
        chosen = [option.key for option in prompt.options if option.key in ticked]
        other = None
        if prompt.other_text:
            other = clean_text(form[self.other_field_name(prompt)].data)
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
