"""What the buttons of a step do: every one saves the step, then goes on.

The buttons are all submit buttons of the step's one form, so whichever is
pressed, the answers on the page travel with it (no JavaScript needed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import redirect, url_for
from werkzeug.wrappers import Response

from ltoapp.workflows.engine import Step, StepKind, Workflow
from ltoapp.workflows.kinds import summarise

#: The buttons at the foot of a step. Others name where they lead in their
#: value: "step:<key>" (the step list), "action:<prompt key>" (make an action
#: from a prompt), "check" (check the review before agreeing it).
DIRECTIONS = ("next", "back", "save", "skip")
#: What a step says when part of the page was typed but not yet added.
UNADDED_ACTION = (
    "You typed an action but did not add it. Press “Add the action”, "
    "or empty the box, then press your button again."
)
UNRECORDED_DECISION = (
    "You chose what happened but did not record it. Press “Record the "
    "decision”, then press your button again."
)
#: How long an action's description may be (as ActionForm allows).
ACTION_MAX_LENGTH = 1000


def known_direction(workflow: Workflow, direction: str) -> bool:
    """Say whether a button's value leads somewhere in this workflow."""
    if direction in DIRECTIONS or direction == "check":
        return True
    if direction.startswith("step:"):
        return direction.removeprefix("step:") in {s.key for s in workflow.steps}
    if direction.startswith("action:"):
        key = direction.removeprefix("action:")
        return any(p.key == key and p.actionable for _s, p in workflow.prompts())
    return False


def finishes(step: Step, direction: str) -> bool:
    """Say whether pressing this button marks the step done.

    Answering prompts finishes their step whichever way the group goes on;
    other steps are done when the group saves or goes forward, not when it
    goes back or jumps elsewhere. Skipping is never finishing.
    """
    if direction == "skip":
        return False
    return step.kind == StepKind.PROMPTS or direction in ("next", "save")


def after_saving(review_id: int, destination: Step, direction: str) -> Response:
    """Redirect to where the pressed button leads, now the step is saved."""
    if direction == "check":
        return redirect(url_for("workflows.check", review_id=review_id))
    if direction.startswith("action:"):
        return redirect(
            url_for(
                "workflows.step",
                review_id=review_id,
                step_key=destination.key,
                source=f"prompt:{direction.removeprefix('action:')}",
                _anchor="new-action",
            )
        )
    return redirect(
        url_for("workflows.step", review_id=review_id, step_key=destination.key)
    )


def destination(workflow: Workflow, step: Step, direction: str) -> Step:
    """Return the step a button leads to from this one."""
    if direction.startswith("step:"):
        return workflow.step(direction.removeprefix("step:"))
    if direction.startswith("action:") or direction == "check":
        return workflow.next_steps
    index = workflow.step_index(step.key)
    if direction == "back":
        return workflow.steps[max(index - 1, 0)]
    if direction in ("next", "skip"):
        return workflow.steps[min(index + 1, len(workflow.steps) - 1)]
    return step


def description_from(
    workflow: Workflow,
    source: str,
    answers: Mapping[str, Any],
    labels: Mapping[str, str],
) -> str:
    """Start an action made from a prompt with what the group wrote there.

    ``answers`` holds the review's stored answers by prompt key.
    """
    if not source.startswith("prompt:"):
        return ""
    key = source.removeprefix("prompt:")
    if key not in answers:
        return ""
    try:
        prompt = workflow.prompt(key)
    except KeyError:
        return ""
    # The action's box takes 1000 characters; the group edits it down.
    return summarise(prompt, answers[key], labels)[:ACTION_MAX_LENGTH]
