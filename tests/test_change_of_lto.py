"""A change of LTO carried through: exit interview, ending, new LTO, induction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Relationship
from ltoapp.reviews.models import Review
from tests.conftest import sign_in


@pytest.fixture
def rep(client, make_person, make_relationship):
    """A rep facilitating a relationship, with its exit interview under way."""
    relationship = make_relationship(started_on=date(2020, 1, 1))
    person = make_person(
        role=Role.FACILITATOR, name="Ruth", facilitates=(relationship,)
    )
    sign_in(client, person)
    client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-03-01", "workflow": "exit_interview"},
    )
    review = db.session.scalar(select(Review))
    client.post(
        f"/reviews/{review.id}/steps/lessons",
        data={
            "go": "next",
            "prompt-lessons_for_next_lto": "Agree invoice times in writing.",
        },
    )
    return client, relationship, review


def test_agreeing_an_exit_interview_asks_whether_the_relationship_ends(rep):
    client, _relationship, review = rep
    # Asked on the page that checks the review before it is agreed.
    page = client.get(f"/reviews/{review.id}/check").get_data(as_text=True)
    assert "Does the relationship end?" in page
    assert "On which day does it end?" in page


def test_a_regular_review_does_not_ask(client, make_person, make_review):
    review = make_review("regular_review")
    sign_in(
        client,
        make_person(role=Role.FACILITATOR, facilitates=(review.relationship,)),
    )
    page = client.get(f"/reviews/{review.id}/check").get_data(as_text=True)
    assert "Agree and freeze the record" in page
    assert "Does the relationship end?" not in page


def test_ending_the_relationship_makes_it_no_longer_current(rep):
    client, relationship, review = rep
    response = client.post(
        f"/reviews/{review.id}/agree",
        data={"ends": "yes", "ended_on": "2025-03-31"},
    )
    assert response.location == f"/relationships/{relationship.id}"
    db.session.refresh(relationship)
    assert relationship.ended_on == date(2025, 3, 31)
    assert not relationship.is_current
    page = client.get(response.location).get_data(as_text=True)
    assert "Ended" in page and "31 March 2025" in page
    assert "Next review" not in page
    assert "Start a review" not in page
    assert "Record the new LTO and start their induction" in page
    home = client.get("/").get_data(as_text=True)
    assert "(ended)" in home


def test_saying_no_keeps_the_relationship_current(rep):
    client, relationship, review = rep
    response = client.post(
        f"/reviews/{review.id}/agree", data={"ends": "no", "ended_on": ""}
    )
    assert response.location == f"/reviews/{review.id}/record"
    db.session.refresh(relationship)
    assert relationship.is_current


@pytest.mark.parametrize(
    ("ended_on", "message"),
    [
        ("", "Enter the day the relationship ends, or say no."),
        ("2019-12-31", "cannot end before it started, on 1 January 2020"),
        ("31/02/2025", "Not a valid date value."),
    ],
)
def test_a_bad_end_date_is_explained_and_nothing_is_agreed(rep, ended_on, message):
    client, relationship, review = rep
    response = client.post(
        f"/reviews/{review.id}/agree", data={"ends": "yes", "ended_on": ended_on}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "There is a problem" in page
    db.session.expire_all()
    assert not db.session.get(Review, review.id).is_agreed
    assert db.session.get(Relationship, relationship.id).is_current


def test_the_new_lto_is_recorded_and_its_induction_shows_the_lessons(rep):
    client, relationship, review = rep
    client.post(
        f"/reviews/{review.id}/agree",
        data={"ends": "yes", "ended_on": "2025-03-31"},
    )
    form = client.get(f"/relationships/{relationship.id}/next-lto")
    assert form.status_code == 200
    response = client.post(
        f"/relationships/{relationship.id}/next-lto",
        data={"lto_id": "0", "new_lto_name": "New Host", "started_on": "2025-04-01"},
    )
    assert response.status_code == 302
    new = db.session.scalar(
        select(Relationship).where(Relationship.id != relationship.id)
    )
    assert new.lto.name == "New Host"
    assert new.partnership_id == relationship.partnership_id
    assert new.is_current
    induction = db.session.scalar(
        select(Review).where(Review.relationship_id == new.id)
    )
    assert induction.workflow == "induction"
    first = client.get(response.location).get_data(as_text=True)
    assert "Lessons from the last LTO" in first
    assert "Agree invoice times in writing." in first
    # The rep still facilitates: the same person carries the story over.
    assert "Agree the review" in client.get(
        f"/reviews/{induction.id}/steps/next_steps"
    ).get_data(as_text=True)
    old_page = client.get(f"/relationships/{relationship.id}").get_data(as_text=True)
    assert "now works with" in old_page and "New Host" in old_page
    assert client.get(f"/relationships/{relationship.id}/next-lto").status_code == 302


def test_the_timeline_tells_the_change(rep):
    client, relationship, review = rep
    client.post(
        f"/reviews/{review.id}/agree",
        data={"ends": "yes", "ended_on": "2025-03-31"},
    )
    client.post(
        f"/relationships/{relationship.id}/next-lto",
        data={"new_lto_name": "New Host", "started_on": "2025-04-01"},
    )
    old = client.get(f"/relationships/{relationship.id}/timeline").get_data(
        as_text=True
    )
    assert "The relationship ended" in old
    assert "It went on to work with" in old and "New Host" in old
    new = db.session.scalar(select(LTO).filter_by(name="New Host")).relationships[0]
    story = client.get(f"/relationships/{new.id}/timeline").get_data(as_text=True)
    assert "changed LTO" in story
    assert "Agree invoice times in writing." in story


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"started_on": "2025-04-01"}, "Choose the new organisation, or type its"),
        (
            {"new_lto_name": "New Host", "started_on": "2025-03-01"},
            "starts on or after the old one ended, on 31 March 2025",
        ),
        ({"new_lto_name": "New Host", "started_on": ""}, "Enter the date the new"),
    ],
)
def test_bad_new_lto_input_is_explained_and_kept(rep, data, message):
    client, relationship, review = rep
    client.post(
        f"/reviews/{review.id}/agree",
        data={"ends": "yes", "ended_on": "2025-03-31"},
    )
    response = client.post(f"/relationships/{relationship.id}/next-lto", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    if data.get("new_lto_name"):
        assert 'value="New Host"' in page
    assert db.session.scalar(select(LTO).filter_by(name="New Host")) is None


def test_a_current_relationship_offers_no_new_lto(rep):
    client, relationship, _review = rep
    assert "Record the new" not in client.get(
        f"/relationships/{relationship.id}"
    ).get_data(as_text=True)
    response = client.post(
        f"/relationships/{relationship.id}/next-lto",
        data={"new_lto_name": "New Host", "started_on": "2025-04-01"},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(LTO).filter_by(name="New Host")) is None


def test_a_member_may_not_record_the_new_lto(rep, app, make_person):
    client, relationship, review = rep
    client.post(
        f"/reviews/{review.id}/agree",
        data={"ends": "yes", "ended_on": "2025-03-31"},
    )
    member = sign_in(
        app.test_client(), make_person(member_of=(relationship.partnership,))
    )
    assert member.get(f"/relationships/{relationship.id}/next-lto").status_code == 404
