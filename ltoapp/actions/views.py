"""Adding and removing the actions a review agrees."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ltoapp.accounts.access import current_viewer, require, review_or_404
from ltoapp.accounts.permissions import may_edit_review
from ltoapp.actions import operations
from ltoapp.actions.forms import ActionForm, owner_side_choices
from ltoapp.actions.models import Action
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.extensions import db
from ltoapp.reviews.models import Side
from ltoapp.workflows.registry import workflow_named
from ltoapp.workflows.views import action_sources, render_step

bp = Blueprint("actions", __name__)


def _source_fields(source: str) -> dict[str, str | None]:
    kind, _, key = source.partition(":")
    return {
        "source_question_key": key if kind == "question" else None,
        "source_prompt_key": key if kind == "prompt" else None,
    }


@bp.post("/reviews/<int:review_id>/actions")
@login_required
def add(review_id: int) -> str | Response:
    """Add an agreed action to a review's next steps."""
    review = review_or_404(review_id)
    require(may_edit_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    labels = current_app.config["LABELS"]
    form = ActionForm()
    form.owner_side.choices = owner_side_choices(labels)
    sources = action_sources(workflow, labels)
    if form.source.data and form.source.data not in sources:
        form.source.data = ""
    if not form.validate_on_submit():
        return render_step(
            review, workflow, workflow.next_steps, action_form=form, status=422
        )
    source = form.source.data or ""
    source_step = None
    if source.startswith("prompt:"):
        source_step = next(
            step.key
            for step, prompt in workflow.prompts()
            if f"prompt:{prompt.key}" == source
        )
    action = operations.add_action(
        review,
        form.description.data,
        Side(form.owner_side.data),
        form.owner_name.data,
        form.due_on.data,
        source_step=source_step,
        **_source_fields(source),
    )
    record(
        current_viewer(),
        AuditVerb.CREATED,
        "action",
        action.id,
        f"Agreed action: {action.description}",
        review.relationship_id,
    )
    db.session.commit()
    flash("Action added.", "success")
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=workflow.next_steps.key)
        + "#actions"
    )


@bp.post("/actions/<int:action_id>/remove")
@login_required
def remove(action_id: int) -> Response:
    """Take an action out of a review that is not yet agreed."""
    action = db.get_or_404(Action, action_id)
    review = review_or_404(action.review_id)
    require(may_edit_review(current_viewer(), review))
    record(
        current_viewer(),
        AuditVerb.DELETED,
        "action",
        action.id,
        f"Removed action: {action.description}",
        review.relationship_id,
    )
    operations.remove_action(action)
    db.session.commit()
    flash("Action removed.", "success")
    workflow = workflow_named(review.workflow)
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=workflow.next_steps.key)
        + "#actions"
    )
