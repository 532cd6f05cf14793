"""The one CSV writer: every download that a spreadsheet may open goes through it.

A spreadsheet runs a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a
formula (and some also after a leading tab or carriage return), so text that
anyone typed — a guest's name, an action — could run ``=HYPERLINK(...)`` on the
reader's computer. Such text is written with a leading apostrophe, which
spreadsheets show as plain text (OWASP, "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: What a formula may begin with.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Return a cell safe to open in a spreadsheet: text never starts a formula.

    Numbers stay numbers (a negative number is not text anyone typed); None
    becomes an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Write a header and rows as CSV text, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def write_csv_dicts(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Write rows given as mappings, in the order of ``columns``."""
    return write_csv(columns, ([row.get(key) for key in columns] for row in rows))
