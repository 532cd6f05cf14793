"""Signing in and out as each kind of person, invitations, and joining as a guest."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ltoapp.accounts.models import Role
from tests.browser.conftest import sign_in_as, sign_out
from tests.browser.test_questionnaire import choose, send_answers, visit

pytestmark = pytest.mark.browser


def test_a_member_sees_only_their_relationship(
    live_server, phone, make_person, make_review, make_relationship
):
    review = make_review()
    make_relationship()  # someone else's
    make_person(email="chair@example.org", member_of=(review.relationship.partnership,))
    page = phone
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill("chair@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The email address or password is not right."
    )
    expect(page.get_by_label("Email address")).to_have_value("chair@example.org")
    visit(page, "phone-sign-in-error")

    sign_in_as(page, live_server, "chair@example.org")
    cards = page.locator(".card")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text(review.relationship.partnership.name)
    visit(page, "phone-member-home")
    sign_out(page)
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    page.goto(live_server)
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_a_facilitator_shows_the_join_code(
    live_server, desktop, sign_in_facilitator, make_review
):
    review = make_review()
    page = desktop
    sign_in_facilitator(page, review.relationship)
    page.goto(f"{live_server}/reviews/{review.id}")
    expect(page.get_by_label("Join code")).to_have_text(review.join_code)
    visit(page, "desktop-facilitator-review")
    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_guest_joins_by_code_on_a_phone(live_server, phone, make_review):
    review = make_review()
    page = phone
    page.goto(f"{live_server}/join")
    visit(page, "phone-join")
    page.get_by_label("Code").fill(review.join_code.lower())
    page.get_by_role("button", name="Join").click()
    page.get_by_label(re.compile("The LTO")).check()
    page.get_by_label("Your name (optional)").fill("Sam")
    visit(page, "phone-join-side")
    page.get_by_role("button", name="Start answering").click()
    expect(page.locator(".answering-as")).to_contain_text(
        "Answering as Sam, for the LTO"
    )
    for key in ("confidence", "skills", "aspiration", "spaces", "workers", "funding",
                "networks", "governance", "decisions", "sustainable"):  # fmt: skip
        choose(page, key, "A", 5)
        choose(page, key, "B", 7)
    send_answers(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    visit(page, "phone-guest-thanks")
    page.get_by_role("link", name="Change my answers").click()
    expect(page.locator("#rating-confidence-B-6")).to_be_checked()


def test_invitation_and_password_pages(live_server, phone, admin_invitation_link):
    page = phone
    page.goto(live_server + admin_invitation_link)
    visit(page, "phone-accept-invitation")
    page.get_by_label("Choose a password").fill("too short")
    page.get_by_label("Type the password again").fill("too short")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 10 characters")
    visit(page, "phone-accept-invitation-error")
    page.get_by_label("Choose a password").fill("a good long password")
    page.get_by_label("Type the password again").fill("a good long password")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("status")).to_contain_text("Your account is ready.")
    sign_out(page)
    page.goto(f"{live_server}/password/forgotten")
    visit(page, "phone-forgotten-password")
    page.goto(live_server + admin_invitation_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    visit(page, "phone-link-not-valid")


@pytest.fixture
def admin_invitation_link(app, make_relationship):
    from ltoapp.accounts import operations, tokens
    from ltoapp.accounts.viewer import ANONYMOUS
    from ltoapp.extensions import db

    relationship = make_relationship()
    invitation = operations.invite(
        "Priya Shah",
        "priya@example.org",
        Role.MEMBER,
        relationship.lto,
        by=ANONYMOUS,
    ).invitation
    db.session.commit()
    return (
        f"/invitations/{tokens.invitation_token(invitation, app.config['SECRET_KEY'])}"
    )


def test_the_content_security_policy_blocks_injected_script(live_server, phone):
    page = phone
    page.goto(f"{live_server}/sign-in")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend',"
        ' \'<img src="/nowhere" onerror="window.injected = true">\')'
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.injected") is None
    assert any("Content Security Policy" in error for error in page.console_errors)


def test_choose_a_new_password_from_a_reset_link(live_server, phone, app, make_person):
    from ltoapp.accounts import tokens

    person = make_person(email="sam@example.org")
    link = f"{live_server}/password/reset/{tokens.reset_token(person, app.config['SECRET_KEY'])}"
    page = phone
    page.goto(link)
    visit(page, "phone-reset-password")
    page.get_by_label("Choose a password").fill("a new long password")
    page.get_by_label("Type the password again").fill("a different one")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The two passwords are not the same."
    )
    visit(page, "phone-reset-password-error")
    page.get_by_label("Choose a password").fill("a new long password")
    page.get_by_label("Type the password again").fill("a new long password")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password has changed.")
    sign_in_as(page, live_server, "sam@example.org", "a new long password")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_person_changes_their_password_and_signs_out_everywhere(
    live_server, request, device, make_person
):
    make_person(email="chair@example.org")
    page = request.getfixturevalue(device)
    sign_in_as(page, live_server, "chair@example.org")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    visit(page, f"{device}-account")
    page.get_by_label("Your current password").fill("not my password")
    page.get_by_label("Choose a password").fill("a brand new password")
    page.get_by_label("Type the password again").fill("a brand new password")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "That is not your current password."
    )
    visit(page, f"{device}-account-error")
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_role("status")).to_contain_text("Every other device")
    visit(page, f"{device}-account-signed-out-elsewhere")
