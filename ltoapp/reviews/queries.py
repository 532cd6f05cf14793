"""Read-only questions about reviews, answered as plain data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, String, and_, false, or_, select, type_coerce

from ltoapp.extensions import db
from ltoapp.framework import Column, load_framework
from ltoapp.framework.analysis import (
    SIDES,
    AspirationGap,
    CellSummary,
    Change,
    Divergence,
    RatingRecord,
    aspiration_gaps,
    change_since,
    columns_with_answers,
    describe_results,
    flat_profiles,
    judge_divergence,
    summarise_by_side,
    summarise_cells,
)
from ltoapp.framework.disclosure import Audience, Disclosure, ShownCell, disclose
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import (
    Participant,
    PromptAnswer,
    Rating,
    Response,
    Review,
    ReviewStatus,
)
from ltoapp.reviews.models import QuestionComment as QuestionCommentModel
from ltoapp.workflows.engine import lessons_prompts
from ltoapp.workflows.registry import current_workflows


def rating_records(review_id: int, column: str | None = None) -> list[RatingRecord]:
    """Return every rating sent in a review, with the side of whoever gave it.

    Only those in one column, if given. Drafts are kept elsewhere, so only
    sent questionnaires count.
    """
    query = (
        select(
            Participant.id,
            # The side's stored word, as the records hold it, not a Side.
            type_coerce(Participant.side, String),
            Rating.question_key,
            Rating.column,
            Rating.value,
        )
        .join(Response, Response.participant_id == Participant.id)
        .join(Rating, Rating.response_id == Response.id)
        .where(Participant.review_id == review_id)
        .order_by(Participant.id, Rating.id)
    )
    if column is not None:
        query = query.where(Rating.column == column)
    # Core, not the ORM: these are plain columns, thousands of them per view
    # of the live page, and the ORM's row handling cost more than the query.
    rows = db.session.connection().execute(query)
    return list(map(RatingRecord._make, rows))


def response_count(review_id: int) -> int:
    """Return how many people have answered a review."""
    return db.session.scalar(
        select(db.func.count(Response.id))
        .join(Participant, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
    )


def answered_by_side(review_id: int) -> dict[str, int]:
    """Count the people of each side who have sent their answers."""
    rows = db.session.execute(
        select(Participant.side, db.func.count(Response.id))
        .join(Response, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
        .group_by(Participant.side)
    )
    counts = dict.fromkeys(SIDES, 0)
    for side, count in rows:
        counts[side.value] = count
    return counts


def paper_count(review_id: int) -> int:
    """Return how many paper questionnaires have been typed in for a review."""
    return db.session.scalar(
        select(db.func.count(Participant.id)).where(
            Participant.review_id == review_id, Participant.on_paper.is_(True)
        )
    )


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


def cell_text(cell: CellSummary | ShownCell) -> str:
    """Write a cell as the tables show it: median (lowest to highest), don't knows.

    Where the lowest and highest may not be shown, the spread stands in.
    """
    if cell.median is None:
        text = EN_DASH
    else:
        text = f"{cell.median:g}"
        if cell.spread and cell.minimum is not None:
            text += f" ({cell.minimum}{EN_DASH}{cell.maximum})"
        elif cell.spread:
            text += f" (spread {cell.spread})"
    if cell.dont_know:
        text += f", {cell.dont_know} don't know"
    return text


def gap_text(gap: float | None) -> str:
    """Write the gap between the two sides' medians, or a dash without one."""
    return EN_DASH if gap is None else f"{gap:g}"


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


@dataclass(frozen=True)
class ParticipantAnswers:
    """One person's sent answers, numbered in the order people joined."""

    number: int
    participant_id: int
    #: None where naming the side would name the person.
    side: str | None
    name: str | None
    on_paper: bool
    #: (question key, column) → 1 to 10, or None for "don't know".
    ratings: dict[tuple[str, str], int | None]
    flat: bool


@dataclass(frozen=True)
class QuestionComment:
    """A comment left on a question, labelled only as far as the viewer may see.

    ``side`` is None when labelling it would point at one person, ``name``
    None unless names may be shown.
    """

    text: str
    side: str | None
    name: str | None


