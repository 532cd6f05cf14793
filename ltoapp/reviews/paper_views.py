"""Questionnaires on paper: the blank to print, and typing in the answers given."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ltoapp.access import current_viewer, require, review_or_404
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.permissions import may_manage_review
from ltoapp.reviews import operations, queries
from ltoapp.reviews.answering import ratings_step
from ltoapp.reviews.blueprint import bp
from ltoapp.reviews.forms import rating_field_name, side_choices
from ltoapp.reviews.models import Review, Side
from ltoapp.reviews.paper_forms import (
    DONT_KNOW_SHORTHANDS,
    PaperForm,
    paper_form_class,
)


@bp.get("/reviews/<int:review_id>/paper")
@login_required
def paper_questionnaire(review_id: int) -> str:
    """Show this review's questionnaire blank, to print for people who prefer paper."""
    review = review_or_404(review_id)
    return render_template(
        "reviews/paper.html", review=review, ratings_step=ratings_step(review)
    )


def _paper_form(review: Review) -> PaperForm:
    form = paper_form_class(
        load_framework(),
        ratings_step(review).columns,
        current_app.config["COMMENT_MAX_LENGTH"],
    )()
    form.side.choices = side_choices(current_app.config["LABELS"])
    return form


@bp.route("/reviews/<int:review_id>/paper/enter", methods=["GET", "POST"])
@login_required
def enter_paper(review_id: int) -> str | Response:
    """Type in paper questionnaires, one person after another."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    form = _paper_form(review)
    if form.validate_on_submit():
        operations.record_response(
            review,
            Side(form.side.data),
            form.display_name.data,
            ratings=form.ratings(),
            comments={},
            other_comments=form.other_comments.data,
            on_paper=True,
            by=current_viewer(),
        )
        db.session.commit()
        flash(
            f"Saved paper {queries.paper_count(review.id)}. The form is ready for "
            "the next one.",
            "success",
        )
        return redirect(url_for("reviews.enter_paper", review_id=review.id))
    return render_template(
        "reviews/enter_paper.html",
        review=review,
        form=form,
        ratings_step=ratings_step(review),
        rating_field_name=rating_field_name,
        paper_count=queries.paper_count(review.id),
        dont_know_shorthands=DONT_KNOW_SHORTHANDS,
    ), (422 if form.errors else 200)
