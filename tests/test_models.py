"""Invariants that the database itself enforces, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from ltoapp.accounts.models import Person
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import Participant, Rating, Response, Review


def insert_rating(response_id: int, value, column: str = "B", key: str = "confidence"):
    db.session.execute(
        insert(Rating).values(
            response_id=response_id, question_key=key, column=column, value=value
        )
    )
    db.session.flush()


@pytest.mark.parametrize("value", [0, 11, -3, 100])
def test_the_database_refuses_a_rating_outside_1_to_10(make_response, value):
    response = make_response()
    with pytest.raises(IntegrityError):
        insert_rating(response.id, value)
    db.session.rollback()


@pytest.mark.parametrize("value", [1, 10, None])
def test_the_database_accepts_1_10_and_dont_know(make_response, value):
    response = make_response()
    insert_rating(response.id, value)
    stored = db.session.scalar(select(Rating.value).filter_by(response_id=response.id))
    assert stored == value


def test_the_database_refuses_an_unknown_column(make_response):
    response = make_response()
    with pytest.raises(IntegrityError):
        insert_rating(response.id, 5, column="D")
    db.session.rollback()


def test_one_rating_per_response_question_and_column(make_response):
    response = make_response(now={"confidence": 4})
    with pytest.raises(IntegrityError):
        insert_rating(response.id, 6, column="B", key="confidence")
    db.session.rollback()


def test_one_response_per_participant(make_response):
    response = make_response()
    with pytest.raises(IntegrityError):
        db.session.execute(
            insert(Response).values(participant_id=response.participant_id)
        )
        db.session.flush()
    db.session.rollback()


def test_foreign_keys_are_enforced(app):
    with pytest.raises(IntegrityError):
        db.session.execute(insert(Participant).values(review_id=9999, side="lto"))
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_an_unknown_side(make_review):
    review = make_review()
    with pytest.raises(IntegrityError):
        # Raw SQL, because the ORM would refuse the value before the database.
        db.session.execute(
            text(
                "INSERT INTO participants (review_id, side, created_at) "
                "VALUES (:review_id, 'funder', CURRENT_TIMESTAMP)"
            ),
            {"review_id": review.id},
        )
    db.session.rollback()


def test_a_relationship_with_reviews_cannot_be_deleted(make_review):
    review = make_review()
    with pytest.raises(IntegrityError):
        db.session.execute(
            delete(Relationship).where(Relationship.id == review.relationship_id)
        )
        db.session.flush()
    db.session.rollback()


def test_a_relationship_cannot_end_before_it_starts(make_relationship):
    relationship = make_relationship()
    relationship.ended_on = relationship.started_on.replace(year=2019)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_deleting_a_review_removes_its_answers(make_response):
    response = make_response(now={"confidence": 4, "skills": 7})
    review_id = response.participant.review_id
    db.session.execute(delete(Review).where(Review.id == review_id))
    db.session.commit()
    assert db.session.scalar(select(func.count(Rating.id))) == 0
    assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_erasing_a_person_keeps_their_ratings(make_response):
    response = make_response(now={"confidence": 4})
    person = Person(name="Maureen", email="maureen@example.org")
    db.session.add(person)
    response.participant.person = person
    db.session.commit()
    db.session.execute(delete(Person).where(Person.id == person.id))
    db.session.commit()
    db.session.expire_all()
    participant = db.session.get(Participant, response.participant_id)
    assert participant.person_id is None
    assert [r.value for r in participant.response.ratings] == [4]