@dataclass(frozen=True)
class ReviewResults:
    """The group results of a review, ready for charts, tables and words."""

    response_count: int
    cells: dict[tuple[str, str], CellSummary]
    columns: list[Column]
    chart: dict[str, Any]
    summary: str
    divergences: list[Divergence]
    gaps: list[AspirationGap]
    #: The column the comparison of sides is about ("now" unless chosen).
    focus: Column | None = None
    answered_by_side: dict[str, int] = field(default_factory=dict)
    #: Every question's cells for the focus column, in framework order.
    side_rows: list[dict[str, Any]] = field(default_factory=list)
    side_chart: dict[str, Any] = field(default_factory=dict)
    side_summary: str = ""
    comments: dict[str, list[QuestionComment]] = field(default_factory=dict)
    participants: list[ParticipantAnswers] = field(default_factory=list)
    previous: Review | None = None
    changes: list[Change] = field(default_factory=list)
    #: What the viewer may see; everything above is already cut to it.
    disclosure: Disclosure | None = None

    @property
    def flat_profiles(self) -> list[ParticipantAnswers]:
        return [p for p in self.participants if p.flat]


def _focus_column(shown: list[Column], chosen: str | None) -> Column | None:
    keys = [column.key for column in shown]
    if chosen in keys:
        return shown[keys.index(chosen)]
    now = load_framework().now
    if now in keys:
        return shown[keys.index(now)]
    return shown[0] if shown else None


def side_chart(
    by_side: Mapping[str, Mapping[tuple[str, str], CellSummary]],
    column: str,
    labels: Mapping[str, str],
) -> dict[str, Any]:
    """Describe the radar of each side's medians in one column, overlaid."""
    framework = load_framework()
    names = side_names(labels)
    return {
        "labels": [f"{q.number}. {q.short}" for q in framework.questions],
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
        "labels": [f"{q.number}. {q.short}" for q in framework.questions],
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
        f"{widest.side_gap:g} points."
    )


def previous_review(review: Review) -> Review | None:
    """Return the latest earlier review of the same relationship with ratings now."""
    return db.session.scalar(
        select(Review)
        .join(Participant, Participant.review_id == Review.id)
        .join(Response, Response.participant_id == Participant.id)
        .join(Rating, Rating.response_id == Response.id)
        .where(
            Review.relationship_id == review.relationship_id,
            Review.id != review.id,
            Rating.column == load_framework().now,
            or_(
                Review.held_on < review.held_on,
                and_(Review.held_on == review.held_on, Review.id < review.id),
            ),
        )
        .order_by(Review.held_on.desc(), Review.id.desc())
        .limit(1)
    )


