"""A whole-database backup as one JSON document, and its restore.

The document holds every table's rows in primary-key order, with dates and
times written in ISO 8601 (times in UTC), so that exporting, importing into
an empty database and exporting again gives the same document, whichever of
SQLite and PostgreSQL each side runs on.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from alembic.migration import MigrationContext
from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Enum,
    MetaData,
    func,
    select,
    text,
)

from ltoapp.reviews.schedule import refresh_next_reviews_due

FORMAT = "ltoapp-backup"
FORMAT_VERSION = 1


class BackupError(ValueError):
    """The backup cannot be restored here; the message says why."""


def _schema_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        # SQLite hands back naive times; they were stored as UTC.
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(value: Any, column_type: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    return value


def export_database(connection: Connection, metadata: MetaData) -> dict[str, Any]:
    """Return every row of every table of the schema, as plain JSON data."""
    tables = {}
    for table in metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows = connection.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [
            {column: _to_json(value) for column, value in row.items()} for row in rows
        ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": _schema_revision(connection),
        "tables": tables,
    }


def import_database(
    connection: Connection, metadata: MetaData, document: dict[str, Any]
) -> dict[str, int]:
    """Restore a backup into an empty database at the same schema revision.

    Returns how many rows went into each table. Refuses, changing nothing, if
    the document is not an ltoapp backup, was made at another schema
    revision, names unknown tables, or if the database already holds data.
    """
    if (
        document.get("format") != FORMAT
        or document.get("format_version") != FORMAT_VERSION
    ):
        raise BackupError("This file is not an ltoapp backup.")
    revision = _schema_revision(connection)
    if document.get("schema_revision") != revision:
        raise BackupError(
            f"The backup was made at schema revision {document.get('schema_revision')}"
            f" but this database is at {revision}; run 'flask db upgrade' to match."
        )
    rows_by_table = document.get("tables", {})
    unknown = sorted(set(rows_by_table) - set(metadata.tables))
    if unknown:
        raise BackupError(
            f"The backup has tables this version does not: {', '.join(unknown)}."
        )
    for table in metadata.sorted_tables:
        if connection.execute(select(func.count()).select_from(table)).scalar_one():
            raise BackupError(
                f"The database is not empty (table {table.name} has rows); "
                "restore into an empty database."
            )
    counts = {}
    for table in metadata.sorted_tables:
        rows = rows_by_table.get(table.name, [])
        if rows:
            connection.execute(
                table.insert(),
                [
                    {
                        name: _from_json(value, table.columns[name].type)
                        for name, value in row.items()
                    }
                    for row in rows
                ],
            )
        counts[table.name] = len(rows)
    # Rows went in without the ORM, which keeps these after each flush: worked
    # out again from the restored reviews, so an edited backup cannot leave a
    # relationship due on a date its reviews do not give.
    refresh_next_reviews_due(connection)
    if connection.dialect.name == "postgresql":
        _advance_sequences(connection, metadata)
    return counts


def _advance_sequences(connection: Connection, metadata: MetaData) -> None:
    # Rows arrived with their ids, so PostgreSQL's sequences must move past
    # them or the next insert would reuse an id.
    for table in metadata.sorted_tables:
        if "id" not in table.columns:
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ),
            {"table": table.name},
        )
