"""People, their accounts and memberships, and invitations."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ltoapp.clock import today
from ltoapp.db import enum_type, now_utc
from ltoapp.extensions import db

if TYPE_CHECKING:
    from ltoapp.relationships.models import LTO, Partnership, Relationship


class Role(enum.Enum):
    """What a person may do across the whole programme."""

    #: Programme staff: manage organisations and people, see everything.
    ADMINISTRATOR = "administrator"
    #: A rep or other neutral facilitator: runs the reviews they are assigned to.
    FACILITATOR = "facilitator"
    #: Belongs to partnerships and/or LTOs and sees their relationships.
    MEMBER = "member"


class Person(UserMixin, db.Model):
    """Someone known to ltoapp; with a password set, they can sign in."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), default=Role.MEMBER)
    #: None until the person accepts their invitation and chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    #: Set when an administrator erases the person's personal data.
    erased_at: Mapped[datetime | None]
    #: Part of every session's id (``get_id``): moving it on ends every session
    #: signed in before, on every device (SECURITY.md, "Sessions").
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", order_by="Membership.joined_on"
    )

    def set_password(self, password: str) -> None:
        """Keep only a salted hash of the password; earlier sessions end."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """End every session signed in as this person so far."""
        self.session_version = (self.session_version or 1) + 1

    def get_id(self) -> str:
        """Name the person and their session version in the session cookie."""
        return f"{self.id}:{self.session_version}"

    def check_password(self, password: str) -> bool:
        """Say whether the password matches, in constant time."""
        return self.password_hash is not None and check_password_hash(
            self.password_hash, password
        )

    @property
    def is_active(self) -> bool:
        return self.erased_at is None and self.password_hash is not None

    @property
    def is_administrator(self) -> bool:
        return self.role is Role.ADMINISTRATOR

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"


class Membership(db.Model):
    """A person's belonging to exactly one partnership or one LTO, over a period."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(
            "(partnership_id IS NULL) <> (lto_id IS NULL)", name="one_organisation"
        ),
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="leaves_after"),
        UniqueConstraint("person_id", "partnership_id", "joined_on"),
        UniqueConstraint("person_id", "lto_id", "joined_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    lto_id: Mapped[int | None] = mapped_column(
        ForeignKey("ltos.id", ondelete="CASCADE"), index=True
    )
    #: What the person does there, in their own words ("chair", "finance officer").
    title: Mapped[str | None] = mapped_column(String(120))
    joined_on: Mapped[date] = mapped_column(default=today)
    left_on: Mapped[date | None]

    person: Mapped[Person] = relationship(back_populates="memberships")
    partnership: Mapped[Partnership | None] = relationship()
    lto: Mapped[LTO | None] = relationship()

    @property
    def organisation_name(self) -> str:
        return self.partnership.name if self.partnership else self.lto.name

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class FacilitatorAssignment(db.Model):
    """A facilitator assigned to run the reviews of one relationship."""

    __tablename__ = "facilitator_assignments"
    __table_args__ = (UniqueConstraint("person_id", "relationship_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(default=now_utc)

    person: Mapped[Person] = relationship()
    relationship: Mapped[Relationship] = relationship()


class Invitation(db.Model):
    """An invitation to set a password and join; its link works once."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    # SET NULL: the invitation's record outlives the inviter's account.
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    accepted_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    invited_by: Mapped[Person | None] = relationship(foreign_keys=[invited_by_id])
