"""Workflows: the five guided conversations, declared as data.

``engine`` reads and checks the definition files, ``prompts`` holds the
registry of prompt kinds, ``balance`` reads the governance balance scale,
and ``suggestion`` proposes which workflow a relationship needs next.
"""

from ltoapp.workflows.engine import (
    DEFINITIONS_DIR,
    Step,
    StepKind,
    Workflow,
    load_workflows,
)
from ltoapp.workflows.prompts import (
    PROMPT_KINDS,
    Prompt,
    PromptKind,
    WorkflowError,
    answers_from_form,
    build_step_form_class,
    form_data_from_answers,
    summarise,
    wording,
)

__all__ = [
    "DEFINITIONS_DIR",
    "PROMPT_KINDS",
    "Prompt",
    "PromptKind",
    "Step",
    "StepKind",
    "Workflow",
    "WorkflowError",
    "answers_from_form",
    "build_step_form_class",
    "form_data_from_answers",
    "load_workflows",
    "summarise",
    "wording",
]
