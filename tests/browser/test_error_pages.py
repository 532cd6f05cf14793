"""Every error page on a phone: the app's layout, axe-clean, no sideways scroll."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, abort
from playwright.sync_api import expect
from sqlalchemy.orm.exc import StaleDataError

from ltoapp.accounts.viewer import load_viewer
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from tests.browser.conftest import assert_fits_the_screen
from tests.browser.test_questionnaire import visit
from tests.live import serving

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config: dict) -> dict:
    # A crash is answered by the app's 500 page, as in production.
    return app_config | {"PROPAGATE_EXCEPTIONS": False}


@pytest.fixture
def error_server(app: Flask) -> Iterator[str]:
    """A live server with addresses that fail on purpose, for the rarer pages."""

    @app.get("/test/<int:status>")
    def fail_with(status: int):
        abort(status)

    @app.get("/test/crash")
    def crash():
        raise RuntimeError("broken on purpose")

    @app.get("/test/race")
    def race():
        raise StaleDataError("lost twice")

    with serving(app) as base:
        yield base


def check(page, name: str) -> None:
    """The page checks of every visit, then no sideways scroll at 360 px too."""
    visit(page, f"error-{name}")
    page.set_viewport_size({"width": 360, "height": 740})
    assert_fits_the_screen(page)
    page.set_viewport_size({"width": 390, "height": 844})


@pytest.mark.parametrize(
    ("path", "heading", "status"),
    [
        ("/no/such/page", "Page not found", 404),
        ("/sign-out", "This page cannot be opened that way", 405),
        ("/test/400", "Something in what was sent was not right", 400),
        ("/test/403", "You cannot do that here", 403),
        ("/test/413", "What you sent is too long", 413),
        ("/test/429", "Too many tries in a short time", 429),
        ("/test/race", "Someone else saved this at the same moment", 409),
        ("/test/crash", "Sorry, something went wrong", 500),
    ],
)
def test_each_error_page_on_a_phone(error_server, phone, path, heading, status):
    answer = phone.goto(error_server + path)
    assert answer.status == status
    expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
    expect(phone.get_by_role("link", name="Go to the home page")).to_be_visible()
    check(phone, str(status) + path.replace("/", "-"))


def test_an_expired_form_is_sent_again_on_a_phone(live_server, phone, make_review):
    review = make_review()
    phone.goto(f"{live_server}/join/{review.join_code}")
    phone.get_by_text("the LTO", exact=False).first.click()
    phone.get_by_label("Your name (optional)").fill("Sam from the allotments")
    # As if the page had been open all afternoon: the token no longer matches.
    phone.locator('input[name="csrf_token"]').evaluate("e => e.value = 'stale'")
    phone.get_by_role("button", name="Start answering").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "This page was open a long time"
    )
    expect(phone.locator(".typed-text")).to_contain_text("Sam from the allotments")
    check(phone, "400-expired-form")
    phone.get_by_role("button", name="Send again").click()
    expect(phone).to_have_url(f"{live_server}/reviews/{review.id}/respond")
    assert review.participants[0].display_name == "Sam from the allotments"


def test_saving_a_step_after_the_review_was_agreed(
    live_server, phone, make_review, sign_in_facilitator
):
    review = make_review("troubleshooting")
    person = sign_in_facilitator(phone, review.relationship)
    phone.goto(f"{live_server}/reviews/{review.id}/steps/what_is_happening")
    phone.get_by_label("What is happening, as the partnership sees it?").fill(
        "Invoices are late"
    )
    review_operations.agree_review(review, by=load_viewer(person))
    db.session.commit()
    phone.get_by_role("button", name="Save and come back later").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "This review has been agreed"
    )
    check(phone, "409-closed")
    phone.get_by_role("link", name="See the record of the review").click()
    expect(phone).to_have_url(f"{live_server}/reviews/{review.id}/record")


def test_the_not_found_page_on_a_desktop(live_server, desktop):
    assert desktop.goto(f"{live_server}/no/such/page").status == 404
    expect(
        desktop.get_by_role("link", name="Join a review with its code")
    ).to_be_visible()
    visit(desktop, "error-404-desktop")
