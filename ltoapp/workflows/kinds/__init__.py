"""The registry of prompt kinds, and what the engine and views ask of it.

Each kind (free text, single choice, checklist, scale, matrix) is a
:class:`~ltoapp.workflows.prompts.PromptKind` subclass registered in
:data:`PROMPT_KINDS` under its stable id, the one written as ``kind = "..."``
in a workflow file. A kind owns everything about its prompts: reading and
checking their definition, building their form fields, turning a submitted
form into a stored answer and back, and summarising an answer in one line.
One module per family of kinds; a new kind is a new class added here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm

from ltoapp.forms import Form
from ltoapp.workflows.kinds.choices import ChecklistKind, ChoiceKind
from ltoapp.workflows.kinds.matrix import MatrixKind
from ltoapp.workflows.kinds.scale import ScaleKind
from ltoapp.workflows.kinds.text import TextKind
from ltoapp.workflows.prompts import Prompt, PromptKind
from ltoapp.workflows.tables import Table

#: Every prompt kind by its stable id. A new kind is a new subclass added here.
PROMPT_KINDS: dict[str, PromptKind] = {
    kind.key: kind
    for kind in (TextKind(), ChoiceKind(), ChecklistKind(), ScaleKind(), MatrixKind())
}


# --- What the engine and the views ask of the kinds -------------------------


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
        "lessons": table.flag("lessons", default=False),
    }
    prompt = PROMPT_KINDS[kind_key].parse(table, common)
    table.done()
    return prompt


__all__ = [
    "PROMPT_KINDS",
    "answers_from_form",
    "build_step_form_class",
    "form_data_from_answers",
    "parse_prompt",
    "summarise",
]
