"""Partnerships, LTOs, and the relationship of one partnership with one LTO."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Load, Mapped, joinedload, mapped_column, relationship

from ltoapp.accounts.models import Membership
from ltoapp.db import now_utc
from ltoapp.extensions import db
from ltoapp.relationships.rules import default_next_review_on

if TYPE_CHECKING:
    from ltoapp.accounts.models import Person
    from ltoapp.reviews.models import Review


class Organisation:
    """What partnerships and LTOs share: people are members of them."""

    #: Which of a membership's two organisation fields this kind fills.
    membership_side: ClassVar[str]

    def membership_of(
        self, person: Person, *, title: str | None, joined_on: date
    ) -> Membership:
        """Make (not add) a membership of this organisation for the person.

        Accounts hold memberships but sit below this package, so the
        organisation, not the accounts code, knows which side it fills.
        """
        return Membership(
            person=person,
            title=title,
            joined_on=joined_on,
            **{self.membership_side: self},
        )


class Partnership(Organisation, db.Model):
    """A resident-led group that decides how its money is spent."""

    __tablename__ = "partnerships"
    membership_side = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: The neighbourhood the partnership serves, in its own words.
    area: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    relationships: Mapped[list[Relationship]] = relationship(
        back_populates="partnership", order_by="Relationship.started_on"
    )

    def __repr__(self) -> str:
        return f"<Partnership {self.name!r}>"


class LTO(Organisation, db.Model):
    """A locally trusted organisation: holds and accounts for a partnership's funds."""

    __tablename__ = "ltos"
    membership_side = "lto"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    relationships: Mapped[list[Relationship]] = relationship(
        back_populates="lto", order_by="Relationship.started_on"
    )

    def __repr__(self) -> str:
        return f"<LTO {self.name!r}>"


#: A relationship is current until the day it ends.
CURRENT = "ended_on IS NULL"


def _first_review_due(context: DefaultExecutionContext) -> date:
    # A new relationship has no agreed review yet: its first is due the
    # default interval after it starts (the rule's own answer).
    return default_next_review_on(context.get_current_parameters()["started_on"])


class Relationship(db.Model):
    """One partnership with one LTO over a period; reviews belong to it."""

    __tablename__ = "relationships"
    __table_args__ = (
        UniqueConstraint("partnership_id", "lto_id", "started_on"),
        CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"
        ),
        # The due list, the home and the overview read current relationships
        # soonest due first, a page at a time, and count the overdue ones:
        # from this index, they read a page, not the programme's ten years.
        Index(
            "ix_relationships_current_next_review_due_on",
            "next_review_due_on",
            "id",
            postgresql_where=text(CURRENT),
            sqlite_where=text(CURRENT),
        ),
        # The home lists the relationships a person may see in this order
        # (current first, newest first), a page at a time: an administrator's
        # first page reads fifty rows of it, not the programme sorted.
        Index(
            "ix_relationships_current_first_newest",
            text("(ended_on IS NOT NULL)"),
            text("started_on DESC"),
            text("id DESC"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: a relationship's story must not vanish with an organisation.
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="RESTRICT"), index=True
    )
    lto_id: Mapped[int] = mapped_column(
        ForeignKey("ltos.id", ondelete="RESTRICT"), index=True
    )
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    #: When the next review is due: :func:`ltoapp.relationships.rules.
    #: next_review_due` of its agreed reviews, kept by ``reviews.schedule``
    #: whenever one changes, never set by hand.
    next_review_due_on: Mapped[date] = mapped_column(default=_first_review_due)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    partnership: Mapped[Partnership] = relationship(back_populates="relationships")
    lto: Mapped[LTO] = relationship(back_populates="relationships")
    reviews: Mapped[list[Review]] = relationship(
        back_populates="relationship",
        # Then as created: of two reviews held the same day, the later agreed
        # one decides when the next is due, in the lists and on this page alike.
        order_by="[Review.held_on, Review.id]",
    )

    @property
    def title(self) -> str:
        return f"{self.partnership.name} and {self.lto.name}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def __repr__(self) -> str:
        return f"<Relationship {self.id}>"


def with_sides() -> list[Load]:
    """Loader options reading a relationship's two sides with it.

    Every page of a relationship or of one of its reviews names it by both
    (:attr:`Relationship.title`): one statement, not three.
    """
    return [joinedload(Relationship.partnership), joinedload(Relationship.lto)]
