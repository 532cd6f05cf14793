"""A resident on a phone sets up a relationship, answers the questionnaire and reads the results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.models import Participant, Review
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    screenshot,
    sign_in_as,
)

pytestmark = pytest.mark.browser

FRAMEWORK = load_framework()
AT_FIRST = [3, 2, 4, 5, 6, 3, 2, 6, 3, 2]
NOW = [7, 6, 6, 8, 9, 5, 4, 8, 6, None]


def around(values: list[int | None], step: int) -> dict[str, int | None]:
    """Ratings a step above or below each of ``values``: the median stays put."""
    return {
        key: None if value is None else min(10, max(1, value + step))
        for key, value in zip(FRAMEWORK.question_keys, values, strict=True)
    }


def median_and_range(value: int | None, dont_know: int) -> re.Pattern:
    """A cell of three ratings a step apart around ``value`` (None: don't know)."""
    if value is None:
        text = f"– {dont_know} don't know"
    else:
        text = f"{value} ({max(1, value - 1)}–{min(10, value + 1)})"
    return re.compile(rf"^\s*{re.escape(text)}\s*$".replace(r"\ ", r"\s*"))


def visit(page, name: str) -> None:
    """Check what every page must be: accessible, no sideways scroll, clean console."""
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []
    screenshot(page, name)


def choose(page, question_key: str, column: str, value: int | None) -> None:
    """Choose a rating; on a phone, step forward to its question first."""
    index = 10 if value is None else value - 1
    label = page.locator(f'label[for="rating-{question_key}-{column}-{index}"]')
    for _ in range(12):
        if label.is_visible():
            break
        page.get_by_role("button", name="Next", exact=True).click()
    label.click()


def send_answers(page) -> None:
    """Send the questionnaire; on a phone, by way of its check page."""
    send = page.get_by_role("button", name="Send my answers")
    for _ in range(14):
        if send.is_visible():
            break
        check = page.get_by_role("button", name="Check your answers")
        if check.is_visible():
            check.click()
        else:
            page.get_by_role("button", name="Next", exact=True).click()
    send.click()


def test_set_up_a_relationship_and_answer_on_a_phone(
    live_server, phone, make_person, make_response
):
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

    # On a phone: one question at a time, with Back and Next.
    for question, at_first, now in zip(FRAMEWORK.questions, AT_FIRST, NOW, strict=True):
        expect(page.locator(".questionnaire__progress")).to_have_text(
            f"Question {question.number} of 10"
        )
        expect(page.locator("fieldset.question:visible")).to_have_count(1)
        choose(page, question.key, "A", at_first)
        if question.key != "networks":  # left out on purpose, to see the error
            choose(page, question.key, "B", now)
        if question.key == "confidence":
            choose(page, "confidence", "C", 9)
            visit(page, "phone-questionnaire")
        if question.key == "workers":
            page.get_by_label("Comment on question 5 (optional)").fill(
                "Recruiting took too long."
            )
        page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_label("Any other comments?").fill("Thanks to Sam.")
    page.get_by_role("button", name="Check your answers").click()
    check = page.locator(".questionnaire__check")
    expect(check).to_contain_text("Check your answers, then send them")
    expect(check.locator("div", has_text="Question 7")).to_contain_text(
        "Not answered yet"
    )
    visit(page, "phone-questionnaire-check")
    page.get_by_role("button", name="Send my answers").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Question 7, column B (now): choose a rating")
    expect(summary).to_be_focused()
    # The page opens on the question with the problem.
    expect(page.locator(".questionnaire__progress")).to_have_text("Question 7 of 10")
    visit(page, "phone-questionnaire-error")

    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#rating-networks-B-0"
    choose(page, "networks", "B", 4)
    # Nothing typed was lost.
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.get_by_label("Comment on question 5 (optional)")).to_have_value(
        "Recruiting took too long."
    )
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.locator("#rating-confidence-C-8")).to_be_checked()
    while page.get_by_role("button", name="Send my answers").is_hidden():
        page.locator(".questionnaire__nav .button:not([hidden])").first.click()
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    # One answer is one person's ratings, not a group's: no chart, no table,
    # and so no Chart.js either.
    expect(page.locator("[data-no-group]")).to_be_visible()
    expect(page.locator("canvas")).to_have_count(0)
    expect(page.locator("[data-cell]")).to_have_count(0)
    assert page.evaluate("window.Chart === undefined")
    visit(page, "phone-results-one-answer")

    # Two more people answer, a step either side of this person's ratings, so
    # the middle ratings (medians) are this person's and the chart appears.
    db.session.expire_all()
    review = db.session.get(Review, int(re.search(r"/reviews/(\d+)/", page.url)[1]))
    for step in (-1, 1):
        make_response(
            review=review,
            at_first=around(AT_FIRST, step),
            now=around(NOW, step),
            wanted={"confidence": 9 + step},
        )
    page.reload()
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
            median_and_range(at_first, 0)
        )
        expect(page.locator(f'[data-cell="{question.key}-B"]')).to_have_text(
            median_and_range(now, 3)
        )
    expect(page.locator("figcaption").first).to_contain_text(
        "Now, the highest rating is 9 out of 10 for 'Employing workers'"
    )
    visit(page, "phone-results")


