"""A review's results as CSV rows, as plain functions over plain data.

Individual rows name nobody unless the review is "named"; a viewer who may
see only the group's results gets aggregate rows instead, so an export never
shows more than the page does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ltoapp.framework import Framework
from ltoapp.framework.analysis import (
    SIDES,
    RatingRecord,
    sides_large_enough,
    summarise_by_side,
    summarise_cells,
)
from ltoapp.reviews.queries import ParticipantAnswers

INDIVIDUAL_HEADER = (
    "participant",
    "side",
    "name",
    "question",
    "question_text",
    "column",
    "rating",
)
AGGREGATE_HEADER = (
    "question",
    "question_text",
    "column",
    "who",
    "ratings_given",
    "median",
    "lowest",
    "highest",
    "dont_know",
)
DONT_KNOW = "don't know"


def individual_rows(
    participants: Iterable[ParticipantAnswers],
    framework: Framework,
    columns: Sequence[str],
    labels: Mapping[str, str],
    with_names: bool,
) -> list[tuple[str, ...]]:
    """One row per participant, question and column: their rating or "don't know".

    A rating left unanswered is an empty cell. Names appear only when
    ``with_names``; otherwise participants are known by their number.
    """
    side_names = {"partnership": labels["partnership"], "lto": labels["lto"]}
    rows = []
    for participant in participants:
        for question in framework.questions:
            for column in columns:
                cell = (question.key, column)
                if cell not in participant.ratings:
                    rating = ""
                elif participant.ratings[cell] is None:
                    rating = DONT_KNOW
                else:
                    rating = str(participant.ratings[cell])
                rows.append(
                    (
                        str(participant.number),
                        side_names.get(participant.side, participant.side),
                        participant.name if with_names else "",
                        question.key,
                        question.text(labels),
                        column,
                        rating,
                    )
                )
    return rows


def aggregate_rows(
    records: Sequence[RatingRecord],
    framework: Framework,
    columns: Sequence[str],
    labels: Mapping[str, str],
    minimum_group: int = 2,
) -> list[tuple[str, ...]]:
    """One row per question, column and group (everyone, then each side).

    Median, lowest and highest of the ratings given, and how many said
    "don't know": never any one person's answer, so a side with fewer than
    ``minimum_group`` people has no rows of its own.
    """
    keys = framework.question_keys
    groups = {"everyone": summarise_cells(records, keys, columns)} | (
        summarise_by_side(records, keys, columns)
    )
    who = {"everyone": "everyone", "partnership": labels["partnership"]} | {
        "lto": labels["lto"],
        "neutral": "neutral",
    }
    large_enough = sides_large_enough(records, minimum_group)
    shown_sides = [side for side in SIDES if side in large_enough]
    rows = []
    for question in framework.questions:
        for column in columns:
            for group in ("everyone", *shown_sides):
                cell = groups[group][(question.key, column)]
                rows.append(
                    (
                        question.key,
                        question.text(labels),
                        column,
                        who[group],
                        str(cell.answered),
                        "" if cell.median is None else f"{cell.median:g}",
                        "" if cell.minimum is None else str(cell.minimum),
                        "" if cell.maximum is None else str(cell.maximum),
                        str(cell.dont_know),
                    )
                )
    return rows
