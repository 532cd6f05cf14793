"""Ids typed into URLs and query strings: one way to read them everywhere.

Every id column is an ``INTEGER``, which on PostgreSQL holds at most
2**31 - 1. Anything else is nobody's id, so routes answer 404 for it rather
than let the database raise (a 500) on a value it cannot hold.
"""

from __future__ import annotations

import re

from werkzeug.routing import IntegerConverter

#: The largest value an INTEGER column holds on PostgreSQL (and so on both).
MAX_ID = 2**31 - 1

_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(text: str | None) -> int | None:
    """Read an id typed as ASCII digits, or None if no row could have it.

    ``str.isdigit`` is not enough: it accepts digits like "²" that ``int``
    refuses.
    """
    if text is None or not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number a column can hold, else 404."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
