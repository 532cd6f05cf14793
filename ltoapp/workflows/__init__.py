"""Workflows: the five guided conversations, declared as data.

``engine`` reads and checks the definition files, ``prompts`` holds what
every prompt shares and ``kinds`` the registry of prompt kinds, ``balance``
reads the governance balance scale, ``suggestion`` proposes which workflow a
relationship needs next, ``buttons`` says where a step's buttons lead,
``check`` what is missing before agreeing, and ``sources`` where an action can
come from. None of those knows a record.

The web-facing modules do: ``step_pages`` (the registry of step pages, one
per step kind), ``check_page`` and the blueprint in ``views``.
"""

from ltoapp.workflows.engine import (
    DEFINITIONS_DIR,
    Step,
    StepKind,
    Workflow,
    load_workflows,
)
from ltoapp.workflows.kinds import (
    PROMPT_KINDS,
    answers_from_form,
    build_step_form_class,
    form_data_from_answers,
    summarise,
)
from ltoapp.workflows.prompts import Prompt, PromptKind
from ltoapp.workflows.tables import WorkflowError, wording

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
