"""Count the SQL statements sent while some code runs, such as one request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import Engine, event

from ltoapp.extensions import db


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[str]]:
    """Collect every statement the engine sends inside the ``with`` block."""
    statements: list[str] = []

    def collect(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", collect)


def statements_for_page(client: FlaskClient, path: str) -> list[str]:
    """Return the statements one GET of a page sends; the page must be shown.

    The tests keep an app context open, which requests then share with its
    session: rows loaded earlier would be found in the session instead of
    asked for. A fresh session per request counts what production sends.
    """
    db.session.remove()
    with statements_sent(db.engine) as statements:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return statements
