"""The home page and the About page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ltoapp.access import current_viewer
from ltoapp.accounts.mail import mail_configured
from ltoapp.clock import today
from ltoapp.extensions import db
from ltoapp.formatting import next_review_in_words
from ltoapp.pages.queries import home_for
from ltoapp.permissions import (
    may_invite,
    may_manage_organisations,
    own_relationships,
    visible_relationships,
)
from ltoapp.relationships.models import Relationship
from ltoapp.reminders.mail import link, sentence
from ltoapp.reminders.queries import pending_for
from ltoapp.reports.rules import Timing
from ltoapp.reviews.models import Review

bp = Blueprint("pages", __name__)


@bp.get("/")
@login_required
def home() -> str:
    """Show what is this person's and what comes next, then the relationships."""
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
    day = today()
    # Without a mail server, the reminders the mails would carry show here.
    notices = (
        []
        if mail_configured(current_app.config)
        else [
            (sentence(reminder, day), link(reminder))
            for reminder in pending_for(
                viewer.person_id, own_relationships(viewer), day
            )
        ]
    )
    return render_template(
        "pages/home.html",
        relationships=relationships,
        review_counts=review_counts,
        home=home_for(viewer, day),
        notices=notices,
        next_review_in_words=next_review_in_words,
        overdue=Timing.OVERDUE,
        today=day,
        may_manage=may_manage_organisations(viewer),
        may_invite=may_invite(viewer),
    )


@bp.get("/about")
def about() -> str:
    """Explain what the service is for and where the framework comes from."""
    return render_template("pages/about.html")


@bp.get("/accessibility")
def accessibility() -> str:
    """Say how accessible the service is, how it was tested, and whom to ask."""
    return render_template(
        "pages/accessibility.html",
        contact_email=current_app.config["ACCESSIBILITY_CONTACT_EMAIL"],
    )
