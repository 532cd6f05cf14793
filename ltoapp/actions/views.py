"""The action log: adding actions, following them up, deciding what happened."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required
from werkzeug.wrappers import Response

from ltoapp.access import current_viewer, relationship_or_404, require, review_or_404
from ltoapp.actions import operations, queries, rules
from ltoapp.actions.forms import (
    ActionForm,
    ActionUpdateForm,
    CarriedDecisionForm,
    owner_person_choices,
    owner_side_choices,
)
from ltoapp.actions.models import Action, ActionStatus
from ltoapp.actions.wording import due_in_words
from ltoapp.clock import today
from ltoapp.extensions import db
from ltoapp.forms import refuse
from ltoapp.ids import parse_id
from ltoapp.permissions import (
    may_edit_review,
    may_export_relationship,
    may_update_action,
)
from ltoapp.reviews.dates import due_date_problem
from ltoapp.reviews.models import Side
from ltoapp.workflows import StepKind, Workflow
from ltoapp.workflows.registry import workflow_named
from ltoapp.workflows.sources import action_sources, source_names
from ltoapp.workflows.step_pages import render_step

bp = Blueprint("actions", __name__)
bp.add_app_template_global(due_in_words, "due_in_words")


def _source_fields(workflow: Workflow, source: str) -> dict[str, str | None]:
    """Say where an action comes from: a question, or a prompt and its step."""
    kind, _, key = source.partition(":")
    prompt_key = key if kind == "prompt" else None
    return {
        "source_question_key": key if kind == "question" else None,
        "source_prompt_key": prompt_key,
        "source_step": next(
            (step.key for step, p in workflow.prompts() if p.key == prompt_key), None
        ),
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
    people = queries.people_of_relationship(review.relationship)
    form.owner_person_id.choices = owner_person_choices(people)
    sources = action_sources(workflow, labels)
    if form.source.data and form.source.data not in sources:
        form.source.data = ""
    if not form.validate_on_submit() or refuse(
        form.due_on, due_date_problem(form.due_on.data, review.held_on)
    ):
        return render_step(
            review, workflow, workflow.next_steps, action_form=form, status=422
        )
    operations.add_action(
        review,
        form.description.data,
        Side(form.owner_side.data),
        form.owner_name.data,
        form.due_on.data,
        owner_person=next(
            (p for p in people if str(p.id) == form.owner_person_id.data), None
        ),
        **_source_fields(workflow, form.source.data or ""),
        by=current_viewer(),
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
    operations.remove_action(action, by=current_viewer())
    db.session.commit()
    flash("Action removed.", "success")
    workflow = workflow_named(review.workflow)
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=workflow.next_steps.key)
        + "#actions"
    )


def _log_filters() -> tuple[queries.LogFilters, dict[str, str]]:
    """Read the action log's filters from the query string, ignoring nonsense."""
    args = {key: request.args.get(key, "") for key in ("status", "owner", "review")}
    status = next((s for s in ActionStatus if s.value == args["status"]), None)
    side = next((s for s in Side if s.value == args["owner"]), None)
    review_id = parse_id(args["review"])
    chosen = {
        "status": status.value if status else "",
        "owner": side.value if side else "",
        "review": str(review_id) if review_id else "",
    }
    return queries.LogFilters(status, side, review_id), chosen


@bp.get("/relationships/<int:relationship_id>/actions")
@login_required
def log(relationship_id: int) -> str:
    """Show every action of every review of a relationship, with its history."""
    relationship = relationship_or_404(relationship_id)
    filters, chosen = _log_filters()
    actions = queries.action_log(relationship.id, filters)
    return render_template(
        "actions/log.html",
        relationship=relationship,
        actions=actions,
        chosen=chosen,
        filtered=any(chosen.values()),
        statuses=rules.STATUS_NAMES,
        sides=owner_side_choices(current_app.config["LABELS"]),
        sources=source_names(current_app.config["LABELS"]),
        today=today(),
        may_export=may_export_relationship(current_viewer(), relationship),
    )


def _render_action(action: Action, form=None, conflict=None, status: int = 200):
    labels = current_app.config["LABELS"]
    if form is None:
        form = ActionUpdateForm(
            formdata=None,
            status=action.status.value,
            due_on=action.due_on,
            version=action.version,
        )
    return render_template(
        "actions/show.html",
        action=action,
        relationship=action.review.relationship,
        form=form,
        conflict=conflict,
        statuses=rules.STATUS_NAMES,
        sources=source_names(labels),
        today=today(),
        may_update=may_update_action(current_viewer(), action.review),
    ), status


@bp.get("/actions/<int:action_id>")
@login_required
def show(action_id: int) -> str:
    """Show an action, where it came from and its history."""
    action = db.get_or_404(Action, action_id)
    review_or_404(action.review_id)
    return _render_action(action)


@bp.post("/actions/<int:action_id>")
@login_required
def update(action_id: int) -> str | Response:
    """Change an action's status or date, unless someone else changed it first."""
    action = db.get_or_404(Action, action_id)
    review = review_or_404(action.review_id)
    viewer = current_viewer()
    require(may_update_action(viewer, review))
    form = ActionUpdateForm()
    if not form.validate_on_submit() or refuse(
        form.due_on, due_date_problem(form.due_on.data, review.held_on)
    ):
        return _render_action(action, form, status=422)
    version = form.version.data
    try:
        operations.update_action(
            action,
            viewer,
            parse_id(version),
            ActionStatus(form.status.data),
            form.due_on.data,
            form.note.data,
        )
    except operations.ActionConflict as conflict:
        db.session.rollback()
        action = db.session.get(Action, action_id)
        form.version.data = str(conflict.version)
        return _render_action(action, form, conflict=conflict, status=409)
    except operations.InvalidChange as invalid:
        db.session.rollback()
        action = db.session.get(Action, action_id)
        for name, message in invalid.problems.items():
            form[name].errors = [*form[name].errors, message]
        return _render_action(action, form, status=422)
    db.session.commit()
    flash("The action is updated.", "success")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.post("/reviews/<int:review_id>/carried/<int:action_id>")
@login_required
def decide(review_id: int, action_id: int) -> str | Response:
    """Record what happened to an action carried from an earlier review."""
    review = review_or_404(review_id)
    viewer = current_viewer()
    require(may_edit_review(viewer, review))
    carried = queries.carried_actions(review)
    action = next((a for a in carried if a.id == action_id), None)
    require(action is not None)
    workflow = workflow_named(review.workflow)
    # A workflow without a carried-actions step decides them on its next steps.
    step = workflow.step_of_kind(StepKind.CARRIED_ACTIONS) or workflow.next_steps
    form = CarriedDecisionForm(prefix=f"action-{action.id}")
    shown = {"decision_form": (action.id, form)}
    if not form.validate_on_submit() or refuse(
        form.due_on, due_date_problem(form.due_on.data, review.held_on)
    ):
        return render_step(review, workflow, step, status=422, **shown)
    try:
        operations.decide_carried(
            review,
            action,
            carried,
            viewer,
            parse_id(form.version.data),
            rules.Decision(form.decision.data),
            form.due_on.data,
            form.note.data,
        )
    except operations.ActionConflict as conflict:
        db.session.rollback()
        form.version.data = str(conflict.version)
        return render_step(
            review, workflow, step, action_conflict=conflict, status=409, **shown
        )
    db.session.commit()
    flash("The decision is recorded.", "success")
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=step.key)
        + f"#action-{action.id}"
    )
