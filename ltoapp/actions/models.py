"""Actions: the agreed next steps that come out of a review."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ltoapp.db import enum_type, now_utc
from ltoapp.extensions import db
from ltoapp.reviews.models import Side

if TYPE_CHECKING:
    from ltoapp.reviews.models import Review


class ActionStatus(enum.Enum):
    """The fate of an action; open actions are carried into the next review."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Action(db.Model):
    """An agreed next step, owned by a side and optionally a named person."""

    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint("length(description) > 0", name="description_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_side: Mapped[Side] = mapped_column(enum_type(Side, "owner_side"))
    owner_name: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    #: The workflow step the action came from, by the step's key.
    source_step: Mapped[str | None] = mapped_column(String(40))
    #: The framework question the action came from, by its key.
    source_question_key: Mapped[str | None] = mapped_column(String(40))
    #: The workflow prompt the action came from, by its key.
    source_prompt_key: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    #: Incremented on every change; a save based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1)

    review: Mapped[Review] = relationship(back_populates="actions")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy
