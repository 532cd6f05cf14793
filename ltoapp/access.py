"""The request's side of access control: who is asking, and 404 for the rest.

The rules themselves live in :mod:`ltoapp.permissions`; this module only
finds the viewer of the current request and loads what they may see. It reads
the request and the session, so it belongs to the web layer, above every
domain package: views and error handlers use it, operations never do.
"""

from __future__ import annotations

from flask import abort, g, session
from flask_login import current_user

from ltoapp.accounts.viewer import Viewer, load_viewer
from ltoapp.extensions import db
from ltoapp.permissions import may_view_relationship
from ltoapp.relationships.models import Relationship, with_sides
from ltoapp.reviews.models import Review, with_relationship

#: Session key holding {review id: participant id} for guests who joined by code.
GUEST_SESSION_KEY = "guest_participants"


def guest_participants() -> dict[int, int]:
    """Return the reviews this browser joined as a guest, by review id."""
    stored = session.get(GUEST_SESSION_KEY, {})
    return {
        int(review_id): int(participant) for review_id, participant in stored.items()
    }


def remember_guest(review_id: int, participant_id: int) -> None:
    """Let this browser answer as the given participant of one review."""
    stored = dict(session.get(GUEST_SESSION_KEY, {}))
    stored[str(review_id)] = participant_id
    session[GUEST_SESSION_KEY] = stored
    g.pop("viewer", None)


def current_viewer() -> Viewer:
    """Return the viewer of this request, worked out once per request."""
    if "viewer" not in g:
        person = current_user if current_user.is_authenticated else None
        g.viewer = load_viewer(person, guest_participants())
    return g.viewer


def require(allowed: bool) -> None:
    """Answer 404 unless allowed, so that what exists does not leak."""
    if not allowed:
        abort(404)


def relationship_or_404(relationship_id: int) -> Relationship:
    """Load a relationship the viewer may see, or answer 404."""
    relationship = db.session.get(Relationship, relationship_id, options=with_sides())
    require(
        relationship is not None
        and may_view_relationship(current_viewer(), relationship)
    )
    return relationship


def load_review(review_id: int) -> Review | None:
    """Load a review with its relationship and both sides, or None.

    The caller decides who may see it.
    """
    return db.session.get(Review, review_id, options=with_relationship())


def review_or_404(review_id: int) -> Review:
    """Load a review whose relationship the viewer may see, or answer 404."""
    review = load_review(review_id)
    require(
        review is not None
        and may_view_relationship(current_viewer(), review.relationship)
    )
    return review
