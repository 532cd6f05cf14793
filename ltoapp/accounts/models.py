"""People who take part in relationships and reviews."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ltoapp.db import now_utc
from ltoapp.extensions import db


class Person(db.Model):
    """Someone known to ltoapp: a resident, LTO staff member, rep or funder."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"
