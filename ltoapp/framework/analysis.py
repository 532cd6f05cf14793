"""Reading framework ratings, following the report's §7.3 and DESIGN.md §3.

Scores are perceptions that open a conversation, never performance figures:
these functions aggregate by median and range, count "don't know" answers
separately, and never produce one score for a relationship.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

from ltoapp.framework.definition import Framework


class RatingRecord(NamedTuple):
    """One rating as plain data: who gave it, on which question and column.

    A named tuple because a review's results build thousands of them on
    every view of the live page; a frozen dataclass took three times as long.
    """

    #: None where the database counted the ratings instead of listing them.
    participant_id: int | None
    side: str
    question_key: str
    column: str
    #: None means "don't know / not applicable".
    value: int | None
    #: How many gave this rating: more than one only where the database
    #: counted alike ratings instead of listing them (``participant_id`` None).
    given: int = 1


@dataclass(frozen=True)
class CellSummary:
    """What everyone said about one question in one column."""

    question_key: str
    column: str
    values: tuple[int, ...]
    dont_know: int

    @property
    def answered(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def minimum(self) -> int | None:
        return min(self.values) if self.values else None

    @property
    def maximum(self) -> int | None:
        return max(self.values) if self.values else None

    @property
    def spread(self) -> int | None:
        """The range: highest minus lowest rating."""
        return self.maximum - self.minimum if self.values else None


@dataclass(frozen=True)
class ColumnComparison:
    """How one column's medians sit against another's, question by question."""

    higher: int
    lower: int
    same: int


def summarise_cells(
    ratings: Iterable[RatingRecord],
    question_keys: Sequence[str],
    columns: Sequence[str],
) -> dict[tuple[str, str], CellSummary]:
    """Group ratings into one :class:`CellSummary` per question and column.

    Every question and column asked for is present, even with no ratings, so a
    table built from the result never has holes.
    """
    values: dict[tuple[str, str], list[int]] = {
        (question, column): [] for question in question_keys for column in columns
    }
    dont_know: dict[tuple[str, str], int] = dict.fromkeys(values, 0)
    for rating in ratings:
        cell = (rating.question_key, rating.column)
        if cell not in values:
            continue
        if rating.value is None:
            dont_know[cell] += rating.given
        else:
            values[cell].extend(repeat(rating.value, rating.given))
    return {
        cell: CellSummary(cell[0], cell[1], tuple(sorted(found)), dont_know[cell])
        for cell, found in values.items()
    }


def columns_with_answers(
    cells: dict[tuple[str, str], CellSummary], columns: Sequence[str]
) -> list[str]:
    """Return the columns, in order, in which anyone gave a rating or a don't know."""
    return [
        column
        for column in columns
        if any(
            cell.answered or cell.dont_know or cell.median is not None
            for (_, cell_column), cell in cells.items()
            if cell_column == column
        )
    ]


def compare_columns(
    cells: dict[tuple[str, str], CellSummary],
    question_keys: Sequence[str],
    later: str,
    earlier: str,
) -> ColumnComparison:
    """Count questions whose "later" median is above, below or equal to "earlier".

    Questions without a median in both columns are left out.
    """
    higher = lower = same = 0
    for question in question_keys:
        after = cells[(question, later)].median
        before = cells[(question, earlier)].median
        if after is None or before is None:
            continue
        if after > before:
            higher += 1
        elif after < before:
            lower += 1
        else:
            same += 1
    return ColumnComparison(higher, lower, same)


def format_number(value: float) -> str:
    """Write a median or a gap as the report does: 3, 3.5, never 3.0."""
    return f"{value:g}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe_results(
    cells: dict[tuple[str, str], CellSummary], framework: Framework
) -> str:
    """Say in one sentence what the chart shows, for people who cannot see it.

    It names where "now" is highest and lowest and how "now" sits against "at
    first", without calling any change good or bad.
    """
    keys = framework.question_keys
    answered_columns = columns_with_answers(cells, [c.key for c in framework.columns])
    if not answered_columns:
        return "No ratings have been given yet."
    now, at_first = framework.now, framework.at_first
    focus = now if now in answered_columns else answered_columns[0]
    focus_name = framework.column(focus).name.lower()
    medians = [
        (cells[(key, focus)].median, framework.question(key).short)
        for key in keys
        if cells[(key, focus)].median is not None
    ]
    if not medians:
        return f"Every answer for '{focus_name}' was 'don't know'."
    top = max(value for value, _ in medians)
    bottom = min(value for value, _ in medians)
    highest = [name for value, name in medians if value == top]
    lowest = [name for value, name in medians if value == bottom]
    if top == bottom:
        sentence = (
            f"{focus_name.capitalize()}, every rated question sits at "
            f"{format_number(top)} out of 10"
        )
    else:
        sentence = (
            f"{focus_name.capitalize()}, the highest rating is "
            f"{format_number(top)} out of 10 for {_join(highest)} and the lowest "
            f"is {format_number(bottom)} for {_join(lowest)}"
        )
    if focus == now and at_first in answered_columns:
        change = compare_columns(cells, keys, now, at_first)
        sentence += (
            "; compared with at first, "
            f"{_plural(change.higher, 'question is', 'questions are')}"
            f" rated higher now, {change.lower} lower and {change.same} the same"
        )
    dont_know = sum(cell.dont_know for cell in cells.values())
    if dont_know:
        sentence += f"; {_plural(dont_know, 'answer was', 'answers were')} 'don't know'"
    return sentence + "."


def _join(names: Sequence[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
