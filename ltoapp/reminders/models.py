"""What reminders were sent to whom, and who asked for which kinds not to be."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ltoapp.db import enum_type, now_utc
from ltoapp.extensions import db


class ReminderKind(enum.Enum):
    """A kind of reminder; each person may stop each kind on its own."""

    REVIEW_DUE_SOON = "review_due_soon"
    REVIEW_OVERDUE = "review_overdue"
    ACTION_DUE_SOON = "action_due_soon"
    ACTION_OVERDUE = "action_overdue"
    REVIEW_LEFT_OPEN = "review_left_open"
    #: A rep's weekly mail gathering their reminders; recorded once a week.
    WEEKLY_DIGEST = "weekly_digest"


class SentReminder(db.Model):
    """One reminder sent to one person, so that a later run never sends it again."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("person_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReminderKind] = mapped_column(enum_type(ReminderKind, "kind"))
    #: What the reminder was about, e.g. "relationship:4:due:2025-09-30": a new
    #: due date is a new key, so moving a date brings a fresh reminder.
    key: Mapped[str] = mapped_column(String(80))
    sent_at: Mapped[datetime] = mapped_column(default=now_utc)


class ReminderOptOut(db.Model):
    """A person's wish to get no more reminders of one kind by email."""

    __tablename__ = "reminder_opt_outs"
    __table_args__ = (UniqueConstraint("person_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReminderKind] = mapped_column(enum_type(ReminderKind, "kind"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
