"""The words of reminders: one sentence each, and the mails that carry them."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, url_for

from ltoapp.accounts import tokens
from ltoapp.formatting import long_date, span_in_words, workflow_name
from ltoapp.reminders.models import ReminderKind
from ltoapp.reminders.operations import Mail
from ltoapp.reminders.queries import Reminder
from ltoapp.reminders.rules import KIND_NAMES, SUBJECTS


def sentence(reminder: Reminder, today: date) -> str:
    """Say in one plain sentence what a reminder is about."""
    title = reminder.relationship.title
    on = long_date(reminder.on)
    kind = reminder.kind
    if kind is ReminderKind.REVIEW_DUE_SOON:
        span = span_in_words(today, reminder.on)
        return f"The next review of {title} is due on {on}, in {span}."
    if kind is ReminderKind.REVIEW_OVERDUE:
        span = span_in_words(reminder.on, today)
        return (
            f"The next review of {title} was due on {on}, {span} ago, "
            "and has not started yet."
        )
    if kind is ReminderKind.ACTION_DUE_SOON:
        return (
            f"The action \u201c{reminder.action.description}\u201d of {title} "
            f"is due on {on}."
        )
    if kind is ReminderKind.ACTION_OVERDUE:
        return (
            f"The action \u201c{reminder.action.description}\u201d of {title} "
            f"was due on {on} and is not done yet."
        )
    span = span_in_words(reminder.on, today)
    return (
        f"The {workflow_name(reminder.review.workflow).lower()} of {title}, "
        f"held on {on}, is not agreed yet after {span}."
    )


def link(reminder: Reminder, external: bool = False) -> str:
    """Return the page where the person can act on a reminder."""
    if reminder.action is not None:
        return url_for("actions.show", action_id=reminder.action.id, _external=external)
    if reminder.review is not None:
        return url_for("reviews.show", review_id=reminder.review.id, _external=external)
    return url_for(
        "relationships.show",
        relationship_id=reminder.relationship.id,
        _external=external,
    )


def subject(mail: Mail) -> str:
    """Say in the subject line what the mail is about."""
    if mail.digest:
        count = len(mail.reminders)
        things = "thing" if count == 1 else "things"
        return f"Your weekly reminders: {count} {things} to follow up"
    (reminder,) = mail.reminders
    return f"{SUBJECTS[reminder.kind]}: {reminder.relationship.title}"


def compose(mail: Mail, today: date) -> tuple[str, str, str]:
    """Return a mail's subject, plain text and simple HTML.

    Needs a request context whose base URL is the site's, for the links.
    """
    secret = current_app.config["SECRET_KEY"]
    kinds = sorted(
        {reminder.kind for reminder in mail.reminders}, key=list(ReminderKind).index
    )
    items = [
        {"sentence": sentence(reminder, today), "link": link(reminder, external=True)}
        for reminder in mail.reminders
    ]
    stop_links = [
        {
            "name": KIND_NAMES[kind],
            "link": url_for(
                "reminders.stop",
                token=tokens.opt_out_token(mail.person.id, kind.value, secret),
                _external=True,
            ),
        }
        for kind in kinds
    ]
    values = {
        "person": mail.person,
        "items": items,
        "stop_links": stop_links,
        "settings_link": url_for("reminders.settings", _external=True),
        "digest": mail.digest,
        "labels": current_app.config["LABELS"],
    }
    return (
        subject(mail),
        render_template("reminders/mail.txt", **values),
        render_template("reminders/mail.html", **values),
    )
