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

    The page's rows carry the list's length (a window count), so a page is
    one statement; only a page past the end asks again.
    """
    counted = statement.add_columns(func.count().over())

    def fetch(offset: int, limit: int) -> tuple[list[Any], int | None]:
        rows = db.session.execute(counted.offset(offset).limit(limit)).all()
        return [row[0] for row in rows], (rows[0][-1] if rows else None)

    def count() -> int:
        listed = statement.order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(listed))

    return page_counted(fetch, count, page, per_page)


class _Fetched(Pagination):
    """A page whose items and total the caller fetched, in one statement."""

    def _query_items(self) -> list[Any]:
        return list(self._query_args["items"])

    def _query_count(self) -> int:
        return self._query_args["total"]


def page_counted(
    fetch: Callable[[int, int], tuple[Sequence[Any], int | None]],
    count: Callable[[], int],
    page: int,
    per_page: int,
) -> Pagination:
    """Return ``page`` of a list whose rows carry the list's length.

    ``fetch(offset, limit)`` returns a page of rows and the whole list's
    length (None when the page is past the end, which then becomes the last
    page, counted by ``count()``). For lists whose order the database works
    out row by row: one statement orders, pages and counts, where
    :func:`page_of` would order and count in two.
    """
    page = _bounded(page)
    items, total = fetch((page - 1) * per_page, per_page)
    if total is None:
        total = count()
        page = max(1, -(-total // per_page))
        items, _ = fetch((page - 1) * per_page, per_page) if total else ([], 0)
    return _Fetched(page=page, per_page=per_page, items=items, total=total)
