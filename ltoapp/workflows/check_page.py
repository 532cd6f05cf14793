"""The check page: what agreeing a review will freeze, and what is missing.

It reads the review's records (who answered, carried actions, step progress)
and leaves the judgement of what is missing to the plain rule in
``check.py``. The check view and the agree view (an ending refused) draw it
through :func:`render_check`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import current_app, render_template

from ltoapp.actions import rules as action_rules
from ltoapp.actions.queries import carried_actions
from ltoapp.relationships.forms import EndingForm
from ltoapp.reviews import presenters, queries
from ltoapp.reviews.models import Review, StepState
from ltoapp.workflows.check import gaps_before_agreeing
from ltoapp.workflows.engine import StepKind, Workflow
from ltoapp.workflows.sources import action_sources
from ltoapp.workflows.step_pages import default_next_review
from ltoapp.workflows.tables import wording


def review_check(
    review: Review, workflow: Workflow, labels: Mapping[str, str], suggested: date
) -> dict:
    """Gather what the check page shows: what is kept, what is missing."""
    by_side = queries.answered_by_side(review.id)
    carried = carried_actions(review)
    undecided_ids = action_rules.carry_forward(carried, review.id).undecided
    progress = {p.step_key: p for p in review.step_progress}
    skipped = [
        (step, progress[step.key].skip_reason)
        for step in workflow.steps
        if step.key in progress and progress[step.key].state is StepState.SKIPPED
    ]
    unfinished = [
        (step.key, wording(step.title, labels))
        for step in workflow.steps[:-1]
        if step.key not in progress
    ]
    ratings = workflow.rating_steps()
    ratings_step_key = ratings[0].key if ratings else None
    carried_step = workflow.step_of_kind(StepKind.CARRIED_ACTIONS)
    carried_step_key = carried_step.key if carried_step else None
    return {
        "answered_by_side": by_side,
        "side_names": presenters.side_names(labels),
        "ratings_step_key": ratings_step_key,
        "carried_step_key": carried_step_key,
        "undecided": [a for a in carried if a.id in undecided_ids],
        "skipped": skipped,
        "suggested_next_review": suggested,
        "gaps": gaps_before_agreeing(
            asks_ratings=bool(ratings),
            answered_by_side=by_side,
            side_names={"partnership": labels["partnership"], "lto": labels["lto"]},
            undecided=len(undecided_ids),
            unfinished_steps=unfinished,
            action_count=len(review.actions),
            next_review_on=review.next_review_on,
            suggested_next_review=suggested,
            ratings_step_key=ratings_step_key,
            carried_step_key=carried_step_key,
            next_steps_key=workflow.next_steps.key,
        ),
    }


def render_check(
    review: Review, workflow: Workflow, ending_form=None, status: int = 200
) -> tuple[str, int]:
    """Render the check page; an exit interview also asks whether the
    relationship ends, which is agreed with the review."""
    labels = current_app.config["LABELS"]
    if ending_form is None and workflow.asks_if_relationship_ends:
        ending_form = EndingForm(formdata=None)
    page = render_template(
        "workflows/check.html",
        review=review,
        workflow=workflow,
        ending_form=ending_form,
        sources=action_sources(workflow, labels),
        **review_check(
            review, workflow, labels, default_next_review(review, workflow.next_steps)
        ),
    )
    return page, status
