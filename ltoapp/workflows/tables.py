"""Reading workflow definition tables: checked fields, errors naming the place.

:class:`Table` reads one TOML table of a workflow file and says, in a
:class:`WorkflowError`, which file and field is wrong; :func:`wording` puts
workflow text in the programme's own words. The engine, the step kinds and
the prompt kinds all read through it, so none imports another to report a
mistake.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

#: The programme's configurable words (``ltoapp.config.LABELS``) that workflow
#: text may use in braces, such as ``{lto}``.
PLACEHOLDERS = frozenset(
    {
        "partnership",
        "partnerships",
        "lto",
        "ltos",
        "lto_long",
        "rep",
        "funder",
        "programme",
    }
)

#: Keys end up in form field names (``prompt-<key>-<row>-<column>``) and in
#: stored answers, so they are kept to characters that need no escaping and
#: never contain the hyphen that separates the parts of a field name.
KEY_PATTERN = re.compile(r"[a-z0-9_]+")


class WorkflowError(ValueError):
    """A workflow file is malformed; the message names the file and the field."""


def wording(text: str, labels: Mapping[str, str]) -> str:
    """Return workflow text in the programme's own words.

    ``{lto}`` becomes the configured label for an LTO, and so on. A label
    missing from ``labels`` is left as written rather than breaking a page.
    """
    return text.format_map(_LabelsOrPlaceholder(labels))


class _LabelsOrPlaceholder(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def check_placeholders(text: str, file: str, where: str) -> str:
    """Return ``text`` if every ``{placeholder}`` in it is a known label."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise WorkflowError(
            f"{file}: {where} has a brace that is not part of a placeholder "
            f"({error}); write {{{{ or }}}} for a literal brace"
        ) from error
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise WorkflowError(
                f"{file}: {where} uses an unknown placeholder {{{name}}}; "
                f"use one of {', '.join(sorted(PLACEHOLDERS))}"
            )
    return text


class Table:
    """One table of a workflow file, read field by field with its path.

    Every read names the field it wants, so a mistake can be reported as
    ``induction.toml: steps[3].prompts[2].label needs ...``. Fields nobody
    read are reported by :meth:`done`, which catches misspelt field names
    that would otherwise be silently ignored.

    With ``labels``, every text is read in the programme's own words: this is
    the one place ``{partnership}``, ``{lto}`` and the rest are filled, so a
    title, heading, progress line, record, export or email made from a
    workflow can never show one.
    """

    def __init__(
        self,
        data: Any,
        file: str,
        where: str,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(data, dict):
            raise WorkflowError(f"{file}: {where} must be a table")
        self.data = data
        self.file = file
        self.where = where
        self.labels = labels
        self._read: set[str] = set()

    def table(self, name: str) -> Table:
        """Return a sub-table (empty if absent), read in the same words."""
        return Table(self.raw(name) or {}, self.file, self.path(name), self.labels)

    def _words(self, text: str, name: str) -> str:
        checked = check_placeholders(text, self.file, self.path(name))
        return checked if self.labels is None else wording(checked, self.labels)

    def path(self, name: str) -> str:
        """Return the dotted path of one field of this table."""
        return f"{self.where}.{name}" if self.where else name

    def error(self, name: str, message: str) -> WorkflowError:
        """Make an error about one field of this table."""
        return WorkflowError(f"{self.file}: {self.path(name)} {message}")

    def has(self, name: str) -> bool:
        """Tell whether the table sets this field."""
        return name in self.data

    def raw(self, name: str) -> Any:
        """Return a field's value unchecked, marking it as read."""
        self._read.add(name)
        return self.data.get(name)

    def text(self, name: str, default: str | None = None) -> str:
        """Return a text field; without a default it must be present."""
        value = self.raw(name)
        if value is None:
            if default is None:
                raise self.error(name, "is missing: it needs some text")
            return default
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.error(name, "must be some text")
        return self._words(value.strip(), name)

    def key(self, name: str = "key") -> str:
        """Return a key: lowercase letters, digits and underscores."""
        value = self.text(name)
        if not KEY_PATTERN.fullmatch(value):
            raise self.error(
                name,
                f"'{value}' must use only lowercase letters, digits and underscores",
            )
        return value

    def flag(self, name: str, default: bool) -> bool:
        """Return a true/false field."""
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def integer(self, name: str, default: int, minimum: int, maximum: int) -> int:
        """Return a whole number within limits."""
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, "must be a whole number")
        if not minimum <= value <= maximum:
            raise self.error(name, f"must be from {minimum} to {maximum}")
        return value

    def one_of(self, name: str, allowed: tuple[str, ...], default: str | None) -> str:
        """Return a field that must be one of a few fixed words."""
        value = self.raw(name)
        if value is None and default is not None:
            return default
        if value not in allowed:
            raise self.error(name, f"must be one of: {', '.join(allowed)}")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        """Return a list of text items (may be empty)."""
        value = self.raw(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(name, "must be a list of text")
        items = []
        for index, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{name}[{index}]", "must be some text")
            items.append(self._words(item.strip(), f"{name}[{index}]"))
        return tuple(items)

    def tables(self, name: str) -> list[Table]:
        """Return a list of sub-tables (may be empty)."""
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(name, "must be a list of tables")
        return [
            Table(item, self.file, self.path(f"{name}[{index}]"), self.labels)
            for index, item in enumerate(value, start=1)
        ]

    def done(self) -> None:
        """Report the first field that nothing read: probably a typing mistake."""
        unknown = sorted(set(self.data) - self._read)
        if unknown:
            raise self.error(unknown[0], "is not a field this table can have")


def unique_keys(items: list[Table], keys: list[str], owner: Table, name: str) -> None:
    """Reject a list whose items share a key; answers are stored by key."""
    seen: set[str] = set()
    for item, key in zip(items, keys, strict=True):
        if key in seen:
            raise item.error("key", f"'{key}' is used twice in {owner.path(name)}")
        seen.add(key)
