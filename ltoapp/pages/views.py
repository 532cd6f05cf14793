"""The home page and the About page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template, request
from flask_login import login_required

from ltoapp.access import current_viewer
from ltoapp.accounts.mail import mail_configured
from ltoapp.accounts.viewer import Viewer
from ltoapp.clock import today
from ltoapp.formatting import next_review_in_words
from ltoapp.pages.queries import home_for, relationships_seen_by, review_counts_of
from ltoapp.permissions import (
    may_invite,
    may_manage_organisations,
    own_relationships,
)
from ltoapp.reminders.mail import link, sentence
from ltoapp.reminders.queries import pending_for

bp = Blueprint("pages", __name__)


@bp.get("/")
@login_required
def home() -> str:
    """Show what is this person's and what comes next, then the relationships."""
    viewer = current_viewer()
    day = today()
    listed = relationships_seen_by(viewer, request.args.get("page", 1, type=int))
    return render_template(
        "pages/home.html",
        relationships=listed,
        review_counts=review_counts_of(listed.items),
        home=home_for(viewer, day),
        notices=_reminder_notices(viewer, day),
        next_review_in_words=next_review_in_words,
        today=day,
        may_manage=may_manage_organisations(viewer),
        may_invite=may_invite(viewer),
    )


def _reminder_notices(viewer: Viewer, day: date) -> list[tuple[str, str]]:
    """Without a mail server, the reminders the mails would carry show here."""
    if mail_configured(current_app.config) or not viewer.belongs_anywhere:
        return []
    return [
        (sentence(reminder, day), link(reminder))
        for reminder in pending_for(viewer.person_id, own_relationships(viewer), day)
    ]


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
