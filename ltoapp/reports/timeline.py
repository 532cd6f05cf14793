"""The relationship's story, read in a fixed number of statements.

It reads reviews, actions and memberships together, so it lives in reports,
above every record package it reads.

The timeline is built from plain data: every review with its actions and
their history, how many took part on each side (counts, never names, so each
review's anonymity holds), memberships starting and ending, and the change of
LTO when the partnership had one before or after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ltoapp.accounts.models import Membership
from ltoapp.actions.models import Action, ActionUpdate
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.framework.analysis import CellSummary
from ltoapp.framework.disclosure import Audience, disclose
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import (
    Participant,
    PromptAnswer,
    Rating,
    Response,
    Review,
    Side,
)
from ltoapp.reviews.queries import answered_by_side_of, is_lessons_answer
from ltoapp.workflows.registry import current_workflows

#: Order of events that fall on the same day.
KIND_ORDER = {
    "previous_lto": 0,
    "started": 1,
    "joined": 2,
    "review": 3,
    "action_update": 4,
    "left": 5,
    "ended": 6,
    "next_lto": 7,
    "next_review": 8,
}


@dataclass
class TimelineEvent:
    """One moment in the story; ``kind`` says which fields matter."""

    on: date
    kind: str
    #: The review, action, update, membership or relationship concerned.
    subject: Any = None
    #: (side, number of people who took part), sides in a fixed order (reviews).
    counts: list[tuple[Side, int]] = field(default_factory=list)
    #: Free text: lessons from an exit interview, a note.
    text: str | None = None
    order: int = 0


def participant_counts(review_ids: list[int]) -> dict[int, dict[Side, int]]:
    """Count who took part in each review, by side, in one grouped query."""
    counts: dict[int, dict[Side, int]] = defaultdict(dict)
    if not review_ids:
        return counts
    rows = db.session.execute(
        select(Participant.review_id, Participant.side, func.count(Participant.id))
        .where(Participant.review_id.in_(review_ids))
        .group_by(Participant.review_id, Participant.side)
    )
    for review_id, side, count in rows:
        counts[review_id][side] = count
    return counts


def reviews_of(relationship_id: int) -> list[Review]:
    """A relationship's reviews in the order held, with their actions and
    the actions' history: what :func:`timeline` and
    :func:`ratings_over_time` both read, loaded once for the two."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.relationship_id == relationship_id)
            .options(
                selectinload(Review.actions)
                .selectinload(Action.updates)
                .joinedload(ActionUpdate.review)
            )
            .order_by(Review.held_on, Review.id)
        )
    )


def _memberships(relationship: Relationship) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(
                or_(
                    Membership.partnership_id == relationship.partnership_id,
                    Membership.lto_id == relationship.lto_id,
                )
            )
            .options(
                joinedload(Membership.person),
                joinedload(Membership.partnership),
                joinedload(Membership.lto),
            )
        )
    )


def _neighbours(relationship: Relationship) -> list[Relationship]:
    return list(
        db.session.scalars(
            select(Relationship)
            .where(
                Relationship.partnership_id == relationship.partnership_id,
                Relationship.id != relationship.id,
            )
            .options(joinedload(Relationship.lto))
            .order_by(Relationship.started_on)
        )
    )


def _lessons(relationship_ids: list[int]) -> dict[int, str]:
    """The lessons for the next LTO from each relationship's agreed exit interview."""
    if not relationship_ids:
        return {}
    rows = db.session.execute(
        select(Review.relationship_id, PromptAnswer.answer)
        .join(PromptAnswer, PromptAnswer.review_id == Review.id)
        .where(
            Review.relationship_id.in_(relationship_ids),
            is_lessons_answer(),
        )
        .order_by(Review.held_on, Review.id)
    )
    return {relationship_id: str(answer) for relationship_id, answer in rows if answer}


