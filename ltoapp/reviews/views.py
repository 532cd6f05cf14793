"""Pages for starting a review, answering it and seeing its results."""

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
from werkzeug.wrappers import Response

from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.framework.analysis import (
    columns_with_answers,
    describe_results,
    summarise_cells,
)
from ltoapp.relationships.models import Relationship
from ltoapp.reviews import operations, queries
from ltoapp.reviews.forms import (
    DONT_KNOW,
    StartReviewForm,
    comment_field_name,
    questionnaire_form_class,
    rating_field_name,
)
from ltoapp.reviews.models import Review, Side

bp = Blueprint("reviews", __name__)


@bp.route("/relationships/<int:relationship_id>/reviews/new", methods=["GET", "POST"])
def start(relationship_id: int) -> str | Response:
    """Start a review of a relationship."""
    relationship = db.get_or_404(Relationship, relationship_id)
    form = StartReviewForm()
    if form.validate_on_submit():
        review = operations.start_review(relationship, form.held_on.data)
        db.session.commit()
        flash("The review has started. It is open for answers.", "success")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template(
        "reviews/start.html", relationship=relationship, form=form
    ), (422 if form.errors else 200)


@bp.get("/reviews/<int:review_id>")
def show(review_id: int) -> str:
    """Show a review: what it is, who has answered, where to go next."""
    review = db.get_or_404(Review, review_id)
    return render_template(
        "reviews/show.html",
        review=review,
        response_count=queries.response_count(review.id),
    )


def _questionnaire_form():
    framework = load_framework()
    form_class = questionnaire_form_class(
        framework,
        columns=[column.key for column in framework.columns],
        required_columns=list(operations.REQUIRED_COLUMNS),
        labels=current_app.config["LABELS"],
        comment_max_length=current_app.config["COMMENT_MAX_LENGTH"],
    )
    return form_class()


@bp.route("/reviews/<int:review_id>/respond", methods=["GET", "POST"])
def respond(review_id: int) -> str | Response:
    """Answer the framework questionnaire for a review."""
    review = db.get_or_404(Review, review_id)
    if review.is_agreed:
        flash("This review has been agreed, so it no longer takes answers.", "info")
        return redirect(url_for("reviews.results", review_id=review.id))
    framework = load_framework()
    form = _questionnaire_form()
    unexpected: list[str] = []
    if request.method == "POST":
        unexpected = form.unexpected_fields(list(request.form.keys()))
    if form.validate_on_submit() and not unexpected:
        ratings = {}
        for question in framework.questions:
            for column in framework.columns:
                answer = form[rating_field_name(question.key, column.key)].data
                if answer:
                    ratings[(question.key, column.key)] = (
                        None if answer == DONT_KNOW else int(answer)
                    )
        operations.record_response(
            review,
            side=Side(form.side.data),
            display_name=form.display_name.data,
            ratings=ratings,
            comments={
                question.key: form[comment_field_name(question.key)].data
                for question in framework.questions
            },
            other_comments=form.other_comments.data,
        )
        db.session.commit()
        flash("Thank you. Your answers are saved.", "success")
        return redirect(url_for("reviews.results", review_id=review.id))
    form_errors = []
    if unexpected:
        form_errors.append(
            "The form sent answers to questions it does not have. "
            "Check your answers below and send them again."
        )
    return render_template(
        "reviews/respond.html",
        review=review,
        form=form,
        form_errors=form_errors,
        rating_field_name=rating_field_name,
        comment_field_name=comment_field_name,
    ), (422 if request.method == "POST" else 200)


@bp.get("/reviews/<int:review_id>/results")
def results(review_id: int) -> str:
    """Show the ratings of a review as a chart, a table and a sentence."""
    review = db.get_or_404(Review, review_id)
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
