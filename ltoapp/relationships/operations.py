"""Changes to partnerships, LTOs and relationships. Callers commit.

Each operation writes its own audit entry, so no caller can forget it; ``by``
is whoever made the change.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from ltoapp.accounts.models import FacilitatorAssignment, Person
from ltoapp.accounts.permissions import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews.operations import start_review

if TYPE_CHECKING:
    from ltoapp.reviews.models import Review
    from ltoapp.workflows import Workflow


def create_partnership(
    name: str, area: str | None = None, *, by: Viewer
) -> Partnership:
    """Add a partnership, trimming the name people typed."""
    partnership = Partnership(name=name.strip(), area=(area or "").strip() or None)
    db.session.add(partnership)
    db.session.flush()
    record(
        by,
        AuditVerb.CREATED,
        "partnership",
        partnership.id,
        f"Added the partnership {partnership.name}",
    )
    return partnership


def create_lto(name: str, description: str | None = None, *, by: Viewer) -> LTO:
    """Add a locally trusted organisation."""
    lto = LTO(name=name.strip(), description=(description or "").strip() or None)
    db.session.add(lto)
    db.session.flush()
    record(by, AuditVerb.CREATED, "lto", lto.id, f"Added the organisation {lto.name}")
    return lto


def create_relationship(
    partnership: Partnership,
    lto: LTO,
    started_on: date,
    ended_on: date | None = None,
    *,
    by: Viewer,
) -> Relationship:
    """Record that a partnership works with an LTO from a date."""
    relationship = Relationship(
        partnership=partnership, lto=lto, started_on=started_on, ended_on=ended_on
    )
    db.session.add(relationship)
    db.session.flush()
    record(
        by,
        AuditVerb.CREATED,
        "relationship",
        relationship.id,
        f"Added the relationship of {relationship.title}, "
        f"started {started_on.isoformat()}",
        relationship.id,
    )
    return relationship


class EndingRejected(ValueError):
    """The end date given cannot be the end of this relationship."""


def end_relationship(relationship: Relationship, ended_on: date) -> Relationship:
    """Record the day a relationship ends; from then on it is no longer current.

    The schema forbids an end before the start, so say so in plain words first.
    """
    if ended_on < relationship.started_on:
        raise EndingRejected(
            "The relationship cannot end before it started, on "
            f"{relationship.started_on.day} {relationship.started_on:%B %Y}."
        )
    relationship.ended_on = ended_on
    db.session.flush()
    return relationship


def change_lto(
    previous: Relationship,
    lto: LTO | str,
    started_on: date,
    induction: Workflow,
    started_by: Person | None = None,
    *,
    by: Viewer,
) -> Review:
    """Carry a partnership from an ended relationship to its new LTO.

    Records the new LTO (by name, when it is new) and the new relationship,
    keeps the same facilitators (the rep knows the story), and starts the new
    relationship's induction, whose first page shows the exit interview's
    lessons. Returns the induction. The new LTO and relationship are audited
    as they are created.
    """
    if isinstance(lto, str):
        lto = create_lto(lto, by=by)
    relationship = create_relationship(previous.partnership, lto, started_on, by=by)
    assigned = db.session.scalars(
        select(FacilitatorAssignment).filter_by(relationship_id=previous.id)
    )
    for assignment in assigned:
        db.session.add(
            FacilitatorAssignment(person=assignment.person, relationship=relationship)
        )
    db.session.flush()
    return start_review(
        relationship, started_on, induction, facilitator=started_by, by=by
    )
