"""Print buttons work with JavaScript, and the pages print without it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS, load_viewer
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from tests.browser.conftest import PHONE, sign_in_as
from tests.browser.test_questionnaire import visit

pytestmark = pytest.mark.browser


def test_print_the_agreed_record_and_go_back(
    live_server, phone, make_review, sign_in_facilitator
):
    review = make_review()
    person = sign_in_facilitator(phone, review.relationship)
    review_operations.agree_review(review, by=load_viewer(person))
    db.session.commit()
    phone.goto(f"{live_server}/reviews/{review.id}/record")
    phone.evaluate("window.print = () => { window.printed = true; }")
    phone.get_by_role("button", name="Print the record").click()
    assert phone.evaluate("window.printed") is True
    visit(phone, "record-with-print-button")
    phone.get_by_role("link", name=f"Back to {review.relationship.title}").click()
    expect(phone).to_have_url(f"{live_server}/relationships/{review.relationship.id}")


def test_without_javascript_the_slip_says_how_to_print(
    browser, live_server, make_review, make_person
):
    review = make_review()
    make_person(
        role=Role.FACILITATOR,
        email="rep@example.org",
        facilitates=(review.relationship,),
    )
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in_as(page, live_server, "rep@example.org")
    page.goto(f"{live_server}/reviews/{review.id}/slip")
    expect(page.get_by_role("button", name="Print the slip")).to_be_hidden()
    expect(page.get_by_text("Print this page", exact=False)).to_be_visible()
    context.close()


def test_troubleshooting_decides_open_actions_on_its_next_steps(
    live_server, phone, make_review, sign_in_facilitator
):
    from datetime import date

    from ltoapp.actions.operations import add_action
    from ltoapp.reviews.models import Side

    first = make_review()
    add_action(first, "Pay the invoices on time", Side.LTO, by=ANONYMOUS)
    db.session.commit()
    person = sign_in_facilitator(phone, first.relationship)
    review_operations.agree_review(first, by=load_viewer(person))
    db.session.commit()
    review = make_review(
        "troubleshooting", relationship=first.relationship, held_on=date(2024, 9, 1)
    )
    phone.goto(f"{live_server}/reviews/{review.id}/steps/next_steps")
    phone.locator("summary", has_text="Record what happened").click()
    phone.get_by_role("radio", name="Done").check()
    visit(phone, "troubleshooting-next-steps-carried")
    phone.get_by_role("button", name="Record the decision").click()
    expect(phone.locator(".decision")).to_contain_text("Done")
