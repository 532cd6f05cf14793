"""Content a resident reads: induction wording, one scenario at a time, names."""

from __future__ import annotations

import pytest

from ltoapp.accounts.models import Role
from ltoapp.config import LABELS
from ltoapp.framework import load_framework
from ltoapp.workflows import WorkflowError, load_workflows
from ltoapp.workflows.engine import parse_workflow
from tests.conftest import sign_in

WORKFLOWS = load_workflows()


def test_induction_words_its_ratings_for_looking_ahead():
    step = WORKFLOWS["induction"].rating_steps()[0]
    for question in load_framework().questions:
        text = step.question_text(question, LABELS)
        assert text.startswith("The LTO "), text
        for looking_back in ("has given", "Mentored", "Provided", "Built", "Plugged"):
            assert looking_back not in text, text


def test_other_workflows_keep_the_frameworks_statements():
    step = WORKFLOWS["regular_review"].rating_steps()[0]
    first = load_framework().questions[0]
    assert step.question_text(first, LABELS) == first.text(LABELS)


def test_induction_questionnaire_shows_the_looking_ahead_wording(
    client, make_person, make_review
):
    review = make_review("induction")
    sign_in(client, make_person(member_of=(review.relationship.partnership,)))
    page = client.get(f"/reviews/{review.id}/respond").get_data(as_text=True)
    assert "The LTO gives residents confidence and a voice" in page
    assert "has given residents confidence" not in page
    paper = sign_in(
        client.application.test_client(),
        make_person(role=Role.FACILITATOR, facilitates=(review.relationship,)),
    ).get(f"/reviews/{review.id}/paper")
    assert "The LTO mentors residents and grows their skills" in paper.get_data(
        as_text=True
    )


def test_a_statement_for_an_unknown_question_is_refused():
    document = {
        "key": "check",
        "name": "Check",
        "summary": "s",
        "record_title": "r",
        "steps": [
            {
                "key": "ratings",
                "kind": "ratings",
                "title": "t",
                "columns": ["C"],
                "question_wording": {"courage": "The LTO is brave"},
            },
            {"key": "next", "kind": "next_steps", "title": "Next"},
        ],
    }
    with pytest.raises(WorkflowError, match=r"courage.*not a question of the frame"):
        parse_workflow(document, "check.toml")


def test_possible_futures_show_one_scenario_at_a_time(client, make_person, make_review):
    review = make_review("legacy_planning")
    sign_in(
        client, make_person(role=Role.FACILITATOR, facilitates=(review.relationship,))
    )
    page = client.get(f"/reviews/{review.id}/steps/scenarios").get_data(as_text=True)
    prompt = WORKFLOWS["legacy_planning"].prompt("future_scenarios")
    assert prompt.one_row_at_a_time
    # Six folded scenarios, none open: a phone shows one when it is opened.
    assert page.count('<details class="matrix-row__details">') == 6
    assert "0 of 6 answered" in page


def test_a_scenario_with_an_error_is_shown_open(client, make_person, make_review):
    review = make_review("legacy_planning")
    sign_in(
        client, make_person(role=Role.FACILITATOR, facilitates=(review.relationship,))
    )
    response = client.post(
        f"/reviews/{review.id}/steps/scenarios",
        data={"go": "next", "prompt-future_scenarios-merge-workers": "x" * 1001},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count('<details class="matrix-row__details" open>') == 1
    assert "x" * 1001 in page


def test_the_interface_calls_itself_plainly(client):
    page = client.get("/about").get_data(as_text=True)
    assert "Relationship reviews" in page
    assert "ltoapp" not in page


def test_the_product_name_is_configurable_apart_from_the_labels(make_app):
    app = make_app(PRODUCT_NAME="Partnership check-ups")
    page = app.test_client().get("/about").get_data(as_text=True)
    assert "Partnership check-ups" in page
    assert "Relationship reviews" not in page
    assert "app_name" not in app.config["LABELS"]


def test_every_page_links_the_accessibility_statement(client):
    for url in ("/about", "/join", "/sign-in"):
        page = client.get(url).get_data(as_text=True)
        assert 'href="/accessibility"' in page, url


def test_the_accessibility_statement(client, make_app):
    page = client.get("/accessibility").get_data(as_text=True)
    for text in (
        "Accessibility statement for Relationship reviews",
        "How we tested it",
        "axe-core",
        "Keyboard",
        "360 pixels",
        "Screen readers",
        "What we know is not yet right",
        "different format",
        "ask your rep",
        "Enforcement procedure",
        "WCAG",
    ):
        assert text in page, text
    other = make_app(ACCESSIBILITY_CONTACT_EMAIL="access@example.org")
    page = other.test_client().get("/accessibility").get_data(as_text=True)
    assert 'href="mailto:access@example.org"' in page
