"""Pages for starting a review, joining it, answering it and seeing its results."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ltoapp.accounts.access import (
    current_viewer,
    relationship_or_404,
    remember_guest,
    require,
    review_or_404,
)
from ltoapp.accounts.permissions import (
    guest_participant_id,
    may_agree_review,
    may_answer_review,
    may_edit_review,
    may_run_reviews,
    may_start_review,
    may_view_relationship,
)
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.extensions import db, limiter
from ltoapp.framework import load_framework
from ltoapp.reviews import operations, queries
from ltoapp.reviews.forms import (
    DONT_KNOW,
    GuestForm,
    JoinCodeForm,
    NextReviewForm,
    StartReviewForm,
    comment_field_name,
    questionnaire_form_class,
    rating_field_name,
    side_choices,
)
from ltoapp.reviews.models import Participant, Review, Side
from ltoapp.workflows import Step, wording
from ltoapp.workflows.registry import current_workflows, workflow_named
from ltoapp.workflows.suggestion import suggest_workflow
from ltoapp.workflows.views import default_next_review, render_step

bp = Blueprint("reviews", __name__)


def _join_rate_limit():
    return limiter.limit(
        lambda: current_app.config["JOIN_RATE_LIMIT"], methods=["POST"]
    )


def _suggested_workflow(relationship) -> tuple[str, str]:
    reviews = relationship.reviews
    last = max((review.held_on for review in reviews), default=None)
    return suggest_workflow(
        has_reviews=bool(reviews),
        last_review_on=last,
        relationship_ended=not relationship.is_current,
        has_exit_interview=any(r.workflow == "exit_interview" for r in reviews),
        today=date.today(),
    )


@bp.route("/relationships/<int:relationship_id>/reviews/new", methods=["GET", "POST"])
@login_required
def start(relationship_id: int) -> str | Response:
    """Start a review of a relationship, choosing its workflow."""
    relationship = relationship_or_404(relationship_id)
    require(may_start_review(current_viewer(), relationship))
    suggested, reason = _suggested_workflow(relationship)
    workflows = current_workflows()
    form = StartReviewForm(workflow=suggested)
    form.workflow.choices = [
        SelectChoice(workflow.key, workflow.name) for workflow in workflows.values()
    ]
    if form.validate_on_submit():
        workflow = workflows[form.workflow.data]
        review = operations.start_review(
            relationship,
            form.held_on.data,
            workflow,
            facilitator=current_user if current_viewer().is_facilitator else None,
        )
        record(
            current_viewer(),
            AuditVerb.CREATED,
            "review",
            review.id,
            f"Started a {workflow.name.lower()} held on {review.held_on.isoformat()}",
            relationship.id,
        )
        db.session.commit()
        flash(f"The {workflow.name.lower()} has started.", "success")
        return redirect(
            url_for("workflows.step", review_id=review.id, step_key=review.current_step)
        )
    return render_template(
        "reviews/start.html",
        relationship=relationship,
        form=form,
        workflows=workflows,
        suggested=suggested,
        reason=reason,
    ), (422 if form.errors else 200)


@bp.get("/reviews/<int:review_id>")
@login_required
def show(review_id: int) -> str:
    """Show a review: what it is, who has answered, how to join."""
    review = review_or_404(review_id)
    return render_template(
        "reviews/show.html",
        review=review,
        response_count=queries.response_count(review.id),
        may_run=may_run_reviews(current_viewer(), review.relationship),
        first_step=workflow_named(review.workflow).steps[0].key,
        join_url=url_for("reviews.join_review", code=review.join_code, _external=True)
        if review.join_code
        else None,
    )


def ratings_step(review: Review) -> Step:
    """Return the step of the review's workflow that asks for ratings."""
    return workflow_named(review.workflow).rating_steps()[0]


def _questionnaire_form(review: Review, participant: Participant | None):
    step = ratings_step(review)
    form_class = questionnaire_form_class(
        load_framework(),
        columns=step.columns,
        required_columns=step.required_columns,
        column_questions={
            column: wording(question, current_app.config["LABELS"])
            for column, question in step.column_wording.items()
        },
        comment_max_length=current_app.config["COMMENT_MAX_LENGTH"],
    )
    response = participant.response if participant is not None else None
    if response is None:
        return form_class()
    data = {
        rating_field_name(r.question_key, r.column): (
            DONT_KNOW if r.value is None else str(r.value)
        )
        for r in response.ratings
    }
    data |= {comment_field_name(c.question_key): c.text for c in response.comments}
    data["other_comments"] = response.other_comments
    return form_class(data=data)


def _answering_participant(review: Review) -> Participant | None:
    """Return who is answering: a guest's participant or the signed-in person's."""
    viewer = current_viewer()
    guest = guest_participant_id(viewer, review)
    if guest is not None:
        return db.session.get(Participant, guest)
    if current_user.is_authenticated:
        return db.session.scalar(
            db.select(Participant).filter_by(
                review_id=review.id, person_id=viewer.person_id
            )
        )
    return None


