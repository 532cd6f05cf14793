"""Changes to people, memberships and invitations. Callers commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ltoapp.accounts.models import (
    FacilitatorAssignment,
    Invitation,
    Membership,
    Person,
    Role,
)
from ltoapp.accounts.permissions import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.clock import today
from ltoapp.db import now_utc
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews.models import Participant

#: What remains of an erased person's name.
ERASED_NAME = "Erased person"


def normalise_email(email: str) -> str:
    """Compare and store email addresses in one form."""
    return email.strip().lower()


def person_by_email(email: str) -> Person | None:
    """Find a person by email address, whatever its case."""
    return db.session.scalar(
        select(Person).where(func.lower(Person.email) == normalise_email(email))
    )


def create_administrator(name: str, email: str, password: str) -> Person:
    """Add an administrator who can sign in straight away."""
    person = Person(
        name=name.strip(), email=normalise_email(email), role=Role.ADMINISTRATOR
    )
    person.set_password(password)
    db.session.add(person)
    db.session.flush()
    return person


def add_membership(
    person: Person, organisation: Partnership | LTO, title: str | None = None
) -> Membership:
    """Make the person a current member of a partnership or LTO (once)."""
    for membership in person.memberships:
        if membership.is_current and organisation in (
            membership.partnership,
            membership.lto,
        ):
            return membership
    membership = Membership(
        person=person,
        partnership=organisation if isinstance(organisation, Partnership) else None,
        lto=organisation if isinstance(organisation, LTO) else None,
        title=(title or "").strip() or None,
        joined_on=today(),
    )
    db.session.add(membership)
    db.session.flush()
    return membership


def invite(
    name: str,
    email: str,
    role: Role,
    organisation: Partnership | LTO | None,
    invited_by: Person | None,
    title: str | None = None,
) -> Invitation:
    """Invite someone by email, adding them (and their membership) if new.

    An existing person keeps their account; a new invitation lets someone who
    never accepted the first one try again.
    """
    person = person_by_email(email)
    if person is None:
        person = Person(name=name.strip(), email=normalise_email(email), role=role)
        db.session.add(person)
    elif role is Role.ADMINISTRATOR or (
        role is Role.FACILITATOR and person.role is Role.MEMBER
    ):
        person.role = role
    if organisation is not None:
        add_membership(person, organisation, title)
    invitation = Invitation(person=person, invited_by=invited_by)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def accept_invitation(invitation: Invitation, password: str) -> Person:
    """Set the invited person's password and use up the invitation."""
    invitation.accepted_at = now_utc()
    invitation.person.set_password(password)
    db.session.flush()
    return invitation.person


def reset_password(person: Person, password: str) -> None:
    """Replace a person's password (which also ends every earlier reset link)."""
    person.set_password(password)
    db.session.flush()


def assign_facilitator(
    person: Person, relationship: Relationship, *, by: Viewer
) -> FacilitatorAssignment:
    """Let a facilitator run the reviews of a relationship (once), audited."""
    existing = db.session.scalar(
        select(FacilitatorAssignment).filter_by(
            person_id=person.id, relationship_id=relationship.id
        )
    )
    if existing is not None:
        return existing
    assignment = FacilitatorAssignment(person=person, relationship=relationship)
    db.session.add(assignment)
    db.session.flush()
    record(
        by,
        AuditVerb.CREATED,
        "facilitator",
        person.id,
        f"{person.name} now facilitates the relationship of {relationship.title}",
        relationship.id,
    )
    return assignment


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


def erase_person(person: Person) -> None:
    """Remove what identifies a person; keep their ratings, unlinked from them.

    The name becomes a tombstone, the email and password go, and every review
    participation loses its link to the person and the name they gave.
    """
    person.name = f"{ERASED_NAME} {person.id}"
    person.email = None
    person.password_hash = None
    person.erased_at = now_utc()
    for participant in db.session.scalars(
        select(Participant).where(Participant.person_id == person.id)
    ):
        participant.person_id = None
        participant.display_name = None
    db.session.flush()
