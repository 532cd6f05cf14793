"""Read-only questions about relationships alone."""

from __future__ import annotations

from sqlalchemy import select

from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship


def successor(relationship: Relationship) -> Relationship | None:
    """Return the partnership's relationship with its next LTO, if it has one yet."""
    if relationship.ended_on is None:
        return None
    return db.session.scalar(
        select(Relationship)
        .where(
            Relationship.partnership_id == relationship.partnership_id,
            Relationship.id != relationship.id,
            Relationship.started_on >= relationship.ended_on,
        )
        .order_by(Relationship.started_on)
        .limit(1)
    )
