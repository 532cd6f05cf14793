"""A person's data across the programme: exported on request, or erased.

Both reach past the account into the reviews the person took part in, so they
sit in reports, above every record package. Callers commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ltoapp.accounts.models import Invitation, Person
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.db import now_utc
from ltoapp.extensions import db
from ltoapp.reviews.models import Participant

if TYPE_CHECKING:
    from ltoapp.accounts.viewer import Viewer

#: What remains of an erased person's name.
ERASED_NAME = "Erased person"


def export_person(person: Person) -> dict[str, Any]:
    """Gather everything held about one person, for a subject access request."""
    participants = db.session.scalars(
        select(Participant)
        .where(Participant.person_id == person.id)
        .order_by(Participant.id)
    )
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.person_id == person.id)
        .order_by(Invitation.id)
    )
    return {
        "person": {
            "id": person.id,
            "name": person.name,
            "email": person.email,
            "role": person.role.value,
            "has_password": person.password_hash is not None,
            "created_at": person.created_at.isoformat(),
            "erased_at": person.erased_at.isoformat() if person.erased_at else None,
        },
        "memberships": [
            {
                "organisation": membership.organisation_name,
                "kind": "partnership" if membership.partnership else "lto",
                "title": membership.title,
                "joined_on": membership.joined_on.isoformat(),
                "left_on": membership.left_on.isoformat()
                if membership.left_on
                else None,
            }
            for membership in person.memberships
        ],
        "invitations": [
            {
                "created_at": invitation.created_at.isoformat(),
                "accepted_at": (
                    invitation.accepted_at.isoformat()
                    if invitation.accepted_at
                    else None
                ),
            }
            for invitation in invitations
        ],
        "review_participation": [
            _participation(participant) for participant in participants
        ],
    }


def _participation(participant: Participant) -> dict[str, Any]:
    response = participant.response
    review = participant.review
    return {
        "review_id": review.id,
        "relationship": review.relationship.title,
        "held_on": review.held_on.isoformat(),
        "side": participant.side.value,
        "display_name": participant.display_name,
        "ratings": [
            {"question": r.question_key, "column": r.column, "value": r.value}
            for r in (response.ratings if response else [])
        ],
        "comments": [
            {"question": c.question_key, "text": c.text}
            for c in (response.comments if response else [])
        ],
        "other_comments": response.other_comments if response else None,
    }


def erase_person(person: Person, *, by: Viewer) -> None:
    """Remove what identifies a person; keep their ratings, unlinked from them.

    The name becomes a tombstone, the email and password go, and every review
    participation loses its link to the person and the name they gave. The
    erasure is audited as done ``by`` the administrator.
    """
    person.name = f"{ERASED_NAME} {person.id}"
    person.email = None
    person.password_hash = None
    person.erased_at = now_utc()
    person.end_sessions()
    for participant in db.session.scalars(
        select(Participant).where(Participant.person_id == person.id)
    ):
        participant.person_id = None
        participant.display_name = None
    db.session.flush()
    record(by, AuditVerb.DELETED, "person", person.id, "Erased personal data")
