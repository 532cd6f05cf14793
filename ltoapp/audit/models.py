"""One audit entry per recorded change.

The audit trail sits below every record package, accounts included, so that
every operation may write its own entry: it names people by table and by
class name, never by import.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ltoapp.db import enum_type, now_utc
from ltoapp.extensions import db

if TYPE_CHECKING:
    from ltoapp.accounts.models import Person


class AuditVerb(enum.Enum):
    CREATED = "created"
    CHANGED = "changed"
    AGREED = "agreed"
    DELETED = "deleted"


class AuditEntry(db.Model):
    """Something that happened to a review, response, action or person."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    # SET NULL: erasing a person keeps the trail, without their identity.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    #: Who acted, for guests and for people since erased ("guest in review 12").
    actor_label: Mapped[str] = mapped_column(String(160))
    verb: Mapped[AuditVerb] = mapped_column(enum_type(AuditVerb, "verb"))
    #: What kind of thing changed: "review", "response", "action", "person".
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    # SET NULL keeps entries readable even if a draft relationship is removed.
    relationship_id: Mapped[int | None] = mapped_column(
        ForeignKey("relationships.id", ondelete="SET NULL"), index=True
    )
    summary: Mapped[str] = mapped_column(Text)

    actor: Mapped[Person | None] = relationship("Person")
