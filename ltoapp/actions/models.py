"""Actions: the agreed next steps that come out of a review."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ltoapp.db import enum_type, now_utc
from ltoapp.extensions import db
from ltoapp.reviews.models import Side

if TYPE_CHECKING:
    from ltoapp.accounts.models import Person
    from ltoapp.reviews.models import Review


class ActionStatus(enum.Enum):
    """The fate of an action; open actions are carried into the next review."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


#: The actions with a named owner, for ix_actions_owner_person_id.
OWNED_BY_A_PERSON = "owner_person_id IS NOT NULL"


class Action(db.Model):
    """An agreed next step, owned by a side and optionally a named person."""

    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint("length(description) > 0", name="description_not_empty"),
        # The programme overview counts open and overdue actions by owner:
        # read from the index alone, not every action of ten years.
        Index("ix_actions_status_owner_side_due_on", "status", "owner_side", "due_on"),
        # Most actions belong to a side, not a named person. Over every
        # action, SQLite's statistics called a person's lookup no better
        # than reading them all, and (with ten times the programme) the home
        # read 90,000 actions for one person's few; over the owned ones only
        # it stays the short step it is.
        Index(
            "ix_actions_owner_person_id",
            "owner_person_id",
            postgresql_where=text(OWNED_BY_A_PERSON),
            sqlite_where=text(OWNED_BY_A_PERSON),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_side: Mapped[Side] = mapped_column(enum_type(Side, "owner_side"))
    owner_name: Mapped[str | None] = mapped_column(String(120))
    #: The owner, when chosen from the people of the relationship; SET NULL
    #: keeps the action (and ``owner_name``) when the person is erased.
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
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
    #: When the status or due date last changed; every change touches the row,
    #: so the version moves on even when only a note was added.
    updated_at: Mapped[datetime | None]
    #: Incremented on every change; a save based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1)

    review: Mapped[Review] = relationship(back_populates="actions")
    #: Every list of actions says who owns each one: read with the action
    #: (an outer join), not looked up row by row as the page is written.
    owner_person: Mapped[Person | None] = relationship(lazy="joined")
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ActionUpdate.id",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy


class ActionUpdate(db.Model):
    """One change to an action: its status, its due date, a note; who and when.

    The history of an action is its updates in order. An update made while a
    later review decides what happened to a carried action names that review,
    so the review's record shows the decision.
    """

    __tablename__ = "action_updates"
    __table_args__ = (
        CheckConstraint(
            "to_status <> 'dropped' OR (note IS NOT NULL AND length(note) > 0)",
            name="dropped_needs_note",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    #: The review in which the group decided this (carrying forward), if any.
    # SET NULL: the history outlives a draft review that is removed.
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="SET NULL"), index=True
    )
    # SET NULL: erasing a person keeps the history; the label still says who.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    #: Who made the change, in words that survive the person's erasure.
    person_label: Mapped[str] = mapped_column(String(160))
    at: Mapped[datetime] = mapped_column(default=now_utc)
    from_status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus, "from_status")
    )
    to_status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus, "to_status")
    )
    from_due_on: Mapped[date | None]
    to_due_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="updates")
    review: Mapped[Review | None] = relationship()
    person: Mapped[Person | None] = relationship()

    @property
    def due_changed(self) -> bool:
        return self.from_due_on != self.to_due_on

    @property
    def status_changed(self) -> bool:
        return self.from_status is not self.to_status
