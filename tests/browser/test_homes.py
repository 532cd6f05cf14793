"""Each role's home with the demo data, on a phone: accessible, and what it says."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ltoapp.accounts import tokens
from ltoapp.accounts.models import Person
from ltoapp.demo import DEMO_PASSWORD, load_demo
from ltoapp.extensions import db
from tests.browser.conftest import DESKTOP, sign_in_as, sign_out
from tests.browser.test_questionnaire import visit

pytestmark = pytest.mark.browser

DEMO_DAY = date(2025, 9, 20)


@pytest.fixture
def demo(app):
    load_demo()
    db.session.commit()
    app.config["TODAY"] = DEMO_DAY


@pytest.mark.parametrize(
    ("email", "shows"),
    [
        ("chair@example.org", "Overdue: was due 19 September 2024, 12 months ago"),
        ("lto@example.org", "Introduce the partnership to the council"),
        ("hilltop@example.org", "Due 30 September 2025, in 10 days"),
        ("rep@example.org", "Overdue actions in the relationships you facilitate"),
        ("admin@example.org", "3 of 4 current relationships are overdue"),
    ],
)
def test_each_roles_home_on_a_phone(live_server, phone, demo, email, shows):
    page = phone
    sign_in_as(page, live_server, email, DEMO_PASSWORD)
    expect(page.locator("main")).to_contain_text(shows)
    visit(page, f"phone-home-{email.split('@')[0]}")
    page.set_viewport_size(DESKTOP)
    screenshot_name = f"desktop-home-{email.split('@')[0]}"
    visit(page, screenshot_name)
    sign_out(page)


def test_a_member_chooses_their_reminders(live_server, phone, demo):
    page = phone
    sign_in_as(page, live_server, "hilltop@example.org", DEMO_PASSWORD)
    # No mail server in the tests: the reminder shows on the home page.
    expect(page.get_by_role("region", name="Reminders")).to_contain_text(
        "is due on 30 September 2025, in 10 days"
    )
    page.get_by_role("link", name="Choose which reminders you get by email").click()
    visit(page, "phone-reminders")
    page.get_by_label("A review coming due (two weeks before)").uncheck()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(
        page.get_by_label("A review coming due (two weeks before)")
    ).not_to_be_checked()
    page.goto(live_server)
    expect(page.get_by_role("region", name="Reminders")).to_have_count(0)


def test_the_link_in_a_reminder_stops_that_kind(live_server, phone, demo, app):
    dev = db.session.scalar(select(Person).filter_by(email="hilltop@example.org"))
    token = tokens.opt_out_token(dev.id, "review_due_soon", app.config["SECRET_KEY"])
    page = phone
    page.goto(f"{live_server}/reminders/stop/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop these reminders?")
    visit(page, "phone-reminders-stop")
    page.get_by_role("button", name="Stop these reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "These reminders are stopped"
    )
    visit(page, "phone-reminders-stopped")
