"""The step page: one page per kind of step, drawn from the review's records.

Each step kind has a :class:`StepPage` registered in :data:`STEP_PAGES` under
the kind's stable id (``StepKind``): it names the partial that draws its part
of ``workflows/step.html``, gathers the data that partial needs, and reads
what its form sent. This is the web layer (forms, the request, records); the
workflow content below it knows no records. The step view, the review views
(the next review's date) and the action views (an action or a decision
refused) all draw the page through :func:`render_step`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from flask import current_app, render_template, request

from ltoapp.access import current_viewer
from ltoapp.actions import rules as action_rules
from ltoapp.actions.forms import (
    ActionForm,
    CarriedDecisionForm,
    owner_person_choices,
    owner_side_choices,
)
from ltoapp.actions.queries import carried_actions, people_of_relationship
from ltoapp.ids import parse_id
from ltoapp.permissions import (
    audience_for,
    may_agree_review,
    may_edit_review,
    may_run_reviews,
)
from ltoapp.relationships.rules import default_next_review_on
from ltoapp.reviews import operations, queries
from ltoapp.reviews.forms import NextReviewForm, SkipForm
from ltoapp.reviews.models import Review
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
from ltoapp.workflows.sources import action_sources


@dataclass(frozen=True)
class Shown:
    """Forms a refused post shows again, with what was typed and its errors.

    Any left as None is drawn fresh from the review.
    """

    form: Any = None
    skip_form: Any = None
    conflict: operations.AnswerConflict | None = None
    action_form: Any = None
    next_review_form: Any = None
    #: One decision form (action id, form) shown again from its own button, or
    #: several (a list of them) typed but not recorded before a step button.
    decision_form: Any = None
    action_conflict: Any = None


@dataclass(frozen=True)
class Reading:
    """What a step's form sent: what to save, or the forms to show again."""

    #: The parts of a ``StepSave`` this kind of step contributes.
    saving: dict[str, Any] = field(default_factory=dict)
    #: Forms shown again when the post is refused; None when it was accepted.
    refused: dict[str, Any] | None = None
    #: A prompts step's form, shown again if saving fails later (a conflict,
    #: a skip without a reason), so nothing typed is lost.
    form: Any = None


def default_next_review(review: Review, step: Step) -> date:
    """Suggest the next review date: the workflow's interval after this review."""
    return default_next_review_on(review.held_on, step.next_review_months)


class StepPage:
    """How one kind of step is drawn, what its form sends, what it records."""

    #: The step kind's stable id, as written in workflow files.
    kind: ClassVar[str]
    #: The partial of ``workflows/step.html`` that draws this kind of step.
    partial: ClassVar[str]
    #: The partial of ``workflows/record.html`` that keeps what the step
    #: decided; None for a step that leaves nothing in the record.
    record_partial: ClassVar[str | None]

    def data(
        self, review: Review, workflow: Workflow, step: Step, shown: Shown
    ) -> dict[str, Any]:
        """Return what this kind's partial shows, besides what every step shows."""
        return {}

    def read(self, review: Review, workflow: Workflow, step: Step) -> Reading:
        """Read and check what the step's form sent (most kinds send nothing)."""
        return Reading()


class ExplanationPage(StepPage):
    kind = StepKind.EXPLANATION
    partial = "workflows/steps/_explanation.html"
    record_partial = None


class RatingsPage(StepPage):
    kind = StepKind.RATINGS
    partial = "workflows/steps/_ratings.html"
    record_partial = "workflows/record/_ratings.html"

    def data(self, review, workflow, step, shown):
        return {"response_count": queries.response_count(review.id)}


class ResultsPage(StepPage):
    kind = StepKind.RESULTS
    partial = "workflows/steps/_results.html"
    record_partial = "workflows/record/_results.html"

    def data(self, review, workflow, step, shown):
        viewer = current_viewer()
        results = review_results(
            review.id, current_app.config, audience=audience_for(viewer, review)
        )
        return {
            "results": results,
            "show_sides": results.disclosure.compare_sides,
            "show_names": results.disclosure.names,
            "show_flat": results.disclosure.flat_profiles,
            "stage": stage_for_viewer(
                review.reveal_stage,
                runs_review=may_run_reviews(viewer, review.relationship),
                is_agreed=review.is_agreed,
            ),
        }


