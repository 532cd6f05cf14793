"""A review's results read with the review before it, in the same statements.

The results page and the record compare "now" with the previous review; the
timeline draws two radars. Both read several reviews' ratings at once, and
each review must still be cut by its own disclosure, never its neighbour's.
"""

from __future__ import annotations

from datetime import date

from flask import current_app

from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.framework.disclosure import MINIMUM_GROUP, Audience
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews import queries
from ltoapp.reviews.models import Side
from ltoapp.reviews.results import review_radars, review_results


def answer(review, people: int, now: int, side: Side = Side.PARTNERSHIP) -> None:
    """Have ``people`` answer every question of ``review`` with ``now`` for now."""
    framework = load_framework()
    for number in range(people):
        review_operations.record_response(
            review,
            side=side,
            display_name=f"Person {number}",
            ratings={
                (key, column): now if column == framework.now else 5
                for key in framework.question_keys
                for column in ("A", "B", "C")
            },
            comments={},
            other_comments="",
            by=ANONYMOUS,
        )
    db.session.commit()


def test_several_reviews_read_together_are_each_their_own(app, make_review):
    first, second, unanswered = (make_review() for _ in range(3))
    answer(first, 2, now=3)
    answer(second, 4, now=8, side=Side.LTO)
    ids = [first.id, second.id, unanswered.id]

    records = queries.rating_records_of(ids)
    counts = queries.answered_by_side_of(ids)

    assert records == {
        review_id: queries.rating_records(review_id) for review_id in ids
    }
    assert len(records[first.id]) == 2 * 30 and records[unanswered.id] == []
    assert counts == {
        first.id: {"partnership": 2, "lto": 0, "neutral": 0},
        second.id: {"partnership": 0, "lto": 4, "neutral": 0},
        unanswered.id: {"partnership": 0, "lto": 0, "neutral": 0},
    }
    assert queries.rating_records_of([]) == {} == queries.answered_by_side_of([])


def test_the_change_since_is_against_the_review_before(
    app, make_relationship, make_review
):
    relationship = make_relationship()
    before = make_review(relationship=relationship, held_on=date(2023, 3, 1))
    after = make_review(relationship=relationship, held_on=date(2024, 3, 1))
    answer(before, MINIMUM_GROUP, now=4)
    answer(after, MINIMUM_GROUP + 2, now=7)

    results = review_results(after.id, current_app.config, audience=Audience.ROOM)

    assert results.previous == before
    assert {(c.before, c.after, c.difference) for c in results.changes} == {(4, 7, 3)}


def test_a_review_before_too_small_to_show_gives_no_figures_to_compare(
    app, make_relationship, make_review
):
    # One person answered the review before: its figures would be that
    # person's answers, so a member sees none, however many answered this one
    # (the one figure that needs the review's own count, not its cell's).
    relationship = make_relationship()
    before = make_review(relationship=relationship, held_on=date(2023, 3, 1))
    after = make_review(relationship=relationship, held_on=date(2024, 3, 1))
    answer(before, 1, now=2)
    answer(after, MINIMUM_GROUP + 2, now=7)

    results = review_results(after.id, current_app.config, audience=Audience.MEMBER)

    assert results.previous == before
    assert {(c.before, c.after, c.difference) for c in results.changes} == {
        (None, 7, None)
    }


def test_each_radar_is_cut_by_its_own_review(app, make_relationship, make_review):
    relationship = make_relationship()
    alone, group = (
        make_review(relationship=relationship, held_on=date(2023 + n, 3, 1))
        for n in range(2)
    )
    answer(alone, 1, now=2)
    answer(group, MINIMUM_GROUP, now=9)

    radars = review_radars([alone, group], Audience.MEMBER)

    assert radars[0].columns == []
    assert [column.key for column in radars[1].columns] == ["A", "B", "C"]
    assert review_radars([], Audience.ROOM) == []
