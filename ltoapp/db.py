"""The declarative base, shared column defaults and database-level settings."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, registry

#: Alembic needs every constraint named so that later migrations can drop or
#: alter it; the convention names them the same way on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every ltoapp model."""

    # Times are stored with their zone so PostgreSQL never guesses one.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: sa.DateTime(timezone=True)},
    )


def now_utc() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    # SQLite ignores foreign keys (and so every ON DELETE rule) unless each
    # connection asks for them.
    module = type(dbapi_connection).__module__
    if module.startswith(("sqlite3", "pysqlite")):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def enum_type(enum_class: type[enum.Enum], name: str) -> sa.Enum:
    """Store an enum as its lower-case values in a checked VARCHAR column.

    A CHECK constraint rather than a native PostgreSQL ENUM keeps migrations
    identical on SQLite and PostgreSQL.
    """
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class months_after(sa.sql.functions.GenericFunction):
    """``months_after(day, n)``: the date ``n`` whole months after ``day``,
    as :class:`dateutil.relativedelta.relativedelta` counts them (31 January
    plus one month is the last day of February), on SQLite and PostgreSQL.

    Lets the database order and count relationships by when their next review
    is due, instead of loading every relationship to work it out.
    """

    type = sa.Date()
    inherit_cache = True


@compiles(months_after, "postgresql")
def _months_after_postgresql(element, compiler, **kw) -> str:
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    # PostgreSQL's interval arithmetic already keeps to the month's last day.
    return f"CAST(CAST({day} AS DATE) + make_interval(months => {months}) AS DATE)"


@compiles(months_after, "sqlite")
def _months_after_sqlite(element, compiler, **kw) -> str:
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    # SQLite's '+N months' runs 31 August on into March; the last day of the
    # target month caps it, as relativedelta does.
    return (
        f"min(date({day}, '+' || ({months}) || ' months'),"
        f" date({day}, 'start of month', '+' || (({months}) + 1) || ' months',"
        " '-1 day'))"
    )
