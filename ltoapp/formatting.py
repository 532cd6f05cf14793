"""How dates, statuses and workflows are written on the page."""

from __future__ import annotations

from datetime import date, datetime

from wtforms import Field

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


def side_name(side: Side, labels: dict[str, str]) -> str:
    """Name a side in the programme's words."""
    return {
        Side.PARTNERSHIP: labels["partnership"],
        Side.LTO: labels["lto"],
        Side.NEUTRAL: "neutral side",
    }[side]


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
