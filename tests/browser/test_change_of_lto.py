"""A change of LTO on a phone: exit interview agreed, ended, new LTO inducted."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from ltoapp.workflows.registry import workflow_named
from tests.browser.test_questionnaire import visit

pytestmark = pytest.mark.browser

LESSONS = "Agree invoice times in writing, and meet the finance officer early."


def test_an_exit_interview_ends_the_relationship_and_the_next_lto_is_inducted(
    live_server, phone, sign_in_facilitator, make_relationship, make_review
):
    relationship = make_relationship(started_on=date(2020, 1, 1))
    review = make_review(
        "exit_interview", relationship=relationship, held_on=date(2025, 3, 14)
    )
    workflow = workflow_named("exit_interview")
    review_operations.save_step_answers(
        review,
        workflow.step("lessons"),
        {"lessons_for_next_lto": LESSONS},
        {},
        by=ANONYMOUS,
    )
    db.session.commit()
    page = phone
    sign_in_facilitator(page, relationship)

    page.goto(f"{live_server}/reviews/{review.id}/steps/{workflow.next_steps.key}")
    page.get_by_role("button", name="Agree the review").click()
    # The check before agreeing asks whether the relationship ends.
    expect(page.get_by_text("Does the relationship end?")).to_be_visible()
    page.get_by_label("Yes, it ends").check()
    page.get_by_label("On which day does it end?").fill("2025-03-31")
    visit(page, "phone-lto-change-1-agree")
    page.get_by_role("button", name="Agree and freeze the record").click()

    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text("31 March 2025")
    expect(page.get_by_role("link", name="Start a review")).to_have_count(0)
    visit(page, "phone-lto-change-2-ended")
    page.get_by_role(
        "link", name="Record the new LTO and start their induction"
    ).click()

    page.get_by_label("Or the name of an organisation not in the list").fill(
        "Riverside Community Trust"
    )
    page.get_by_label("When does it start?").fill("2025-04-01")
    visit(page, "phone-lto-change-3-new-lto")
    page.get_by_role(
        "button", name="Record the new LTO and start the induction"
    ).click()

    expect(
        page.get_by_role("heading", name="Lessons from the last LTO")
    ).to_be_visible()
    expect(page.locator(".lessons")).to_contain_text(LESSONS)
    expect(page.locator(".notice")).to_contain_text("Riverside Community Trust")
    visit(page, "phone-lto-change-4-induction")

    page.goto(f"{live_server}/relationships/{relationship.id}/timeline")
    expect(page.get_by_text("The relationship ended")).to_be_visible()
    expect(page.get_by_text("It went on to work with")).to_be_visible()
    visit(page, "phone-lto-change-5-timeline")
