"""Pages for running a review: starting it, its page, who may join, agreeing it."""

from __future__ import annotations

import segno
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ltoapp.access import current_viewer, relationship_or_404, require, review_or_404
from ltoapp.clock import today
from ltoapp.extensions import db
from ltoapp.forms import refuse
from ltoapp.permissions import (
    may_agree_review,
    may_edit_review,
    may_manage_review,
    may_run_reviews,
    may_see_individuals,
    may_start_review,
)
from ltoapp.relationships.forms import EndingForm
from ltoapp.relationships.operations import EndingRejected
from ltoapp.reviews import dates, operations, queries
from ltoapp.reviews.blueprint import bp
from ltoapp.reviews.forms import AnonymityForm, NextReviewForm, StartReviewForm
from ltoapp.reviews.models import Anonymity, Review
from ltoapp.workflows.check_page import render_check
from ltoapp.workflows.registry import current_workflows, workflow_named
from ltoapp.workflows.step_pages import default_next_review, render_step
from ltoapp.workflows.suggestion import suggest_workflow


def _suggested_workflow(relationship) -> tuple[str, str]:
    reviews = relationship.reviews
    last = max((review.held_on for review in reviews), default=None)
    return suggest_workflow(
        current_workflows(),
        reviewed_with=[review.workflow for review in reviews],
        last_review_on=last,
        relationship_ended=not relationship.is_current,
        today=today(),
    )


@bp.route("/relationships/<int:relationship_id>/reviews/new", methods=["GET", "POST"])
@login_required
def start(relationship_id: int) -> str | Response:
    """Start a review of a relationship, choosing its workflow."""
    relationship = relationship_or_404(relationship_id)
    viewer = current_viewer()
    require(may_start_review(viewer, relationship))
    suggested, reason = _suggested_workflow(relationship)
    workflows = current_workflows()
    form = StartReviewForm(workflow=suggested)
    form.workflow.choices = [
        SelectChoice(workflow.key, workflow.name) for workflow in workflows.values()
    ]
    if form.validate_on_submit() and not refuse(
        form.held_on,
        dates.review_date_problem(form.held_on.data, relationship.started_on, today()),
    ):
        workflow = workflows[form.workflow.data]
        review = operations.start_review(
            relationship,
            form.held_on.data,
            workflow,
            facilitator=current_user if viewer.is_facilitator else None,
            by=viewer,
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
    return render_review(review)


def render_review(review: Review, anonymity_form: AnonymityForm | None = None):
    """Render the review's page, with the anonymity form as given (or fresh)."""
    viewer = current_viewer()
    return render_template(
        "reviews/show.html",
        review=review,
        response_count=queries.response_count(review.id),
        may_run=may_run_reviews(viewer, review.relationship),
        may_manage=may_manage_review(viewer, review),
        may_see_individuals=may_see_individuals(viewer, review),
        anonymity_form=anonymity_form
        or AnonymityForm(formdata=None, anonymity=review.anonymity.value),
        first_step=workflow_named(review.workflow).steps[0].key,
        join_url=_join_url(review),
    ), (422 if anonymity_form and anonymity_form.errors else 200)


def _join_url(review: Review) -> str | None:
    if review.join_code is None:
        return None
    return url_for("reviews.join_review", code=review.join_code, _external=True)


@bp.post("/reviews/<int:review_id>/anonymity")
@login_required
def set_anonymity(review_id: int) -> str | Response:
    """Choose what the group sees of each person's answers."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    form = AnonymityForm()
    if not form.validate_on_submit():
        return render_review(review, anonymity_form=form)
    operations.set_anonymity(
        review, Anonymity(form.anonymity.data), by=current_viewer()
    )
    db.session.commit()
    flash("Saved what the group may see.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.post("/reviews/<int:review_id>/close")
@login_required
def close_answers(review_id: int) -> Response:
    """Close the review to new answers: its code and link stop working."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    operations.close_to_answers(review, by=current_viewer())
    db.session.commit()
    flash("The review takes no more answers. The old code no longer works.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.post("/reviews/<int:review_id>/open")
@login_required
def open_answers(review_id: int) -> Response:
    """Open the review to answers again, with a new code."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    code = operations.open_to_answers(review, by=current_viewer())
    db.session.commit()
    flash(f"The review takes answers again. The new code is {code}.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


def qr_code_svg(url: str, title: str) -> Markup:
    """Draw a QR code of a link as inline SVG, made here rather than fetched."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, title=title, svgclass="qr-code"
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


@bp.get("/reviews/<int:review_id>/slip")
@login_required
def slip(review_id: int) -> str | Response:
    """Show a slip to print or project: the code, the link and its QR code."""
    review = review_or_404(review_id)
    require(may_run_reviews(current_viewer(), review.relationship))
    join_url = _join_url(review)
    if join_url is None:
        flash("The review is closed to answers. Open it again to get a code.", "info")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template(
        "reviews/slip.html",
        review=review,
        join_url=join_url,
        qr_code=qr_code_svg(join_url, f"QR code of the link {join_url}"),
    )


@bp.post("/reviews/<int:review_id>/next-review")
@login_required
def set_next_review(review_id: int) -> str | Response:
    """Record the date of the next review."""
    review = review_or_404(review_id)
    require(may_edit_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    form = NextReviewForm()
    if not form.validate_on_submit() or refuse(
        form.next_review_on,
        dates.next_review_problem(form.next_review_on.data, review.held_on),
    ):
        return render_step(
            review, workflow, workflow.next_steps, next_review_form=form, status=422
        )
    operations.set_next_review(review, form.next_review_on.data, by=current_viewer())
    db.session.commit()
    flash("The date of the next review is saved.", "success")
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=workflow.next_steps.key)
    )


@bp.post("/reviews/<int:review_id>/agree")
@login_required
def agree(review_id: int) -> str | Response:
    """Agree the review, which makes its record read-only."""
    review = review_or_404(review_id)
    require(may_agree_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    ending = EndingForm() if workflow.asks_if_relationship_ends else None
    if ending is not None and not ending.validate_on_submit():
        return render_check(review, workflow, ending_form=ending, status=422)
    ends = ending is not None and ending.ends.data == "yes"
    try:
        operations.agree_review(
            review,
            by=current_viewer(),
            next_review_on=default_next_review(review, workflow.next_steps),
            relationship_ends_on=ending.ended_on.data if ends else None,
        )
    except EndingRejected as error:
        db.session.rollback()
        ending.ended_on.errors = [str(error)]
        return render_check(review, workflow, ending_form=ending, status=422)
    db.session.commit()
    if ends:
        flash(
            "The review is agreed and the relationship has ended. "
            "Next, record the new organisation and start its induction.",
            "success",
        )
        return redirect(
            url_for("relationships.show", relationship_id=review.relationship_id)
        )
    flash("The review is agreed. This is now its record.", "success")
    return redirect(url_for("workflows.record", review_id=review.id))
