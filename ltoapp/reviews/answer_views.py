"""Answering a review: joining by code, the questionnaire, its drafts, thanks."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from ltoapp.access import current_viewer, load_review, remember_guest, require
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.permissions import (
    guest_participant_id,
    may_answer_review,
    may_view_relationship,
    takes_part_in,
)
from ltoapp.reviews import operations
from ltoapp.reviews.answering import (
    answering_participant,
    answering_review_or_403,
    browser_draft_key,
    questionnaire_class,
    questionnaire_form,
    ratings_step,
)
from ltoapp.reviews.blueprint import bp
from ltoapp.reviews.forms import (
    DraftRejected,
    GuestForm,
    JoinCodeForm,
    QuestionnaireForm,
    clean_draft,
    comment_field_name,
    rating_field_name,
    side_choices,
)
from ltoapp.reviews.limits import limit_join_tries
from ltoapp.reviews.models import Participant, Review, Side
from ltoapp.reviews.questionnaire import field_errors, summarise_errors
from ltoapp.reviews.results_page import results_context
from ltoapp.workflows.registry import workflow_named

#: Shown above a questionnaire that came back with fields it does not have.
UNEXPECTED_FIELDS = (
    "The form sent answers to questions it does not have. "
    "Check your answers below and send them again."
)


@bp.route("/join", methods=["GET", "POST"])
@limit_join_tries
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
@limit_join_tries
def join_review(code: str) -> str | Response:
    """Join a review by its code: say which side you speak for, then answer."""
    review = operations.review_by_join_code(code)
    if review is None:
        return render_template("reviews/code_not_valid.html"), 404
    viewer = current_viewer()
    if takes_part_in(viewer, review):
        # People already known are not asked again.
        return redirect(url_for("reviews.respond", review_id=review.id))
    form = GuestForm()
    form.side.choices = side_choices(current_app.config["LABELS"])
    if form.validate_on_submit():
        participant = operations.join_as_guest(
            review,
            Side(form.side.data),
            form.display_name.data,
            join_token=form.join_token.data,
            by=viewer,
        )
        # Read before the commit expires them, which would cost two reads.
        joined = (review.id, participant.id)
        db.session.commit()
        remember_guest(*joined)
        return redirect(url_for("reviews.respond", review_id=joined[0]))
    return render_template("reviews/join_review.html", review=review, form=form), (
        422 if form.errors else 200
    )


@bp.route("/reviews/<int:review_id>/respond", methods=["GET", "POST"])
def respond(review_id: int) -> str | Response:
    """Answer the framework questionnaire for a review (or change your answers)."""
    viewer = current_viewer()
    if not viewer.is_signed_in and not viewer.guest_participants:
        # Most often a guest who opened their link on another phone or
        # browser: say how to carry on, the same for every review id.
        return render_template("reviews/answer_elsewhere.html"), 403
    review = answering_review_or_403(review_id)
    if not may_answer_review(viewer, review):
        flash(
            "This review has been agreed, so it no longer takes answers."
            if review.is_agreed
            else "This review is closed to new answers.",
            "info",
        )
        return redirect(_after_answering(review))
    participant = answering_participant(review)
    form = questionnaire_form(review, participant)
    unexpected = request.method == "POST" and form.unexpected_fields(
        list(request.form.keys())
    )
    if form.validate_on_submit() and not unexpected:
        operations.save_response(
            participant or _member_participant(review),
            ratings=form.ratings(),
            comments=form.comments(),
            other_comments=form.other_comments.data,
            by=viewer,
        )
        # Where to go next does not change with the answers; asked before the
        # commit expires the review, which would cost a read.
        after = _back_to_step(review) or _after_answering(review)
        db.session.commit()
        flash("Thank you. Your answers are saved.", "success")
        return redirect(after)
    return _questionnaire_page(
        review, participant, form, [UNEXPECTED_FIELDS] if unexpected else []
    )


def _member_participant(review: Review) -> Participant:
    """Make the signed-in person a participant, on the side they belong to."""
    side = operations.side_for(current_viewer(), review.relationship)
    return operations.participant_for_person(review, current_user, side)


def _after_answering(review: Review) -> str:
    """Lead members to the results and guests to their thanks."""
    if may_view_relationship(current_viewer(), review.relationship):
        return url_for("reviews.results", review_id=review.id)
    return url_for("reviews.thanks", review_id=review.id)


def _back_to_step(review: Review) -> str | None:
    """Return the step a rep came from ("Answer for yourself"), if it is one."""
    key = request.args.get("step", "")
    workflow = workflow_named(review.workflow)
    if (
        review.is_agreed
        or key not in {step.key for step in workflow.steps}
        or not may_view_relationship(current_viewer(), review.relationship)
    ):
        return None
    return url_for("workflows.step", review_id=review.id, step_key=key)


def _questionnaire_page(
    review: Review,
    participant: Participant | None,
    form: QuestionnaireForm,
    form_errors: list[str],
) -> tuple[str, int]:
    step = ratings_step(review)
    return render_template(
        "reviews/respond.html",
        review=review,
        participant=participant,
        form=form,
        form_errors=form_errors,
        summary=summarise_errors(field_errors(form, load_framework(), step.columns)),
        draft_key=browser_draft_key(review, participant),
        ratings_step=step,
        rating_field_name=rating_field_name,
        comment_field_name=comment_field_name,
    ), (422 if request.method == "POST" else 200)


@bp.post("/reviews/<int:review_id>/draft")
def save_draft(review_id: int) -> tuple[Response, int]:
    """Keep a half-filled questionnaire as the person goes (sent by autosave.js)."""
    review = answering_review_or_403(review_id)
    if not may_answer_review(current_viewer(), review):
        return jsonify(saved=False, message="This review takes no more answers."), 409
    rating_fields, text_fields = questionnaire_class(review).draft_fields()
    try:
        answers = clean_draft(
            request.get_json(silent=True) if request.is_json else request.form,
            rating_fields=rating_fields,
            text_fields=text_fields,
            max_length=current_app.config["COMMENT_MAX_LENGTH"],
        )
    except DraftRejected as problem:
        return jsonify(saved=False, message=str(problem)), 400
    participant = answering_participant(review) or _member_participant(review)
    operations.save_draft(participant, answers)
    db.session.commit()
    return jsonify(saved=True), 200


@bp.get("/reviews/<int:review_id>/thanks")
def thanks(review_id: int) -> str:
    """Thank a guest for their answers and let them change them."""
    review = load_review(review_id)
    require(
        review is not None
        and guest_participant_id(current_viewer(), review) is not None
    )
    return render_template(
        "reviews/thanks.html",
        draft_key=browser_draft_key(review, answering_participant(review)),
        **results_context(review),
    )