class CarriedActionsPage(StepPage):
    kind = StepKind.CARRIED_ACTIONS
    partial = "workflows/steps/_carried_actions.html"
    record_partial = "workflows/record/_carried_actions.html"

    def data(self, review, workflow, step, shown):
        """Each carried action, its decision, and its form."""
        carried = carried_actions(review)
        bookkeeping = action_rules.carry_forward(carried, review.id)
        again = shown.decision_form
        shown_again = dict([again] if isinstance(again, tuple) else again or [])
        forms = {
            action.id: shown_again.get(action.id)
            or CarriedDecisionForm(
                formdata=None,
                prefix=f"action-{action.id}",
                version=action.version,
                due_on=None,
            )
            for action in carried
        }
        return {
            "carried": carried,
            "decisions": bookkeeping.decided,
            "decision_names": action_rules.DECISION_NAMES,
            "decision_forms": forms,
            "decision_errors": next(iter(shown_again.values()), None),
            "action_conflict": shown.action_conflict,
        }

    def read(self, review, workflow, step):
        """Refuse a decision typed but not recorded, so it is not lost."""
        unrecorded = []
        for action in carried_actions(review):
            prefix = f"action-{action.id}"
            typed = any(
                request.form.get(f"{prefix}-{name}", "").strip()
                for name in ("decision", "due_on", "note")
            )
            if typed:
                form = CarriedDecisionForm(prefix=prefix)
                form.decision.errors = [buttons.UNRECORDED_DECISION]
                unrecorded.append((action.id, form))
        return Reading(refused={"decision_form": unrecorded} if unrecorded else None)


def _step_form(step: Step, review: Review, formdata=None):
    form_class = build_step_form_class(step, current_app.config["LABELS"])
    if formdata is not None:
        return form_class()
    stored = operations.answers_by_prompt(review)
    answers = {key: answer.answer for key, answer in stored.items()}
    return form_class(data=form_data_from_answers(step, answers))


class PromptsPage(StepPage):
    kind = StepKind.PROMPTS
    partial = "workflows/steps/_prompts.html"
    record_partial = "workflows/record/_prompts.html"

    def data(self, review, workflow, step, shown):
        stored = operations.answers_by_prompt(review)
        return {
            "form": shown.form or _step_form(step, review),
            "versions": {key: answer.version for key, answer in stored.items()},
            "answers": {key: answer.answer for key, answer in stored.items()},
        }

    def read(self, review, workflow, step):
        """Check the answers; keep the version of each the person saw."""
        form = _step_form(step, review, formdata=request.form)
        if not form.validate_on_submit():
            return Reading(refused={"form": form}, form=form)
        versions = {
            prompt.key: parse_id(request.form.get(f"version-{prompt.key}", ""))
            for prompt in step.prompts
        }
        saving = {"answers": answers_from_form(step, form), "versions": versions}
        return Reading(saving=saving, form=form)


