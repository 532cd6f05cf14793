"""Actions and people are named the same way on every page and in every export."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from types import SimpleNamespace

import pytest

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions import operations as action_operations
from ltoapp.config import LABELS
from ltoapp.extensions import db
from ltoapp.formatting import owner_words, side_name, the_side
from ltoapp.reviews.models import Side
from tests.conftest import sign_in

SAM = SimpleNamespace(name="Sam Patel", erased_at=None)


@pytest.mark.parametrize(
    ("side", "person", "typed", "words"),
    [
        (Side.LTO, SAM, "Finance team", "Sam Patel, for the LTO (Finance team)"),
        (Side.LTO, SAM, "Sam Patel", "Sam Patel, for the LTO"),
        (Side.LTO, None, None, "The LTO"),
        (Side.PARTNERSHIP, None, "Jo Bloggs", "Jo Bloggs, for the partnership"),
        (Side.NEUTRAL, None, "", "The rep"),
    ],
)
def test_owner_words(side, person, typed, words):
    action = SimpleNamespace(owner_side=side, owner_person=person, owner_name=typed)
    assert owner_words(action, LABELS) == words


def test_sides_use_the_programmes_labels():
    labels = LABELS | {"lto": "host", "rep": "adviser"}
    assert side_name(Side.LTO, labels) == "host"
    assert the_side(Side.NEUTRAL, labels) == "the adviser"
    assert the_side("lto", LABELS, capital=True) == "The LTO"


@pytest.fixture
def sams_action(client, make_review, make_person, make_lto, make_relationship):
    lto = make_lto(name="Hilltop Trust")
    review = make_review(
        held_on=date(2023, 5, 4), relationship=make_relationship(lto=lto)
    )
    sam = make_person(name="Sam Patel", member_of=(lto,))
    action = action_operations.add_action(
        review,
        "Send the quarterly figures",
        Side.LTO,
        "Finance team",
        owner_person=sam,
        by=ANONYMOUS,
    )
    db.session.commit()
    rep = make_person(role=Role.FACILITATOR, facilitates=(review.relationship,))
    sign_in(client, rep)
    return client, review, action


def test_the_action_log_names_the_person_with_the_team_as_a_note(sams_action):
    client, review, action = sams_action
    for url in (
        f"/relationships/{review.relationship_id}/actions",
        f"/actions/{action.id}",
        f"/reviews/{review.id}/record",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "Sam Patel, for the LTO (Finance team)" in page, url
        assert "Lto" not in page, url


def test_the_history_gives_the_date_of_the_review_that_agreed_it(sams_action):
    client, _review, action = sams_action
    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Agreed in the regular review of 4 May 2023" in re.sub("<[^>]+>", "", page)
    assert "Agreed on" not in page


def test_the_action_form_names_the_rep_plainly(sams_action):
    client, review, _action = sams_action
    page = client.get(f"/reviews/{review.id}/steps/next_steps").get_data(as_text=True)
    assert "The rep" in page
    assert "rep or facilitator" not in page
    assert "Neutral side" not in page and "neutral side" not in page


def test_the_csv_export_names_the_owner_the_same_way(sams_action, make_person):
    client, review, _action = sams_action
    admin = sign_in(
        client.application.test_client(), make_person(role=Role.ADMINISTRATOR)
    )
    body = admin.get(f"/relationships/{review.relationship_id}/actions.csv").get_data(
        as_text=True
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["owner"] == "Sam Patel, for the LTO (Finance team)"
