"""The results of a review: on screen, printed, person by person, as CSV, live."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request
from flask_login import login_required
from werkzeug.wrappers import Response

from ltoapp.access import current_viewer, require, review_or_404
from ltoapp.csv_writer import write_csv
from ltoapp.framework import load_framework
from ltoapp.framework.disclosure import Audience
from ltoapp.permissions import audience_for, may_run_reviews, may_see_individuals
from ltoapp.reviews import export, queries
from ltoapp.reviews.answering import ratings_step
from ltoapp.reviews.blueprint import bp
from ltoapp.reviews.forms import RevealForm
from ltoapp.reviews.results_page import results_context, room_results


@bp.get("/reviews/<int:review_id>/results")
@login_required
def results(review_id: int) -> str:
    """Show the group results of a review: charts, tables and what to talk about."""
    review = review_or_404(review_id)
    return render_template("reviews/results.html", **results_context(review))


@bp.get("/reviews/<int:review_id>/results/print")
@login_required
def print_results(review_id: int) -> str:
    """Show the results laid out for printing: the group's, or the facilitator's."""
    review = review_or_404(review_id)
    # The group's copy is the default: a printout is passed round the room.
    facilitator_copy = request.args.get("version") == "facilitator"
    if facilitator_copy:
        require(may_run_reviews(current_viewer(), review.relationship))
    audience = Audience.FACILITATOR if facilitator_copy else Audience.ROOM
    return render_template(
        "reviews/print_results.html",
        **results_context(review, audience),
        facilitator_copy=facilitator_copy,
        may_run=may_run_reviews(current_viewer(), review.relationship),
    )


@bp.get("/reviews/<int:review_id>/responses")
@login_required
def responses(review_id: int) -> str:
    """Show each person's ratings, as far as the review's anonymity allows."""
    review = review_or_404(review_id)
    require(may_see_individuals(current_viewer(), review))
    return render_template(
        "reviews/responses.html",
        **results_context(review),
        ratings_step=ratings_step(review),
    )


@bp.get("/reviews/<int:review_id>/results.csv")
@login_required
def results_csv(review_id: int) -> Response:
    """Download a review's results as CSV: rows per person only when allowed."""
    review = review_or_404(review_id)
    disclosure = queries.review_disclosure(
        review, audience_for(current_viewer(), review)
    )
    framework = load_framework()
    labels = current_app.config["LABELS"]
    columns = ratings_step(review).columns
    if disclosure.individuals:
        records = queries.rating_records(review.id)
        body = write_csv(
            export.INDIVIDUAL_HEADER,
            export.individual_rows(
                queries.participant_answers(review.id, records, set()),
                framework,
                columns,
                labels,
                disclosure,
            ),
        )
    else:
        body = write_csv(
            export.AGGREGATE_HEADER,
            export.aggregate_rows(
                queries.counted_records(review.id),
                framework,
                columns,
                labels,
                disclosure,
            ),
        )
    filename = f"review-{review.id}-{review.held_on.isoformat()}-results.csv"
    return current_app.response_class(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/reviews/<int:review_id>/live")
@login_required
def live(review_id: int) -> str:
    """Show the facilitator's live screen: who has answered and the group's results."""
    review = review_or_404(review_id)
    require(may_run_reviews(current_viewer(), review.relationship))
    return render_template(
        "reviews/live.html",
        review=review,
        live=room_results(review),
        reveal_form=RevealForm(),
    )


@bp.get("/reviews/<int:review_id>/live.json")
@login_required
def live_data(review_id: int) -> Response:
    """Answer the live screen's question every few seconds: the latest results."""
    review = review_or_404(review_id)
    require(may_run_reviews(current_viewer(), review.relationship))
    response = jsonify(room_results(review))
    response.cache_control.no_store = True
    return response
