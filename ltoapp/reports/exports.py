"""Records that leave the app: CSV of actions and ratings, a JSON document.

What of a review's answers may leave is what a member of the relationship
may see of it, decided by the one disclosure rule
(:mod:`ltoapp.framework.disclosure`): names only when the review is "named";
individual answers without names when it is "anonymous" (and no side where
the side would name the person); under "aggregates" only the group's figures,
cut as the pages cut them. The facilitator's wider view inside the app never
leaves it, whoever downloads.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ltoapp.actions.models import Action, ActionUpdate
from ltoapp.csv_writer import write_csv_dicts
from ltoapp.extensions import db
from ltoapp.formatting import owner_words
from ltoapp.framework import load_framework
from ltoapp.framework.analysis import RatingRecord, summarise_cells
from ltoapp.framework.disclosure import Audience, Disclosure, ShownCell, disclose
from ltoapp.framework.sides import SIDES
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import Participant, Response, Review

ACTION_COLUMNS = [
    "review_date",
    "workflow",
    "action",
    "owner",
    "owner_side",
    "owner_name",
    "due_on",
    "status",
    "source_step",
    "source_question",
    "source_prompt",
    "history",
]
RATING_COLUMNS = [
    "review_date",
    "workflow",
    "anonymity",
    "participant",
    "side",
    "question_number",
    "question",
    "column",
    "rating",
    "median",
    "lowest",
    "highest",
    "spread",
    "answered",
    "dont_know",
]


def load_reviews(relationship_id: int) -> list[Review]:
    """Load a relationship's reviews with everything the exports need."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.relationship_id == relationship_id)
            .options(
                selectinload(Review.participants)
                .selectinload(Participant.response)
                .selectinload(Response.ratings),
                selectinload(Review.participants)
                .selectinload(Participant.response)
                .selectinload(Response.comments),
                selectinload(Review.prompt_answers),
                selectinload(Review.step_progress),
                selectinload(Review.actions).selectinload(Action.updates),
                selectinload(Review.actions).selectinload(Action.owner_person),
            )
            .order_by(Review.held_on, Review.id)
        )
    )


def _history_text(action: Action) -> str:
    return "; ".join(
        f"{u.at:%Y-%m-%d} {u.person_label}: {u.from_status.value} -> "
        f"{u.to_status.value}"
        + (f", due {u.to_due_on.isoformat()}" if u.due_changed and u.to_due_on else "")
        + (f" ({u.note})" if u.note else "")
        for u in action.updates
    )


def actions_csv(reviews: list[Review], labels: dict[str, str]) -> str:
    """Write every action of the reviews, with its history, as CSV."""
    return write_csv_dicts(
        ACTION_COLUMNS,
        [
            {
                "review_date": review.held_on.isoformat(),
                "workflow": review.workflow,
                "action": action.description,
                "owner": owner_words(action, labels),
                "owner_side": action.owner_side.value,
                "owner_name": action.owner_name,
                "due_on": action.due_on.isoformat() if action.due_on else None,
                "status": action.status.value,
                "source_step": action.source_step,
                "source_question": action.source_question_key,
                "source_prompt": action.source_prompt_key,
                "history": _history_text(action),
            }
            for review in reviews
            for action in review.actions
        ],
    )


def _records(review: Review) -> list[RatingRecord]:
    return [
        RatingRecord(p.id, p.side.value, r.question_key, r.column, r.value)
        for p in review.participants
        if p.response is not None
        for r in p.response.ratings
    ]


def _disclosure(review: Review) -> Disclosure:
    """What may leave the app of this review: what a member may see of it."""
    answered = [p.side.value for p in review.participants if p.response is not None]
    counts = {side: answered.count(side) for side in SIDES}
    return disclose(Audience.MEMBER, review.anonymity.value, counts)


def _everyone(review: Review, disclosure: Disclosure) -> list[ShownCell]:
    """Everyone's cells that may leave the app and hold anything to show."""
    framework = load_framework()
    cells = summarise_cells(
        _records(review), framework.question_keys, [c.key for c in framework.columns]
    )
    shown = [disclosure.cell("everyone", cell) for cell in cells.values()]
    return [
        cell
        for cell in shown
        if cell.answered or cell.dont_know or cell.median is not None
    ]


def _participant_label(
    disclosure: Disclosure, participant: Participant, number: int
) -> str:
    if disclosure.names and participant.display_name:
        return participant.display_name
    return f"Person {number}"


