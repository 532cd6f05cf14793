"""Pages of long lists: bounded page numbers, and a page past the end is the last.

Lists that grow with a programme (an administrator's relationships, the due
list) come in pages, shown by the ``pager`` macro with plain links.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from ltoapp.extensions import db

#: A typed ?page=10**30 must not overflow the database's integer (as an
#: OFFSET) and end in an error page.
LAST_PAGE_ASKED = 1_000_000


def _bounded(page: int) -> int:
    return max(1, min(page, LAST_PAGE_ASKED))


def page_of(statement: Select, page: int, per_page: int) -> Pagination:
    """Return ``page`` of the rows of ``statement`` (one entity or column).

    Counted first, then one page fetched in the statement's order: with an
    index in that order the page reads only its own rows, where a window
    count over the list would read every row of it before the first.
    """
    total = db.session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )

    def fetch(offset: int, limit: int) -> Sequence[Any]:
        return db.session.scalars(statement.offset(offset).limit(limit)).all()

    return page_fetched(fetch, total or 0, page, per_page)


class _Fetched(Pagination):
    """A page whose items and total the caller fetched."""

    def _query_items(self) -> list[Any]:
        return list(self._query_args["items"])

    def _query_count(self) -> int:
        return self._query_args["total"]


def page_fetched(
    fetch: Callable[[int, int], Sequence[Any]], total: int, page: int, per_page: int
) -> Pagination:
    """Return ``page`` of a list of ``total`` rows; a page past the end is the last.

    ``fetch(offset, limit)`` returns that slice of the list, in its order.
    """
    page = min(_bounded(page), max(1, -(-total // per_page)))
    items = fetch((page - 1) * per_page, per_page) if total else []
    return _Fetched(page=page, per_page=per_page, items=items, total=total)
