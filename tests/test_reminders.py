"""Reminders by email: the rules, and a real SMTP server receiving the demo's.

The SMTP server is aiosmtpd, started by the tests on a free local port.
"""

from __future__ import annotations

import re
import socket
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Person, Role
from ltoapp.actions.models import Action, ActionStatus
from ltoapp.extensions import db
from ltoapp.reminders import rules
from ltoapp.reminders.models import ReminderKind, SentReminder
from ltoapp.reviews.models import Side
from tests.conftest import sign_in

#: The demo seen on a Saturday ten days before Hilltop's review is due.
DEMO_DAY = date(2025, 9, 20)
HILLTOP = "Hilltop Big Local and Northmoor Council for Voluntary Service"
WESTFIELD = "Westfield Big Local and Westfield Community Trust"
RIVERSIDE = "Riverside Together and Riverside Community Hub"
K = ReminderKind


# --- The rules, directly ----------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "under_way", "kind"),
    [
        (DEMO_DAY - timedelta(days=1), False, K.REVIEW_OVERDUE),
        (DEMO_DAY, False, K.REVIEW_DUE_SOON),
        (DEMO_DAY + timedelta(days=14), False, K.REVIEW_DUE_SOON),
        (DEMO_DAY + timedelta(days=15), False, None),
        # A review already started is not reminded of as due.
        (DEMO_DAY - timedelta(days=100), True, None),
    ],
)
def test_a_review_is_reminded_of_two_weeks_before_and_once_overdue(
    due_on, under_way, kind
):
    assert rules.review_reminder(due_on, DEMO_DAY, under_way) is kind


@pytest.mark.parametrize(
    ("status", "due_on", "kind"),
    [
        (ActionStatus.OPEN, DEMO_DAY - timedelta(days=1), K.ACTION_OVERDUE),
        (ActionStatus.IN_PROGRESS, DEMO_DAY + timedelta(days=3), K.ACTION_DUE_SOON),
        (ActionStatus.OPEN, DEMO_DAY + timedelta(days=30), None),
        (ActionStatus.OPEN, None, None),
        (ActionStatus.DONE, DEMO_DAY - timedelta(days=1), None),
        (ActionStatus.DROPPED, DEMO_DAY - timedelta(days=1), None),
    ],
)
def test_only_open_actions_with_a_date_are_reminded_of(status, due_on, kind):
    assert rules.action_reminder(status, due_on, DEMO_DAY) is kind


def test_a_review_is_left_open_a_week_after_it_was_held_or_started():
    held = DEMO_DAY - timedelta(days=7)
    assert rules.is_left_open(held, held, DEMO_DAY)
    assert not rules.is_left_open(held, DEMO_DAY - timedelta(days=2), DEMO_DAY)
    assert not rules.is_left_open(DEMO_DAY - timedelta(days=6), held, DEMO_DAY)


def test_an_action_reminds_its_named_owner_else_the_owner_side():
    members = {Side.PARTNERSHIP: {1, 2}, Side.LTO: {3}, Side.NEUTRAL: {9}}
    assert rules.action_recipients(7, Side.LTO, members) == {7}
    assert rules.action_recipients(None, Side.LTO, members) == {3}
    assert rules.action_recipients(None, Side.NEUTRAL, members) == {9}
    assert rules.action_recipients(None, Side.PARTNERSHIP, {}) == set()


def test_a_digest_is_one_a_week_and_a_moved_date_is_a_new_reminder():
    monday, sunday = date(2025, 9, 15), date(2025, 9, 21)
    assert rules.digest_key(monday) == rules.digest_key(sunday)
    assert rules.digest_key(sunday) != rules.digest_key(sunday + timedelta(days=1))
    assert rules.action_key(4, monday) != rules.action_key(4, sunday)


# --- A real SMTP server -----------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted for delivery"

    def take(self) -> list[EmailMessage]:
        taken, self.messages = self.messages, []
        return taken


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    from aiosmtpd.controller import Controller

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        MAIL_USE_TLS=False,
        MAIL_FROM="Relationship reviews <reviews@example.org>",
        BASE_URL="https://reviews.example.org",
        TODAY=DEMO_DAY,
    )
    yield handler
    controller.stop()