def rating_rows(review: Review) -> list[dict[str, Any]]:
    """The rows of one review's ratings that may leave the app."""
    framework = load_framework()
    base = {
        "review_date": review.held_on.isoformat(),
        "workflow": review.workflow,
        "anonymity": review.anonymity.value,
    }
    numbers = {question.key: question.number for question in framework.questions}
    disclosure = _disclosure(review)
    if not disclosure.individuals:
        return [
            base
            | {
                "participant": "everyone (aggregate)",
                "question_number": numbers[cell.question_key],
                "question": cell.question_key,
                "column": cell.column,
                "median": cell.median,
                "lowest": cell.minimum,
                "highest": cell.maximum,
                "spread": cell.spread,
                "answered": cell.answered,
                "dont_know": cell.dont_know,
            }
            for cell in _everyone(review, disclosure)
        ]
    answering = [p for p in review.participants if p.response is not None]
    return [
        base
        | {
            "participant": _participant_label(disclosure, participant, number),
            "side": disclosure.side_label(participant.side.value),
            "question_number": numbers.get(rating.question_key),
            "question": rating.question_key,
            "column": rating.column,
            "rating": "don't know" if rating.value is None else rating.value,
        }
        for number, participant in enumerate(answering, start=1)
        for rating in participant.response.ratings
    ]


def ratings_csv(reviews: list[Review]) -> str:
    """Write the ratings of the reviews as CSV, each as its anonymity allows."""
    return write_csv_dicts(
        RATING_COLUMNS, [row for review in reviews for row in rating_rows(review)]
    )


def _update_document(update: ActionUpdate) -> dict[str, Any]:
    return {
        "at": update.at.isoformat(),
        "by": update.person_label,
        "from_status": update.from_status.value,
        "to_status": update.to_status.value,
        "from_due_on": update.from_due_on.isoformat() if update.from_due_on else None,
        "to_due_on": update.to_due_on.isoformat() if update.to_due_on else None,
        "note": update.note,
        "decided_in_review_id": update.review_id,
    }


def _action_document(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "description": action.description,
        "owner_side": action.owner_side.value,
        "owner_name": action.owner_name,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status.value,
        "source": {
            "step": action.source_step,
            "question": action.source_question_key,
            "prompt": action.source_prompt_key,
        },
        "history": [_update_document(update) for update in action.updates],
    }


def _responses_document(review: Review) -> list[dict[str, Any]] | None:
    """Individual answers as a member may see them; None where only aggregates."""
    disclosure = _disclosure(review)
    if not disclosure.individuals:
        return None
    answering = [p for p in review.participants if p.response is not None]
    return [
        {
            "participant": _participant_label(disclosure, participant, number),
            "side": disclosure.side_label(participant.side.value),
            "ratings": [
                {"question": r.question_key, "column": r.column, "value": r.value}
                for r in participant.response.ratings
            ],
            "comments": {c.question_key: c.text for c in participant.response.comments},
            "other_comments": participant.response.other_comments,
        }
        for number, participant in enumerate(answering, start=1)
    ]


def _aggregates_document(review: Review) -> list[dict[str, Any]]:
    return [
        {
            "question": cell.question_key,
            "column": cell.column,
            "median": cell.median,
            "lowest": cell.minimum,
            "highest": cell.maximum,
            "spread": cell.spread,
            "answered": cell.answered,
            "dont_know": cell.dont_know,
        }
        for cell in _everyone(review, _disclosure(review))
    ]


def relationship_document(
    relationship: Relationship, reviews: list[Review]
) -> dict[str, Any]:
    """Return one relationship's whole record as plain JSON-ready data."""
    return {
        "format": "ltoapp relationship record",
        "version": 1,
        "relationship": {
            "id": relationship.id,
            "partnership": relationship.partnership.name,
            "partnership_area": relationship.partnership.area,
            "lto": relationship.lto.name,
            "started_on": relationship.started_on.isoformat(),
            "ended_on": relationship.ended_on.isoformat()
            if relationship.ended_on
            else None,
        },
        "reviews": [
            {
                "id": review.id,
                "workflow": review.workflow,
                "held_on": review.held_on.isoformat(),
                "status": review.status.value,
                "anonymity": review.anonymity.value,
                "agreed_at": review.agreed_at.isoformat() if review.agreed_at else None,
                "next_review_on": review.next_review_on.isoformat()
                if review.next_review_on
                else None,
                "participants_by_side": {
                    side: sum(1 for p in review.participants if p.side.value == side)
                    for side in ("partnership", "lto", "neutral")
                },
                "steps": {
                    p.step_key: {"state": p.state.value, "skip_reason": p.skip_reason}
                    for p in review.step_progress
                },
                "answers": {a.prompt_key: a.answer for a in review.prompt_answers},
                "ratings_aggregates": _aggregates_document(review),
                "responses": _responses_document(review),
                "actions": [_action_document(action) for action in review.actions],
            }
            for review in reviews
        ],
    }
