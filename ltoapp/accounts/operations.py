"""Changes to people, memberships and invitations. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ltoapp.accounts.models import (
    FacilitatorAssignment,
    Invitation,
    Membership,
    Person,
    Role,
)
from ltoapp.accounts.viewer import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.clock import today
from ltoapp.db import now_utc
from ltoapp.extensions import db

if TYPE_CHECKING:
    from ltoapp.relationships.models import LTO, Partnership, Relationship


def normalise_email(email: str) -> str:
    """Compare and store email addresses in one form."""
    return email.strip().lower()


def person_by_email(email: str) -> Person | None:
    """Find a person by email address, whatever its case."""
    return db.session.scalar(
        select(Person).where(func.lower(Person.email) == normalise_email(email))
    )


#: Checked when the email has no account, so that a wrong email costs as much
#: time as a wrong password and the answer's timing says nothing.
_DUMMY_PASSWORD_HASH = generate_password_hash("no account has this password")


def authenticate(email: str, password: str) -> Person | None:
    """Return the active person with this email and password, or None.

    One password hash is checked whatever the email, so an unknown address
    takes as long to refuse as a wrong password (SECURITY.md, "Signing in").
    """
    person = person_by_email(email)
    if person is None or person.password_hash is None:
        check_password_hash(_DUMMY_PASSWORD_HASH, password)
        return None
    if not person.check_password(password) or not person.is_active:
        return None
    return person


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
    # The organisation says which side of a membership it fills, so accounts
    # need not know the kinds of organisation (they live above, in relationships).
    membership = organisation.membership_of(
        person, title=(title or "").strip() or None, joined_on=today()
    )
    db.session.add(membership)
    db.session.flush()
    return membership


class InvitationRefused(Exception):
    """The invitation would change someone's account: the message says why."""


@dataclass(frozen=True)
class Invited:
    """What an invitation did: a link to pass on, or a membership added."""

    person: Person
    #: None when the person already has an account: no link can take it over.
    invitation: Invitation | None


def never_had_password(person: Person) -> bool:
    """Say whether nobody has ever chosen a password for this account."""
    return person.password_hash is None and person.erased_at is None


def invite(
    name: str,
    email: str,
    role: Role,
    organisation: Partnership | LTO | None,
    title: str | None = None,
    *,
    by: Viewer,
) -> Invited:
    """Invite someone by email; never change an existing account.

    A new email gets a person, their membership and an invitation link. An
    email that already has an account gets only the membership: its password,
    name and role stay as they are, so an invitation can never take an
    account over. Someone invited before who never accepted may be sent a new
    link, but an account with more than a member's role only by an
    administrator. Raises :class:`InvitationRefused` when nothing may be done.
    What was done is audited as done ``by`` the inviter.
    """
    person = person_by_email(email)
    if person is None:
        person = Person(name=name.strip(), email=normalise_email(email), role=role)
        db.session.add(person)
    elif person.erased_at is not None:
        raise InvitationRefused("That email address belongs to an erased account.")
    elif not never_had_password(person) or (
        person.role is not Role.MEMBER and not by.is_administrator
    ):
        if organisation is None:
            raise InvitationRefused(
                f"{person.name} already has an account. Choose who they are "
                "joining to add them there."
            )
        add_membership(person, organisation, title)
        record(
            by,
            AuditVerb.CHANGED,
            "person",
            person.id,
            f"Added {person.name}'s existing account to an organisation",
        )
        return Invited(person=person, invitation=None)
    if organisation is not None:
        add_membership(person, organisation, title)
    invited_by = db.session.get(Person, by.person_id) if by.person_id else None
    invitation = Invitation(person=person, invited_by=invited_by)
    db.session.add(invitation)
    db.session.flush()
    record(
        by,
        AuditVerb.CREATED,
        "person",
        person.id,
        f"Invited {person.name} as {person.role.value}",
    )
    return Invited(person=person, invitation=invitation)


def accept_invitation(invitation: Invitation, password: str) -> Person:
    """Set the invited person's first password and use up the invitation."""
    if not never_had_password(invitation.person):
        raise InvitationRefused("This account already has a password.")
    invitation.accepted_at = now_utc()
    invitation.person.set_password(password)
    db.session.flush()
    return invitation.person


def reset_password(person: Person, password: str) -> None:
    """Replace a person's password: every earlier reset link and session ends."""
    person.set_password(password)
    db.session.flush()


def end_sessions(person: Person) -> None:
    """Sign the person out of every session they have, on every device."""
    person.end_sessions()
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
