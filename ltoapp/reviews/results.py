"""The results of a review as its pages show them, built from the queries' records.

Everything is cut to what the audience may see before any of it is written
or drawn: see :mod:`ltoapp.framework.disclosure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ltoapp.extensions import db
from ltoapp.framework import Column, load_framework
from ltoapp.framework.analysis import (
    CellSummary,
    columns_with_answers,
    describe_results,
)
from ltoapp.framework.disclosure import Audience, Disclosure, ShownCell, disclose
from ltoapp.framework.sides import (
    SIDES,
    AspirationGap,
    Change,
    Divergence,
    aspiration_gaps,
    change_since,
    flat_profiles,
    summarise_by_side,
)
from ltoapp.reviews import queries
from ltoapp.reviews.models import Review
from ltoapp.reviews.presenters import (
    describe_sides,
    everyone_chart,
    radar_chart,
    side_chart,
    side_rows,
)
from ltoapp.reviews.queries import ParticipantAnswers, QuestionComment


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


@dataclass(frozen=True)
class ReviewRadar:
    """A review's radar: each answered column's medians, and what they say."""

    columns: list[Column]
    chart: dict[str, Any]
    summary: str


def _radar(
    cells: Mapping[tuple[str, str], CellSummary | ShownCell],
) -> ReviewRadar:
    framework = load_framework()
    column_keys = [column.key for column in framework.columns]
    shown = [framework.column(key) for key in columns_with_answers(cells, column_keys)]
    return ReviewRadar(
        columns=shown,
        chart=radar_chart(cells, shown, framework),
        summary=describe_results(cells, framework),
    )


def review_radars(
    reviews: Sequence[Review], audience: Audience = Audience.ROOM
) -> list[ReviewRadar]:
    """Return the radars of several reviews, for pages that show no more of them.

    Everyone's medians, as far as ``audience`` may see them (by default as
    the room would, the strictest view). Two statements, however many.
    """
    ids = [review.id for review in reviews]
    counts = queries.answered_by_side_of(ids)
    records = queries.counted_records_of(ids)
    return [
        _radar(
            queries.everyone_cells(
                records[review.id],
                disclose(audience, review.anonymity.value, counts[review.id]),
            )
        )
        for review in reviews
    ]


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
    # The review and the one before it (for the change since), read together.
    previous = queries.previous_review(review)
    read = [review_id] + ([previous.id] if previous else [])
    counts_of = queries.answered_by_side_of(read)
    counts = counts_of[review_id]
    disclosure = disclose(audience, review.anonymity.value, counts)
    # The group's figures need only counts; who gave which rating is read
    # only for an audience that may see each person's answers.
    if disclosure.individuals:
        records_of = queries.counted_records_of(read[1:])
        records = queries.rating_records(review_id)
    else:
        records_of = queries.counted_records_of(read)
        records = records_of[review_id]
    cells = queries.everyone_cells(records, disclosure)
    radar = _radar(cells)
    shown = radar.columns
    labels = config["LABELS"]
    focus = _focus_column(shown, column)
    focus_key = focus.key if focus else framework.now
    divergences, by_question = queries.judged_divergences(
        records, focus_key, config, disclosure
    )
    # A side not shown keeps its place with no values, so the chart and the
    # page that redraws it keep their shape as sides appear.
    by_side = {
        side: queries.shown_cells(disclosure, side, side_cells)
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
            for p in queries.participant_answers(review_id, records, flat)
        ]
    changes = []
    if previous is not None:
        before = queries.everyone_cells(
            records_of[previous.id],
            disclose(audience, previous.anonymity.value, counts_of[previous.id]),
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
        comments=queries.question_comments(review_id, disclosure),
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
    records = queries.counted_records(review_id, focus)
    if not records:
        records = queries.counted_records(review_id)
        answered = {r.column for r in records}
        focus = next((c.key for c in framework.columns if c.key in answered), focus)
    counts = queries.answered_by_side(review_id)
    # The room sees the group view under every anonymity, so the review's
    # choice need not be read: "aggregates" is what the room gets anyway.
    disclosure = disclose(Audience.ROOM, "aggregates", counts)
    divergences, by_question = queries.judged_divergences(
        records, focus, config, disclosure
    )
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