def test_results_on_a_desktop(
    live_server, desktop, make_review, make_response, make_person
):
    make_person(role=Role.ADMINISTRATOR, email="admin@example.org")
    sign_in_as(desktop, live_server, "admin@example.org")
    # Three answers: one person's alone would be no group, and show no chart.
    review = make_review()
    for step in (-1, 0, 1):
        make_response(
            review=review,
            at_first=around(AT_FIRST, step),
            now=around(NOW, step),
            wanted=dict.fromkeys(FRAMEWORK.question_keys, 8 + step),
        )
    desktop.goto(f"{live_server}/reviews/{review.id}/results")
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


def answer_on_this_page(page, question, values: dict[str, int | None]) -> None:
    """Tap the ratings of the one question on screen."""
    for column, value in values.items():
        index = 10 if value is None else value - 1
        page.locator(f'label[for="rating-{question.key}-{column}-{index}"]').tap()


def join_as_guest(page, live_server: str, review) -> None:
    page.goto(f"{live_server}/join/{review.join_code}")
    page.get_by_label("The partnership", exact=False).check()
    page.get_by_role("button", name="Start answering").click()


def stored_ratings(review) -> dict[tuple[str, str], int | None]:
    """The ratings the server holds for the review's one guest."""
    db.session.expire_all()
    participant = db.session.scalar(
        select(Participant).filter_by(review_id=review.id, on_paper=False)
    )
    if participant is None or participant.response is None:
        return {}
    return {(r.question_key, r.column): r.value for r in participant.response.ratings}


@pytest.fixture
def touch_phone(browser):
    """A phone-sized page that is driven by touch."""
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", has_touch=True, is_mobile=True
    )
    yield context
    context.close()


