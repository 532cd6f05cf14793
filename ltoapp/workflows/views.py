"""Moving through a review, one step of its workflow at a time."""

from __future__ import annotations

from datetime import date

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

from ltoapp.accounts.access import current_viewer, require, review_or_404
from ltoapp.accounts.permissions import (
    audience_for,
    may_agree_review,
    may_edit_review,
    may_run_reviews,
)
from ltoapp.actions import rules as action_rules
from ltoapp.actions.forms import (
    ActionForm,
    CarriedDecisionForm,
    owner_person_choices,
    owner_side_choices,
)
from ltoapp.actions.queries import carried_actions, people_of_relationship
from ltoapp.extensions import db
from ltoapp.framework.disclosure import Audience
from ltoapp.ids import parse_id
from ltoapp.relationships.forms import EndingForm
from ltoapp.reports.rules import default_next_review_on
from ltoapp.reviews import operations, queries
from ltoapp.reviews.forms import NextReviewForm, SkipForm
from ltoapp.reviews.models import Review, StepState
from ltoapp.reviews.results import review_results
from ltoapp.reviews.reveal import stage_for_viewer
from ltoapp.workflows import (
    Step,
    StepKind,
    Workflow,
    answers_from_form,
    build_step_form_class,
    buttons,
    form_data_from_answers,
)
from ltoapp.workflows.check import review_check
from ltoapp.workflows.registry import current_workflows, workflow_named

bp = Blueprint("workflows", __name__)


def _workflow_and_step(review: Review, step_key: str) -> tuple[Workflow, Step]:
    workflow = workflow_named(review.workflow)
    if workflow is None:
        abort(404)
    try:
        return workflow, workflow.step(step_key)
    except KeyError:
        abort(404)


def _step_form(step: Step, review: Review, formdata=None):
    labels = current_app.config["LABELS"]
    form_class = build_step_form_class(step, labels)
    stored = {
        key: answer.answer
        for key, answer in operations.answers_by_prompt(review).items()
    }
    if formdata is None:
        return form_class(data=form_data_from_answers(step, stored))
    return form_class()


def _versions(review: Review) -> dict[str, int]:
    return {
        key: answer.version
        for key, answer in operations.answers_by_prompt(review).items()
    }


def _submitted_versions(step: Step) -> dict[str, int | None]:
    versions = {}
    for prompt in step.prompts:
        value = request.form.get(f"version-{prompt.key}", "")
        versions[prompt.key] = parse_id(value)
    return versions


def default_next_review(review: Review, step: Step) -> date:
    """Suggest the next review date: the workflow's interval after this review."""
    return default_next_review_on(review.held_on, step.next_review_months)


def render_step(
    review: Review,
    workflow: Workflow,
    step: Step,
    form=None,
    skip_form=None,
    conflict=None,
    action_form=None,
    next_review_form=None,
    decision_form=None,
    action_conflict=None,
    status: int = 200,
):
    viewer = current_viewer()
    labels = current_app.config["LABELS"]
    context = {
        "review": review,
        "workflow": workflow,
        "step": step,
        "step_number": workflow.step_index(step.key) + 1,
        "progress": {p.step_key: p for p in review.step_progress},
        "skip_form": skip_form or SkipForm(),
        "conflict": conflict,
        "may_agree": may_agree_review(viewer, review),
        "may_edit": may_edit_review(viewer, review),
        "may_run": may_run_reviews(viewer, review.relationship),
        "next_steps_key": workflow.next_steps.key,
    }
    if step.shows_lessons:
        context["lessons"] = queries.lessons_for_next_lto(
            review.relationship.partnership_id, review
        )
    if step.kind == StepKind.PROMPTS:
        context["form"] = form or _step_form(step, review)
        context["versions"] = _versions(review)
        context["answers"] = {
            key: answer.answer
            for key, answer in operations.answers_by_prompt(review).items()
        }
    elif step.kind == StepKind.RATINGS:
        context["response_count"] = queries.response_count(review.id)
    elif step.kind == StepKind.RESULTS:
        results = review_results(
            review.id, current_app.config, audience=audience_for(viewer, review)
        )
        context["results"] = results
        context["show_sides"] = results.disclosure.compare_sides
        context["show_names"] = results.disclosure.names
        context["show_flat"] = results.disclosure.flat_profiles
        context["stage"] = stage_for_viewer(
            review.reveal_stage,
            runs_review=may_run_reviews(viewer, review.relationship),
            is_agreed=review.is_agreed,
        )
    elif step.kind == StepKind.CARRIED_ACTIONS:
        context |= _carried_context(review, decision_form, action_conflict)
    elif step.kind == StepKind.NEXT_STEPS:
        carried = carried_actions(review)
        bookkeeping = action_rules.carry_forward(carried, review.id)
        context["undecided"] = [a for a in carried if a.id in bookkeeping.undecided]
        context["carried_step_key"] = next(
            (s.key for s in workflow.steps if s.kind == StepKind.CARRIED_ACTIONS),
            None,
        )
        if context["carried_step_key"] is None:
            # Without a step of its own, the group records what happened to
            # the carried actions here, before agreeing.
            context |= _carried_context(review, decision_form, action_conflict)
        if action_form is None:
            source = request.args.get("source", "")
            action_form = ActionForm(
                source=source,
                description=buttons.description_from(review, workflow, source, labels),
                formdata=None,
            )
        action_form.owner_side.choices = owner_side_choices(labels)
        action_form.owner_person_id.choices = owner_person_choices(
            people_of_relationship(review.relationship)
        )
        context["action_form"] = action_form
        context["sources"] = action_sources(workflow, labels)
        context["source_label"] = context["sources"].get(action_form.source.data or "")
        context["next_review_form"] = next_review_form or NextReviewForm(
            formdata=None,
            next_review_on=review.next_review_on or default_next_review(review, step),
        )
    return render_template("workflows/step.html", **context), status


