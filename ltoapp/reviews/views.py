"""Pages for starting a review, joining it, answering it and seeing its results."""

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
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ltoapp.accounts.access import (
    current_viewer,
    relationship_or_404,
    remember_guest,
    require,
    review_or_404,
)
from ltoapp.accounts.permissions import (
    guest_participant_id,
    may_answer_review,
    may_run_reviews,
    may_start_review,
    may_view_relationship,
)
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.extensions import db, limiter
from ltoapp.framework import load_framework
from ltoapp.framework.analysis import (
    columns_with_answers,
    describe_results,
    summarise_cells,
)
from ltoapp.reviews import operations, queries
from ltoapp.reviews.forms import (
    DONT_KNOW,
    GuestForm,
    JoinCodeForm,
    StartReviewForm,
    comment_field_name,
    questionnaire_form_class,
    rating_field_name,
    side_choices,
)
from ltoapp.reviews.models import Participant, Review, Side

bp = Blueprint("reviews", __name__)


def _join_rate_limit():
    return limiter.limit(
        lambda: current_app.config["JOIN_RATE_LIMIT"], methods=["POST"]
    )


@bp.route("/relationships/<int:relationship_id>/reviews/new", methods=["GET", "POST"])
@login_required
def start(relationship_id: int) -> str | Response:
    """Start a review of a relationship."""
    relationship = relationship_or_404(relationship_id)
    require(
        may_start_review(current_viewer(), relationship) and relationship.is_current
    )
    form = StartReviewForm()
    if form.validate_on_submit():
        review = operations.start_review(relationship, form.held_on.data)
        record(
            current_viewer(),
            AuditVerb.CREATED,
            "review",
            review.id,
            f"Started a review held on {review.held_on.isoformat()}",
            relationship.id,
        )
        db.session.commit()
        flash("The review has started. It is open for answers.", "success")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template(
        "reviews/start.html", relationship=relationship, form=form
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
        join_url=url_for("reviews.join_review", code=review.join_code, _external=True)
        if review.join_code
        else None,
    )


def _questionnaire_form(participant: Participant | None):
    framework = load_framework()
    form_class = questionnaire_form_class(
        framework,
        columns=[column.key for column in framework.columns],
        required_columns=list(operations.REQUIRED_COLUMNS),
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
    form = _questionnaire_form(participant)
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
            for column in framework.columns:
                answer = form[rating_field_name(question.key, column.key)].data
                if answer:
                    ratings[(question.key, column.key)] = (
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
        rating_field_name=rating_field_name,
        comment_field_name=comment_field_name,
    ), (422 if request.method == "POST" else 200)


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
    framework = load_framework()
    column_keys = [column.key for column in framework.columns]
    cells = summarise_cells(
        queries.rating_records(review.id), framework.question_keys, column_keys
    )
    shown_columns = [
        framework.column(key) for key in columns_with_answers(cells, column_keys)
    ]
    chart = {
        "labels": [f"{q.number}. {q.short}" for q in framework.questions],
        "datasets": [
            {
                "label": f"{column.key}. {column.name}",
                "colour": column.colour,
                "dashed": column.line == "dashed",
                "values": [
                    cells[(q.key, column.key)].median for q in framework.questions
                ],
            }
            for column in shown_columns
        ],
    }
    return render_template(
        "reviews/results.html",
        review=review,
        cells=cells,
        columns=shown_columns,
        chart=chart,
        summary=describe_results(cells, framework),
        response_count=queries.response_count(review.id),
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
