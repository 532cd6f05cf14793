"""Agreeing a review goes through a check of what will be frozen (issue 13)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions import operations as action_operations
from ltoapp.extensions import db
from ltoapp.reviews import operations
from ltoapp.reviews.models import Review, ReviewStatus, Side, StepState
from ltoapp.workflows.check import gaps_before_agreeing
from ltoapp.workflows.registry import workflow_named
from tests.conftest import sign_in

SIDE_NAMES = {"partnership": "partnership", "lto": "LTO"}


def gaps(**overrides) -> list[str]:
    fields = {
        "asks_ratings": True,
        "answered_by_side": {"partnership": 3, "lto": 2, "neutral": 0},
        "side_names": SIDE_NAMES,
        "undecided": 0,
        "unfinished_steps": [],
        "action_count": 2,
        "next_review_on": date(2026, 9, 1),
        "suggested_next_review": date(2026, 9, 1),
        "ratings_step_key": "ratings",
        "carried_step_key": "open_actions",
        "next_steps_key": "next_steps",
    } | overrides
    return [gap.message for gap in gaps_before_agreeing(**fields)]


def test_a_complete_review_has_no_gaps():
    assert gaps() == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"answered_by_side": {"partnership": 1, "lto": 0}},
            [
                "Only one person answered the questionnaire: the results are one "
                "person's view, not the group's.",
                "Nobody from the LTO side answered the questionnaire.",
            ],
        ),
        (
            {"answered_by_side": {"partnership": 0, "lto": 0}},
            [
                "Nobody has answered the questionnaire, so the record will have no "
                "ratings."
            ],
        ),
        (
            {"answered_by_side": {"partnership": 0, "lto": 0}, "asks_ratings": False},
            [],
        ),
        (
            {"undecided": 2},
            [
                "2 carried actions have no decision: they stay open and will come "
                "back at the next review."
            ],
        ),
        (
            {"undecided": 1},
            [
                "1 carried action has no decision: it stays open and will come "
                "back at the next review."
            ],
        ),
        (
            {"action_count": 0},
            [
                "No actions are agreed. Every review should end with at least one "
                "clear next step."
            ],
        ),
        (
            {"next_review_on": None, "suggested_next_review": date(2026, 9, 1)},
            [
                "No date is set for the next review. If you agree now, it will be "
                "1 September 2026."
            ],
        ),
        (
            {"unfinished_steps": [("finance", "Finance")]},
            ["The step “Finance” was neither finished nor skipped."],
        ),
    ],
)
def test_each_gap_is_named(overrides, expected):
    assert gaps(**overrides) == expected


@pytest.fixture
def facilitator(client, make_person, make_review):
    review = make_review()
    person = make_person(
        role=Role.FACILITATOR, name="Ruth", facilitates=(review.relationship,)
    )
    sign_in(client, person)
    return client, review


def test_agree_the_review_opens_the_check_page_first(facilitator, make_response):
    client, review = facilitator
    make_response(review=review, side=Side.PARTNERSHIP)
    response = client.post(
        f"/reviews/{review.id}/steps/next_steps",
        data={"go": "check", "next_review_on": "2026-09-15"},
    )
    page = client.get(response.location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Check the review before you agree it</h1>" in html
    # Warnings for what is missing, each with a way to change it.
    assert "Only one person answered the questionnaire" in html
    assert "Nobody from the LTO side answered" in html
    assert "No actions are agreed." in html
    assert f'href="/reviews/{review.id}/steps/next_steps#new-action"' in html
    assert "15 September 2026" in html
    # The review is not agreed until the confirmation is pressed.
    db.session.expire_all()
    assert db.session.get(Review, review.id).status is not ReviewStatus.AGREED
    assert "the record is frozen" in html
    assert f'action="/reviews/{review.id}/agree"' in html
    assert "Agree and freeze the record</button>" in html


def test_the_check_lists_sides_skipped_steps_actions_and_undecided(
    facilitator, make_response, make_review
):
    client, earlier = facilitator
    # An open action from an earlier review, carried in with no decision.
    carried = action_operations.add_action(
        earlier,
        "Publish the accounts",
        Side.LTO,
        "Sam",
        None,
        by=ANONYMOUS,
    )
    db.session.commit()
    review = make_review(relationship=earlier.relationship, held_on=date(2024, 9, 1))
    make_response(review=review, side=Side.PARTNERSHIP)
    make_response(review=review, side=Side.LTO)
    workflow = workflow_named(review.workflow)
    operations.mark_step(
        review,
        workflow.step("finance"),
        StepState.SKIPPED,
        "The treasurer was ill.",
        by=ANONYMOUS,
    )
    action_operations.add_action(
        review, "Meet the new chair", Side.LTO, "Sam", None, by=ANONYMOUS
    )
    db.session.commit()
    html = client.get(f"/reviews/{review.id}/check").get_data(as_text=True)
    assert "1 person answered" in html
    assert (
        "Finance check-in (optional)</dt>" in html
        and "Skipped: The treasurer was ill." in html
    )
    assert "Meet the new chair" in html
    assert "Publish the accounts" in html
    assert f"/steps/open_actions#action-{carried.id}" in html
    assert "1 carried action has no decision" in html
    assert "Only one person" not in html


def test_confirming_agrees_and_freezes(facilitator):
    client, review = facilitator
    agreed = client.post(f"/reviews/{review.id}/agree")
    assert agreed.location == f"/reviews/{review.id}/record"
    assert client.get(f"/reviews/{review.id}/check").location.endswith("/record")


def test_only_those_who_may_agree_see_the_check(client, make_person, make_review):
    review = make_review()
    sign_in(client, make_person(member_of=(review.relationship.partnership,)))
    assert client.get(f"/reviews/{review.id}/check").status_code == 404
    assert db.session.scalar(select(Review)).status is not ReviewStatus.AGREED


def test_the_check_page_of_every_workflow_renders(
    client, make_person, make_relationship, make_review
):
    relationship = make_relationship()
    sign_in(client, make_person(role=Role.FACILITATOR, facilitates=(relationship,)))
    for key in ("induction", "troubleshooting", "legacy_planning", "exit_interview"):
        review = make_review(key, relationship=relationship)
        html = client.get(f"/reviews/{review.id}/check").get_data(as_text=True)
        assert "Check the review before you agree it" in html
        assert not re.search(r"\{[a-z_]+\}", html)
