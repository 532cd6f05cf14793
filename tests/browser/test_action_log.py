"""Actions followed up across reviews, told as a story, and never silently lost."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions.models import Action, ActionStatus
from ltoapp.actions.operations import add_action
from ltoapp.extensions import db
from ltoapp.reviews.models import ReviewStatus, Side
from tests.browser.conftest import FACILITATOR_EMAIL, sign_in_as
from tests.browser.test_questionnaire import visit

pytestmark = pytest.mark.browser

ACTIONS = (
    ("Agree the dates of the spending reports", "The LTO"),
    ("Write down how the partnership decides between meetings", "The partnership"),
    ("Try a quarterly newsletter", "The rep"),
)


def start_review(page, base: str, relationship_id: int, held_on: str) -> None:
    page.goto(f"{base}/relationships/{relationship_id}/reviews/new")
    page.get_by_label("Regular review").check()
    page.get_by_label("Date of the review").fill(held_on)
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What we agreed last time"
    )


def test_actions_are_carried_decided_and_told_in_order(
    live_server, phone, desktop, sign_in_facilitator, make_relationship
):
    relationship = make_relationship(started_on=date(2020, 1, 1))
    page = phone
    sign_in_facilitator(page, relationship, name="Ruth")

    # Review 1 agrees three actions.
    start_review(page, live_server, relationship.id, "2024-03-14")
    expect(
        page.get_by_text("There are no open actions from earlier reviews.")
    ).to_be_visible()
    review_url = page.url.rsplit("/steps/", 1)[0]
    page.goto(f"{review_url}/steps/next_steps")
    for description, owner in ACTIONS:
        page.get_by_label("What will be done?").fill(description)
        page.get_by_label(owner).check()
        page.get_by_role("button", name="Add the action").click()
        expect(page.locator(".action-list")).to_contain_text(description)
    page.get_by_role("button", name="Agree the review").click()
    page.get_by_role("button", name="Agree and freeze the record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "record", ignore_case=True
    )

    # Review 2 starts with them.
    start_review(page, live_server, relationship.id, "2024-09-20")
    cards = page.locator(".carried-list > li")
    expect(cards).to_have_count(3)
    expect(page.get_by_text("no decision yet")).to_have_count(3)
    visit(page, "phone-carried-actions")

    def card(description: str):
        return page.locator(".carried-list > li", has_text=description)

    done = card(ACTIONS[0][0])
    done.locator("summary").click()
    done.get_by_label("Done", exact=True).check()
    done.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("The decision is recorded.")

    carried = card(ACTIONS[1][0])
    carried.locator("summary").click()
    carried.get_by_label("Still open, with a new date").check()
    carried.get_by_role("button", name="Record the decision").click()
    # Without a new date the group is asked for one, and its choice is kept.
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the new date for the action still open."
    )
    visit(page, "phone-carried-actions-error")
    carried = card(ACTIONS[1][0])
    expect(carried.get_by_label("Still open, with a new date")).to_be_checked()
    carried.get_by_label("New date (if still open)").fill("2025-01-31")
    carried.get_by_role("button", name="Record the decision").click()

    dropped = card(ACTIONS[2][0])
    dropped.locator("summary").click()
    dropped.get_by_label("Dropped", exact=True).check()
    dropped.get_by_label("Note (needed if dropped)").fill("Nobody has time to write it")
    dropped.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("3 of 3 decided.")).to_be_visible()
    expect(page.get_by_text("no decision yet")).to_have_count(0)
    visit(page, "phone-carried-actions-decided")

    statuses = [
        db.session.scalar(db.select(Action.status).filter_by(description=d))
        for d, _ in ACTIONS
    ]
    assert statuses == [ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.DROPPED]

    # The timeline shows all of it, in order.
    page.goto(f"{live_server}/relationships/{relationship.id}/timeline")
    story = page.locator("ol.timeline")
    events = story.locator("> li")
    texts = [events.nth(i).inner_text() for i in range(events.count())]
    joined = "\n".join(texts)
    order = [
        "The relationship started",
        "14 March 2024",
        ACTIONS[0][0],
        "20 September 2024",
        f"Action done: {ACTIONS[0][0]}",
        f"Action still open: {ACTIONS[1][0]}",
        "new date 31 January 2025",
        f"Action dropped: {ACTIONS[2][0]}",
        "Nobody has time to write it",
    ]
    positions = [joined.index(text) for text in order]
    assert positions == sorted(positions), joined
    visit(page, "phone-timeline")

    sign_in_as(desktop, live_server, FACILITATOR_EMAIL)
    desktop.goto(f"{live_server}/relationships/{relationship.id}/timeline")
    visit(desktop, "desktop-timeline")
    desktop.goto(f"{live_server}/relationships/{relationship.id}/actions")
    visit(desktop, "desktop-action-log")
    desktop.get_by_label("Status").select_option("dropped")
    desktop.get_by_role("button", name="Show").click()
    expect(desktop.locator(".action-log > li")).to_have_count(1)
    desktop.locator(".action-log summary").click()
    expect(desktop.locator(".action-log")).to_contain_text(
        "Nobody has time to write it"
    )
    visit(desktop, "desktop-action-log-filtered")
    page.goto(f"{live_server}/relationships/{relationship.id}/actions")
    visit(page, "phone-action-log")


def test_two_people_edit_the_same_action(
    live_server, phone, desktop, make_person, make_review
):
    review = make_review(held_on=date(2024, 3, 14))
    action = add_action(
        review, "Book the community hall for the AGM", Side.LTO, by=ANONYMOUS
    )
    review.status = ReviewStatus.AGREED
    db.session.commit()
    relationship = review.relationship
    make_person(
        name="Maureen",
        email="chair@example.org",
        member_of=(relationship.partnership,),
    )
    make_person(name="Sam", email="lto@example.org", member_of=(relationship.lto,))

    sign_in_as(desktop, live_server, "chair@example.org")
    sign_in_as(phone, live_server, "lto@example.org")
    for page in (desktop, phone):
        page.goto(f"{live_server}/actions/{action.id}")

    desktop.get_by_label("Done").check()
    desktop.get_by_label("Note").fill("Booked for 12 May, paid by the partnership")
    phone.get_by_label("In progress").check()
    phone.get_by_label("Note").fill("The hall is closed in May; asking the school")

    desktop.get_by_role("button", name="Save the change").click()
    expect(desktop.get_by_role("status")).to_contain_text("The action is updated.")
    phone.get_by_role("button", name="Save the change").click()

    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text("Someone else changed this action")
    expect(alert).to_contain_text("Booked for 12 May, paid by the partnership")
    expect(alert).to_contain_text("The hall is closed in May; asking the school")
    expect(phone.get_by_label("Note")).to_have_value(
        "The hall is closed in May; asking the school"
    )
    expect(phone.get_by_label("In progress")).to_be_checked()
    visit(phone, "phone-action-conflict")
    db.session.expire_all()
    assert db.session.get(Action, action.id).status is ActionStatus.DONE

    # Saving again, knowingly, adds theirs after the first change: nothing lost.
    phone.get_by_role("button", name="Save the change").click()
    expect(phone.get_by_role("status")).to_contain_text("The action is updated.")
    history = phone.locator(".history")
    expect(history).to_contain_text("Booked for 12 May, paid by the partnership")
    expect(history).to_contain_text("The hall is closed in May; asking the school")
    visit(phone, "phone-action-history")


def test_the_demo_story_reports_and_dashboard_on_phone_and_desktop(
    live_server, phone, desktop, runner
):
    runner.invoke(args=["demo", "load"])
    from ltoapp.demo import DEMO_PASSWORD

    sign_in_as(phone, live_server, "chair@example.org", DEMO_PASSWORD)
    expect(phone.locator("#my-actions-heading")).to_be_visible()
    expect(phone.get_by_text("Overdue: was due")).not_to_have_count(0)
    visit(phone, "phone-home-dashboard")
    phone.get_by_role("link", name="Westfield Big Local with Westfield").click()
    visit(phone, "phone-relationship-links")
    phone.get_by_role("link", name="The story so far").click()
    expect(phone.get_by_text("Jo Hughes left Westfield Big Local")).to_be_visible()
    expect(phone.locator("canvas[data-line-chart]")).to_have_count(10)
    visit(phone, "phone-timeline-demo")

    sign_in_as(desktop, live_server, "admin@example.org", DEMO_PASSWORD)
    desktop.get_by_role("link", name="Reviews due").click()
    visit(desktop, "desktop-reviews-due")
    desktop.get_by_role("link", name="Programme").click()
    visit(desktop, "desktop-programme")
    desktop.goto(f"{live_server}/")
    desktop.get_by_role(
        "link", name="Riverside Together with Riverside Community"
    ).click()
    desktop.get_by_role("link", name="The story so far").click()
    expect(desktop.get_by_text("Lessons from the exit interview")).to_be_visible()
    visit(desktop, "desktop-timeline-demo")
    desktop.emulate_media(media="print")
    visit(desktop, "print-timeline-demo")