class NextStepsPage(StepPage):
    kind = StepKind.NEXT_STEPS
    partial = "workflows/steps/_next_steps.html"
    record_partial = "workflows/record/_next_steps.html"

    def data(self, review, workflow, step, shown):
        labels = current_app.config["LABELS"]
        carried = carried_actions(review)
        bookkeeping = action_rules.carry_forward(carried, review.id)
        carried_step = workflow.step_of_kind(StepKind.CARRIED_ACTIONS)
        context: dict[str, Any] = {
            "undecided": [a for a in carried if a.id in bookkeeping.undecided],
            "carried_step_key": carried_step.key if carried_step else None,
        }
        if carried_step is None:
            # Without a step of its own, the group records what happened to
            # the carried actions here, before agreeing.
            context |= STEP_PAGES[StepKind.CARRIED_ACTIONS].data(
                review, workflow, step, shown
            )
        action_form = shown.action_form or self._new_action_form(review, workflow)
        action_form.owner_side.choices = owner_side_choices(labels)
        action_form.owner_person_id.choices = owner_person_choices(
            people_of_relationship(review.relationship)
        )
        sources = action_sources(workflow, labels)
        return context | {
            "action_form": action_form,
            "sources": sources,
            "source_label": sources.get(action_form.source.data or ""),
            "next_review_form": shown.next_review_form
            or NextReviewForm(
                formdata=None,
                next_review_on=review.next_review_on
                or default_next_review(review, step),
            ),
        }

    @staticmethod
    def _new_action_form(review: Review, workflow: Workflow) -> ActionForm:
        """Start an action, from the prompt the group pressed its button on."""
        source = request.args.get("source", "")
        stored = operations.answers_by_prompt(review)
        answers = {key: answer.answer for key, answer in stored.items()}
        labels = current_app.config["LABELS"]
        return ActionForm(
            source=source,
            description=buttons.description_from(workflow, source, answers, labels),
            formdata=None,
        )

    def read(self, review, workflow, step):
        """Check the next review's date; refuse an action typed but not added."""
        if "next_review_on" not in request.form:
            return Reading()
        next_review_form = NextReviewForm()
        action_form = ActionForm()
        if (action_form.description.data or "").strip():
            # Half an action is not guessed at: it is shown again, to add or clear.
            action_form.description.errors = [buttons.UNADDED_ACTION]
        if not next_review_form.validate_on_submit() or action_form.errors:
            refused = {"next_review_form": next_review_form, "action_form": action_form}
            return Reading(refused=refused)
        next_review_on = next_review_form.next_review_on.data
        return Reading(
            saving={"sets_next_review": True, "next_review_on": next_review_on}
        )


#: The page of every step kind by its stable id. A new kind is a new subclass here.
STEP_PAGES: dict[str, StepPage] = {
    page.kind: page
    for page in (
        ExplanationPage(),
        RatingsPage(),
        ResultsPage(),
        CarriedActionsPage(),
        PromptsPage(),
        NextStepsPage(),
    )
}


#: The part of the record each kind of step keeps, by kind (None: nothing).
RECORD_PARTIALS = {kind: page.record_partial for kind, page in STEP_PAGES.items()}


def read_step(
    review: Review, workflow: Workflow, step: Step, direction: str
) -> Reading:
    """Read what a step's form sent with the pressed button, skipping included.

    A skip needs a reason, and only a skippable step may be skipped.
    """
    reading = STEP_PAGES[step.kind].read(review, workflow, step)
    if reading.refused is not None or direction != "skip":
        return reading
    skip_form = SkipForm()
    if not step.skippable:
        skip_form.skip_reason.errors = ["This step cannot be skipped."]
    elif skip_form.validate_on_submit():
        saving = reading.saving | {"skip_reason": skip_form.skip_reason.data}
        return Reading(saving=saving, form=reading.form)
    return Reading(refused={"form": reading.form, "skip_form": skip_form})


def render_step(
    review: Review, workflow: Workflow, step: Step, *, status: int = 200, **shown: Any
) -> tuple[str, int]:
    """Draw a step of a review; ``shown`` holds forms shown again (see Shown)."""
    again = Shown(**shown)
    viewer = current_viewer()
    page = STEP_PAGES[step.kind]
    context = {
        "review": review,
        "workflow": workflow,
        "step": step,
        "partial": page.partial,
        "step_number": workflow.step_index(step.key) + 1,
        "progress": {p.step_key: p for p in review.step_progress},
        "skip_form": again.skip_form or SkipForm(),
        "conflict": again.conflict,
        "may_agree": may_agree_review(viewer, review),
        "may_edit": may_edit_review(viewer, review),
        "may_run": may_run_reviews(viewer, review.relationship),
        "next_steps_key": workflow.next_steps.key,
    }
    if step.shows_lessons:
        context["lessons"] = queries.lessons_for_next_lto(
            review.relationship.partnership_id, review
        )
    context |= page.data(review, workflow, step, again)
    return render_template("workflows/step.html", **context), status