def participant_answers(
    review_id: int, records: list[RatingRecord], flat: set[int]
) -> list[ParticipantAnswers]:
    """Return each person who sent answers, numbered, with their ratings.

    ``records`` are the review's ratings and ``flat`` the ids of people whose
    profile is flat.
    """
    rows = db.session.execute(
        select(
            Participant.id,
            Participant.side,
            Participant.display_name,
            Participant.on_paper,
        )
        .join(Response, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
        .order_by(Participant.id)
    )
    ratings: dict[int, dict[tuple[str, str], int | None]] = {}
    for record in records:
        ratings.setdefault(record.participant_id, {})[
            (record.question_key, record.column)
        ] = record.value
    return [
        ParticipantAnswers(
            number=number,
            participant_id=participant_id,
            side=side.value,
            name=name,
            on_paper=on_paper,
            ratings=ratings.get(participant_id, {}),
            flat=participant_id in flat,
        )
        for number, (participant_id, side, name, on_paper) in enumerate(rows, start=1)
    ]


def _comments(
    review_id: int, disclosure: Disclosure
) -> dict[str, list[QuestionComment]]:
    """Return the comments on each question, labelled as the disclosure allows."""
    if not disclosure.shows("everyone"):
        return {}
    rows = db.session.execute(
        select(
            QuestionCommentModel.question_key,
            QuestionCommentModel.text,
            Participant.side,
            Participant.display_name,
        )
        .join(Response, QuestionCommentModel.response_id == Response.id)
        .join(Participant, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
        .order_by(QuestionCommentModel.id)
    )
    comments: dict[str, list[QuestionComment]] = {}
    for key, text, side, name in rows:
        comments.setdefault(key, []).append(
            QuestionComment(
                text,
                disclosure.side_label(side.value),
                name if disclosure.names else None,
            )
        )
    if not disclosure.names:
        # In the order sent, the room could match a comment to whoever it saw
        # press send; in the order of the words nobody can.
        for found in comments.values():
            found.sort(key=lambda comment: comment.text.casefold())
    return comments


def review_disclosure(review: Review, audience: Audience) -> Disclosure:
    """Decide what ``audience`` may see of this review, from who has answered."""
    return disclose(audience, review.anonymity.value, answered_by_side(review.id))


def shown_cells(
    disclosure: Disclosure,
    group: str,
    cells: Mapping[tuple[str, str], CellSummary],
) -> dict[tuple[str, str], ShownCell]:
    """Cut one group's cells to the figures the disclosure allows."""
    return {key: disclosure.cell(group, cell) for key, cell in cells.items()}


def _divergences(
    records: list[RatingRecord],
    column: str,
    config: Mapping[str, Any],
    disclosure: Disclosure,
) -> tuple[list[Divergence], list[Divergence]]:
    """Return the divergence of every question, flagged first and in framework order.

    Judged on the figures the viewer may see, so that a flag never tells
    what a withheld figure would.
    """
    framework = load_framework()
    labels = config["LABELS"]
    keys = framework.question_keys
    divergences = judge_divergence(
        shown_cells(disclosure, "everyone", summarise_cells(records, keys, [column])),
        {
            side: shown_cells(disclosure, side, cells)
            for side, cells in summarise_by_side(records, keys, [column]).items()
        },
        keys,
        column,
        side_gap_threshold=config["DIVERGENCE_SIDE_GAP"],
        range_threshold=config["DIVERGENCE_RANGE"],
        side_names={"partnership": labels["partnership"], "lto": labels["lto"]},
    )
    if not disclosure.divergences:
        divergences = [replace(d, flagged=False, reasons=()) for d in divergences]
    order = {key: index for index, key in enumerate(keys)}
    return divergences, sorted(divergences, key=lambda d: order[d.question_key])


@dataclass(frozen=True)
class ReviewRadar:
    """A review's radar: each answered column's medians, and what they say."""

    columns: list[Column]
    chart: dict[str, Any]
    summary: str


def _radar(cells: Mapping[tuple[str, str], CellSummary | ShownCell]) -> ReviewRadar:
    framework = load_framework()
    column_keys = [column.key for column in framework.columns]
    shown = [framework.column(key) for key in columns_with_answers(cells, column_keys)]
    return ReviewRadar(
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
    )


def _everyone_cells(
    records: list[RatingRecord], disclosure: Disclosure
) -> dict[tuple[str, str], ShownCell]:
    framework = load_framework()
    cells = summarise_cells(
        records, framework.question_keys, [column.key for column in framework.columns]
    )
    return shown_cells(disclosure, "everyone", cells)


def review_radar(review_id: int, audience: Audience = Audience.ROOM) -> ReviewRadar:
    """Return a review's radar alone, for pages that show no more of its results.

    Everyone's medians, as far as ``audience`` may see them (by default as
    the room would, the strictest view).
    """
    review = db.session.get(Review, review_id)
    disclosure = review_disclosure(review, audience)
    return _radar(_everyone_cells(rating_records(review_id), disclosure))


def review_results(
    review_id: int,
    config: Mapping[str, Any],
    column: str | None = None,
    audience: Audience = Audience.ROOM,
) -> ReviewResults:
    """Gather a review's ratings into everything its results pages show.

    Everything is cut to what ``audience`` may see (by default the room's
    group view, the strictest): see :mod:`ltoapp.framework.disclosure`.
    ``column`` chooses the column the sides are compared on; by default "now"
    or the first column anyone answered.
    """
    framework = load_framework()
    review = db.session.get(Review, review_id)
    counts = answered_by_side(review_id)
    disclosure = disclose(audience, review.anonymity.value, counts)
    records = rating_records(review_id)
    cells = _everyone_cells(records, disclosure)
    radar = _radar(cells)
    shown = radar.columns
    labels = config["LABELS"]
    focus = _focus_column(shown, column)
    focus_key = focus.key if focus else framework.now
    divergences, by_question = _divergences(records, focus_key, config, disclosure)
    # A side not shown keeps its place with no values, so the chart and the
    # page that redraws it keep their shape as sides appear.
    by_side = {
        side: shown_cells(disclosure, side, side_cells)
        for side, side_cells in summarise_by_side(
            records, framework.question_keys, [focus_key]
        ).items()
    }
    participants = []
    if disclosure.individuals:
        flat = set()
        if disclosure.flat_profiles:
            flat = set(
                flat_profiles(
                    records, framework.now, spread=config["FLAT_PROFILE_SPREAD"]
                )
            )
        participants = [
            replace(
                p,
                side=disclosure.side_label(p.side),
                name=p.name if disclosure.names else None,
            )
            for p in participant_answers(review_id, records, flat)
        ]
    previous = previous_review(review)
    changes = []
    if previous is not None:
        before = _everyone_cells(
            rating_records(previous.id), review_disclosure(previous, audience)
        )
        changes = change_since(before, cells, framework.question_keys, framework.now)
    return ReviewResults(
        response_count=sum(counts.values()),
        cells=cells,
        columns=shown,
        chart=radar.chart,
        summary=radar.summary,
        divergences=[d for d in divergences if d.flagged],
        gaps=aspiration_gaps(
            cells, framework.question_keys, now=framework.now, wanted=framework.wanted
        ),
        focus=focus,
        answered_by_side=counts,
        side_rows=side_rows(by_question),
        side_chart=side_chart(by_side, focus_key, labels),
        side_summary=describe_sides(by_question, focus, labels) if focus else "",
        comments=_comments(review_id, disclosure),
        participants=participants,
        previous=previous,
        changes=changes,
        disclosure=disclosure,
    )


def live_results(review_id: int, config: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the room's live screen shows, as JSON-ready data.

    The room's group view (:class:`Audience` ROOM), whoever opened the
    screen: it is projected, so nothing facilitator-only is in it.
    Kept cheap, because every open live screen asks for it every few seconds:
    two queries, one for the ratings of the compared column and one for the
    counts per side. The sides are compared on "now", or the first column
    anyone answered.
    """
    framework = load_framework()
    labels = config["LABELS"]
    # Only the compared column is read: a third of the rows, on every poll.
    focus = framework.now
    records = rating_records(review_id, focus)
    if not records:
        records = rating_records(review_id)
        answered = {r.column for r in records}
        focus = next((c.key for c in framework.columns if c.key in answered), focus)
    counts = answered_by_side(review_id)
    # The room sees the group view under every anonymity, so the review's
    # choice need not be read: "aggregates" is what the room gets anyway.
    disclosure = disclose(Audience.ROOM, "aggregates", counts)
    divergences, by_question = _divergences(records, focus, config, disclosure)
    by_side = {
        side: {(d.question_key, focus): d.by_side[side] for d in by_question}
        for side in SIDES
    }
    column = framework.column(focus)
    return {
        "column": {"key": column.key, "name": column.name},
        "answered": counts | {"everyone": sum(counts.values())},
        "rows": side_rows(by_question),
        "divergent": [
            {
                "key": d.question_key,
                "title": (
                    f"{framework.question(d.question_key).number}. "
                    f"{framework.question(d.question_key).text(labels)}"
                ),
                "reasons": list(d.reasons),
                "medians": {
                    side: d.by_side[side].median for side in ("partnership", "lto")
                },
            }
            for d in divergences
            if d.flagged
        ],
        "chart": side_chart(by_side, focus, labels),
        "everyone_chart": everyone_chart(by_question, focus),
        "summary": describe_sides(by_question, column, labels),
        "shown": sorted(disclosure.groups),
    }


def is_lessons_answer() -> ColumnElement[bool]:
    """Match the agreed answers that a partnership's next LTO should read.

    Which prompts hold them is declared in the workflow files
    (``lessons = true``); join ``PromptAnswer`` to ``Review`` to use it.
    """
    prompts = lessons_prompts(current_workflows())
    if not prompts:
        return false()
    return and_(
        Review.status == ReviewStatus.AGREED,
        or_(
            *(
                and_(Review.workflow == workflow, PromptAnswer.prompt_key == prompt)
                for workflow, prompt in prompts
            )
        ),
    )


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
            Review.id != before.id,
            is_lessons_answer(),
        )
        .order_by(Review.held_on.desc(), Review.id.desc())
        .limit(1)
    )
