"""How dates, statuses and workflows are written on the page."""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from wtforms import Field

from ltoapp.reports.rules import Timing
from ltoapp.reviews.models import ReviewStatus, Side
from ltoapp.workflows import Prompt, summarise
from ltoapp.workflows.registry import workflow_named

STATUS_NAMES = {
    ReviewStatus.OPEN: "Open for answers",
    ReviewStatus.DISCUSSION: "In discussion",
    ReviewStatus.AGREED: "Agreed",
}


def long_date(value: date | None) -> str:
    """Write a date as people say it: 3 March 2024."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def date_time(value: datetime | None) -> str:
    """Write a moment as people say it: 3 March 2024 at 14:05 (UTC)."""
    if value is None:
        return ""
    return f"{long_date(value)} at {value:%H:%M}"


def side_name(side: Side | str, labels: dict[str, str]) -> str:
    """Name a side in the programme's words: "partnership", "LTO", "rep".

    The neutral side is the rep's: the facilitator sits there, as do the
    funder's staff.
    """
    return {
        Side.PARTNERSHIP: labels["partnership"],
        Side.LTO: labels["lto"],
        Side.NEUTRAL: labels["rep"],
    }[Side(side)]


def the_side(side: Side | str, labels: dict[str, str], capital: bool = False) -> str:
    """Name a side with its article: "the LTO", or "The LTO" to start a line.

    Never Jinja's ``capitalize``, which lowers the rest: "Lto".
    """
    return f"{'The' if capital else 'the'} {side_name(side, labels)}"


def owner_words(action: object, labels: dict[str, str]) -> str:
    """Say who owns an action, the same way on every page and in every export.

    The named person if there is one ("Sam Patel, for the LTO"), else the
    side ("The LTO"). What was typed beside a chosen person (a team, a
    role) is a note in brackets: "Sam Patel, for the LTO (Finance team)".
    A name typed without choosing a person is someone who does not use the
    app, and reads like a named person.
    """
    side = the_side(action.owner_side, labels)
    person = action.owner_person
    typed = (action.owner_name or "").strip()
    if person is not None and not getattr(person, "erased_at", None):
        note = f" ({typed})" if typed and typed != person.name else ""
        return f"{person.name}, for {side}{note}"
    if typed:
        return f"{typed}, for {side}"
    return the_side(action.owner_side, labels, capital=True)


def workflow_name(key: str) -> str:
    """Name a workflow by its key, as its definition file does."""
    workflow = workflow_named(key)
    return workflow.name if workflow else key.replace("_", " ").capitalize()


def status_name(status: ReviewStatus) -> str:
    """Name a review's status in plain words."""
    return STATUS_NAMES[status]


def field_attributes(field: Field, css_class: str, **attributes: str | None) -> dict:
    """Return the HTML attributes of a form control: its class, hint and error links."""
    described_by = []
    if field.description:
        described_by.append(f"{field.id}-hint")
    if field.errors:
        described_by.append(f"{field.id}-error")
        attributes["aria-invalid"] = "true"
    if described_by:
        attributes["aria-describedby"] = " ".join(described_by)
    attributes["class"] = css_class
    return {name: value for name, value in attributes.items() if value is not None}


def answer_summary(answer: object, prompt: Prompt, labels: dict[str, str]) -> str:
    """Write a stored answer to a prompt in one line."""
    return summarise(prompt, answer, labels)


def span_in_words(earlier: date, later: date) -> str:
    """Say roughly how long lies between two dates: "3 days", "5 weeks", "2 years".

    Rounded down to the largest unit that fits at least twice (a week and a
    half is "10 days"), as people say it; never "0".
    """
    days = max((later - earlier).days, 1)
    gap = relativedelta(later, earlier)
    months = gap.years * 12 + gap.months
    if months >= 24:
        return f"{gap.years} years"
    if months >= 2:
        return f"{months} months"
    if days >= 14:
        return f"{days // 7} weeks"
    return f"{days} day{'' if days == 1 else 's'}"


def next_review_in_words(due_on: date, timing: Timing, today: date) -> str:
    """Say when a relationship's next review is due, overdue in words, not colour."""
    if timing is Timing.UNDER_WAY:
        return "A review is under way"
    if due_on < today:
        return (
            f"Overdue: was due {long_date(due_on)}, {span_in_words(due_on, today)} ago"
        )
    if due_on == today:
        return "Due today"
    return f"Due {long_date(due_on)}, in {span_in_words(today, due_on)}"
