"""Changes to actions. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ltoapp.accounts.models import Person
from ltoapp.accounts.viewer import Viewer
from ltoapp.actions import rules
from ltoapp.actions.models import Action, ActionStatus, ActionUpdate
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import actor_label, record
from ltoapp.db import now_utc
from ltoapp.extensions import db
from ltoapp.reviews.models import Review, Side
from ltoapp.reviews.operations import ReviewClosed


class InvalidChange(Exception):
    """The change breaks a rule of the action log (see ``rules.change_problems``)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


class NotCarried(Exception):
    """The action is not one this review carries from an earlier review."""


@dataclass(frozen=True)
class ActionState:
    """An action's status, date and latest note, as someone saved or typed them."""

    status: ActionStatus
    due_on: date | None
    note: str | None
    by: str | None = None


class ActionConflict(Exception):
    """Someone else changed this action since the form was opened."""

    # A plain class, not a frozen dataclass: Python sets __traceback__ on an
    # exception as it travels, which a frozen dataclass refuses, so raising it
    # through a context manager turned it into FrozenInstanceError.
    def __init__(
        self, action_id: int, theirs: ActionState, yours: ActionState, version: int
    ) -> None:
        super().__init__(action_id)
        self.action_id = action_id
        self.theirs = theirs
        self.yours = yours
        self.version = version


def add_action(
    review: Review,
    description: str,
    owner_side: Side,
    owner_name: str | None = None,
    due_on: date | None = None,
    owner_person: Person | None = None,
    source_step: str | None = None,
    source_question_key: str | None = None,
    source_prompt_key: str | None = None,
    *,
    by: Viewer,
) -> Action:
    """Add an agreed next step to a review that is not yet agreed (audited).

    The source says where the action came from, so the record can show it
    beside the question or prompt that raised it.
    """
    if review.is_agreed:
        raise ReviewClosed(review.id)
    action = Action(
        review=review,
        description=description.strip(),
        owner_side=owner_side,
        owner_name=(owner_name or "").strip()
        or (owner_person.name if owner_person else None),
        owner_person=owner_person,
        due_on=due_on,
        source_step=source_step,
        source_question_key=source_question_key,
        source_prompt_key=source_prompt_key,
    )
    db.session.add(action)
    db.session.flush()
    record(
        by,
        AuditVerb.CREATED,
        "action",
        action.id,
        f"Agreed action: {action.description}",
        review.relationship_id,
    )
    return action


def remove_action(action: Action, *, by: Viewer) -> None:
    """Take an action out of a review that is not yet agreed (audited)."""
    if action.review.is_agreed:
        raise ReviewClosed(action.review.id)
    record(
        by,
        AuditVerb.DELETED,
        "action",
        action.id,
        f"Removed action: {action.description}",
        action.review.relationship_id,
    )
    db.session.delete(action)
    db.session.flush()


def update_action(
    action: Action,
    viewer: Viewer,
    seen_version: int | None,
    status: ActionStatus,
    due_on: date | None,
    note: str | None,
    review: Review | None = None,
) -> ActionUpdate:
    """Change an action's status or due date, recording who, when and why.

    Every change goes through here, so the action's history and the audit
    trail are always written together. ``seen_version`` is the version the
    person's form was based on: if someone else saved since, nothing is
    changed and :class:`ActionConflict` carries both versions. ``review`` is
    the later review in which the group made the change, if any.

    The actions of an agreed review keep changing status after agreement:
    the review's own answers are immutable, but its actions are the living
    log of what happened next, and every change is a new history entry.
    """
    note = (note or "").strip() or None
    if seen_version != action.version:
        latest = action.updates[-1] if action.updates else None
        raise ActionConflict(
            action.id,
            ActionState(
                action.status,
                action.due_on,
                latest.note if latest else None,
                latest.person_label if latest else None,
            ),
            ActionState(status, due_on, note),
            action.version,
        )
    problems = rules.change_problems(
        action.status, status, action.due_on, due_on, note, deciding=review is not None
    )
    if problems:
        raise InvalidChange(problems)
    person = db.session.get(Person, viewer.person_id) if viewer.person_id else None
    update = ActionUpdate(
        action=action,
        review=review,
        person=person,
        person_label=actor_label(viewer, person),
        from_status=action.status,
        to_status=status,
        from_due_on=action.due_on,
        to_due_on=due_on,
        note=note,
    )
    db.session.add(update)
    action.status = status
    action.due_on = due_on
    action.updated_at = now_utc()
    record(
        viewer,
        AuditVerb.CHANGED,
        "action",
        action.id,
        f"Action {rules.STATUS_NAMES[status].lower()}: {action.description}"
        + (f" ({note})" if note else ""),
        action.review.relationship_id,
    )
    db.session.flush()
    return update


def decide_carried(
    review: Review,
    action: Action,
    carried: list[Action],
    viewer: Viewer,
    seen_version: int | None,
    decision: rules.Decision,
    new_due_on: date | None,
    note: str | None,
) -> ActionUpdate:
    """Record what the group decided, in this review, about a carried action.

    ``carried`` is what :func:`ltoapp.actions.queries.carried_actions` gives
    for the review. Done and dropped close the action; "still open" keeps it
    open with a new date, so the next review carries it again.
    """
    if review.is_agreed:
        raise ReviewClosed(review.id)
    if action not in carried:
        raise NotCarried(action.id)
    status, due_on = rules.decision_outcome(
        decision, action.status, action.due_on, new_due_on
    )
    return update_action(action, viewer, seen_version, status, due_on, note, review)
