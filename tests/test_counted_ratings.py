"""The group's figures read from counted ratings are the figures of every rating.

Views of the group (a guest's results, the live screen, the room, radars,
the aggregate download) read ratings counted by the database, so that a
gathering of a thousand costs every phone a few hundred rows; only a view of
each person's answers reads them one by one. Both readings must summarise to
the same medians, ranges and "don't know" counts, for every side.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.framework.analysis import summarise_cells
from ltoapp.framework.sides import summarise_by_side
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews import queries
from ltoapp.reviews.models import Side

FRAMEWORK = load_framework()
KEYS = FRAMEWORK.question_keys
COLUMNS = [column.key for column in FRAMEWORK.columns]

#: One person's sent questionnaire: their side and some of the cells, each a
#: rating or "don't know" (None); a cell left out was not answered.
answers = st.tuples(
    st.sampled_from(list(Side)),
    st.dictionaries(
        st.tuples(st.sampled_from(KEYS), st.sampled_from(COLUMNS)),
        st.one_of(st.none(), st.integers(1, 10)),
        max_size=12,
    ),
)


def send(review, side: Side, ratings: dict) -> None:
    review_operations.record_response(
        review,
        side=side,
        display_name=None,
        ratings=ratings,
        comments={},
        other_comments="",
        by=ANONYMOUS,
    )


def as_given(records) -> Counter:
    """Each distinct rating with how many gave it, whoever they were."""
    counted: Counter = Counter()
    for record in records:
        counted[(record.side, record.question_key, record.column, record.value)] += (
            record.given
        )
    return counted


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(people=st.lists(answers, max_size=8), neighbours=st.lists(answers, max_size=3))
def test_counted_ratings_summarise_as_every_rating(
    app, make_review, people, neighbours
):
    review, neighbour = make_review(), make_review()
    for side, ratings in people:
        send(review, side, ratings)
    # Another review's answers, read in the same statement, stay its own.
    for side, ratings in neighbours:
        send(neighbour, side, ratings)
    db.session.commit()

    listed = queries.rating_records(review.id)
    counted = queries.counted_records(review.id)

    assert as_given(counted) == as_given(listed)
    assert all(record.participant_id is None for record in counted)
    assert summarise_cells(counted, KEYS, COLUMNS) == summarise_cells(
        listed, KEYS, COLUMNS
    )
    assert summarise_by_side(counted, KEYS, COLUMNS) == summarise_by_side(
        listed, KEYS, COLUMNS
    )
    assert as_given(queries.counted_records(review.id, FRAMEWORK.now)) == as_given(
        queries.rating_records(review.id, FRAMEWORK.now)
    )
    both = queries.counted_records_of([review.id, neighbour.id])
    assert as_given(both[neighbour.id]) == as_given(
        queries.rating_records(neighbour.id)
    )
    assert as_given(both[review.id]) == as_given(listed)


def test_a_crowd_is_read_in_as_many_rows_as_a_handful(app, make_review):
    # Everyone in a large workshop rates every cell from a few values: the
    # rows read are bounded by the values, not by the people.
    review = make_review()
    every_cell = [(key, column) for key in KEYS for column in COLUMNS]
    for number in range(60):
        send(
            review,
            Side.PARTNERSHIP,
            {cell: (None, 4, 7)[number % 3] for cell in every_cell},
        )
    db.session.commit()

    counted = queries.counted_records(review.id)

    assert len(counted) == 3 * len(every_cell)
    assert sum(record.given for record in counted) == 60 * len(every_cell)


def test_a_draft_is_not_counted(app, make_review):
    review = make_review()
    participant = review_operations.join_as_guest(
        review, Side.LTO, "Sam", join_token=None, by=ANONYMOUS
    )
    review_operations.save_draft(participant, {f"rating-{KEYS[0]}-B": "3"})
    db.session.commit()

    assert queries.counted_records(review.id) == []
