"""A troubleshooting workshop in a hall: the projected screen, the staged reveal,
and charts drawn whole on every screen and on paper."""

from __future__ import annotations

import contextlib
import re
import subprocess

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.models import Anonymity, Side
from ltoapp.reviews.reveal import RevealStage
from tests.browser.conftest import (
    PHONE,
    SCREENSHOTS,
    _new_page,
    require_command,
    sign_in_as,
)
from tests.browser.test_many_voices import PEOPLE, SIDE_LABELS
from tests.browser.test_questionnaire import choose, send_answers, visit

pytestmark = pytest.mark.browser

KEYS = load_framework().question_keys
HD = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}

#: Every radar label's box, and whether it lies inside its canvas.
LABELS_OUTSIDE = """() => Object.values(window.Chart ? Chart.instances : {})
  .filter(chart => chart.config.type === "radar" && chart.canvas.offsetParent)
  .flatMap(chart => (chart.scales.r._pointLabelItems || [])
    .filter(box => box.left < 0 || box.top < 0 ||
      box.right > chart.width || box.bottom > chart.height)
    .map(box => `${chart.canvas.id}: ${JSON.stringify(box)} in ` +
      `${chart.width}x${chart.height}`))"""

#: Tables wider than the box they sit in (which would cut or scroll them).
TABLES_TOO_WIDE = """() => Array.from(document.querySelectorAll("table"))
  .filter(table => table.offsetParent)
  .filter(table => table.getBoundingClientRect().width >
    table.parentElement.getBoundingClientRect().width + 1)
  .map(table => table.querySelector("caption").textContent)"""


#: Each chart shown: its width and its frame's.
CHART_SIZES = """() => Object.values(window.Chart ? Chart.instances : {})
  .filter(chart => chart.canvas.offsetParent)
  .map(chart => [chart.width, chart.canvas.parentNode.clientWidth])"""


def assert_drawn_whole(page) -> None:
    """No chart label outside its canvas and no table wider than its container."""
    # A page with no chart loads no Chart.js at all (ltoapp/bundles.py).
    page.wait_for_function(
        "() => document.querySelectorAll('canvas').length === 0 || (window.Chart"
        " && Object.keys(Chart.instances).length >="
        " document.querySelectorAll('canvas').length)"
    )
    # Chart.js follows a new layout (a turned phone, print media) on its
    # resize observer, a frame or more later: give it that time, then judge.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            f"() => ({CHART_SIZES})().every(([width, frame]) =>"
            " Math.abs(width - frame) <= 1)",
            timeout=5_000,
        )
    assert page.evaluate(LABELS_OUTSIDE) == []
    assert page.evaluate(TABLES_TOO_WIDE) == []
    sizes = page.evaluate(CHART_SIZES)
    for width, frame in sizes:
        assert abs(width - frame) <= 1  # the chart fills its frame


def look(page, name: str) -> None:
    """Check the page (axe, no sideways scroll, clean console) and keep a picture."""
    visit(page, name)
    assert_drawn_whole(page)


def font_size(page, selector: str) -> float:
    return page.locator(selector).first.evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)"
    )


