"""What the group sees of a review under "aggregates", in a real browser."""

from __future__ import annotations

import pytest

from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews import operations
from ltoapp.reviews.models import Anonymity, Side
from ltoapp.reviews.reveal import RevealStage
from tests.browser.conftest import (
    assert_accessible,
    assert_fits_the_screen,
    screenshot,
    sign_in_as,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop(make_review):
    """Three from the partnership, three from the LTO and the rep, aggregates only."""
    review = make_review("troubleshooting")
    review.anonymity = Anonymity.AGGREGATES
    review.reveal_stage = RevealStage.TALK
    keys = [question.key for question in load_framework().questions]
    people = [(Side.PARTNERSHIP, v) for v in (2, 3, 4)]
    people += [(Side.LTO, v) for v in (6, 7, 8)] + [(Side.NEUTRAL, 10)]
    for number, (side, value) in enumerate(people):
        operations.record_response(
            review,
            side,
            f"Person {number}",
            ratings={(key, "B"): value for key in keys},
            comments={"confidence": "The rep's only comment"}
            if side is Side.NEUTRAL
            else {},
            other_comments=None,
            by=ANONYMOUS,
        )
    db.session.commit()
    return review


def test_members_see_the_sides_but_never_the_lone_rep(
    live_server, phone, desktop, workshop, make_person
):
    member = make_person(
        email="member@example.org", member_of=(workshop.relationship.partnership,)
    )
    for page, size in ((phone, "phone"), (desktop, "desktop")):
        sign_in_as(page, live_server, member.email)
        page.goto(f"{live_server}/reviews/{workshop.id}/results")
        partnership = page.locator('[data-side-cell="confidence-partnership"]')
        assert partnership.inner_text() == "3 (spread 2)"
        assert page.locator('[data-side-cell="confidence-neutral"]').inner_text() == "–"
        assert page.locator('[data-hidden-side="neutral"]').is_visible()
        assert (
            "10"
            not in page.locator('[data-side-cell="confidence-everyone"]').inner_text()
        )
        assert_fits_the_screen(page)
        assert_accessible(page)
        screenshot(page, f"disclosure-results-{size}")
        assert page.console_errors == []


def test_the_print_view_is_the_groups_unless_the_facilitator_asks(
    live_server, desktop, workshop, sign_in_facilitator
):
    page = desktop
    sign_in_facilitator(page, workshop.relationship)
    page.goto(f"{live_server}/reviews/{workshop.id}/results/print")
    assert page.locator("[data-flat]").count() == 0
    assert page.locator("[data-facilitator-copy]").count() == 0
    assert_accessible(page)
    screenshot(page, "disclosure-print-group")
    page.get_by_role("link", name="Print the facilitator's copy").click()
    assert page.locator("[data-facilitator-copy]").is_visible()
    assert page.locator("h1").inner_text() == "Results: facilitator's copy"
    assert page.locator("[data-flat]").count() > 0
    assert_accessible(page)
    screenshot(page, "disclosure-print-facilitator")
    assert page.console_errors == []
