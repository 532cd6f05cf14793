"""What the home page shows a person: what is theirs and what comes next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, true

from ltoapp.accounts.viewer import Viewer
from ltoapp.actions.models import Action
from ltoapp.actions.queries import actions_owned_by, actions_where, overdue_on
from ltoapp.extensions import db
from ltoapp.paging import page_of
from ltoapp.permissions import (
    own_relationships,
    runs_reviews_of,
    visible_relationships,
)
from ltoapp.relationships.models import Relationship, with_sides
from ltoapp.reports.queries import DueReview, DueSummary, due_reviews, due_summary
from ltoapp.reviews.models import (
    Participant,
    Response,
    Review,
    ReviewStatus,
    with_relationship,
)

#: How many of the programme's next reviews an administrator's home lists;
#: the due page has them all.
PROGRAMME_DUE_SHOWN = 5


def reviews_to_join(viewer: Viewer) -> list[Review]:
    """Return the reviews not yet agreed of the relationships the person belongs to.

    "Belongs" means a member of either side or an assigned facilitator; an
    administrator's dashboard is not every review in the programme.
    """
    if not viewer.belongs_anywhere:
        return []
    return list(
        db.session.scalars(
            select(Review)
            .join(Relationship, Review.relationship_id == Relationship.id)
            .where(own_relationships(viewer), Review.status != ReviewStatus.AGREED)
            .options(*with_relationship())
            .order_by(Review.held_on, Review.id)
        )
    )


#: Relationships per page of the home's list: a person in a few relationships
#: sees them all; an administrator of 1,500 gets pages instead of one page
#: that grew with the programme (and took a phone seconds to show).
RELATIONSHIPS_PER_PAGE = 50


def relationships_seen_by(viewer: Viewer, page: int) -> Pagination:
    """Return one page of the relationships a person may see, current ones
    first, newest first; a page past the last is the last."""
    seen = (
        select(Relationship)
        .where(visible_relationships(viewer))
        # Joined: an administrator sees a page of relationships, and selectin's
        # lists of ids cost more than the join.
        .options(*with_sides())
        .order_by(
            Relationship.ended_on.is_not(None),
            Relationship.started_on.desc(),
            Relationship.id.desc(),
        )
    )
    return page_of(seen, page, RELATIONSHIPS_PER_PAGE)


def review_counts_of(relationships: list[Relationship]) -> dict[int, int]:
    """Count the reviews of each of these relationships, by its id."""
    # Counted by the database: loading every review of a programme's ten years
    # only to count them made this page slower with every review held.
    return dict(
        db.session.execute(
            select(Review.relationship_id, func.count(Review.id))
            .where(Review.relationship_id.in_([r.id for r in relationships]))
            .group_by(Review.relationship_id)
        ).all()
    )


@dataclass(frozen=True)
class Home:
    """What one person's home shows: what is theirs and what comes next."""

    #: Next review of each current relationship the person is a member of.
    member_of: list[DueReview]
    #: Next review of each current relationship the person facilitates.
    facilitating: list[DueReview]
    #: Relationship id → its latest agreed review, whose record to open.
    last_reviews: dict[int, Review]
    #: Open reviews the person runs, with how many have answered each.
    running: list[tuple[Review, int]]
    #: Open reviews of the person's relationships that they do not run.
    to_join: list[Review]
    #: Open actions in the person's name, soonest due first.
    my_actions: list[Action]
    #: Overdue actions across the relationships the person facilitates.
    overdue_actions: list[Action]
    #: The programme's due list in brief, for administrators; None for anyone else.
    programme_due: DueSummary | None


def _last_agreed(relationship_ids: list[int]) -> dict[int, Review]:
    if not relationship_ids:
        return {}
    latest = (
        select(
            Review.id,
            func.row_number()
            .over(
                partition_by=Review.relationship_id,
                order_by=(Review.held_on.desc(), Review.id.desc()),
            )
            .label("latest_first"),
        )
        .where(
            Review.relationship_id.in_(relationship_ids),
            Review.status == ReviewStatus.AGREED,
        )
        .subquery()
    )
    return {
        review.relationship_id: review
        for review in db.session.scalars(
            select(Review).where(
                Review.id.in_(select(latest.c.id).where(latest.c.latest_first == 1))
            )
        )
    }


def _answer_counts(review_ids: list[int]) -> dict[int, int]:
    if not review_ids:
        return {}
    return dict(
        db.session.execute(
            select(Participant.review_id, func.count(Response.id))
            .join(Response, Response.participant_id == Participant.id)
            .where(Participant.review_id.in_(review_ids))
            .group_by(Participant.review_id)
        ).all()
    )


def _overdue_actions(relationship_ids: frozenset[int], today: date) -> list[Action]:
    if not relationship_ids:
        return []
    return actions_where(
        Review.relationship_id.in_(relationship_ids),
        Relationship.ended_on.is_(None),
        overdue_on(today),
    )


def home_for(viewer: Viewer, today: date) -> Home:
    """Gather a person's home: their relationships' next reviews, reviews, actions."""
    mine = (
        due_reviews(own_relationships(viewer), today) if viewer.belongs_anywhere else []
    )
    facilitating = [row for row in mine if runs_reviews_of(viewer, row.relationship)]
    member_of = [row for row in mine if not runs_reviews_of(viewer, row.relationship)]
    open_reviews = reviews_to_join(viewer)
    running = [r for r in open_reviews if runs_reviews_of(viewer, r.relationship)]
    counts = _answer_counts([review.id for review in running])
    return Home(
        member_of=member_of,
        facilitating=facilitating,
        last_reviews=_last_agreed([row.relationship.id for row in mine]),
        running=[(review, counts.get(review.id, 0)) for review in running],
        to_join=[review for review in open_reviews if review not in running],
        my_actions=actions_owned_by(viewer.person_id) if viewer.person_id else [],
        overdue_actions=_overdue_actions(viewer.facilitated_relationship_ids, today),
        programme_due=(
            due_summary(true(), today, first=PROGRAMME_DUE_SHOWN)
            if viewer.is_administrator
            else None
        ),
    )
