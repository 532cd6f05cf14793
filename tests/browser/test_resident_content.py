"""Pages a resident reads, on a phone: the accessibility statement, folded futures."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_questionnaire import visit

pytestmark = pytest.mark.browser


def test_the_accessibility_statement_is_linked_from_the_footer(live_server, phone):
    page = phone
    page.goto(f"{live_server}/join")
    page.locator(".site-footer").get_by_role(
        "link", name="Accessibility statement"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Relationship reviews"
    )
    expect(page).to_have_title(
        "Accessibility statement – Relationship reviews for Big Local"
    )
    visit(page, "phone-accessibility-statement")
    page.set_viewport_size({"width": 360, "height": 800})
    visit(page, "phone-360-accessibility-statement")


def test_possible_futures_open_one_scenario_at_a_time(
    live_server, phone, sign_in_facilitator, make_review
):
    review = make_review("legacy_planning")
    page = phone
    sign_in_facilitator(page, review.relationship)
    page.goto(f"{live_server}/reviews/{review.id}/steps/scenarios")
    boxes = page.locator("textarea.matrix-row__text")
    expect(boxes).to_have_count(36)
    visible = [box for box in boxes.all() if box.is_visible()]
    assert visible == []
    visit(page, "phone-futures-folded")
    merge = page.locator("details", has_text="Merge with the LTO")
    merge.locator("summary").click()
    expect(merge.locator("textarea")).to_have_count(6)
    assert all(box.is_visible() for box in merge.locator("textarea").all())
    merge.get_by_label("Workers", exact=False).fill("Both workers move across")
    visit(page, "phone-futures-one-open")
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"{live_server}/reviews/{review.id}/steps/scenarios")
    expect(page.locator("details", has_text="Merge with the LTO")).to_contain_text(
        "1 of 6 answered"
    )