def _carried_context(review: Review, decision_form, action_conflict) -> dict:
    """What the carried-actions step shows: each action, its decision, its form."""
    carried = carried_actions(review)
    bookkeeping = action_rules.carry_forward(carried, review.id)
    # One decision form shown again (from its own button), or several (from
    # the step's buttons, when decisions were typed but not recorded).
    shown_again = dict(
        [decision_form] if isinstance(decision_form, tuple) else decision_form or []
    )
    forms = {}
    for action in carried:
        if action.id in shown_again:
            forms[action.id] = shown_again[action.id]
        else:
            forms[action.id] = CarriedDecisionForm(
                formdata=None,
                prefix=f"action-{action.id}",
                version=action.version,
                due_on=None,
            )
    return {
        "carried": carried,
        "decisions": bookkeeping.decided,
        "decision_names": action_rules.DECISION_NAMES,
        "decision_forms": forms,
        "decision_errors": next(iter(shown_again.values()), None),
        "action_conflict": action_conflict,
    }


def source_names(labels: dict[str, str]) -> dict[str, dict[str, str]]:
    """Name the sources of actions in every workflow, by workflow key."""
    return {
        key: action_sources(workflow, labels)
        for key, workflow in current_workflows().items()
    }


def action_sources(workflow: Workflow, labels: dict[str, str]) -> dict[str, str]:
    """Name every place in a workflow an action can come from, by source id."""
    from ltoapp.framework import load_framework
    from ltoapp.workflows import wording

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
    require(may_edit_review(current_viewer(), review))
    workflow, current = _workflow_and_step(review, step_key)
    direction = request.form.get("go", "save")
    if not buttons.known_direction(workflow, direction):
        abort(400)

    # Whatever button was pressed, what the page holds is saved first.
    if current.kind == StepKind.PROMPTS:
        form = _step_form(current, review, formdata=request.form)
        if not form.validate_on_submit():
            return render_step(review, workflow, current, form=form, status=422)
        try:
            operations.save_step_answers(
                review,
                current,
                answers_from_form(current, form),
                _submitted_versions(current),
                by=current_viewer(),
            )
        except operations.AnswerConflict as conflict:
            db.session.rollback()
            return render_step(
                review, workflow, current, form=form, conflict=conflict, status=409
            )
    elif current.kind == StepKind.NEXT_STEPS and "next_review_on" in request.form:
        next_review_form = NextReviewForm()
        action_form = ActionForm()
        if (action_form.description.data or "").strip():
            # Half an action is not guessed at: it is shown again, to add or clear.
            action_form.description.errors = [buttons.UNADDED_ACTION]
        if not next_review_form.validate_on_submit() or action_form.errors:
            return render_step(
                review,
                workflow,
                current,
                next_review_form=next_review_form,
                action_form=action_form,
                status=422,
            )
        operations.set_next_review(
            review, next_review_form.next_review_on.data, by=current_viewer()
        )

    elif current.kind == StepKind.CARRIED_ACTIONS:
        unrecorded = buttons.unrecorded_decisions(review)
        if unrecorded:
            return render_step(
                review, workflow, current, decision_form=unrecorded, status=422
            )

    if direction == "skip":
        skip_form = SkipForm()
        if not current.skippable or not skip_form.validate_on_submit():
            if not current.skippable:
                skip_form.skip_reason.errors = ["This step cannot be skipped."]
            db.session.rollback()
            return render_step(
                review,
                workflow,
                current,
                form=form if current.kind == StepKind.PROMPTS else None,
                skip_form=skip_form,
                status=422,
            )
        operations.mark_step(
            review,
            current,
            StepState.SKIPPED,
            skip_form.skip_reason.data,
            by=current_viewer(),
        )
    elif current.kind == StepKind.PROMPTS or direction in ("next", "save"):
        operations.mark_step(review, current, StepState.DONE, by=current_viewer())

    destination = buttons.destination(workflow, current, direction)
    operations.move_to_step(review, destination)
    db.session.commit()
    if direction == "save":
        flash("Saved. You can leave and come back to this step later.", "success")
    return buttons.after_saving(review, destination, direction)


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
