"""The staged reveal: the facilitator chooses what the room sees, every screen follows."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.audit.models import AuditEntry
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.models import Side
from ltoapp.reviews.reveal import (
    FIRST_STAGE,
    RevealStage,
    parse_stage,
    room_stage,
    stage_for_viewer,
)
from ltoapp.reviews.room import card_sentence, everyone_sentence, higher_side
from tests.conftest import sign_in

KEYS = load_framework().question_keys
LABELS = {"partnership": "partnership", "lto": "LTO"}


# The rules


@pytest.mark.parametrize(
    ("stage", "part", "shown"),
    [
        (RevealStage.COUNTS, RevealStage.EVERYONE, False),
        (RevealStage.EVERYONE, RevealStage.EVERYONE, True),
        (RevealStage.EVERYONE, RevealStage.SIDES, False),
        (RevealStage.SIDES, RevealStage.EVERYONE, True),
        (RevealStage.SIDES, RevealStage.TALK, False),
        (RevealStage.TALK, RevealStage.SIDES, True),
        (RevealStage.TALK, "talk", True),
        (RevealStage.COUNTS, "counts", True),
    ],
)
def test_each_stage_shows_what_the_earlier_ones_did(stage, part, shown):
    assert stage.shows(part) is shown


def test_a_review_starts_with_counts_only():
    assert FIRST_STAGE is RevealStage.COUNTS
    assert [stage.order for stage in RevealStage] == [0, 1, 2, 3]


@pytest.mark.parametrize("stage", list(RevealStage))
def test_the_facilitator_and_a_record_see_everything(stage):
    assert (
        stage_for_viewer(stage, runs_review=True, is_agreed=False) is RevealStage.TALK
    )
    assert (
        stage_for_viewer(stage, runs_review=False, is_agreed=True) is RevealStage.TALK
    )
    assert stage_for_viewer(stage, runs_review=False, is_agreed=False) is stage
    assert room_stage(stage, is_agreed=False) is stage
    assert room_stage(stage, is_agreed=True) is RevealStage.TALK


@pytest.mark.parametrize(
    ("value", "stage"),
    [("sides", RevealStage.SIDES), ("everything", None), (None, None), ("", None)],
)
def test_a_stage_is_read_from_its_value(value, stage):
    assert parse_stage(value) is stage


@pytest.mark.parametrize(
    ("medians", "higher", "sentence"),
    [
        (
            {"partnership": 8, "lto": 4.5},
            "partnership",
            "Partnership 8, LTO 4.5: the partnership sees it higher.",
        ),
        (
            {"partnership": 3.5, "lto": 8.5},
            "lto",
            "Partnership 3.5, LTO 8.5: the LTO sees it higher.",
        ),
        (
            {"partnership": 6, "lto": 6},
            None,
            "Partnership 6, LTO 6: both sides see it the same.",
        ),
        ({"partnership": 6, "lto": None}, None, "Partnership 6, LTO no rating."),
        ({}, None, "Partnership no rating, LTO no rating."),
    ],
)
def test_a_card_says_each_sides_middle_rating_and_who_sees_it_higher(
    medians, higher, sentence
):
    assert higher_side(medians) == higher
    assert card_sentence(medians, LABELS) == sentence


def test_the_everyone_sentence_names_the_highest_and_lowest():
    chart = {"labels": ["1. A", "2. B", "3. C"], "datasets": [{"values": [4, None, 8]}]}
    assert everyone_sentence(chart) == (
        "Everyone's middle rating is highest for 3. C (8) and lowest for 1. A (4)."
    )
    chart["datasets"][0]["values"] = [5, 5, None]
    assert "is 5 on every question answered" in everyone_sentence(chart)
    chart["datasets"][0]["values"] = [None, None, None]
    assert everyone_sentence(chart) == "Nobody has given a rating yet."


# Through the app


@pytest.fixture
def review(make_review):
    return make_review()


@pytest.fixture
def answered(review, make_response):
    """Three from each side: the partnership low on confidence, the LTO high.

    Three, because the room never sees a side of fewer (the disclosure rule).
    """
    make_response(review=review, now={"confidence": 3, "skills": 5})
    make_response(review=review, now={"confidence": 4, "skills": 6})
    make_response(review=review, now={"confidence": 3, "skills": 5})
    make_response(review=review, side=Side.LTO, now={"confidence": 8, "skills": 5})
    make_response(review=review, side=Side.LTO, now={"confidence": 9, "skills": 6})
    make_response(review=review, side=Side.LTO, now={"confidence": 9, "skills": 6})
    return review


@pytest.fixture
def facilitator(make_person, review):
    return make_person(role=Role.FACILITATOR, facilitates=(review.relationship,))


@pytest.fixture
def facilitator_client(client, facilitator):
    return sign_in(client, facilitator)


@pytest.fixture
def member_client(app, make_person, review):
    person = make_person(member_of=(review.relationship.partnership,))
    return sign_in(app.test_client(), person)


def reveal(client, review, stage: str):
    return client.post(f"/reviews/{review.id}/reveal", data={"stage": stage})


def test_each_button_moves_the_room_and_is_audited(facilitator_client, answered):
    page = facilitator_client.get(f"/reviews/{answered.id}/live").get_data(as_text=True)
    buttons = re.findall(r'data-reveal-stage="(\w+)"', page)
    assert buttons == ["counts", "everyone", "sides", "talk"]
    assert 'aria-pressed="true" data-reveal-stage="counts"' in page

    response = reveal(facilitator_client, answered, "sides")
    assert response.status_code == 302
    assert response.location == f"/reviews/{answered.id}/live"
    db.session.refresh(answered)
    assert answered.reveal_stage is RevealStage.SIDES
    reveal(facilitator_client, answered, "sides")  # again: nothing new to log
    entries = db.session.scalars(select(AuditEntry)).all()
    assert [e.summary for e in entries if "room" in e.summary] == [
        "Showed the room the sides compared"
    ]


def test_an_unknown_stage_changes_nothing(facilitator_client, answered):
    response = reveal(facilitator_client, answered, "everything")
    assert response.status_code == 302
    db.session.refresh(answered)
    assert answered.reveal_stage is RevealStage.COUNTS
    page = facilitator_client.get(response.location).get_data(as_text=True)
    assert "Choose one of the buttons" in page


def test_members_cannot_move_the_room(member_client, answered):
    assert reveal(member_client, answered, "talk").status_code == 404
    db.session.refresh(answered)
    assert answered.reveal_stage is RevealStage.COUNTS


def test_the_projected_screen_carries_only_what_is_revealed(
    facilitator_client, answered
):
    def live():
        return facilitator_client.get(f"/reviews/{answered.id}/live.json").get_json()

    data = live()
    assert data["stage"] == "counts"
    assert data["answered"]["everyone"] == 6
    assert {row["cells"]["everyone"] for row in data["rows"]} == {"–"}
    assert {row["cells"]["partnership"] for row in data["rows"]} == {"–"}
    assert all(v is None for d in data["chart"]["datasets"] for v in d["values"])
    assert all(v is None for v in data["everyone_chart"]["datasets"][0]["values"])
    assert data["divergent"] == []
    assert data["summary"] == data["everyone_summary"] == ""

    reveal(facilitator_client, answered, "everyone")
    data = live()
    assert data["rows"][0]["cells"]["everyone"] == "6 (3–9)"
    assert data["rows"][0]["cells"]["lto"] == "–"
    assert data["everyone_chart"]["datasets"][0]["values"][0] == 6
    assert all(v is None for d in data["chart"]["datasets"] for v in d["values"])
    assert "highest for" in data["everyone_summary"]
    assert data["divergent"] == []

    reveal(facilitator_client, answered, "sides")
    data = live()
    assert data["rows"][0]["cells"]["lto"] == "9 (spread 1)"
    assert data["chart"]["datasets"][1]["values"][0] == 9
    assert data["divergent"] == []

    reveal(facilitator_client, answered, "talk")
    data = live()
    (card,) = data["divergent"]
    assert card["key"] == "confidence"
    assert card["higher"] == "lto"
    assert card["sentence"] == "Partnership 3, LTO 9: the LTO sees it higher."
    page = facilitator_client.get(f"/reviews/{answered.id}/live").get_data(as_text=True)
    assert "the LTO sees it higher" in page
    assert 'data-live-part="talk" aria-labelledby="live-worth-talking">' in page


def test_the_join_code_is_the_biggest_thing_until_answers_arrive(
    facilitator_client, review, make_response
):
    page = facilitator_client.get(f"/reviews/{review.id}/live").get_data(as_text=True)
    assert 'class="live live--waiting"' in page
    assert review.join_code in page
    make_response(review=review, now={"confidence": 3})
    page = facilitator_client.get(f"/reviews/{review.id}/live").get_data(as_text=True)
    assert 'class="live"' in page


def test_members_results_follow_the_stage(member_client, facilitator_client, answered):
    def results():
        return member_client.get(f"/reviews/{answered.id}/results").get_data(
            as_text=True
        )

    def stage():
        return member_client.get(f"/reviews/{answered.id}/stage.json").get_json()

    page = results()
    assert "6 people have answered: 3 partnership, 3 LTO" in page
    assert "has not shown the results yet" in page
    assert f'data-follow-stage="/reviews/{answered.id}/stage.json"' in page
    assert "data-radar-chart" not in page
    assert stage() == {"stage": "counts"}

    reveal(facilitator_client, answered, "everyone")
    page = results()
    assert 'data-radar-chart="results-chart-' in page
    assert 'data-radar-chart="sides-chart-' not in page
    assert 'data-divergent="confidence"' not in page
    assert stage() == {"stage": "everyone"}

    reveal(facilitator_client, answered, "sides")
    page = results()
    assert 'data-radar-chart="sides-chart-' in page
    assert 'data-divergent="confidence"' not in page

    reveal(facilitator_client, answered, "talk")
    page = results()
    assert 'data-divergent="confidence"' in page
    assert "data-follow-stage" not in page  # nothing more to wait for


def test_the_facilitator_sees_everything_on_their_own_results(
    facilitator_client, answered
):
    page = facilitator_client.get(f"/reviews/{answered.id}/results").get_data(
        as_text=True
    )
    assert 'data-divergent="confidence"' in page
    assert "data-follow-stage" not in page
    assert facilitator_client.get(f"/reviews/{answered.id}/stage.json").get_json() == {
        "stage": "talk"
    }


def test_the_workflow_results_step_follows_the_stage(
    member_client, facilitator_client, answered
):
    url = f"/reviews/{answered.id}/steps/results"
    page = member_client.get(url).get_data(as_text=True)
    assert "has not shown the results yet" in page
    reveal(facilitator_client, answered, "talk")
    assert 'data-divergent="confidence"' in member_client.get(url).get_data(
        as_text=True
    )


def test_a_guests_phone_shows_the_results_at_the_rooms_stage(
    app, facilitator_client, answered
):
    guest = app.test_client()
    guest.post(
        f"/join/{answered.join_code}", data={"side": "lto", "display_name": "Sam"}
    )
    sent = guest.post(
        f"/reviews/{answered.id}/respond",
        data={f"rating-{key}-B": "7" for key in KEYS},
    )
    assert sent.location == f"/reviews/{answered.id}/thanks"
    page = guest.get(sent.location).get_data(as_text=True)
    assert "The group's results" in page
    assert "has not shown the results yet" in page
    assert "7 people have answered" in page
    assert guest.get(f"/reviews/{answered.id}/stage.json").get_json() == {
        "stage": "counts"
    }

    reveal(facilitator_client, answered, "everyone")
    page = guest.get(sent.location).get_data(as_text=True)
    assert 'data-radar-chart="results-chart-' in page
    assert "The ratings in the chart, by question" in page  # the data table
    assert "Now, the highest rating" in page  # the sentence

    reveal(facilitator_client, answered, "talk")
    page = guest.get(sent.location).get_data(as_text=True)
    assert 'data-divergent="confidence"' in page
    assert "data-flat" not in page
    assert "Make this an action" not in page


def test_someone_from_elsewhere_cannot_read_the_stage(app, answered):
    assert (
        app.test_client().get(f"/reviews/{answered.id}/stage.json").status_code == 404
    )
    assert app.test_client().get("/reviews/999/stage.json").status_code == 404
