"""The large-print paper questionnaire, printed to PDF on A4 by Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_questionnaire import visit

pytestmark = pytest.mark.browser

#: CSS pixels per millimetre and per point (96 px to the inch).
PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72


def test_the_paper_questionnaire_prints_in_large_print_on_a4(
    live_server, phone, sign_in_facilitator, make_review
):
    review = make_review("regular_review")
    page = phone
    sign_in_facilitator(page, review.relationship)
    page.goto(f"{live_server}/reviews/{review.id}/paper")
    visit(page, "phone-paper-questionnaire")

    page.emulate_media(media="print")
    # The page as printed: every piece of text in the questionnaire...
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.paper *')]
             .filter(e => [...e.childNodes].some(
                 n => n.nodeType === 3 && n.textContent.trim()))
             .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 16 * PX_PER_PT - 0.01, f"smallest text {smallest / PX_PER_PT}pt"
    # ...and every box to tick.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.paper .tick')].map(e => {
             const r = e.getBoundingClientRect();
             return [r.width, r.height];
           })"""
    )
    assert len(boxes) == 3 + 10 * 3 * 11
    assert min(min(w, h) for w, h in boxes) >= 10 * PX_PER_MM
    # One question's block is never split across two sheets.
    breaks = page.evaluate(
        "getComputedStyle(document.querySelector('.paper__question')).breakInside"
    )
    assert breaks == "avoid"

    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(format="A4", path=str(SCREENSHOTS / "paper-questionnaire.pdf"))
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 4 <= pages <= 14, f"{pages} A4 pages"
    # Nothing spills past the printable width of A4 (210 mm less 15 mm margins).
    page.set_viewport_size({"width": round(180 * PX_PER_MM), "height": 1000})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_typing_in_paper_shows_each_error_beside_its_box(
    live_server, phone, sign_in_facilitator, make_review
):
    review = make_review("regular_review")
    page = phone
    sign_in_facilitator(page, review.relationship)
    page.goto(f"{live_server}/reviews/{review.id}/paper/enter")
    page.get_by_label("the LTO", exact=False).first.check()
    page.locator("#rating-confidence-B").fill("12")
    page.locator("#rating-skills-B").fill("x")
    page.get_by_role("button", name="Save and start the next paper").click()
    error = page.locator("#rating-confidence-B-error")
    expect(error).to_be_visible()
    box = page.locator("#rating-confidence-B").bounding_box()
    beside = error.bounding_box()
    # In the same cell: just below the box, no further away than its own height.
    assert abs(beside["x"] - box["x"]) < box["width"]
    assert 0 <= beside["y"] - (box["y"] + box["height"]) < box["height"]
    expect(page.locator("#rating-skills-B-error")).to_have_count(0)
    expect(page.locator("#rating-confidence-B")).to_have_value("12")
    visit(page, "phone-paper-entry-error")
