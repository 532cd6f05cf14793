"""Pages for partnerships, LTOs and their relationships."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ltoapp.access import current_viewer, relationship_or_404, require
from ltoapp.accounts import operations as account_operations
from ltoapp.accounts.forms import AssignFacilitatorForm
from ltoapp.accounts.models import FacilitatorAssignment, Person, Role
from ltoapp.actions.rules import STATUS_NAMES
from ltoapp.audit.models import AuditEntry
from ltoapp.clock import today
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.framework.disclosure import Audience
from ltoapp.permissions import (
    may_export_relationship,
    may_manage_organisations,
    may_read_audit,
    may_record_next_lto,
    may_run_reviews,
    may_start_review,
)
from ltoapp.relationships import operations, queries
from ltoapp.relationships.forms import (
    LTOForm,
    NextLTOForm,
    PartnershipForm,
    RelationshipForm,
)
from ltoapp.relationships.models import LTO, Partnership
from ltoapp.reports import timeline as story
from ltoapp.reports.rules import TIMING_NAMES, review_timing
from ltoapp.reviews import change_of_lto
from ltoapp.reviews.results import review_radars
from ltoapp.workflows.registry import current_workflows, workflow_named
from ltoapp.workflows.suggestion import suggest_workflow

bp = Blueprint("relationships", __name__)


@bp.route("/partnerships/new", methods=["GET", "POST"])
@login_required
def new_partnership() -> str | Response:
    """Add a partnership."""
    require(may_manage_organisations(current_viewer()))
    form = PartnershipForm()
    if form.validate_on_submit():
        partnership = operations.create_partnership(
            form.name.data, form.area.data, by=current_viewer()
        )
        db.session.commit()
        flash(f"Added {partnership.name}.", "success")
        return redirect(url_for("relationships.new_relationship"))
    return render_template("relationships/new_partnership.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/ltos/new", methods=["GET", "POST"])
@login_required
def new_lto() -> str | Response:
    """Add a locally trusted organisation."""
    require(may_manage_organisations(current_viewer()))
    form = LTOForm()
    if form.validate_on_submit():
        lto = operations.create_lto(
            form.name.data, form.description.data, by=current_viewer()
        )
        db.session.commit()
        flash(f"Added {lto.name}.", "success")
        return redirect(url_for("relationships.new_relationship"))
    return render_template("relationships/new_lto.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/relationships/new", methods=["GET", "POST"])
@login_required
def new_relationship() -> str | Response:
    """Record that a partnership works with an LTO."""
    require(may_manage_organisations(current_viewer()))
    form = RelationshipForm()
    form.fill_choices()
    if form.validate_on_submit():
        relationship = operations.create_relationship(
            db.get_or_404(Partnership, form.partnership_id.data),
            db.get_or_404(LTO, form.lto_id.data),
            form.started_on.data,
            by=current_viewer(),
        )
        db.session.commit()
        flash(f"Added the relationship of {relationship.title}.", "success")
        return redirect(url_for("relationships.show", relationship_id=relationship.id))
    return render_template("relationships/new_relationship.html", form=form), (
        422 if form.errors else 200
    )


def _facilitator_form(relationship) -> AssignFacilitatorForm:
    form = AssignFacilitatorForm()
    assigned = db.session.scalars(
        select(FacilitatorAssignment.person_id).filter_by(
            relationship_id=relationship.id
        )
    ).all()
    form.person_id.choices = [
        SelectChoice(person.id, person.name)
        for person in db.session.scalars(
            select(Person)
            .where(Person.role == Role.FACILITATOR, Person.erased_at.is_(None))
            .order_by(Person.name)
        )
        if person.id not in assigned
    ]
    return form


@bp.get("/relationships/<int:relationship_id>")
@login_required
def show(relationship_id: int) -> str:
    """Show a relationship, its people and its reviews."""
    relationship = relationship_or_404(relationship_id)
    viewer = current_viewer()
    facilitators = db.session.scalars(
        select(Person)
        .join(FacilitatorAssignment, FacilitatorAssignment.person_id == Person.id)
        .where(FacilitatorAssignment.relationship_id == relationship.id)
        .order_by(Person.name)
    ).all()
    due_on = relationship.next_review_due_on
    timing = review_timing(
        due_on, today(), under_way=any(not r.is_agreed for r in relationship.reviews)
    )
    return render_template(
        "relationships/show.html",
        relationship=relationship,
        next_review_on=due_on,
        timing=TIMING_NAMES[timing],
        may_export=may_export_relationship(viewer, relationship),
        facilitators=facilitators,
        may_start=may_start_review(viewer, relationship),
        may_run=may_run_reviews(viewer, relationship),
        may_audit=may_read_audit(viewer),
        successor=queries.successor(relationship),
        may_record_next_lto=may_record_next_lto(viewer, relationship),
        facilitator_form=_facilitator_form(relationship)
        if may_manage_organisations(viewer)
        else None,
    )


@bp.route("/relationships/<int:relationship_id>/next-lto", methods=["GET", "POST"])
@login_required
def next_lto(relationship_id: int) -> str | Response:
    """Record the partnership's new LTO and start their induction."""
    relationship = relationship_or_404(relationship_id)
    require(may_record_next_lto(current_viewer(), relationship))
    successor = queries.successor(relationship)
    if relationship.is_current or successor is not None:
        flash(
            "A new organisation can be recorded once the relationship has ended, "
            "and only once.",
            "error",
        )
        return redirect(url_for("relationships.show", relationship_id=relationship.id))
    form = NextLTOForm(started_on=relationship.ended_on)
    form.fill_choices(relationship)
    if form.validate_on_submit():
        # The workflow the files name for a relationship with no reviews yet.
        induction = workflow_named(
            suggest_workflow(
                current_workflows(),
                reviewed_with=(),
                last_review_on=None,
                relationship_ended=False,
                today=today(),
            )[0]
        )
        review = change_of_lto.change_lto(
            relationship,
            db.get_or_404(LTO, form.lto_id.data)
            if form.lto_id.data
            else form.new_lto_name.data.strip(),
            form.started_on.data,
            induction,
            started_by=current_user if current_viewer().is_facilitator else None,
            by=current_viewer(),
        )
        db.session.commit()
        flash(
            f"{review.relationship.title}: the relationship is recorded and its "
            f"{induction.name.lower()} has started.",
            "success",
        )
        return redirect(
            url_for("workflows.step", review_id=review.id, step_key=review.current_step)
        )
    return render_template(
        "relationships/next_lto.html", relationship=relationship, form=form
    ), (422 if form.errors else 200)


