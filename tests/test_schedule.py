"""The next review kept on each relationship follows every change to its reviews.

``reviews.schedule`` works the date out again after any flush that could move
it; these tests make generated sequences of changes (a review added, agreed,
reopened, moved to another day, its next review set or cleared, the
relationship's start moved) and compare the kept date with the rule
(``relationships.rules.next_review_due``) over what the database holds.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.relationships.rules import next_review_due
from ltoapp.reviews.models import Review, ReviewStatus
from ltoapp.reviews.schedule import refresh_next_reviews_due

days = st.dates(date(2018, 1, 1), date(2027, 12, 31))
statuses = st.sampled_from(list(ReviewStatus))
#: (what, which relationship, which of its reviews, a day, a status)
changes = st.lists(
    st.tuples(
        st.sampled_from(["add", "status", "held_on", "next_on", "clear", "start"]),
        st.integers(0, 1),
        st.integers(0, 4),
        days,
        statuses,
    ),
    min_size=1,
    max_size=12,
)


def _expected(relationship_id: int) -> date:
    """The rule, over the relationship and its agreed reviews as stored."""
    started_on = db.session.scalar(
        select(Relationship.started_on).where(Relationship.id == relationship_id)
    )
    agreed = db.session.execute(
        select(Review.held_on, Review.next_review_on)
        .where(
            Review.relationship_id == relationship_id,
            Review.status == ReviewStatus.AGREED,
        )
        .order_by(Review.held_on, Review.id)
    ).all()
    return next_review_due(started_on, [tuple(row) for row in agreed])


def _stored(relationship_id: int) -> date:
    return db.session.scalar(
        select(Relationship.next_review_due_on).where(
            Relationship.id == relationship_id
        )
    )


def _apply(relationship: Relationship, change: tuple) -> None:
    what, _, which, day, status = change
    reviews = relationship.reviews
    review = reviews[which % len(reviews)] if reviews else None
    if what == "add" or review is None:
        relationship.reviews.append(
            Review(workflow="regular_review", held_on=day, status=status)
        )
    elif what == "status":
        review.status = status
    elif what == "held_on":
        review.held_on = day
    elif what == "next_on":
        review.next_review_on = day
    elif what == "clear":
        review.next_review_on = None
    else:
        # Moved to a start before every review, as the forms require.
        relationship.started_on = min([day, *(r.held_on for r in reviews)])


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(starts=st.tuples(days, days), steps=changes, flush_each=st.booleans())
def test_the_kept_date_is_the_rules_after_any_changes(app, starts, steps, flush_each):
    try:
        partnership = Partnership(name="Partnership")
        pair = [
            Relationship(
                partnership=partnership, lto=LTO(name=f"LTO {n}"), started_on=start
            )
            for n, start in enumerate(starts)
        ]
        db.session.add_all(pair)
        db.session.flush()
        for relationship in pair:
            assert _stored(relationship.id) == _expected(relationship.id)
        for change in steps:
            _apply(pair[change[1]], change)
            if flush_each:
                db.session.flush()
                for relationship in pair:
                    due_on = _expected(relationship.id)
                    assert _stored(relationship.id) == due_on
                    # The loaded relationship shows it without a reload.
                    assert relationship.next_review_due_on == due_on
        db.session.flush()
        db.session.expire_all()
        for relationship in pair:
            assert _stored(relationship.id) == _expected(relationship.id)
    finally:
        # Each example leaves the database as it found it.
        db.session.rollback()


def test_a_bulk_load_is_worked_out_in_one_go(app, make_relationship):
    """Rows written without the ORM (a benchmark's COPY) are refreshed at once."""
    first, second = make_relationship(), make_relationship()
    db.session.add(
        Review(
            relationship=first,
            workflow="regular_review",
            held_on=date(2024, 3, 1),
            status=ReviewStatus.AGREED,
            next_review_on=date(2024, 11, 1),
        )
    )
    db.session.commit()
    # As a bulk load leaves them: the default first date, whatever the reviews.
    db.session.execute(
        Relationship.__table__.update().values(next_review_due_on=date(2020, 7, 1))
    )
    changed = refresh_next_reviews_due(db.session.connection())
    assert changed == {first.id: date(2024, 11, 1)}
    assert _stored(first.id) == date(2024, 11, 1)
    assert _stored(second.id) == date(2020, 7, 1)
