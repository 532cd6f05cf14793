"""The governance balance points out what is worth talking about, on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_questionnaire import visit

pytestmark = pytest.mark.browser

SENTENCE = (
    "Risk-holding sits nearer the LTO than people think it should "
    "(now 5, should be 1, of 5)."
)


def place(page, row: str, measure: str, value: int) -> None:
    target = page.locator(
        f'[name="prompt-governance_balance-{row}-{measure}"][value="{value}"]'
    )
    page.locator(f'label[for="{target.get_attribute("id")}"]').click()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_balance_step_and_the_record_say_what_is_worth_talking_about(
    request, live_server, sign_in_facilitator, make_relationship, size
):
    page = request.getfixturevalue(size)
    relationship = make_relationship()
    sign_in_facilitator(page, relationship)
    page.goto(f"{live_server}/relationships/{relationship.id}/reviews/new")
    page.get_by_label("Troubleshooting", exact=False).first.check()
    page.get_by_label("Date of the review").fill("2025-03-14")
    page.get_by_role("button", name="Start the review").click()
    review_url = page.url.rsplit("/steps/", 1)[0]
    page.goto(f"{review_url}/steps/balance")
    expect(page.get_by_role("heading", name="Worth talking about")).to_have_count(0)
    for row in ("power", "autonomy", "responsibility", "accountability"):
        place(page, row, "now", 3)
        place(page, row, "should", 3)
    place(page, "risk_holding", "now", 5)
    place(page, "risk_holding", "should", 1)
    page.get_by_role("button", name="Save and come back later").click()
    section = page.locator(".worth-talking")
    expect(section.get_by_role("heading", name="Worth talking about")).to_be_visible()
    expect(section).to_contain_text(SENTENCE)
    section.scroll_into_view_if_needed()
    visit(page, f"{size}-balance-worth-talking-about")
    page.goto(f"{review_url}/record")
    expect(page.locator(".worth-talking")).to_contain_text(SENTENCE)
    visit(page, f"{size}-balance-record")
