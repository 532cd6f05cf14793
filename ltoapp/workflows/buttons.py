"""What the buttons of a step do: every one saves the step, then goes on.

The buttons are all submit buttons of the step's one form, so whichever is
pressed, the answers on the page travel with it (no JavaScript needed).
"""

from __future__ import annotations

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

from ltoapp.actions.forms import CarriedDecisionForm
from ltoapp.actions.queries import carried_actions
from ltoapp.reviews import operations
from ltoapp.reviews.models import Review
from ltoapp.workflows import Step, Workflow, summarise

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


def unrecorded_decisions(review: Review) -> list[tuple[int, CarriedDecisionForm]]:
    """Find decisions on carried actions typed but not recorded, to show again."""
    unrecorded = []
    for action in carried_actions(review):
        prefix = f"action-{action.id}"
        typed = any(
            request.form.get(f"{prefix}-{name}", "").strip()
            for name in ("decision", "due_on", "note")
        )
        if typed:
            form = CarriedDecisionForm(prefix=prefix)
            form.decision.errors = [UNRECORDED_DECISION]
            unrecorded.append((action.id, form))
    return unrecorded


def after_saving(review: Review, destination: Step, direction: str) -> Response:
    """Redirect to where the pressed button leads, now the step is saved."""
    if direction == "check":
        return redirect(url_for("workflows.check", review_id=review.id))
    if direction.startswith("action:"):
        return redirect(
            url_for(
                "workflows.step",
                review_id=review.id,
                step_key=destination.key,
                source=f"prompt:{direction.removeprefix('action:')}",
                _anchor="new-action",
            )
        )
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=destination.key)
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
    review: Review, workflow: Workflow, source: str, labels: dict[str, str]
) -> str:
    """Start an action made from a prompt with what the group wrote there."""
    if not source.startswith("prompt:"):
        return ""
    key = source.removeprefix("prompt:")
    answer = operations.answers_by_prompt(review).get(key)
    if answer is None:
        return ""
    try:
        prompt = workflow.prompt(key)
    except KeyError:
        return ""
    # The action's box takes 1000 characters; the group edits it down.
    return summarise(prompt, answer.answer, labels)[:ACTION_MAX_LENGTH]