def timeline(
    relationship: Relationship, reviews: Sequence[Review], today: date
) -> list[TimelineEvent]:
    """Tell a relationship's story as events in date order.

    ``reviews`` are the relationship's, from :func:`reviews_of`.
    """
    counts = participant_counts([review.id for review in reviews])
    neighbours = _neighbours(relationship)
    lessons = _lessons([n.id for n in neighbours])
    until = relationship.ended_on or today
    events = [TimelineEvent(relationship.started_on, "started", relationship)]
    for other in neighbours:
        if other.ended_on and other.ended_on <= relationship.started_on:
            events.append(
                TimelineEvent(
                    relationship.started_on,
                    "previous_lto",
                    other,
                    text=lessons.get(other.id),
                )
            )
        elif relationship.ended_on and other.started_on >= relationship.ended_on:
            events.append(TimelineEvent(relationship.ended_on, "next_lto", other))
    for membership in _memberships(relationship):
        if relationship.started_on <= membership.joined_on <= until:
            events.append(TimelineEvent(membership.joined_on, "joined", membership))
        if (
            membership.left_on
            and relationship.started_on <= membership.left_on <= until
        ):
            events.append(TimelineEvent(membership.left_on, "left", membership))
    for review in reviews:
        events.append(
            TimelineEvent(
                review.held_on,
                "review",
                review,
                counts=[
                    (side, counts[review.id][side])
                    for side in Side
                    if counts[review.id].get(side)
                ],
            )
        )
        for action in review.actions:
            for update in action.updates:
                # A decision taken in a review belongs to that review's day.
                on = update.review.held_on if update.review else update.at.date()
                events.append(TimelineEvent(on, "action_update", update))
    if relationship.ended_on:
        events.append(TimelineEvent(relationship.ended_on, "ended", relationship))
    else:
        due = relationship.next_review_due_on
        events.append(TimelineEvent(due, "next_review", relationship))
    for event in events:
        event.order = KIND_ORDER[event.kind]
    return sorted(events, key=lambda e: (e.on, e.order))


@dataclass(frozen=True)
class QuestionTrend:
    """One question's group "now" median at each agreed review, for a small chart."""

    question_key: str
    number: int
    text: str
    points: list[tuple[Review, float | None]]

    def chart(self, colour: str) -> dict[str, Any]:
        return {
            "labels": [f"{r.held_on:%b %Y}" for r, _ in self.points],
            "datasets": [
                {
                    "label": "Now (median)",
                    "colour": colour,
                    "values": [value for _, value in self.points],
                }
            ],
        }


def ratings_over_time(
    reviews: Sequence[Review],
    labels: dict[str, str],
    audience: Audience = Audience.MEMBER,
) -> list[QuestionTrend]:
    """Return each question's "now" median across the agreed ``reviews``
    (a relationship's, in the order held) of workflows that rate it.

    Each median only where the disclosure rule lets ``audience`` see it for
    that review (a review answered by one person has none). Reviews in which
    nobody gave a "now" rating are left out.
    """
    framework = load_framework()
    column = framework.now
    workflows = current_workflows()
    rated = {
        review.id: review
        for review in reviews
        if review.is_agreed
        and review.workflow in workflows
        and workflows[review.workflow].rates_relationship(column)
    }
    # Plain columns through Core: ten years of ratings are thousands of rows,
    # and loading a Review entity on each of them cost more than the query.
    # (Counting them by value in the database took longer than sending them.)
    rows = db.session.connection().execute(
        select(Participant.review_id, Rating.question_key, Rating.value)
        .join(Response, Response.participant_id == Participant.id)
        .join(Rating, Rating.response_id == Response.id)
        .where(Participant.review_id.in_(rated), Rating.column == column)
    )
    values: dict[tuple[int, str], list[int]] = defaultdict(list)
    dont_know: dict[tuple[int, str], int] = defaultdict(int)
    review_ids = set()
    for review_id, question_key, value in rows:
        review_ids.add(review_id)
        if value is None:
            dont_know[(review_id, question_key)] += 1
        else:
            values[(review_id, question_key)].append(value)
    ordered = [review for review in rated.values() if review.id in review_ids]
    counts = answered_by_side_of(review_ids)
    disclosures = {
        review.id: disclose(audience, review.anonymity.value, counts[review.id])
        for review in ordered
    }

    def shown_median(review: Review, question_key: str) -> float | None:
        found = values[(review.id, question_key)]
        cell = CellSummary(
            question_key,
            column,
            tuple(sorted(found)),
            dont_know[(review.id, question_key)],
        )
        shown = disclosures[review.id].cell("everyone", cell).median
        return None if shown is None else float(shown)

    return [
        QuestionTrend(
            question.key,
            question.number,
            question.text(labels),
            [(review, shown_median(review, question.key)) for review in ordered],
        )
        for question in framework.questions
    ]
