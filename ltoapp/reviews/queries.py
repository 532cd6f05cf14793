"""Read-only questions about reviews, answered as plain data."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from itertools import starmap
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    false,
    func,
    or_,
    select,
    type_coerce,
)

from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.framework.analysis import CellSummary, RatingRecord, summarise_cells
from ltoapp.framework.disclosure import Audience, Disclosure, ShownCell, disclose
from ltoapp.framework.sides import (
    SIDES,
    Divergence,
    judge_divergence,
    summarise_by_side,
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
from ltoapp.reviews.models import QuestionComment as QuestionCommentModel
from ltoapp.workflows.engine import lessons_prompts
from ltoapp.workflows.registry import current_workflows


def _sent_ratings(
    *criteria: ColumnElement[bool], column: str | None = None
) -> tuple[Select, list[ColumnElement]]:
    """Select from sent ratings and who gave them; return the query and the
    columns a record holds after its giver: side, question, column, value."""
    # The side's stored word, as the records hold it, not a Side.
    rated = [
        type_coerce(Participant.side, String),
        Rating.question_key,
        Rating.column,
        Rating.value,
    ]
    query = (
        select(Participant.id)
        .join(Response, Response.participant_id == Participant.id)
        .join(Rating, Rating.response_id == Response.id)
        .where(*criteria)
    )
    if column is not None:
        query = query.where(Rating.column == column)
    return query, rated


def _ratings(*criteria: ColumnElement[bool], column: str | None = None) -> Select:
    """Select sent ratings with the side of whoever gave them, oldest first."""
    query, rated = _sent_ratings(*criteria, column=column)
    return query.add_columns(*rated).order_by(Participant.id, Rating.id)


def rating_records(review_id: int, column: str | None = None) -> list[RatingRecord]:
    """Return every rating sent in a review, with the side of whoever gave it.

    Only those in one column, if given. Drafts are kept elsewhere, so only
    sent questionnaires count.
    """
    query = _ratings(Participant.review_id == review_id, column=column)
    # Core, not the ORM: these are plain columns, thousands of them per view
    # of the live page, and the ORM's row handling cost more than the query.
    rows = db.session.connection().execute(query)
    return list(starmap(RatingRecord, rows))


def rating_records_of(review_ids: Collection[int]) -> dict[int, list[RatingRecord]]:
    """Return :func:`rating_records` for several reviews in one statement."""
    records: dict[int, list[RatingRecord]] = {review_id: [] for review_id in review_ids}
    if not records:
        return records
    query = _ratings(Participant.review_id.in_(records)).add_columns(
        Participant.review_id
    )
    for *record, review_id in db.session.connection().execute(query):
        records[review_id].append(RatingRecord(*record))
    return records


def counted_records(review_id: int, column: str | None = None) -> list[RatingRecord]:
    """Return a review's ratings as the group gave them, without who gave each.

    Counted by the database: one record for each side, question, column and
    value, with how many ``given`` it and ``participant_id`` None. Summarised,
    they give the figures :func:`rating_records` gives. For every view of the
    group rather than the people, so that at a gathering of a thousand every
    phone's results and every poll of the live screen read a few hundred
    rows, not thirty thousand.
    """
    return counted_records_of([review_id], column)[review_id]


def counted_records_of(
    review_ids: Collection[int], column: str | None = None
) -> dict[int, list[RatingRecord]]:
    """Return :func:`counted_records` for several reviews in one statement."""
    records: dict[int, list[RatingRecord]] = {review_id: [] for review_id in review_ids}
    if not records:
        return records
    query, rated = _sent_ratings(Participant.review_id.in_(records), column=column)
    query = query.with_only_columns(
        Participant.review_id, *rated, func.count()
    ).group_by(Participant.review_id, *rated)
    for review_id, *counted in db.session.connection().execute(query):
        records[review_id].append(RatingRecord(None, *counted))
    return records


def response_count(review_id: int) -> int:
    """Return how many people have answered a review."""
    return db.session.scalar(
        select(db.func.count(Response.id))
        .join(Participant, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
    )


def answered_by_side(review_id: int) -> dict[str, int]:
    """Count the people of each side who have sent their answers."""
    return answered_by_side_of([review_id])[review_id]


def answered_by_side_of(review_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """Count, for each review, the people of each side who sent their answers.

    Every review given has every side, at 0 where nobody has answered.
    """
    counts = {review_id: dict.fromkeys(SIDES, 0) for review_id in review_ids}
    if not counts:
        return counts
    rows = db.session.execute(
        select(Participant.review_id, Participant.side, db.func.count(Response.id))
        .join(Response, Response.participant_id == Participant.id)
        .where(Participant.review_id.in_(counts))
        .group_by(Participant.review_id, Participant.side)
    )
    for review_id, side, count in rows:
        counts[review_id][side.value] = count
    return counts


def paper_count(review_id: int) -> int:
    """Return how many paper questionnaires have been typed in for a review."""
    return db.session.scalar(
        select(db.func.count(Participant.id)).where(
            Participant.review_id == review_id, Participant.on_paper.is_(True)
        )
    )


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


def question_comments(
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


def judged_divergences(
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


def everyone_cells(
    records: list[RatingRecord], disclosure: Disclosure
) -> dict[tuple[str, str], ShownCell]:
    framework = load_framework()
    cells = summarise_cells(
        records, framework.question_keys, [column.key for column in framework.columns]
    )
    return shown_cells(disclosure, "everyone", cells)