@pytest.fixture
def demo(runner, app):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    app.config["TODAY"] = DEMO_DAY


def send(runner) -> str:
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def received(messages: list[EmailMessage]) -> list[tuple[str, str]]:
    # A long subject is folded onto a second line; unfolded, it starts with a space.
    return sorted((str(m["To"]), str(m["Subject"]).strip()) for m in messages)


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


#: Worked out by hand from ltoapp/demo.py on 20 September 2025. Current
#: relationships: Westfield (next review set for 19 September 2024: overdue),
#: Riverside with the Hub (six months after 2 November 2022: overdue),
#: Northmoor (overdue, but nobody of it can sign in), Hilltop (set for
#: 30 September 2025: due in ten days). Every open demo action is overdue.
FIRST_RUN = sorted(
    [
        # Ruth, the rep of Westfield and Riverside: one digest, not two mails.
        ("rep@example.org", "Your weekly reminders: 2 things to follow up"),
        # Maureen, Westfield's chair: the review, and her two actions.
        ("chair@example.org", f"Review overdue: {WESTFIELD}"),
        ("chair@example.org", f"Action overdue: {WESTFIELD}"),
        ("chair@example.org", f"Action overdue: {WESTFIELD}"),
        # Sam, the trust's manager: the review, his action, and the LTO's
        # action with no one named ("Plan a skills session").
        ("lto@example.org", f"Review overdue: {WESTFIELD}"),
        ("lto@example.org", f"Action overdue: {WESTFIELD}"),
        ("lto@example.org", f"Action overdue: {WESTFIELD}"),
        # Dev, Hilltop's treasurer: the review coming due.
        ("hilltop@example.org", f"Review due soon: {HILLTOP}"),
    ]
)


def test_the_demo_first_run_sends_these_and_a_second_run_none(inbox, demo, runner):
    assert "Sent 8 reminder email(s)" in send(runner)
    messages = inbox.take()
    assert received(messages) == FIRST_RUN
    by_person = {str(m["To"]): m for m in messages}
    digest = text_of(by_person["rep@example.org"])
    assert f"The next review of {WESTFIELD} was due on 19 September 2024" in digest
    assert f"The next review of {RIVERSIDE} was due on 2 May 2023" in digest
    assert "as their rep" in digest
    dev = by_person["hilltop@example.org"]
    assert (
        f"The next review of {HILLTOP} is due on 30 September 2025, in 10 days."
        in text_of(dev)
    )
    # Simple HTML too, with the same words and links to the site.
    assert "30 September 2025" in html_of(dev)
    assert 'href="https://reviews.example.org/relationships/' in html_of(dev)
    assert "Stop emails about" in html_of(dev)
    sam_actions = sorted(
        text_of(m)
        for m in messages
        if m["To"] == "lto@example.org" and "Action" in m["Subject"]
    )
    assert "Introduce the partnership to the council" in sam_actions[0]
    assert "Plan a skills session on reading the accounts" in sam_actions[1]

    assert "Sent 0 reminder email(s)" in send(runner)
    assert inbox.take() == []


def _stop_link(message: EmailMessage, kind_words: str) -> str:
    text = text_of(message)
    match = re.search(rf'"{re.escape(kind_words)}":\s+(\S+)', text)
    assert match, text
    return match.group(1).replace("https://reviews.example.org", "")


def test_the_signed_link_in_a_mail_stops_that_kind(inbox, demo, runner, client):
    send(runner)
    maureen_action = next(
        m
        for m in inbox.take()
        if m["To"] == "chair@example.org" and "Action" in m["Subject"]
    )
    stop = _stop_link(maureen_action, rules.KIND_NAMES[K.ACTION_OVERDUE])
    # Opening the link only asks; a mail scanner following it stops nothing.
    page = client.get(stop)
    assert page.status_code == 200
    assert "Stop these reminders?" in page.get_data(as_text=True)
    assert client.post(stop).status_code == 200
    # Every open action's date moves back a day: each is a new reminder,
    # which Sam gets and Maureen, having stopped them, does not.
    for action in db.session.scalars(select(Action)):
        if action.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
            action.due_on -= timedelta(days=1)
    db.session.commit()
    send(runner)
    assert received(inbox.take()) == [
        ("lto@example.org", f"Action overdue: {WESTFIELD}"),
        ("lto@example.org", f"Action overdue: {WESTFIELD}"),
    ]


