"""A resident on a phone sets up a relationship, answers the questionnaire and reads the results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ltoapp.accounts.models import Role
from ltoapp.framework import load_framework
from tests.browser.conftest import (
    assert_accessible,
    assert_fits_the_screen,
    screenshot,
    sign_in_as,
)

pytestmark = pytest.mark.browser

FRAMEWORK = load_framework()
AT_FIRST = [3, 2, 4, 5, 6, 3, 2, 6, 3, 2]
NOW = [7, 6, 6, 8, 9, 5, 4, 8, 6, None]


def visit(page, name: str) -> None:
    """Check what every page must be: accessible, no sideways scroll, clean console."""
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []
    screenshot(page, name)


def choose(page, question_key: str, column: str, value: int | None) -> None:
    index = 10 if value is None else value - 1
    page.locator(f'label[for="rating-{question_key}-{column}-{index}"]').click()


def test_set_up_a_relationship_and_answer_on_a_phone(live_server, phone, make_person):
    make_person(role=Role.ADMINISTRATOR, email="admin@example.org")
    page = phone
    page.goto(f"{live_server}/sign-in")
    visit(page, "phone-sign-in")
    sign_in_as(page, live_server, "admin@example.org")
    visit(page, "phone-home-empty")

    page.get_by_role("link", name="Add a partnership").click()
    page.get_by_role("button", name="Add the partnership").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the partnership's name.")
    visit(page, "phone-partnership-error")
    page.get_by_label("Name").fill("Westfield Big Local")
    page.get_by_label("Area (optional)").fill("Westfield estate")
    page.get_by_role("button", name="Add the partnership").click()
    expect(page.get_by_role("status")).to_contain_text("Added Westfield Big Local.")

    page.goto(f"{live_server}/ltos/new")
    visit(page, "phone-new-lto")
    page.get_by_label("Name").fill("Westfield Community Trust")
    page.get_by_role("button", name="Add the LTO").click()

    visit(page, "phone-new-relationship")
    page.get_by_label("Partnership").select_option(label="Westfield Big Local")
    page.get_by_label("Organisation").select_option(label="Westfield Community Trust")
    page.get_by_label("When did it start?").fill("2014-05-01")
    page.get_by_role("button", name="Add the relationship").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Westfield Big Local")
    visit(page, "phone-relationship")

    page.get_by_role("link", name="Start a review").click()
    page.get_by_label("Regular review").check()
    page.get_by_label("Date of the review").fill("2025-03-14")
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What we agreed last time"
    )
    page.get_by_role("link", name="Regular review").click()
    visit(page, "phone-review")
    page.get_by_role("link", name="Answer the questionnaire").click()
    visit(page, "phone-questionnaire")

    for question, at_first, now in zip(FRAMEWORK.questions, AT_FIRST, NOW, strict=True):
        choose(page, question.key, "A", at_first)
        if question.key != "networks":  # left out on purpose, to see the error
            choose(page, question.key, "B", now)
    choose(page, "confidence", "C", 9)
    page.get_by_label("Comment on question 5 (optional)").fill(
        "Recruiting took too long."
    )
    page.get_by_label("Any other comments?").fill("Thanks to Sam.")
    page.get_by_role("button", name="Send my answers").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Question 7, column B (now): choose a rating")
    expect(summary).to_be_focused()
    # Nothing typed was lost.
    expect(page.get_by_label("Comment on question 5 (optional)")).to_have_value(
        "Recruiting took too long."
    )
    expect(page.locator("#rating-confidence-C-8")).to_be_checked()
    visit(page, "phone-questionnaire-error")

    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#rating-networks-B-0"
    choose(page, "networks", "B", 4)
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas')) != null"
    )
    datasets = page.evaluate(
        "Chart.getChart(document.querySelector('canvas')).data.datasets"
        ".map(d => ({label: d.label, data: d.data, dash: d.borderDash}))"
    )
    assert [d["label"] for d in datasets] == [
        "A. At first",
        "B. Now",
        "C. Where we want it to be",
    ]
    assert datasets[1]["data"] == NOW
    assert datasets[2]["dash"] != []
    for question, at_first, now in zip(FRAMEWORK.questions, AT_FIRST, NOW, strict=True):
        expect(page.locator(f'[data-cell="{question.key}-A"]')).to_have_text(
            str(at_first)
        )
        expected_now = "– 1 don't know" if now is None else str(now)
        expect(page.locator(f'[data-cell="{question.key}-B"]')).to_have_text(
            re.compile(rf"^\s*{re.escape(expected_now)}\s*$".replace(r"\ ", r"\s*"))
        )
    expect(page.locator("figcaption").first).to_contain_text(
        "Now, the highest rating is 9 out of 10 for 'Employing workers'"
    )
    visit(page, "phone-results")


def test_results_on_a_desktop(live_server, desktop, make_response, make_person):
    make_person(role=Role.ADMINISTRATOR, email="admin@example.org")
    sign_in_as(desktop, live_server, "admin@example.org")
    response = make_response(
        at_first=dict(zip(FRAMEWORK.question_keys, AT_FIRST, strict=True)),
        now=dict(zip(FRAMEWORK.question_keys, NOW, strict=True)),
        wanted=dict.fromkeys(FRAMEWORK.question_keys, 8),
    )
    desktop.goto(f"{live_server}/reviews/{response.participant.review_id}/results")
    desktop.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas')) != null"
    )
    visit(desktop, "desktop-results")


def test_the_rating_scale_works_with_a_keyboard(
    live_server, desktop, make_review, make_person
):
    review = make_review()
    make_person(email="chair@example.org", member_of=(review.relationship.partnership,))
    page = desktop
    sign_in_as(page, live_server, "chair@example.org")
    page.goto(f"{live_server}/reviews/{review.id}/respond")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.locator("#rating-confidence-A-0").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#rating-confidence-A-2")).to_be_checked()
    outline = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=\"rating-confidence-A-2\"]'))"
        ".outlineStyle"
    )
    assert outline == "solid"
    visit(page, "desktop-questionnaire")