@bp.route("/reviews/<int:review_id>/respond", methods=["GET", "POST"])
def respond(review_id: int) -> str | Response:
    """Answer the framework questionnaire for a review (or change your answers)."""
    viewer = current_viewer()
    if not current_user.is_authenticated and not viewer.guest_participants:
        return current_app.login_manager.unauthorized()
    review = db.session.get(Review, review_id)
    require(
        review is not None
        and (
            guest_participant_id(viewer, review) is not None
            or may_view_relationship(viewer, review.relationship)
        )
    )
    if not may_answer_review(viewer, review):
        flash("This review has been agreed, so it no longer takes answers.", "info")
        if may_view_relationship(viewer, review.relationship):
            return redirect(url_for("reviews.results", review_id=review.id))
        return redirect(url_for("reviews.thanks", review_id=review.id))
    framework = load_framework()
    participant = _answering_participant(review)
    form = _questionnaire_form(review, participant)
    step = ratings_step(review)
    unexpected: list[str] = []
    if request.method == "POST":
        unexpected = form.unexpected_fields(list(request.form.keys()))
    if form.validate_on_submit() and not unexpected:
        if participant is None:
            participant = operations.participant_for_person(
                review, current_user, operations.side_for(viewer, review.relationship)
            )
        ratings = {}
        for question in framework.questions:
            for column in step.columns:
                answer = form[rating_field_name(question.key, column)].data
                if answer:
                    ratings[(question.key, column)] = (
                        None if answer == DONT_KNOW else int(answer)
                    )
        first_time = participant.response is None
        response = operations.save_response(
            participant,
            ratings=ratings,
            comments={
                question.key: form[comment_field_name(question.key)].data
                for question in framework.questions
            },
            other_comments=form.other_comments.data,
        )
        record(
            viewer,
            AuditVerb.CREATED if first_time else AuditVerb.CHANGED,
            "response",
            response.id,
            "Answered the questionnaire" if first_time else "Changed their answers",
            review.relationship_id,
        )
        db.session.commit()
        flash("Thank you. Your answers are saved.", "success")
        if may_view_relationship(viewer, review.relationship):
            return redirect(url_for("reviews.results", review_id=review.id))
        return redirect(url_for("reviews.thanks", review_id=review.id))
    form_errors = []
    if unexpected:
        form_errors.append(
            "The form sent answers to questions it does not have. "
            "Check your answers below and send them again."
        )
    return render_template(
        "reviews/respond.html",
        review=review,
        participant=participant,
        form=form,
        form_errors=form_errors,
        ratings_step=step,
        rating_field_name=rating_field_name,
        comment_field_name=comment_field_name,
    ), (422 if request.method == "POST" else 200)


@bp.post("/reviews/<int:review_id>/next-review")
@login_required
def set_next_review(review_id: int) -> str | Response:
    """Record the date of the next review."""
    review = review_or_404(review_id)
    require(may_edit_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    form = NextReviewForm()
    if not form.validate_on_submit():
        return render_step(
            review, workflow, workflow.next_steps, next_review_form=form, status=422
        )
    operations.set_next_review(review, form.next_review_on.data)
    db.session.commit()
    flash("The date of the next review is saved.", "success")
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=workflow.next_steps.key)
    )


@bp.post("/reviews/<int:review_id>/agree")
@login_required
def agree(review_id: int) -> Response:
    """Agree the review, which makes its record read-only."""
    review = review_or_404(review_id)
    require(may_agree_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    if review.next_review_on is None:
        review.next_review_on = default_next_review(review, workflow.next_steps)
    operations.agree_review(review, current_user)
    record(
        current_viewer(),
        AuditVerb.AGREED,
        "review",
        review.id,
        f"Agreed the {workflow.name.lower()}",
        review.relationship_id,
    )
    db.session.commit()
    flash("The review is agreed. This is now its record.", "success")
    return redirect(url_for("workflows.record", review_id=review.id))


@bp.get("/reviews/<int:review_id>/thanks")
def thanks(review_id: int) -> str:
    """Thank a guest for their answers and let them change them."""
    review = db.session.get(Review, review_id)
    require(
        review is not None
        and guest_participant_id(current_viewer(), review) is not None
    )
    return render_template("reviews/thanks.html", review=review)


@bp.get("/reviews/<int:review_id>/results")
@login_required
def results(review_id: int) -> str:
    """Show the ratings of a review as a chart, a table and a sentence."""
    review = review_or_404(review_id)
    return render_template(
        "reviews/results.html",
        review=review,
        results=queries.review_results(review.id, current_app.config),
    )


@bp.route("/join", methods=["GET", "POST"])
@_join_rate_limit()
def join() -> str | Response:
    """Type the code of a review to join it."""
    form = JoinCodeForm()
    if form.validate_on_submit():
        review = operations.review_by_join_code(form.code.data)
        if review is not None:
            return redirect(url_for("reviews.join_review", code=review.join_code))
        form.code.errors.append(
            "That code does not open a review. Check it with the facilitator: "
            "codes use letters and the numbers 2 to 9."
        )
    return render_template("reviews/join.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/join/<code>", methods=["GET", "POST"])
@_join_rate_limit()
def join_review(code: str) -> str | Response:
    """Join a review by its code: say which side you speak for, then answer."""
    review = operations.review_by_join_code(code)
    if review is None:
        return render_template("reviews/code_not_valid.html"), 404
    viewer = current_viewer()
    if guest_participant_id(viewer, review) is not None or (
        current_user.is_authenticated
        and may_view_relationship(viewer, review.relationship)
    ):
        # People already known are not asked again.
        return redirect(url_for("reviews.respond", review_id=review.id))
    form = GuestForm()
    form.side.choices = side_choices(current_app.config["LABELS"])
    if form.validate_on_submit():
        participant = operations.join_as_guest(
            review, Side(form.side.data), form.display_name.data
        )
        db.session.commit()
        remember_guest(review.id, participant.id)
        return redirect(url_for("reviews.respond", review_id=review.id))
    return render_template("reviews/join_review.html", review=review, form=form), (
        422 if form.errors else 200
    )