def test_a_tampered_stop_link_does_not_work(inbox, demo, runner, client):
    send(runner)
    dev = inbox.take()[0]
    stop = _stop_link(dev, rules.KIND_NAMES[dev_kind(dev)])
    assert client.post(stop[:-3] + "xyz").status_code == 404


def dev_kind(message: EmailMessage) -> ReminderKind:
    return {subject: kind for kind, subject in rules.SUBJECTS.items()}[
        str(message["Subject"]).split(":")[0]
    ]


def test_opting_out_on_the_reminders_page_stops_that_kind(inbox, demo, runner, client):
    sam = db.session.scalar(select(Person).filter_by(email="lto@example.org"))
    sign_in(client, sam)
    page = client.get("/reminders").get_data(as_text=True)
    assert "A review overdue" in page and "checked" in page
    kept = [kind.value for kind in rules.KIND_NAMES if kind is not K.REVIEW_OVERDUE]
    assert client.post("/reminders", data={"kinds": kept}).status_code == 302
    assert 'value="review_overdue">' in client.get("/reminders").get_data(
        as_text=True
    ).replace(" checked", "")
    send(runner)
    sams = [subject for to, subject in received(inbox.take()) if to == sam.email]
    assert sams == [f"Action overdue: {WESTFIELD}"] * 2


def test_a_rep_gets_one_digest_a_week(inbox, demo, runner, app, make_review):
    send(runner)
    inbox.take()
    # Hilltop's review is now overdue for Dev; Ruth has nothing new, and a
    # review of hers left open for a week waits for next week's digest.
    westfield = db.session.scalar(
        select(Action).filter_by(owner_name="Maureen")
    ).review.relationship
    review = make_review(relationship=westfield, held_on=DEMO_DAY)
    # Started that day by the app's clock (the tests' clock is set back).
    review.created_at = datetime.combine(DEMO_DAY, datetime.min.time(), UTC)
    db.session.commit()
    app.config["TODAY"] = DEMO_DAY + timedelta(days=1)  # Sunday, same week
    send(runner)
    assert received(inbox.take()) == []
    app.config["TODAY"] = DEMO_DAY + timedelta(days=11)  # next Wednesday
    send(runner)
    messages = inbox.take()
    assert received(messages) == [
        ("hilltop@example.org", f"Review overdue: {HILLTOP}"),
        ("rep@example.org", "Your weekly reminders: 1 thing to follow up"),
    ]
    ruth = next(m for m in messages if m["To"] == "rep@example.org")
    assert "held on 20 September 2025, is not agreed yet after 11 days" in text_of(ruth)
    assert db.session.scalar(select(SentReminder.id).filter_by(kind=K.WEEKLY_DIGEST))


def test_without_a_mail_server_reminders_show_on_the_home_page(demo, runner, client):
    output = send(runner)
    assert "No mail server is set" in output
    dev = db.session.scalar(select(Person).filter_by(email="hilltop@example.org"))
    sign_in(client, dev)
    home = client.get("/").get_data(as_text=True)
    assert "Reminders" in home
    assert f"The next review of {HILLTOP} is due on 30 September 2025" in home


def test_an_administrator_sees_which_reminders_someone_stopped(
    demo, client, make_person
):
    sam = db.session.scalar(select(Person).filter_by(email="lto@example.org"))
    sign_in(client, sam)
    client.post("/reminders", data={"kinds": ["review_due_soon"]})
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    page = client.get(f"/people/{sam.id}").get_data(as_text=True)
    assert "has stopped these reminders by email" in page
    assert "An action of yours overdue" in page
    assert "A review coming due" not in page.split("has stopped")[1].split("</ul>")[0]


def test_a_mail_server_that_refuses_says_so_and_keeps_what_was_sent(demo, runner, app):
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_USE_TLS=False
    )
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 1
    assert "The mail server did not take the mail" in result.output
    assert "0 sent; run again" in result.output
    assert db.session.scalar(select(SentReminder.id)) is None
