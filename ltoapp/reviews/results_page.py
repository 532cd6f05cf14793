"""What a results page shows this request's viewer: the figures, and the stage."""

from __future__ import annotations

from flask import current_app, request

from ltoapp.access import current_viewer
from ltoapp.framework.disclosure import Audience
from ltoapp.permissions import audience_for, may_run_reviews
from ltoapp.reviews import room
from ltoapp.reviews.models import Review
from ltoapp.reviews.results import live_results, review_results
from ltoapp.reviews.reveal import RevealStage, room_stage, stage_for_viewer


def results_context(review: Review, audience: Audience | None = None) -> dict:
    """Gather what the results partial needs, as far as the audience may see it.

    The audience is the viewer's own unless given (the group's printout).
    """
    results = review_results(
        review.id,
        current_app.config,
        column=request.args.get("column"),
        audience=audience or audience_for(current_viewer(), review),
    )
    return {
        "review": review,
        "results": results,
        "show_sides": results.disclosure.compare_sides,
        "show_names": results.disclosure.names,
        "show_flat": results.disclosure.flat_profiles,
        "may_see_individuals": results.disclosure.individuals,
        "stage": viewer_stage(review),
    }


def viewer_stage(review: Review) -> RevealStage:
    """Return the stage of the reveal this request's viewer sees the results at."""
    return stage_for_viewer(
        review.reveal_stage,
        runs_review=may_run_reviews(current_viewer(), review.relationship),
        is_agreed=review.is_agreed,
    )


def room_results(review: Review) -> dict:
    """Return the live results as far as the room has been shown them."""
    stage = room_stage(review.reveal_stage, is_agreed=review.is_agreed)
    live = live_results(review.id, current_app.config)
    return room.for_the_room(live, stage, current_app.config["LABELS"])
