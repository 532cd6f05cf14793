"""Pages for partnerships, LTOs and their relationships."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ltoapp.extensions import db
from ltoapp.relationships import operations
from ltoapp.relationships.forms import LTOForm, PartnershipForm, RelationshipForm
from ltoapp.relationships.models import LTO, Partnership, Relationship

bp = Blueprint("relationships", __name__)


@bp.route("/partnerships/new", methods=["GET", "POST"])
def new_partnership() -> str | Response:
    """Add a partnership."""
    form = PartnershipForm()
    if form.validate_on_submit():
        partnership = operations.create_partnership(form.name.data, form.area.data)
        db.session.commit()
        flash(f"Added {partnership.name}.", "success")
        return redirect(url_for("relationships.new_relationship"))
    return render_template("relationships/new_partnership.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/ltos/new", methods=["GET", "POST"])
def new_lto() -> str | Response:
    """Add a locally trusted organisation."""
    form = LTOForm()
    if form.validate_on_submit():
        lto = operations.create_lto(form.name.data, form.description.data)
        db.session.commit()
        flash(f"Added {lto.name}.", "success")
        return redirect(url_for("relationships.new_relationship"))
    return render_template("relationships/new_lto.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/relationships/new", methods=["GET", "POST"])
def new_relationship() -> str | Response:
    """Record that a partnership works with an LTO."""
    form = RelationshipForm()
    form.fill_choices()
    if form.validate_on_submit():
        relationship = operations.create_relationship(
            db.get_or_404(Partnership, form.partnership_id.data),
            db.get_or_404(LTO, form.lto_id.data),
            form.started_on.data,
        )
        db.session.commit()
        flash(f"Added the relationship of {relationship.title}.", "success")
        return redirect(url_for("relationships.show", relationship_id=relationship.id))
    return render_template("relationships/new_relationship.html", form=form), (
        422 if form.errors else 200
    )


@bp.get("/relationships/<int:relationship_id>")
def show(relationship_id: int) -> str:
    """Show a relationship and its reviews."""
    relationship = db.get_or_404(Relationship, relationship_id)
    return render_template("relationships/show.html", relationship=relationship)
