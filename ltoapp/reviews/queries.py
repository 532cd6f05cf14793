"""Read-only questions about reviews, answered as plain data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ltoapp.extensions import db
from ltoapp.framework import Column, load_framework
from ltoapp.framework.analysis import (
    AspirationGap,
    CellSummary,
    Divergence,
    RatingRecord,
    aspiration_gaps,
    columns_with_answers,
    describe_results,
    question_divergence,
    summarise_cells,
)
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import (
    Participant,
    PromptAnswer,
    Rating,
    Response,
    Review,
    ReviewStatus,
)


def rating_records(review_id: int) -> list[RatingRecord]:
    """Return every rating given in a review, with the side of whoever gave it."""
    rows = db.session.execute(
        select(
            Participant.id,
            Participant.side,
            Rating.question_key,
            Rating.column,
            Rating.value,
        )
        .join(Response, Response.participant_id == Participant.id)
        .join(Rating, Rating.response_id == Response.id)
        .where(Participant.review_id == review_id)
        .order_by(Participant.id, Rating.id)
    )
    return [
        RatingRecord(participant_id, side.value, question_key, column, value)
        for participant_id, side, question_key, column, value in rows
    ]


def response_count(review_id: int) -> int:
    """Return how many people have answered a review."""
    return db.session.scalar(
        select(db.func.count(Response.id))
        .join(Participant, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
    )


@dataclass(frozen=True)
class ReviewResults:
    """The group results of a review, ready for a chart, a table and words."""

    response_count: int
    cells: dict[tuple[str, str], CellSummary]
    columns: list[Column]
    chart: dict[str, Any]
    summary: str
    divergences: list[Divergence]
    gaps: list[AspirationGap]


def review_results(review_id: int, config: Mapping[str, Any]) -> ReviewResults:
    """Gather a review's ratings into everything its results pages show."""
    framework = load_framework()
    records = rating_records(review_id)
    column_keys = [column.key for column in framework.columns]
    cells = summarise_cells(records, framework.question_keys, column_keys)
    shown = [framework.column(key) for key in columns_with_answers(cells, column_keys)]
    labels = config["LABELS"]
    focus = (
        "B"
        if any(column.key == "B" for column in shown)
        else (shown[0].key if shown else "B")
    )
    divergences = question_divergence(
        records,
        framework.question_keys,
        focus,
        side_gap_threshold=config["DIVERGENCE_SIDE_GAP"],
        range_threshold=config["DIVERGENCE_RANGE"],
        side_names={"partnership": labels["partnership"], "lto": labels["lto"]},
    )
    return ReviewResults(
        response_count=len({record.participant_id for record in records}),
        cells=cells,
        columns=shown,
        chart={
            "labels": [f"{q.number}. {q.short}" for q in framework.questions],
            "datasets": [
                {
                    "label": f"{column.key}. {column.name}",
                    "colour": column.colour,
                    "dashed": column.line == "dashed",
                    "values": [
                        cells[(q.key, column.key)].median for q in framework.questions
                    ],
                }
                for column in shown
            ],
        },
        summary=describe_results(cells, framework),
        divergences=[d for d in divergences if d.flagged],
        gaps=aspiration_gaps(cells, framework.question_keys),
    )


#: The exit interview's prompt whose answer the next induction shows.
LESSONS_PROMPT = "lessons_for_next_lto"


def lessons_for_next_lto(partnership_id: int, before: Review) -> PromptAnswer | None:
    """Return the lessons from the partnership's latest agreed exit interview.

    An induction of a new LTO starts with them, so that what the partnership
    learnt with its previous LTO is not lost (report §4.2).
    """
    return db.session.scalar(
        select(PromptAnswer)
        .join(Review, PromptAnswer.review_id == Review.id)
        .join(Relationship, Review.relationship_id == Relationship.id)
        .where(
            Relationship.partnership_id == partnership_id,
            Review.workflow == "exit_interview",
            Review.status == ReviewStatus.AGREED,
            Review.id != before.id,
            PromptAnswer.prompt_key == LESSONS_PROMPT,
        )
        .order_by(Review.held_on.desc(), Review.id.desc())
        .limit(1)
    )
