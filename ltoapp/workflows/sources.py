"""Where an action can come from: a framework question or a prompt of a workflow.

An action keeps its source as an id (``question:<key>`` or ``prompt:<key>``);
these name those ids on the step page, the check page, the record and the
action log, in the programme's words.
"""

from __future__ import annotations

from collections.abc import Mapping

from ltoapp.framework import load_framework
from ltoapp.workflows.engine import Workflow
from ltoapp.workflows.registry import current_workflows
from ltoapp.workflows.tables import wording


def action_sources(workflow: Workflow, labels: Mapping[str, str]) -> dict[str, str]:
    """Name every place in a workflow an action can come from, by source id."""
    sources = {
        f"question:{q.key}": f"Question {q.number}: {q.short}"
        for q in load_framework().questions
    }
    for step, prompt in workflow.prompts():
        if prompt.actionable:
            sources[f"prompt:{prompt.key}"] = (
                f"{step.title}: {wording(prompt.label, labels)}"
            )
    return sources


def source_names(labels: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Name the sources of actions in every workflow, by workflow key."""
    return {
        key: action_sources(workflow, labels)
        for key, workflow in current_workflows().items()
    }
