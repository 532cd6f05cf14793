"""The staged reveal's views: the facilitator's buttons, and the stage that the
projected screen, members' results pages and guests' phones all follow."""

from __future__ import annotations

from flask import flash, jsonify, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ltoapp.access import current_viewer, load_review, require, review_or_404
from ltoapp.extensions import db
from ltoapp.permissions import may_run_reviews, takes_part_in
from ltoapp.reviews import operations
from ltoapp.reviews.blueprint import bp
from ltoapp.reviews.forms import RevealForm
from ltoapp.reviews.results_page import viewer_stage
from ltoapp.reviews.reveal import RevealStage


@bp.post("/reviews/<int:review_id>/reveal")
@login_required
def reveal(review_id: int) -> Response:
    """Show the room the chosen part of the results: every screen follows."""
    review = review_or_404(review_id)
    viewer = current_viewer()
    require(may_run_reviews(viewer, review.relationship))
    operations.ensure_open(review)
    form = RevealForm()
    if form.validate_on_submit():
        operations.set_reveal_stage(review, RevealStage(form.stage.data), by=viewer)
        db.session.commit()
    else:
        flash("Choose one of the buttons to say what the room sees.", "error")
    return redirect(url_for("reviews.live", review_id=review.id))


@bp.get("/reviews/<int:review_id>/stage.json")
def stage_data(review_id: int) -> Response:
    """Tell a results page or a guest's phone which stage the room is at."""
    review = load_review(review_id)
    viewer = current_viewer()
    require(review is not None and takes_part_in(viewer, review))
    response = jsonify({"stage": viewer_stage(review).value})
    response.cache_control.no_store = True
    return response
