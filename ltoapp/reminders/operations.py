"""Deciding which mails to send, recording what was sent, and opting out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ltoapp.accounts.models import Person, Role
from ltoapp.extensions import db
from ltoapp.reminders import queries
from ltoapp.reminders.models import ReminderKind, ReminderOptOut, SentReminder
from ltoapp.reminders.rules import digest_key


@dataclass(frozen=True)
class Mail:
    """One mail to one person: a single reminder, or a rep's weekly digest."""

    person: Person
    reminders: list[queries.Reminder]
    digest: bool = False


def plan_mails(today: date) -> list[Mail]:
    """Return the mails a run sends today, nothing already sent or stopped.

    A rep (a facilitator) gets one digest a week with all their reminders,
    instead of a mail for each; reminders arising after this week's digest
    wait for next week's. Everyone else gets one mail per reminder.
    """
    pending = queries.pending_reminders(today)
    by_person: dict[int, list[queries.Reminder]] = defaultdict(list)
    for reminder in pending:
        by_person[reminder.person_id].append(reminder)
    people = queries.people_named(set(by_person))
    reps = {pid for pid, person in people.items() if person.role is Role.FACILITATOR}
    had_digest = queries.digest_sent(reps, today)
    mails = []
    for person_id in sorted(by_person, key=lambda pid: (people[pid].name, pid)):
        person = people[person_id]
        if person_id in reps:
            if person_id not in had_digest:
                mails.append(Mail(person, by_person[person_id], digest=True))
        else:
            mails.extend(Mail(person, [reminder]) for reminder in by_person[person_id])
    return mails


def record_sent(mail: Mail, today: date) -> None:
    """Record that a mail was sent, so that no later run sends it again."""
    for reminder in mail.reminders:
        db.session.add(
            SentReminder(person_id=mail.person.id, kind=reminder.kind, key=reminder.key)
        )
    if mail.digest:
        db.session.add(
            SentReminder(
                person_id=mail.person.id,
                kind=ReminderKind.WEEKLY_DIGEST,
                key=digest_key(today),
            )
        )
    db.session.flush()


def set_opt_outs(person: Person, stopped: set[ReminderKind]) -> None:
    """Make ``stopped`` exactly the kinds of reminder the person gets no mail for."""
    existing = {
        opt_out.kind: opt_out
        for opt_out in db.session.scalars(
            select(ReminderOptOut).where(ReminderOptOut.person_id == person.id)
        )
    }
    for kind, opt_out in existing.items():
        if kind not in stopped:
            db.session.delete(opt_out)
    for kind in stopped - existing.keys():
        db.session.add(ReminderOptOut(person_id=person.id, kind=kind))
    db.session.flush()


def opt_out(person: Person, kind: ReminderKind) -> None:
    """Stop one kind of reminder for a person; stopping it twice changes nothing."""
    already = db.session.scalar(
        select(ReminderOptOut.id).where(
            ReminderOptOut.person_id == person.id, ReminderOptOut.kind == kind
        )
    )
    if already is None:
        db.session.add(ReminderOptOut(person_id=person.id, kind=kind))
        db.session.flush()
