"""The home page and the About page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ltoapp.accounts.access import current_viewer
from ltoapp.accounts.permissions import (
    may_invite,
    may_manage_organisations,
    visible_relationships,
)
from ltoapp.actions.queries import actions_owned_by
from ltoapp.clock import today
from ltoapp.extensions import db
from ltoapp.pages.queries import reviews_to_join
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import Review

bp = Blueprint("pages", __name__)


@bp.get("/")
@login_required
def home() -> str:
    """Show what is this person's to do, then the relationships they may see."""
    viewer = current_viewer()
    relationships = db.session.scalars(
        select(Relationship)
        .where(visible_relationships(viewer))
        # Joined: an administrator sees every relationship, and selectin's
        # lists of hundreds of ids cost more than the join.
        .options(
            joinedload(Relationship.partnership),
            joinedload(Relationship.lto),
        )
        .order_by(Relationship.ended_on.is_not(None), Relationship.started_on.desc())
    ).all()
    # Counted by the database: loading every review of a programme's ten years
    # only to count them made this page slower with every review held.
    review_counts = dict(
        db.session.execute(
            select(Review.relationship_id, func.count(Review.id))
            .join(Relationship, Review.relationship_id == Relationship.id)
            .where(visible_relationships(viewer))
            .group_by(Review.relationship_id)
        ).all()
    )
    return render_template(
        "pages/home.html",
        relationships=relationships,
        review_counts=review_counts,
        reviews_to_join=reviews_to_join(viewer),
        my_actions=actions_owned_by(viewer.person_id),
        today=today(),
        may_manage=may_manage_organisations(viewer),
        may_invite=may_invite(viewer),
    )


@bp.get("/about")
def about() -> str:
    """Explain what ltoapp is for and where the framework comes from."""
    return render_template("pages/about.html")