def answer_on_a_phone(page, base_url, code, side, name, ratings):
    """Join by the code, answer "now" and send, staying on the thank-you page."""
    page.goto(f"{base_url}/join")
    page.get_by_label("Code").fill(code.lower())
    page.get_by_role("button", name="Join").click()
    page.get_by_label(SIDE_LABELS[side]).check()
    page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("button", name="Start answering").click()
    for key, value in zip(KEYS, ratings, strict=True):
        choose(page, key, "B", value)
    send_answers(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_the_room_follows_the_staged_reveal(
    browser, live_server, make_review, make_response, make_person, sign_in_facilitator
):
    review = make_review("troubleshooting")
    assert review.anonymity is Anonymity.AGGREGATES
    context, screen = _new_page(browser, FULL_HD)
    sign_in_facilitator(screen, review.relationship)
    screen.goto(f"{live_server}/reviews/{review.id}/live")
    screen.wait_for_function("() => window.Chart && Chart.getChart('live-chart')")
    screen.evaluate("window.notReloaded = true")

    # Before anyone answers, the way in is the biggest thing, from the back.
    for size, name in ((FULL_HD, "1920"), (HD, "1280")):
        screen.set_viewport_size(size)
        code = font_size(screen, ".live__code")
        url = font_size(screen, ".live__url")
        assert url >= 64 and code >= 64
        for other in ("h1", ".live__count dd", ".live__count dt", ".caption"):
            assert font_size(screen, other) < min(code, url), other
        look(screen, f"hall-{name}-waiting")

    # Seven answer before the workshop; the eighth, from the LTO, on a phone.
    # Three LTO people: under "aggregates" a side of two is never shown
    # (either could work out the other's ratings), and this test follows
    # every stage, the sides compared included.
    sides = {"partnership": Side.PARTNERSHIP, "lto": Side.LTO, "neutral": Side.NEUTRAL}
    for side, _name, ratings in [p for p in PEOPLE if p[1] != "Lee"]:
        make_response(
            review=review, side=sides[side], now=dict(zip(KEYS, ratings, strict=True))
        )
    everyone = screen.locator('[data-live-count="everyone"]')
    expect(everyone).to_have_text("7", timeout=10_000)
    assert font_size(screen, ".live__code") < 64  # answers are in: it steps back

    phone_context, phone = _new_page(browser, PHONE)
    lee = next(p for p in PEOPLE if p[1] == "Lee")
    answer_on_a_phone(phone, live_server, review.join_code, *lee)
    expect(everyone).to_have_text("8", timeout=10_000)
    expect(phone.locator(".reveal-note")).to_contain_text("not shown the results yet")
    expect(phone.locator("[data-radar-chart]")).to_have_count(0)

    member = make_person(
        email="member@example.org", member_of=(review.relationship.partnership,)
    )
    assert member
    member_context, results = _new_page(browser, {"width": 1280, "height": 900})
    sign_in_as(results, live_server, "member@example.org")
    results.goto(f"{live_server}/reviews/{review.id}/results")
    expect(results.locator(".reveal-note")).to_contain_text("not shown")
    look(results, "hall-member-results-counts")

    # The counts stage: counts by side, nothing else.
    expect(screen.locator('[data-live-count="partnership"]')).to_have_text("4")
    expect(screen.locator('[data-live-count="lto"]')).to_have_text("3")
    expect(screen.locator('[data-live-count="neutral"]')).to_have_text("1")
    expect(screen.locator('[data-side-cell="confidence-everyone"]').first).to_have_text(
        "–"
    )
    look(screen, "hall-1280-counts")

    # Full screen, and the reveal buttons keep working inside it.
    screen.get_by_role("button", name="Full screen").click()
    screen.wait_for_function("() => document.fullscreenElement !== null")
    expect(screen.get_by_role("button", name="Leave full screen")).to_be_visible()

    screen.get_by_role("button", name="Everyone together").click()
    expect(screen.locator('[data-live-part="everyone"]')).to_be_visible()
    expect(screen.get_by_role("button", name="Everyone together")).to_have_attribute(
        "aria-pressed", "true"
    )
    # The rep alone is a side too small to show, so everyone's lowest and
    # highest are withheld with it: the median only (the disclosure rule).
    expect(screen.locator('[data-side-cell="confidence-everyone"]').first).to_have_text(
        "4", timeout=10_000
    )
    expect(screen.locator("#live-everyone-chart-caption")).to_contain_text(
        "highest for"
    )
    # The other screens follow.
    expect(results.locator(f"#everyone-{review.id}")).to_be_visible(timeout=10_000)
    expect(results.locator('[data-radar-chart^="sides-chart"]')).to_have_count(0)
    expect(phone.locator('[data-radar-chart^="results-chart"]')).to_have_count(
        1, timeout=10_000
    )
    expect(phone.locator("#ratings-table-caption")).to_be_visible()
    expect(phone.locator(".chart__caption")).to_contain_text("Now, the highest")
    assert screen.evaluate("document.fullscreenElement.classList.contains('live')")
    screen.keyboard.press("Escape")
    screen.evaluate("document.fullscreenElement && document.exitFullscreen()")
    for size, name in ((HD, "1280"), (FULL_HD, "1920")):
        screen.set_viewport_size(size)
        look(screen, f"hall-{name}-everyone")

    screen.get_by_role("button", name="The sides compared").click()
    expect(screen.locator('[data-live-part="sides"]')).to_be_visible()
    expect(screen.locator('[data-side-cell="confidence-gap"]')).to_have_text(
        "4", timeout=10_000
    )
    partnership = screen.evaluate("Chart.getChart('live-chart').data.datasets[0].data")
    assert partnership == [3, 5, 6, 6, 5, 6, 5, 6, 5, 6]
    expect(results.locator(f"#sides-{review.id}")).to_be_visible(timeout=10_000)
    for size, name in ((HD, "1280"), (FULL_HD, "1920")):
        screen.set_viewport_size(size)
        look(screen, f"hall-{name}-sides")

    screen.get_by_role("button", name="Worth talking about").click()
    cards = screen.locator("[data-live-divergent] [data-divergent]")
    # Only the gap between the sides flags here: with the rep's side too small
    # to show, everyone's range (which would flag "spaces") is withheld.
    expect(cards).to_have_count(1, timeout=10_000)
    expect(cards.first).to_contain_text("Partnership 3, LTO 7: the LTO sees it higher.")
    expect(results.locator(".worth-talking")).to_be_visible(timeout=10_000)
    expect(phone.locator(".worth-talking")).to_be_visible(timeout=10_000)
    expect(phone.locator(".reveal-note")).to_have_count(0)
    assert screen.evaluate("window.notReloaded") is True
    for size, name in ((HD, "1280"), (FULL_HD, "1920")):
        screen.set_viewport_size(size)
        look(screen, f"hall-{name}-talk")
    look(phone, "hall-phone-thanks-talk")
    look(results, "hall-member-results-talk")
    assert phone.console_errors == [] and screen.console_errors == []
    for each in (context, phone_context, member_context):
        each.close()


def test_results_draw_their_charts_whole_on_a_phone_a_desktop_and_a4(
    browser, live_server, make_review, make_response, make_person
):
    review = make_review("troubleshooting")
    review.reveal_stage = RevealStage.TALK
    review.anonymity = Anonymity.ANONYMOUS
    db.session.commit()
    sides = {"partnership": Side.PARTNERSHIP, "lto": Side.LTO, "neutral": Side.NEUTRAL}
    for side, _name, ratings in PEOPLE:
        make_response(
            review=review,
            side=sides[side],
            at_first=dict(zip(KEYS, reversed(ratings), strict=True)),
            now=dict(zip(KEYS, ratings, strict=True)),
        )
    make_person(email="member@example.org", member_of=(review.relationship.lto,))
    for viewport, name in (
        ({"width": 360, "height": 740}, "360"),
        (PHONE, "390"),
        ({"width": 1280, "height": 900}, "desktop"),
    ):
        context, page = _new_page(browser, viewport)
        sign_in_as(page, live_server, "member@example.org")
        page.goto(f"{live_server}/reviews/{review.id}/results")
        look(page, f"results-{name}")
        sides = page.locator("section", has=page.locator(".side-table"))
        sides.screenshot(path=str(SCREENSHOTS / f"results-{name}-sides.png"))
        context.close()

    context, page = _new_page(browser, {"width": 1280, "height": 900})
    sign_in_as(page, live_server, "member@example.org")
    page.goto(f"{live_server}/reviews/{review.id}/results/print")
    look(page, "print-screen")
    page.emulate_media(media="print")
    assert_drawn_whole(page)
    ratios = page.evaluate(
        "Object.values(Chart.instances).map(chart => chart.currentDevicePixelRatio)"
    )
    assert set(ratios) == {3}  # crisp on paper
    # The A4 pages are read back with poppler, as a person would open the PDF.
    require_command("pdftoppm", "poppler-utils")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / "results-a4.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "results-a4")],
        check=True,
    )
    pages = sorted(SCREENSHOTS.glob("results-a4-*.png"))
    assert pages, "the PDF has pages"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Everyone together", text)
    context.close()
