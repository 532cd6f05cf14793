"""A workshop: eight people answer on their phones while the facilitator's screen follows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ltoapp.framework import load_framework
from tests.browser.conftest import FACILITATOR_EMAIL, PHONE, _new_page, sign_in_as
from tests.browser.test_questionnaire import choose, send_answers, visit

pytestmark = pytest.mark.browser

KEYS = load_framework().question_keys

#: Each person's "now" (B) ratings, question 1 to 10. Four from the partnership,
#: three from the LTO and the rep: the room's screen shows no group under three
#: people (ltoapp/framework/disclosure.py), so the LTO needs three to be compared,
#: and the rep alone is never shown as a group. The right answers, by hand:
#: - question 1 (confidence): partnership median 3 (3,3,4,3), LTO median 7
#:   (7,7,4), a gap of 4, so worth talking about; everyone's median
#:   (3,3,3,4,4,5,7,7) is 4;
#: - question 4 (spaces): everyone's ratings span 2 to 7, five points, so worth
#:   talking about, although both sides' medians are 6. The room is not told:
#:   while the rep's side is hidden, everyone's spread would give the rep's
#:   rating away, so the room's screen shows everyone's median only;
#: - every other question stays within 5 and 6: not flagged;
#: - the rep rates everything 5 or 6, a flat profile; nobody else does.
PEOPLE = [
    ("partnership", "Pat", [3, 5, 6, 2, 5, 6, 5, 6, 5, 6]),
    ("partnership", "", [3, 6, 5, 6, 6, 5, 6, 5, 6, 5]),
    ("partnership", "Jo", [4, 5, 6, 6, 5, 6, 5, 6, 5, 6]),
    ("lto", "", [4, 6, 5, 6, 6, 5, 6, 5, 6, 5]),
    ("partnership", "Sam", [3, 5, 6, 7, 5, 6, 5, 6, 5, 6]),
    ("lto", "Lee", [7, 6, 5, 6, 6, 5, 6, 5, 6, 5]),
    ("lto", "", [7, 5, 6, 6, 5, 6, 5, 6, 5, 6]),
    ("neutral", "Rita the rep", [5, 6, 6, 6, 6, 6, 6, 6, 6, 6]),
]
SIDE_LABELS = {
    "partnership": "The partnership",
    "lto": "The LTO",
    "neutral": "Neither",
}


def choose_going_back(page, question_key: str, column: str, value: int) -> None:
    """Choose a rating on an earlier question: on a phone, step back to it first."""
    label = page.locator(f'label[for="rating-{question_key}-{column}-{value - 1}"]')
    for _ in range(12):
        if label.is_visible():
            break
        page.get_by_role("button", name="Back", exact=True).click()
    label.click()


def answer_on_a_phone(browser, base_url, code, side, name, ratings, first=False):
    """Join by typing the code, choose a side, answer "now" and send."""
    context, page = _new_page(browser, PHONE)
    try:
        page.goto(f"{base_url}/join")
        page.get_by_label("Code").fill(code.lower())
        page.get_by_role("button", name="Join").click()
        page.get_by_label(SIDE_LABELS[side]).check()
        if name:
            page.get_by_label("Your name (optional)").fill(name)
        if first:
            visit(page, "phone-join-review")
        page.get_by_role("button", name="Start answering").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "How is the relationship?"
        )
        if first:
            visit(page, "phone-questionnaire-anonymity")
        for key, value in zip(KEYS, ratings, strict=True):
            choose(page, key, "B", value)
        send_answers(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
        assert page.console_errors == []
    finally:
        context.close()


def test_eight_people_answer_while_the_facilitator_watches(
    browser, live_server, desktop, make_review, sign_in_facilitator
):
    review = make_review("troubleshooting")
    screen = desktop
    sign_in_facilitator(screen, review.relationship)
    screen.goto(f"{live_server}/reviews/{review.id}/live")
    screen.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas'))"
    )
    screen.evaluate("window.notReloaded = true")
    visit(screen, "desktop-live-empty")
    everyone = screen.locator('[data-live-count="everyone"]')
    expect(everyone).to_have_text("0")

    for number, (side, name, ratings) in enumerate(PEOPLE, start=1):
        answer_on_a_phone(
            browser, live_server, review.join_code, side, name, ratings, number == 1
        )
        if number in (1, 5):
            expect(everyone).to_have_text(str(number), timeout=10_000)

    expect(everyone).to_have_text("8", timeout=10_000)
    expect(screen.locator('[data-live-count="partnership"]')).to_have_text("4")
    expect(screen.locator('[data-live-count="lto"]')).to_have_text("3")
    expect(screen.locator('[data-live-count="neutral"]')).to_have_text("1")
    # The room sees the results stage by stage, as the facilitator shows them:
    # at first the counts only, and no figure is on the page yet.
    everyone_part = screen.locator('[data-live-part="everyone"]')
    sides_part = screen.locator('[data-live-part="sides"]')
    talk_part = screen.locator('[data-live-part="talk"]')
    expect(screen.locator('[data-live-part="counts"]')).to_be_visible()
    for part in (everyone_part, sides_part, talk_part):
        expect(part).to_be_hidden()
    expect(sides_part.locator('[data-side-cell="confidence-gap"]')).to_have_text("–")
    expect(
        everyone_part.locator('[data-side-cell="confidence-everyone"]')
    ).to_have_text("–")

    screen.get_by_role("button", name="Everyone together").click()
    expect(everyone_part).to_be_visible()
    # The rep's side is too small to show, so everyone's lowest and highest
    # (everyone minus the sides shown) would give the rep's rating away: the
    # room sees everyone's median only.
    expect(
        everyone_part.locator('[data-side-cell="confidence-everyone"]')
    ).to_have_text("4")
    expect(sides_part.locator('[data-side-cell="confidence-gap"]')).to_have_text("–")

    screen.get_by_role("button", name="The sides compared").click()
    expect(sides_part).to_be_visible()
    room_view = {
        "confidence-partnership": "3 (spread 1)",  # four people: no endpoints
        "confidence-lto": "7 (spread 3)",
        "confidence-neutral": "–",  # the rep alone is not a group
        "confidence-everyone": "4",
        "confidence-gap": "4",
        "spaces-gap": "0",
    }
    for cell, text in room_view.items():
        expect(sides_part.locator(f'[data-side-cell="{cell}"]')).to_have_text(text)
    expect(talk_part.locator("[data-divergent]")).to_have_count(0)

    screen.get_by_role("button", name="Worth talking about").click()
    expect(talk_part).to_be_visible()
    divergent = screen.locator("[data-live-divergent] [data-divergent]")
    # Only the gap between the sides: the spread of question 4 is everyone's,
    # which the room may not see while the rep's side is hidden.
    expect(divergent).to_have_count(1)
    expect(divergent).to_have_attribute("data-divergent", "confidence")
    expect(divergent).to_contain_text("see this 4 points apart")
    expect(divergent).to_contain_text("Partnership 3, LTO 7: the LTO sees it higher.")
    assert screen.evaluate("window.notReloaded") is True
    partnership_line = screen.evaluate(
        "Chart.getChart('live-chart').data.datasets[0].data"
    )
    assert partnership_line == [3, 5, 6, 6, 5, 6, 5, 6, 5, 6]
    visit(screen, "desktop-live")

    screen.goto(f"{live_server}/reviews/{review.id}/results")
    divergent = screen.locator("[data-divergent]")
    expect(divergent).to_have_count(2)
    assert divergent.evaluate_all("items => items.map(i => i.dataset.divergent)") == [
        "confidence",
        "spaces",
    ]
    expect(divergent.first).to_contain_text("see this 4 points apart")
    expect(divergent.nth(1)).to_contain_text("Ratings span 5 points, from 2 to 7")
    flat = screen.locator("[data-flat]")
    expect(flat).to_have_count(1)
    expect(flat).to_contain_text("Participant 8 (Rita the rep), rep")
    expected = {
        "confidence-partnership": "3 (3–4)",
        "confidence-lto": "7 (4–7)",
        "confidence-neutral": "5",
        "confidence-everyone": "4 (3–7)",
        "spaces-partnership": "6 (2–7)",
        "spaces-lto": "6",
        "spaces-everyone": "6 (2–7)",
        "spaces-gap": "0",
        "skills-everyone": "5.5 (5–6)",
    }
    for cell, text in expected.items():
        expect(screen.locator(f'[data-side-cell="{cell}"]')).to_have_text(text)
    visit(screen, "desktop-results-many-voices")


def test_a_closed_page_loses_no_answers(browser, live_server, make_review):
    review = make_review()
    context, page = _new_page(browser, PHONE)
    try:
        page.goto(f"{live_server}/join/{review.join_code}")
        page.get_by_label("The LTO").check()
        page.get_by_role("button", name="Start answering").click()
        answers = {"confidence": 7, "skills": None, "aspiration": 3}
        for key, value in answers.items():
            choose(page, key, "B", value)
        choose_going_back(page, "confidence", "A", 2)
        expect(page.locator(".questionnaire__progress")).to_have_text(
            "Question 1 of 10"
        )
        page.get_by_role("button", name="Next", exact=True).click()
        page.get_by_label("Comment on question 2 (optional)").fill("Hard to say.")
        status = page.get_by_role("status")
        expect(status).to_have_text("Your answers so far are saved.")
        visit(page, "phone-questionnaire-saved")
        page.close()

        # The phone comes back: the same browser opens the link again.
        page = context.new_page()
        page.goto(f"{live_server}/join/{review.join_code}")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "How is the relationship?"
        )
        for key, value in answers.items():
            index = 10 if value is None else value - 1
            expect(page.locator(f"#rating-{key}-B-{index}")).to_be_checked()
        expect(page.locator("#rating-confidence-A-1")).to_be_checked()
        expect(page.get_by_label("Comment on question 2 (optional)")).to_have_value(
            "Hard to say."
        )
    finally:
        context.close()


def test_the_facilitator_prints_and_types_in_paper_with_a_keyboard(
    live_server, desktop, phone, make_review, sign_in_facilitator
):
    review = make_review("exit_interview")
    page = desktop
    sign_in_facilitator(page, review.relationship)
    page.goto(f"{live_server}/reviews/{review.id}")
    visit(page, "desktop-review-running")
    page.get_by_role("link", name="Print a slip with the code and a QR code").click()
    expect(page.locator("svg.qr-code")).to_be_visible()
    visit(page, "desktop-slip")
    page.goto(f"{live_server}/reviews/{review.id}/paper")
    visit(page, "desktop-paper")

    page.goto(f"{live_server}/reviews/{review.id}/paper/enter")
    expect(page.locator("#side-0")).to_be_focused()
    visit(page, "desktop-enter-paper")
    for paper, (side_key, a, b) in enumerate(
        [("ArrowRight", "4", "7"), ("ArrowRight ArrowRight", "d", "2")], start=1
    ):
        for key in side_key.split():
            page.keyboard.press(key)
        page.keyboard.press("Tab")  # the name, left empty
        page.keyboard.press("Tab")  # the ratings table
        page.keyboard.press("Tab")
        page.keyboard.type(a)  # question 1, A
        page.keyboard.press("Tab")
        page.keyboard.type(b)  # question 1, B
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text(f"Saved paper {paper}.")
        expect(page.locator("#side-0")).to_be_focused()
        expect(page.locator("#rating-confidence-A")).to_have_value("")

    page.goto(f"{live_server}/reviews/{review.id}/responses")
    rows = page.locator("[data-participant]")
    expect(rows).to_have_count(4)  # two papers, in both columns' tables
    expect(rows.first).to_contain_text("LTO, on paper")
    visit(page, "desktop-responses")

    sign_in_as(phone, live_server, FACILITATOR_EMAIL)
    for name, path in (
        ("phone-review-running", ""),
        ("phone-slip", "/slip"),
        ("phone-enter-paper", "/paper/enter"),
        ("phone-responses", "/responses"),
        ("phone-live", "/live"),
    ):
        phone.goto(f"{live_server}/reviews/{review.id}{path}")
        visit(phone, name)
