"""Which reminders are due today, to whom: gathered in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import joinedload

from ltoapp.accounts.models import FacilitatorAssignment, Membership, Person
from ltoapp.actions.models import Action
from ltoapp.actions.rules import OPEN_STATUSES
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reminders import rules
from ltoapp.reminders.models import ReminderKind, ReminderOptOut, SentReminder
from ltoapp.reports.queries import due_reviews
from ltoapp.reports.rules import Timing
from ltoapp.reviews.models import Review, ReviewStatus, Side


@dataclass(frozen=True)
class Reminder:
    """One thing one person is reminded of."""

    person_id: int
    kind: ReminderKind
    #: What it is about, so it is sent once (see :mod:`ltoapp.reminders.rules`).
    key: str
    relationship: Relationship
    #: The date it is due (a review's or action's), or the day a review was held.
    on: date
    action: Action | None = None
    review: Review | None = None


def _reachable_people() -> tuple[ColumnElement[bool], ...]:
    # Only people who can sign in: a reminder's links lead into the app.
    return (
        Person.erased_at.is_(None),
        Person.email.is_not(None),
        Person.password_hash.is_not(None),
    )


def _people_by_side(
    relationships: list[Relationship],
) -> dict[int, dict[Side, set[int]]]:
    """Return, per relationship, the people of each side who can be reminded."""
    if not relationships:
        return {}
    by_partnership: dict[int, set[int]] = defaultdict(set)
    by_lto: dict[int, set[int]] = defaultdict(set)
    partnership_ids = {relationship.partnership_id for relationship in relationships}
    lto_ids = {relationship.lto_id for relationship in relationships}
    for person_id, partnership_id, lto_id in db.session.execute(
        select(Membership.person_id, Membership.partnership_id, Membership.lto_id)
        .join(Person, Membership.person_id == Person.id)
        .where(
            Membership.left_on.is_(None),
            or_(
                Membership.partnership_id.in_(partnership_ids),
                Membership.lto_id.in_(lto_ids),
            ),
            *_reachable_people(),
        )
    ):
        if partnership_id is not None:
            by_partnership[partnership_id].add(person_id)
        else:
            by_lto[lto_id].add(person_id)
    facilitators: dict[int, set[int]] = defaultdict(set)
    ids = [relationship.id for relationship in relationships]
    for person_id, relationship_id in db.session.execute(
        select(FacilitatorAssignment.person_id, FacilitatorAssignment.relationship_id)
        .join(Person, FacilitatorAssignment.person_id == Person.id)
        .where(FacilitatorAssignment.relationship_id.in_(ids), *_reachable_people())
    ):
        facilitators[relationship_id].add(person_id)
    return {
        relationship.id: {
            Side.PARTNERSHIP: by_partnership[relationship.partnership_id],
            Side.LTO: by_lto[relationship.lto_id],
            Side.NEUTRAL: facilitators[relationship.id],
        }
        for relationship in relationships
    }


def due_reminders(
    today: date, where: ColumnElement[bool] | None = None
) -> list[Reminder]:
    """Return every reminder due today, of current relationships kept by ``where``.

    Whether each was sent already, or its person opted out, is not asked
    here: see :func:`pending_reminders`.
    """
    where = true() if where is None else where
    due = due_reviews(where, today)
    if not due:
        # Every current relationship has a next review: none are kept.
        return []
    relationships = {row.relationship.id: row.relationship for row in due}
    people = _people_by_side(list(relationships.values()))
    reminders: list[Reminder] = []
    for row in due:
        kind = rules.review_reminder(row.due_on, today, row.timing is Timing.UNDER_WAY)
        if kind is None:
            continue
        sides = people[row.relationship.id]
        for person_id in sorted(set().union(*sides.values())):
            reminders.append(
                Reminder(
                    person_id,
                    kind,
                    rules.review_key(row.relationship.id, row.due_on),
                    row.relationship,
                    row.due_on,
                )
            )
    actions = db.session.scalars(
        select(Action)
        .join(Review, Action.review_id == Review.id)
        .where(
            Review.relationship_id.in_(list(relationships)),
            # An action of a review still under discussion is not agreed yet.
            Review.status == ReviewStatus.AGREED,
            Action.status.in_(OPEN_STATUSES),
            Action.due_on.is_not(None),
            Action.due_on <= today + timedelta(days=rules.COMING_DUE_DAYS),
        )
        .options(joinedload(Action.review))
        .order_by(Action.due_on, Action.id)
    )
    for action in actions:
        kind = rules.action_reminder(action.status, action.due_on, today)
        relationship = relationships[action.review.relationship_id]
        for person_id in sorted(
            rules.action_recipients(
                action.owner_person_id, action.owner_side, people[relationship.id]
            )
        ):
            reminders.append(
                Reminder(
                    person_id,
                    kind,
                    rules.action_key(action.id, action.due_on),
                    relationship,
                    action.due_on,
                    action=action,
                )
            )
    open_reviews = db.session.scalars(
        select(Review)
        .where(
            Review.relationship_id.in_(list(relationships)),
            Review.status != ReviewStatus.AGREED,
        )
        .order_by(Review.held_on, Review.id)
    )
    for review in open_reviews:
        if not rules.is_left_open(review.held_on, review.created_at.date(), today):
            continue
        runners = set(people[review.relationship_id][Side.NEUTRAL])
        if not runners and review.facilitator_id is not None:
            runners = {review.facilitator_id}
        for person_id in sorted(runners):
            reminders.append(
                Reminder(
                    person_id,
                    ReminderKind.REVIEW_LEFT_OPEN,
                    rules.left_open_key(review.id),
                    relationships[review.relationship_id],
                    review.held_on,
                    review=review,
                )
            )
    return reminders


def opted_out(person_ids: set[int]) -> set[tuple[int, ReminderKind]]:
    """Return (person, kind) for each kind of reminder someone has stopped."""
    if not person_ids:
        return set()
    return set(
        db.session.execute(
            select(ReminderOptOut.person_id, ReminderOptOut.kind).where(
                ReminderOptOut.person_id.in_(person_ids)
            )
        ).all()
    )


def pending_reminders(
    today: date, where: ColumnElement[bool] | None = None
) -> list[Reminder]:
    """Return the reminders due today that were not sent and are not stopped."""
    reminders = due_reminders(today, where)
    person_ids = {reminder.person_id for reminder in reminders}
    stopped = opted_out(person_ids)
    sent = (
        set(
            db.session.execute(
                select(
                    SentReminder.person_id, SentReminder.kind, SentReminder.key
                ).where(SentReminder.person_id.in_(person_ids))
            ).all()
        )
        if person_ids
        else set()
    )
    return [
        reminder
        for reminder in reminders
        if (reminder.person_id, reminder.kind) not in stopped
        and (reminder.person_id, reminder.kind, reminder.key) not in sent
    ]


def digest_sent(person_ids: set[int], today: date) -> set[int]:
    """Return who of these people had this week's digest already."""
    if not person_ids:
        return set()
    return set(
        db.session.scalars(
            select(SentReminder.person_id).where(
                SentReminder.person_id.in_(person_ids),
                SentReminder.kind == ReminderKind.WEEKLY_DIGEST,
                SentReminder.key == rules.digest_key(today),
            )
        )
    )


def people_named(person_ids: set[int]) -> dict[int, Person]:
    """Load people by id."""
    if not person_ids:
        return {}
    return {
        person.id: person
        for person in db.session.scalars(
            select(Person).where(Person.id.in_(person_ids))
        )
    }


def pending_for(
    person_id: int | None, where: ColumnElement[bool], today: date
) -> list[Reminder]:
    """Return one person's reminders due today, less the kinds they stopped.

    Shown on their home when no mail server is set; whether a mail went
    does not matter there, so sent ones are kept.
    """
    if person_id is None:
        return []
    mine = [r for r in due_reminders(today, where) if r.person_id == person_id]
    if not mine:
        return []
    stopped = opted_out({person_id})
    return [reminder for reminder in mine if (person_id, reminder.kind) not in stopped]
