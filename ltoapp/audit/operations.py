"""The single entry point for writing to the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ltoapp.audit.models import AuditEntry, AuditVerb
from ltoapp.extensions import db

if TYPE_CHECKING:
    from ltoapp.accounts.models import Person
    from ltoapp.accounts.viewer import Viewer


def actor_label(viewer: Viewer, person: Person | None) -> str:
    """Describe who acted, in words that survive the person's erasure."""
    if person is not None:
        return f"{person.name} ({person.role.value})"
    if viewer.guest_participants:
        reviews = ", ".join(str(review) for review in sorted(viewer.guest_participants))
        return f"guest participant (review {reviews})"
    return "anonymous"


def record(
    viewer: Viewer,
    verb: AuditVerb,
    subject_type: str,
    subject_id: int,
    summary: str,
    relationship_id: int | None = None,
) -> AuditEntry:
    """Add an entry to the audit trail; the caller's transaction commits it."""
    # The person's class is reached through the mapped relationship, as the
    # trail sits below accounts (see ltoapp.audit.models).
    person_class = AuditEntry.actor.property.mapper.class_
    person = (
        db.session.get(person_class, viewer.person_id) if viewer.person_id else None
    )
    entry = AuditEntry(
        actor=person,
        actor_label=actor_label(viewer, person),
        verb=verb,
        subject_type=subject_type,
        subject_id=subject_id,
        relationship_id=relationship_id,
        summary=summary,
    )
    db.session.add(entry)
    return entry