def test_a_dropped_connection_loses_nothing(live_server, touch_phone, make_review):
    review = make_review()
    context = touch_phone
    page = context.new_page()
    join_as_guest(page, live_server, review)
    status = page.locator("#autosave-status")
    typed: dict[tuple[str, str], int | None] = {}
    questions = FRAMEWORK.questions

    def answer(question, at_first, now, comment=None):
        answer_on_this_page(page, question, {"A": at_first, "B": now})
        typed[(question.key, "A")] = at_first
        typed[(question.key, "B")] = now
        if comment:
            page.get_by_label(f"Comment on question {question.number}").fill(comment)
        page.get_by_role("button", name="Next", exact=True).tap()

    for question in questions[:3]:
        answer(question, 4, 6)
    # The connection drops mid-questionnaire: the page says so, and keeps going.
    context.set_offline(True)
    expect(status).to_contain_text("You are offline.")
    expect(status).to_contain_text("kept on this phone")
    for question in questions[3:5]:
        answer(question, 3, None)
    screenshot(page, "phone-questionnaire-offline")
    answer(questions[5], 3, None, comment="Typed offline.")
    # The tab is closed while offline, and opened again later.
    page.close()
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{live_server}/reviews/{review.id}/respond")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("The answers you typed on this phone are back")
    for question in questions[:6]:
        key = question.key
        expect(page.locator(f"#rating-{key}-A-{typed[(key, 'A')] - 1}")).to_be_checked()
    expect(page.locator("#rating-funding-B-10")).to_be_checked()
    expect(page.get_by_label("Comment on question 6 (optional)")).to_have_value(
        "Typed offline."
    )
    # Offline again, the rest is answered and Send is pressed: it is held.
    context.set_offline(True)
    for _question in questions[:6]:
        page.get_by_role("button", name="Next", exact=True).tap()
    for question in questions[6:]:
        answer(question, 7, 8)
    page.get_by_role("button", name="Check your answers").tap()
    page.get_by_role("button", name="Send my answers").tap()
    expect(status).to_contain_text("your answers are not sent yet")
    assert_accessible(page)
    screenshot(page, "phone-questionnaire-held")
    assert stored_ratings(review) == {}
    # The connection comes back: the answers go, exactly as typed.
    context.set_offline(False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert stored_ratings(review) == typed
    assert page.evaluate("Object.keys(localStorage)") == []
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "phone-thanks")


def test_one_question_at_a_time_by_keyboard(live_server, phone, make_review):
    review = make_review()
    page = phone
    join_as_guest(page, live_server, review)
    progress = page.locator(".questionnaire__progress")
    expect(progress).to_have_text("Question 1 of 10")
    page.locator("#rating-confidence-A-0").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#rating-confidence-A-1")).to_be_checked()
    page.get_by_label("Comment on question 1 (optional)").focus()
    # From the last box of a question, Tab goes straight to Next.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(progress).to_have_text("Question 2 of 10")
    expect(progress).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#rating-skills-A-0")).to_be_focused()
    back = page.get_by_role("button", name="Back", exact=True)
    back.focus()
    page.keyboard.press("Enter")
    expect(progress).to_have_text("Question 1 of 10")
    expect(page.locator("#rating-confidence-A-1")).to_be_checked()
    visit(page, "phone-questionnaire-keyboard")


def test_sending_it_empty_gives_one_line_not_ten(live_server, phone, make_review):
    review = make_review()
    page = phone
    join_as_guest(page, live_server, review)
    for _question in FRAMEWORK.questions:
        page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Check your answers").click()
    page.get_by_role("button", name="Send my answers").click()
    summary = page.get_by_role("alert")
    expect(summary.locator("li")).to_have_count(1)
    expect(summary).to_contain_text("Choose a rating in questions 1, 2, 3")
    expect(page.locator(".questionnaire__progress")).to_have_text("Question 1 of 10")
    box = summary.bounding_box()
    assert box["height"] < PHONE["height"] / 2
    visit(page, "phone-questionnaire-empty")


def test_the_whole_form_on_a_desktop(live_server, desktop, make_review):
    review = make_review()
    join_as_guest(desktop, live_server, review)
    expect(desktop.locator("fieldset.question:visible")).to_have_count(10)
    expect(desktop.locator(".questionnaire__progress")).to_have_count(0)
    expect(desktop.get_by_role("button", name="Send my answers")).to_be_visible()


def test_a_guest_on_another_device_is_told_how_to_carry_on(
    live_server, phone, browser, make_review
):
    review = make_review()
    join_as_guest(phone, live_server, review)
    link = phone.url
    other = browser.new_context(viewport=PHONE, locale="en-GB")
    page = other.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Carry on with your questionnaire"
    )
    expect(page.get_by_role("link", name="Join with a code")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    screenshot(page, "phone-questionnaire-other-device")
    other.close()


def test_without_javascript_a_phone_gets_the_whole_form(
    live_server, browser, make_review
):
    review = make_review()
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    join_as_guest(page, live_server, review)
    expect(page.locator("fieldset.question:visible")).to_have_count(10)
    expect(page.get_by_role("button", name="Send my answers")).to_be_visible()
    context.close()
