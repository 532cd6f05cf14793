"""How a review's results are written and drawn: words, table cells and charts.

Plain functions over the figures the queries return (already cut to what the
viewer may see); nothing here reads the database or the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ltoapp.framework import Column, Framework, load_framework
from ltoapp.framework.analysis import CellSummary
from ltoapp.framework.disclosure import ShownCell
from ltoapp.framework.sides import SIDES, Divergence

#: How each side is drawn on the radar: distinct colours and lines, none of
#: them suggesting good or bad (no red against green).
SIDE_STYLES = {
    "partnership": {"colour": "#1d4f91", "dash": []},
    "lto": {"colour": "#a05a00", "dash": [10, 6]},
    "neutral": {"colour": "#4b4f54", "dash": [3, 4]},
}


def side_names(labels: Mapping[str, str]) -> dict[str, str]:
    """Name each side in the programme's words, as results show them."""
    return {
        "partnership": labels["partnership"].capitalize(),
        "lto": labels["lto"],
        "neutral": labels["rep"].capitalize(),
    }


#: Written as an escape so that it is not mistaken for a hyphen.
EN_DASH = "\u2013"


def rating_text(value: float | None, signed: bool = False) -> str:
    """Write a rating or a difference of ratings: 7, 6.5, +1.5; a dash for none.

    The one rule for numbers on results pages (templates use it as the
    ``rating`` filter): no trailing zeros, a sign only where asked for.
    """
    if value is None:
        return EN_DASH
    return f"{value:+g}" if signed else f"{value:g}"


def cell_text(cell: CellSummary | ShownCell) -> str:
    """Write a cell as the tables show it: median (lowest to highest), don't knows.

    Where the lowest and highest may not be shown, the spread stands in.
    """
    if cell.median is None:
        text = EN_DASH
    else:
        text = rating_text(cell.median)
        if cell.spread and cell.minimum is not None:
            text += f" ({cell.minimum}{EN_DASH}{cell.maximum})"
        elif cell.spread:
            text += f" (spread {cell.spread})"
    if cell.dont_know:
        text += f", {cell.dont_know} don't know"
    return text


def gap_text(gap: float | None) -> str:
    """Write the gap between the two sides' medians, or a dash without one."""
    return rating_text(gap)


def side_rows(by_question: list[Divergence]) -> list[dict[str, Any]]:
    """Write each question's cells per side, overall and the gap, for tables."""
    return [
        {
            "key": d.question_key,
            "cells": {side: cell_text(d.by_side[side]) for side in SIDES}
            | {"everyone": cell_text(d.overall), "gap": gap_text(d.side_gap)},
            "divergent": d.flagged,
        }
        for d in by_question
    ]


def side_chart(
    by_side: Mapping[str, Mapping[tuple[str, str], CellSummary]],
    column: str,
    labels: Mapping[str, str],
) -> dict[str, Any]:
    """Describe the radar of each side's medians in one column, overlaid."""
    framework = load_framework()
    names = side_names(labels)
    return {
        "labels": question_labels(framework),
        "datasets": [
            {
                "label": names[side],
                "colour": SIDE_STYLES[side]["colour"],
                "dashed": bool(SIDE_STYLES[side]["dash"]),
                "dash": SIDE_STYLES[side]["dash"],
                "values": [cells[(q.key, column)].median for q in framework.questions],
            }
            for side, cells in by_side.items()
        ],
    }


def everyone_chart(by_question: list[Divergence], column: str) -> dict[str, Any]:
    """Describe the radar of everyone's medians in one column, in framework order."""
    framework = load_framework()
    medians = {d.question_key: d.overall.median for d in by_question}
    return {
        "labels": question_labels(framework),
        "datasets": [
            {
                "label": "Everyone",
                "colour": framework.column(column).colour,
                "dashed": False,
                "values": [medians.get(q.key) for q in framework.questions],
            }
        ],
    }


def describe_sides(divergences: list[Divergence], column: Column, labels) -> str:
    """Say in one sentence how far apart the sides are, for people who cannot see it."""
    gaps = [d for d in divergences if d.side_gap is not None]
    if not gaps:
        return (
            f"For '{column.name.lower()}', there are not yet ratings from both the "
            f"{labels['partnership']} and the {labels['lto']} to compare."
        )
    widest = max(gaps, key=lambda d: d.side_gap)
    question = load_framework().question(widest.question_key)
    if widest.side_gap == 0:
        return (
            f"For '{column.name.lower()}', the {labels['partnership']} and the "
            f"{labels['lto']} give the same middle rating to every question."
        )
    return (
        f"For '{column.name.lower()}', the {labels['partnership']} and the "
        f"{labels['lto']} are furthest apart on '{question.short}', "
        f"{rating_text(widest.side_gap)} points."
    )


def radar_chart(
    cells: Mapping[tuple[str, str], CellSummary | ShownCell],
    columns: list[Column],
    framework: Framework,
) -> dict[str, Any]:
    """Describe the radar of everyone's medians, one line per answered column."""
    return {
        "labels": question_labels(framework),
        "datasets": [
            {
                "label": f"{column.key}. {column.name}",
                "colour": column.colour,
                "dashed": column.line == "dashed",
                "values": [
                    cells[(q.key, column.key)].median for q in framework.questions
                ],
            }
            for column in columns
        ],
    }


def question_labels(framework: Framework) -> list[str]:
    """Label each question around a radar: its number and short name."""
    return [f"{q.number}. {q.short}" for q in framework.questions]
