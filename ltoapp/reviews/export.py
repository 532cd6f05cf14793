"""A review's results as CSV rows, as plain functions over plain data.

What goes in is decided by the one disclosure rule
(:mod:`ltoapp.framework.disclosure`), the same answer the pages get, so an
export never shows more than the page does and the two cannot be combined
to show more: individual rows only where individuals may be seen, names only
where names may, and otherwise the group's figures cut as the pages cut them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ltoapp.framework import Framework
from ltoapp.framework.analysis import RatingRecord, summarise_cells
from ltoapp.framework.disclosure import Disclosure
from ltoapp.framework.sides import SIDES, summarise_by_side
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
    "spread",
    "dont_know",
)
DONT_KNOW = "don't know"


def individual_rows(
    participants: Iterable[ParticipantAnswers],
    framework: Framework,
    columns: Sequence[str],
    labels: Mapping[str, str],
    disclosure: Disclosure,
) -> list[tuple[str, ...]]:
    """One row per participant, question and column: their rating or "don't know".

    A rating left unanswered is an empty cell. Names appear only where the
    disclosure allows names, otherwise participants are known by their
    number; a side is left empty where naming it would name the person.
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
                        side_names.get(side, side)
                        if (side := disclosure.side_label(participant.side))
                        else "",
                        participant.name if disclosure.names else "",
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
    disclosure: Disclosure,
) -> list[tuple[str, ...]]:
    """One row per question, column and group (everyone, then each side).

    Median, lowest, highest and spread of the ratings given, and how many
    said "don't know", each only as far as the disclosure allows: a group it
    does not show has no rows, and a figure it withholds is an empty cell.
    """
    keys = framework.question_keys
    groups = {"everyone": summarise_cells(records, keys, columns)} | (
        summarise_by_side(records, keys, columns)
    )
    who = {"everyone": "everyone", "partnership": labels["partnership"]} | {
        "lto": labels["lto"],
        "neutral": "neutral",
    }
    shown = [group for group in ("everyone", *SIDES) if disclosure.shows(group)]
    rows = []
    for question in framework.questions:
        for column in columns:
            for group in shown:
                cell = disclosure.cell(group, groups[group][(question.key, column)])
                rows.append(
                    (
                        question.key,
                        question.text(labels),
                        column,
                        who[group],
                        _text(cell.answered),
                        "" if cell.median is None else f"{cell.median:g}",
                        _text(cell.minimum),
                        _text(cell.maximum),
                        _text(cell.spread),
                        str(cell.dont_know),
                    )
                )
    return rows


def _text(value: int | None) -> str:
    return "" if value is None else str(value)
