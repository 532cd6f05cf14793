"""Moving through a review, one step of its workflow at a time."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required
from werkzeug.wrappers import Response

from ltoapp.access import current_viewer, require, review_or_404
from ltoapp.actions import rules as action_rules
from ltoapp.actions.queries import carried_actions
from ltoapp.extensions import db
from ltoapp.framework.disclosure import Audience
from ltoapp.permissions import may_agree_review, may_edit_review
from ltoapp.reviews import operations
from ltoapp.reviews.models import Review
from ltoapp.reviews.results import review_results
from ltoapp.workflows import Step, Workflow, buttons
from ltoapp.workflows.check_page import render_check
from ltoapp.workflows.registry import workflow_named
from ltoapp.workflows.sources import action_sources
from ltoapp.workflows.step_pages import RECORD_PARTIALS, read_step, render_step

bp = Blueprint("workflows", __name__)


def _workflow_and_step(review: Review, step_key: str) -> tuple[Workflow, Step]:
    workflow = workflow_named(review.workflow)
    if workflow is None:
        abort(404)
    try:
        return workflow, workflow.step(step_key)
    except KeyError:
        abort(404)


@bp.get("/reviews/<int:review_id>/steps/<step_key>")
@login_required
def step(review_id: int, step_key: str) -> str | Response:
    """Show one step of a review."""
    review = review_or_404(review_id)
    if review.is_agreed:
        return redirect(url_for("workflows.record", review_id=review.id))
    workflow, current = _workflow_and_step(review, step_key)
    return render_step(review, workflow, current)


@bp.post("/reviews/<int:review_id>/steps/<step_key>")
@login_required
def save_step(review_id: int, step_key: str) -> str | Response:
    """Save what the step's form holds, then go where the pressed button leads."""
    review = review_or_404(review_id)
    viewer = current_viewer()
    require(may_edit_review(viewer, review))
    workflow, current = _workflow_and_step(review, step_key)
    direction = request.form.get("go", "save")
    if not buttons.known_direction(workflow, direction):
        abort(400)
    # Whatever button was pressed, what the page holds is saved first.
    reading = read_step(review, workflow, current, direction)
    if reading.refused is not None:
        return render_step(review, workflow, current, status=422, **reading.refused)
    destination = buttons.destination(workflow, current, direction)
    save = operations.StepSave(
        destination, done=buttons.finishes(current, direction), **reading.saving
    )
    try:
        operations.save_step(review, current, save, by=viewer)
    except operations.AnswerConflict as conflict:
        db.session.rollback()
        return render_step(
            review, workflow, current, form=reading.form, conflict=conflict, status=409
        )
    db.session.commit()
    if direction == "save":
        flash("Saved. You can leave and come back to this step later.", "success")
    return buttons.after_saving(review.id, destination, direction)


@bp.get("/reviews/<int:review_id>/check")
@login_required
def check(review_id: int) -> str | Response:
    """Show what agreeing will freeze, and what is missing, before it is agreed."""
    review = review_or_404(review_id)
    if review.is_agreed:
        return redirect(url_for("workflows.record", review_id=review.id))
    require(may_agree_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    if workflow is None:
        abort(404)
    return render_check(review, workflow)


@bp.get("/reviews/<int:review_id>/record")
@login_required
def record(review_id: int) -> str:
    """Show the whole record of a review, in order, ready to print."""
    review = review_or_404(review_id)
    workflow = workflow_named(review.workflow)
    if workflow is None:
        abort(404)
    labels = current_app.config["LABELS"]
    return render_template(
        "workflows/record.html",
        review=review,
        workflow=workflow,
        answers={k: a.answer for k, a in operations.answers_by_prompt(review).items()},
        progress={p.step_key: p for p in review.step_progress},
        record_partials=RECORD_PARTIALS,
        # The record is the group's, printed and kept: what a member sees.
        results=review_results(review.id, current_app.config, audience=Audience.MEMBER),
        sources=action_sources(workflow, labels),
        **_record_carried(review),
    )


def _record_carried(review: Review) -> dict:
    carried = carried_actions(review)
    return {
        "carried": carried,
        "decisions": action_rules.carry_forward(carried, review.id).decided,
        "decision_names": action_rules.DECISION_NAMES,
    }
