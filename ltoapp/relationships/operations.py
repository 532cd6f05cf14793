"""Changes to partnerships, LTOs and relationships. Callers commit."""

from __future__ import annotations

from datetime import date

from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship


def create_partnership(name: str, area: str | None = None) -> Partnership:
    """Add a partnership, trimming the name people typed."""
    partnership = Partnership(name=name.strip(), area=(area or "").strip() or None)
    db.session.add(partnership)
    db.session.flush()
    return partnership


def create_lto(name: str, description: str | None = None) -> LTO:
    """Add a locally trusted organisation."""
    lto = LTO(name=name.strip(), description=(description or "").strip() or None)
    db.session.add(lto)
    db.session.flush()
    return lto


def create_relationship(
    partnership: Partnership, lto: LTO, started_on: date, ended_on: date | None = None
) -> Relationship:
    """Record that a partnership works with an LTO from a date."""
    relationship = Relationship(
        partnership=partnership, lto=lto, started_on=started_on, ended_on=ended_on
    )
    db.session.add(relationship)
    db.session.flush()
    return relationship