@bp.post("/relationships/<int:relationship_id>/facilitators")
@login_required
def assign_facilitator(relationship_id: int) -> Response:
    """Assign a facilitator to run this relationship's reviews."""
    relationship = relationship_or_404(relationship_id)
    require(may_manage_organisations(current_viewer()))
    form = _facilitator_form(relationship)
    if form.validate_on_submit():
        person = db.get_or_404(Person, form.person_id.data)
        account_operations.assign_facilitator(person, relationship, by=current_viewer())
        db.session.commit()
        flash(f"{person.name} now facilitates this relationship.", "success")
    else:
        flash("Choose a facilitator to assign.", "error")
    return redirect(url_for("relationships.show", relationship_id=relationship.id))


@bp.get("/relationships/<int:relationship_id>/audit")
@login_required
def audit(relationship_id: int) -> str:
    """Show who created, changed, agreed or deleted what in this relationship."""
    relationship = relationship_or_404(relationship_id)
    require(may_read_audit(current_viewer()))
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.relationship_id == relationship.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    return render_template(
        "relationships/audit.html", relationship=relationship, entries=entries
    )


@bp.get("/relationships/<int:relationship_id>/timeline")
@login_required
def timeline(relationship_id: int) -> str:
    """Tell the story of a relationship in order, with its ratings over time."""
    relationship = relationship_or_404(relationship_id)
    labels = current_app.config["LABELS"]
    held = story.reviews_of(relationship.id)
    trends = story.ratings_over_time(held, labels)
    reviews = [review for review, _ in trends[0].points] if trends else []
    compared = [reviews[0], reviews[-1]] if len(reviews) > 1 else reviews
    return render_template(
        "relationships/timeline.html",
        relationship=relationship,
        events=story.timeline(relationship, held, today()),
        trends=trends,
        trend_colour=load_framework().column_for("now").colour,
        now_question=load_framework().column_for("now").question,
        # The timeline is the relationship's shared story: what a member
        # sees, whoever looks.
        radars=list(
            zip(compared, review_radars(compared, Audience.MEMBER), strict=True)
        ),
        statuses=STATUS_NAMES,
        may_export=may_export_relationship(current_viewer(), relationship),
    )
