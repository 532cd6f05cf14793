"""Whatever button is pressed on a step, what the page holds is kept (issue 13)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions import operations as action_operations
from ltoapp.extensions import db
from ltoapp.reviews.models import PromptAnswer, Review, Side, StepProgress
from tests.conftest import sign_in
from tests.test_reviews import complete_answers

TYPED = "Amir joined as treasurer; Jo left the board."


@pytest.fixture
def facilitator(client, make_person, make_review):
    review = make_review()
    person = make_person(
        role=Role.FACILITATOR, name="Ruth", facilitates=(review.relationship,)
    )
    sign_in(client, person)
    return client, review


def stored(review: Review, key: str):
    db.session.expire_all()
    answer = db.session.scalar(
        select(PromptAnswer).filter_by(review_id=review.id, prompt_key=key)
    )
    return None if answer is None else answer.answer


def test_make_an_action_keeps_the_text_and_fills_in_the_action(facilitator):
    client, review = facilitator
    page = client.get(f"/reviews/{review.id}/steps/changes").get_data(as_text=True)
    # The button belongs to the step's form, so the answers go with it.
    assert 'name="go" value="action:people_changes"' in page
    response = client.post(
        f"/reviews/{review.id}/steps/changes",
        data={"go": "action:people_changes", "prompt-people_changes": TYPED},
    )
    assert response.status_code == 302
    assert response.location == (
        f"/reviews/{review.id}/steps/next_steps?source=prompt:people_changes#new-action"
    )
    assert stored(review, "people_changes") == TYPED
    next_steps = client.get(response.location).get_data(as_text=True)
    action_box = re.search(
        r'<textarea[^>]*name="description"[^>]*>(.*?)</textarea>', next_steps, re.S
    )
    assert action_box and TYPED in action_box.group(1)
    assert "About: <strong>Changes in people and roles:" in next_steps
    # Back on the step, the text is there.
    back = client.get(f"/reviews/{review.id}/steps/changes").get_data(as_text=True)
    assert TYPED in back


def test_a_bad_answer_on_make_an_action_is_shown_again_not_lost(facilitator):
    client, review = facilitator
    response = client.post(
        f"/reviews/{review.id}/steps/changes",
        data={
            "go": "action:people_changes",
            "prompt-people_changes": TYPED,
            "prompt-induction_needed": "not-an-option",
        },
    )
    assert response.status_code == 422
    assert TYPED in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("go", "lands_on"),
    [
        ("step:open_actions", "open_actions"),
        ("step:next_steps", "next_steps"),
        ("back", "dwelling"),
    ],
)
def test_the_step_list_and_back_save_first(facilitator, go, lands_on):
    client, review = facilitator
    page = client.get(f"/reviews/{review.id}/steps/changes").get_data(as_text=True)
    # The step list's entries are buttons of the step's form.
    assert 'form="step-form"' in page and 'value="step:open_actions"' in page
    response = client.post(
        f"/reviews/{review.id}/steps/changes",
        data={"go": go, "prompt-people_changes": TYPED},
    )
    assert response.location == f"/reviews/{review.id}/steps/{lands_on}"
    assert stored(review, "people_changes") == TYPED


@pytest.mark.parametrize("go", ["step:nowhere", "action:nowhere", "action:", "x"])
def test_a_button_to_nowhere_is_refused_and_saves_nothing(facilitator, go):
    client, review = facilitator
    response = client.post(
        f"/reviews/{review.id}/steps/changes",
        data={"go": go, "prompt-people_changes": TYPED},
    )
    assert response.status_code == 400
    assert stored(review, "people_changes") is None


def test_skipping_keeps_what_was_typed(facilitator):
    client, review = facilitator
    response = client.post(
        f"/reviews/{review.id}/steps/changes",
        data={
            "go": "skip",
            "prompt-people_changes": TYPED,
            "skip_reason": "We ran out of time.",
        },
    )
    assert response.location == f"/reviews/{review.id}/steps/finance"
    assert stored(review, "people_changes") == TYPED
    progress = db.session.scalar(select(StepProgress).filter_by(step_key="changes"))
    assert progress.skip_reason == "We ran out of time."


def test_skipping_without_a_reason_keeps_the_answers_on_the_page(facilitator):
    client, review = facilitator
    response = client.post(
        f"/reviews/{review.id}/steps/changes",
        data={"go": "skip", "prompt-people_changes": TYPED},
    )
    assert response.status_code == 422
    assert TYPED in response.get_data(as_text=True)
    assert stored(review, "people_changes") is None


def test_agree_saves_a_changed_next_review_date(facilitator):
    client, review = facilitator
    response = client.post(
        f"/reviews/{review.id}/steps/next_steps",
        data={"go": "check", "next_review_on": "2026-09-15"},
    )
    assert response.location == f"/reviews/{review.id}/check"
    db.session.expire_all()
    assert db.session.get(Review, review.id).next_review_on == date(2026, 9, 15)


def test_back_from_next_steps_saves_the_date_too(facilitator):
    client, review = facilitator
    client.post(
        f"/reviews/{review.id}/steps/next_steps",
        data={"go": "back", "next_review_on": "2026-10-01"},
    )
    db.session.expire_all()
    assert db.session.get(Review, review.id).next_review_on == date(2026, 10, 1)


def test_a_bad_date_on_agree_is_explained_and_nothing_moves(facilitator):
    client, review = facilitator
    response = client.post(
        f"/reviews/{review.id}/steps/next_steps",
        data={"go": "check", "next_review_on": "next spring"},
    )
    assert response.status_code == 422
    assert "next spring" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Review, review.id).next_review_on is None


def test_the_agree_button_is_part_of_the_date_form(facilitator):
    client, review = facilitator
    page = client.get(f"/reviews/{review.id}/steps/next_steps").get_data(as_text=True)
    form = re.search(r'<form[^>]*id="step-form".*?</form>', page, re.S).group(0)
    assert 'name="next_review_on"' in form
    assert 'value="check">Agree the review</button>' in form


def test_answer_for_yourself_comes_back_to_the_step(client, make_person, make_review):
    review = make_review()
    rep = make_person(
        role=Role.FACILITATOR,
        facilitates=(review.relationship,),
        member_of=(review.relationship.lto,),
    )
    sign_in(client, rep)
    page = client.get(f"/reviews/{review.id}/steps/ratings").get_data(as_text=True)
    link = re.search(r'href="([^"]*)">Answer for yourself', page).group(1)
    assert link == f"/reviews/{review.id}/respond?step=ratings"
    sent = client.post(link, data=complete_answers())
    assert sent.location == f"/reviews/{review.id}/steps/ratings"


def test_answer_for_yourself_ignores_a_step_that_is_not_there(
    client, make_person, make_review
):
    review = make_review()
    sign_in(client, make_person(member_of=(review.relationship.partnership,)))
    sent = client.post(
        f"/reviews/{review.id}/respond?step=https://evil.example",
        data=complete_answers(),
    )
    assert sent.location == f"/reviews/{review.id}/results"


def test_an_action_typed_but_not_added_is_kept_when_agree_is_pressed(facilitator):
    client, review = facilitator
    response = client.post(
        f"/reviews/{review.id}/steps/next_steps",
        data={
            "go": "check",
            "description": "Ask the council about the hall",
            "next_review_on": "2026-09-15",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "You typed an action but did not add it." in html
    assert "Ask the council about the hall" in html
    assert 'value="2026-09-15"' in html


def test_adding_an_action_from_the_one_form(facilitator):
    client, review = facilitator
    page = client.get(f"/reviews/{review.id}/steps/next_steps").get_data(as_text=True)
    form = re.search(r'<form[^>]*id="step-form".*?</form>', page, re.S).group(0)
    assert f'formaction="/reviews/{review.id}/actions">Add the action' in form
    added = client.post(
        f"/reviews/{review.id}/actions",
        data={
            "description": "Ask the council about the hall",
            "owner_side": "lto",
            "next_review_on": "2026-09-15",
        },
    )
    assert added.status_code == 302
    db.session.expire_all()
    assert [a.description for a in db.session.get(Review, review.id).actions] == [
        "Ask the council about the hall"
    ]


def test_a_decision_chosen_but_not_recorded_is_shown_again(facilitator, make_review):
    client, earlier = facilitator
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
    page = client.get(f"/reviews/{review.id}/steps/open_actions").get_data(as_text=True)
    form = re.search(r'<form[^>]*id="step-form".*?</form>', page, re.S).group(0)
    assert f'name="action-{carried.id}-decision"' in form
    response = client.post(
        f"/reviews/{review.id}/steps/open_actions",
        data={
            "go": "next",
            f"action-{carried.id}-decision": "dropped",
            f"action-{carried.id}-note": "The accountant left.",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "You chose what happened but did not record it." in html
    assert "The accountant left." in html
    # With nothing typed, Next goes on as before.
    onward = client.post(
        f"/reviews/{review.id}/steps/open_actions", data={"go": "next"}
    )
    assert onward.location == f"/reviews/{review.id}/steps/ratings"
