"""The framework's ten questions, read once from ``framework.toml``.

The data file is the only place the questions are written down; templates,
forms, charts and exports all take them from the :class:`Framework` built here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FRAMEWORK_FILE = Path(__file__).with_name("framework.toml")

#: Column keys are stored in the database, so they are fixed here and checked.
COLUMN_KEYS = ("A", "B", "C")
LINE_STYLES = ("solid", "dashed")
#: What each column means to the analysis; every role belongs to one column.
COLUMN_ROLES = ("at_first", "now", "wanted")


class FrameworkError(ValueError):
    """The framework file is malformed; the message names the file and field."""


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    help: str


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    question: str
    colour: str
    line: str
    #: One of :data:`COLUMN_ROLES`.
    role: str


@dataclass(frozen=True)
class Question:
    key: str
    number: int
    group: Group
    statement: str
    short: str

    def text(self, labels: dict[str, str]) -> str:
        """Return the statement in the programme's own words."""
        return self.statement.format_map(labels)


@dataclass(frozen=True)
class Framework:
    intro: str
    other_comments: str
    source: str
    groups: tuple[Group, ...]
    columns: tuple[Column, ...]
    questions: tuple[Question, ...]

    def column(self, key: str) -> Column:
        """Return the column with this key."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def question(self, key: str) -> Question:
        """Return the question with this key."""
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    @property
    def question_keys(self) -> tuple[str, ...]:
        return tuple(question.key for question in self.questions)

    def column_for(self, role: str) -> Column:
        """Return the column with this role ("at_first", "now" or "wanted")."""
        for column in self.columns:
            if column.role == role:
                return column
        raise KeyError(role)

    @property
    def now(self) -> str:
        """The key of the "now" column, which results focus on."""
        return self.column_for("now").key

    @property
    def at_first(self) -> str:
        """The key of the "at first" column, which "now" is compared with."""
        return self.column_for("at_first").key

    @property
    def wanted(self) -> str:
        """The key of the "where we want it to be" column."""
        return self.column_for("wanted").key

    def intro_text(self, labels: dict[str, str]) -> str:
        """Return the introduction in the programme's own words."""
        return self.intro.format_map(labels)


def _require(table: dict[str, Any], field: str, where: str, path: Path) -> str:
    value = table.get(field)
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{path.name}: {where} needs a non-empty '{field}'")
    return value


def parse_framework(document: dict[str, Any], path: Path = FRAMEWORK_FILE) -> Framework:
    """Build a :class:`Framework` from a parsed TOML document, checking every field."""
    groups = {}
    for index, table in enumerate(document.get("groups", []), start=1):
        where = f"groups[{index}]"
        group = Group(
            key=_require(table, "key", where, path),
            name=_require(table, "name", where, path),
            help=_require(table, "help", where, path),
        )
        groups[group.key] = group

    columns = []
    for index, table in enumerate(document.get("columns", []), start=1):
        where = f"columns[{index}]"
        column = Column(
            key=_require(table, "key", where, path),
            name=_require(table, "name", where, path),
            question=_require(table, "question", where, path),
            colour=_require(table, "colour", where, path),
            line=table.get("line", "solid"),
            role=_require(table, "role", where, path),
        )
        if column.key not in COLUMN_KEYS:
            raise FrameworkError(
                f"{path.name}: {where}.key must be one of {', '.join(COLUMN_KEYS)}"
            )
        if column.role not in COLUMN_ROLES:
            raise FrameworkError(
                f"{path.name}: {where}.role must be one of {', '.join(COLUMN_ROLES)}"
            )
        if column.line not in LINE_STYLES:
            raise FrameworkError(
                f"{path.name}: {where}.line must be one of {', '.join(LINE_STYLES)}"
            )
        columns.append(column)

    questions = []
    for index, table in enumerate(document.get("questions", []), start=1):
        where = f"questions[{index}]"
        group_key = _require(table, "group", where, path)
        if group_key not in groups:
            raise FrameworkError(
                f"{path.name}: {where}.group '{group_key}' is not a declared group"
            )
        questions.append(
            Question(
                key=_require(table, "key", where, path),
                number=index,
                group=groups[group_key],
                statement=_require(table, "statement", where, path),
                short=_require(table, "short", where, path),
            )
        )

    for name, items in (("questions", questions), ("columns", columns)):
        keys = [item.key for item in items]
        if not keys:
            raise FrameworkError(f"{path.name}: no {name} declared")
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise FrameworkError(
                f"{path.name}: duplicate {name} key(s): {', '.join(duplicates)}"
            )

    roles = sorted(column.role for column in columns)
    if roles != sorted(COLUMN_ROLES):
        raise FrameworkError(
            f"{path.name}: each column role ({', '.join(COLUMN_ROLES)}) "
            "must belong to exactly one column"
        )

    return Framework(
        intro=_require(document, "intro", "the top level", path),
        other_comments=_require(document, "other_comments", "the top level", path),
        source=_require(document, "source", "the top level", path),
        groups=tuple(groups.values()),
        columns=tuple(columns),
        questions=tuple(questions),
    )


@cache
def load_framework(path: Path = FRAMEWORK_FILE) -> Framework:
    """Read and validate the framework file (once per process)."""
    with path.open("rb") as file:
        try:
            document = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise FrameworkError(f"{path.name}: {error}") from error
    return parse_framework(document, path)
