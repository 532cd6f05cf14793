"""A realistic demonstration data set, so that a first run shows something real.

Loading it is idempotent: organisations are found by name and relationships by
partnership, LTO and start date, and a relationship's reviews are only made
when the relationship itself is new.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ltoapp.accounts import operations as account_operations
from ltoapp.accounts.models import Membership, Person, Role
from ltoapp.accounts.permissions import ANONYMOUS
from ltoapp.actions.models import Action, ActionStatus, ActionUpdate
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.relationships import operations as relationship_operations
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import PromptAnswer, Review, ReviewStatus, Side
from ltoapp.workflows.registry import workflow_named

PARTNERSHIPS = {
    "Westfield Big Local": "Westfield estate",
    "Riverside Together": "Riverside ward",
    "Northmoor Big Local": "Northmoor",
    "Hilltop Big Local": "Hilltop and Canal Side",
}

LTOS = {
    "Westfield Community Trust": (
        "A development trust run from the estate's community centre."
    ),
    "Riverside Council Community Team": "The council's neighbourhood team.",
    "Riverside Community Hub": "A community anchor organisation with its own building.",
    "Northmoor Council for Voluntary Service": (
        "The borough's council for voluntary service, LTO for two partnerships."
    ),
}

#: The demo is loaded by a command, not by a person: its audit entries name no one.
LOADER = ANONYMOUS


@dataclass(frozen=True)
class DemoReview:
    held_on: date
    #: Typical "now" rating per question, in framework order; each participant
    #: varies around it.
    now: tuple[int, ...]
    at_first: tuple[int, ...]
    wanted: tuple[int, ...]
    participants: tuple[tuple[str, str | None], ...]
    actions: tuple[tuple[str, str, str, ActionStatus], ...] = ()
    workflow: str = "regular_review"
    #: The date agreed in the next steps for the following review.
    next_review_on: date | None = None
    #: Prompt key → the group's agreed answer.
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoRelationship:
    partnership: str
    lto: str
    started_on: date
    ended_on: date | None
    reviews: tuple[DemoReview, ...]


_GROUP = (
    ("partnership", "Maureen (chair)"),
    ("partnership", None),
    ("partnership", "Dev"),
    ("lto", "Sam, LTO manager"),
    ("lto", None),
    ("neutral", "Ruth, rep"),
)

RELATIONSHIPS = (
    DemoRelationship(
        "Westfield Big Local",
        "Westfield Community Trust",
        date(2014, 5, 1),
        None,
        (
            DemoReview(
                date(2023, 3, 14),
                now=(7, 6, 6, 8, 8, 5, 5, 8, 6, 5),
                at_first=(3, 3, 4, 5, 6, 3, 3, 6, 3, 2),
                wanted=(8, 7, 8, 8, 8, 8, 7, 8, 8, 9),
                participants=_GROUP,
                actions=(
                    (
                        "Agree a timetable for six-monthly spending reports",
                        "lto",
                        "Sam",
                        ActionStatus.DONE,
                    ),
                    (
                        "Introduce the partnership to the council's regeneration forum",
                        "lto",
                        "Sam",
                        ActionStatus.IN_PROGRESS,
                    ),
                    (
                        "Write down how the partnership decides between meetings",
                        "partnership",
                        "Maureen",
                        ActionStatus.OPEN,
                    ),
                ),
            ),
            DemoReview(
                date(2024, 3, 19),
                next_review_on=date(2024, 9, 19),
                now=(8, 7, 7, 8, 8, 6, 7, 8, 7, 6),
                at_first=(3, 3, 4, 5, 6, 3, 3, 6, 3, 2),
                wanted=(8, 8, 8, 8, 7, 8, 8, 8, 8, 9),
                participants=_GROUP,
                actions=(
                    (
                        "Plan a skills session on reading the accounts",
                        "lto",
                        None,
                        ActionStatus.OPEN,
                    ),
                    (
                        "Start the legacy conversation at the autumn away day",
                        "partnership",
                        "Maureen",
                        ActionStatus.OPEN,
                    ),
                ),
            ),
        ),
    ),
    DemoRelationship(
        "Riverside Together",
        "Riverside Council Community Team",
        date(2013, 9, 1),
        date(2019, 3, 31),
        (
            DemoReview(
                date(2017, 10, 5),
                now=(3, 4, 3, 6, 5, 4, 5, 8, 3, 3),
                at_first=(4, 4, 4, 5, 5, 4, 5, 7, 4, 3),
                wanted=(8, 7, 8, 7, 7, 7, 8, 6, 8, 8),
                participants=_GROUP[:2] + _GROUP[3:],
                actions=(
                    (
                        "Invoices paid within 14 days of approval",
                        "lto",
                        None,
                        ActionStatus.DROPPED,
                    ),
                ),
            ),
            DemoReview(
                date(2019, 3, 14),
                now=(3, 3, 3, 5, 4, 4, 5, 7, 3, 3),
                at_first=(4, 4, 4, 5, 5, 4, 5, 7, 4, 3),
                wanted=(0,) * 10,
                participants=_GROUP[:2] + _GROUP[3:],
                workflow="exit_interview",
                answers={
                    "lessons_for_next_lto": (
                        "Agree how fast invoices are paid before anything else, "
                        "and meet every month in the first year."
                    )
                },
            ),
        ),
    ),
    DemoRelationship(
        "Riverside Together",
        "Riverside Community Hub",
        date(2019, 4, 1),
        None,
        (
            DemoReview(
                date(2020, 10, 8),
                now=(6, 5, 6, 7, 6, 5, 6, 6, 5, 5),
                at_first=(4, 4, 4, 5, 5, 4, 4, 5, 4, 3),
                wanted=(8, 7, 8, 8, 7, 8, 8, 7, 8, 8),
                participants=_GROUP,
            ),
            DemoReview(
                date(2022, 11, 2),
                now=(8, 7, 8, 9, 7, 7, 8, 7, 7, 7),
                at_first=(4, 4, 4, 5, 5, 4, 4, 5, 4, 3),
                wanted=(8, 8, 8, 8, 7, 8, 9, 7, 8, 9),
                participants=_GROUP,
                actions=(
                    (
                        "Draft an agreement for the partnership's room bookings",
                        "lto",
                        "Priya",
                        ActionStatus.OPEN,
                    ),
                ),
            ),
        ),
    ),
    DemoRelationship(
        "Northmoor Big Local",
        "Northmoor Council for Voluntary Service",
        date(2015, 1, 12),
        None,
        (
            DemoReview(
                date(2021, 6, 9),
                now=(5, 6, 5, 4, 7, 7, 8, 9, 6, 5),
                at_first=(4, 5, 4, 3, 5, 6, 6, 8, 5, 3),
                wanted=(7, 7, 7, 7, 7, 7, 8, 8, 7, 8),
                participants=_GROUP,
            ),
            DemoReview(
                date(2022, 6, 15),
                now=(6, 6, 6, 5, 7, 8, 8, 9, 6, 6),
                at_first=(4, 5, 4, 3, 5, 6, 6, 8, 5, 3),
                wanted=(7, 7, 8, 7, 7, 8, 8, 8, 7, 8),
                participants=_GROUP,
            ),
            DemoReview(
                date(2023, 6, 21),
                now=(6, 7, 6, 6, 7, 8, 9, 9, 7, 6),
                at_first=(4, 5, 4, 3, 5, 6, 6, 8, 5, 3),
                wanted=(7, 8, 8, 7, 7, 8, 8, 8, 8, 9),
                participants=_GROUP,
            ),
        ),
    ),
    DemoRelationship(
        "Hilltop Big Local",
        "Northmoor Council for Voluntary Service",
        date(2016, 2, 1),
        None,
        (
            DemoReview(
                date(2023, 9, 12),
                next_review_on=date(2025, 9, 30),
                now=(5, 5, 5, 5, 5, 5, 6, 5, 5, 5),
                at_first=(3, 3, 3, 4, 4, 4, 4, 5, 3, 3),
                wanted=(7, 7, 8, 8, 6, 7, 7, 6, 8, 8),
                participants=_GROUP[:4],
            ),
        ),
    ),
)

COMMENTS = {
    "confidence": "People speak up at meetings now who never used to.",
    "workers": "Recruiting our worker took far longer than it needed to.",
    "governance": "Their finance team keeps us right, but the paperwork is heavy.",
    "networks": "We got invited to the council's forum through them.",
}


def _vary(rng: random.Random, typical: int, side: str) -> int | None:
    if rng.random() < 0.04:
        return None
    # The LTO side tends to see its own contribution a little more kindly.
    lean = 1 if side == "lto" else 0
    return max(1, min(10, typical + lean + rng.choice((-2, -1, -1, 0, 0, 0, 1, 1, 2))))


def _add_review(
    relationship: Relationship, plan: DemoReview, rng: random.Random
) -> Review:
    framework = load_framework()
    workflow = workflow_named(plan.workflow)
    review = review_operations.start_review(relationship, plan.held_on, workflow)
    columns = {"A": plan.at_first, "B": plan.now, "C": plan.wanted}
    if plan.workflow == "exit_interview":
        del columns["C"]
    for side, name in plan.participants:
        ratings = {}
        for index, question in enumerate(framework.questions):
            for column, typical in columns.items():
                ratings[(question.key, column)] = _vary(rng, typical[index], side)
        comments = {key: text for key, text in COMMENTS.items() if rng.random() < 0.3}
        review_operations.record_response(
            review, Side(side), name, ratings, comments, other_comments=None
        )
    for description, owner_side, owner_name, status in plan.actions:
        db.session.add(
            Action(
                review=review,
                description=description,
                owner_side=Side(owner_side),
                owner_name=owner_name,
                due_on=date(plan.held_on.year, plan.held_on.month, 28),
                status=status,
            )
        )
    for prompt_key, answer in plan.answers.items():
        step = next(s for s, p in workflow.prompts() if p.key == prompt_key)
        review.prompt_answers.append(
            PromptAnswer(step_key=step.key, prompt_key=prompt_key, answer=answer)
        )
    review.next_review_on = plan.next_review_on
    review.status = ReviewStatus.AGREED
    review.agreed_at = datetime.combine(plan.held_on, datetime.min.time(), UTC)
    review.join_code = None
    db.session.flush()
    return review


#: What later reviews decided about earlier actions, and changes made between
#: reviews: (action description, index of the deciding review in its
#: relationship or None, new status, new due date or None to keep, note).
ACTION_HISTORY = (
    (
        "Agree a timetable for six-monthly spending reports",
        1,
        ActionStatus.DONE,
        None,
        "Reports now arrive in April and October.",
    ),
    (
        "Introduce the partnership to the council's regeneration forum",
        1,
        ActionStatus.IN_PROGRESS,
        date(2024, 6, 30),
        "First meeting booked; the forum only meets quarterly.",
    ),
    (
        "Invoices paid within 14 days of approval",
        None,
        ActionStatus.DROPPED,
        None,
        "The relationship is ending; the new LTO agreed 10 days instead.",
    ),
)


def _add_history(reviews: list[Review]) -> None:
    """Record the demo's decisions about carried actions, as a group would."""
    actions = {action.description: action for r in reviews for action in r.actions}
    for description, index, status, due_on, note in ACTION_HISTORY:
        action = actions.get(description)
        if action is None:
            continue
        deciding = reviews[index] if index is not None else None
        # The demo states each action's final status up front; the history
        # records how it got there, from open.
        on = deciding.held_on if deciding else action.review.held_on + timedelta(60)
        db.session.add(
            ActionUpdate(
                action=action,
                review=deciding,
                person_label="Ruth Okafor (facilitator)",
                at=datetime.combine(on, datetime.min.time(), UTC),
                from_status=ActionStatus.OPEN,
                to_status=status,
                from_due_on=action.due_on,
                to_due_on=due_on or action.due_on,
                note=note,
            )
        )
        action.status = status
        action.due_on = due_on or action.due_on
    db.session.flush()


#: Demo accounts, one per role, for trying ltoapp locally. They exist only
#: where the demo has been loaded.
DEMO_PASSWORD = "demo-password-2026"
DEMO_ACCOUNTS = (
    # email, name, role, organisation, title, facilitated partnerships
    ("admin@example.org", "Alex Morgan", Role.ADMINISTRATOR, None, None, ()),
    (
        "rep@example.org",
        "Ruth Okafor",
        Role.FACILITATOR,
        None,
        None,
        ("Westfield Big Local", "Riverside Together"),
    ),
    (
        "chair@example.org",
        "Maureen Ellis",
        Role.MEMBER,
        "Westfield Big Local",
        "chair",
        (),
    ),
    (
        "lto@example.org",
        "Sam Patel",
        Role.MEMBER,
        "Westfield Community Trust",
        "LTO manager",
        (),
    ),
    (
        "hilltop@example.org",
        "Dev Sharma",
        Role.MEMBER,
        "Hilltop Big Local",
        "treasurer",
        (),
    ),
)


#: When the demo's people joined their organisations (and left, for one), so
#: the timeline shows people coming and going.
JOINED = {
    "chair@example.org": date(2019, 6, 1),
    "lto@example.org": date(2021, 1, 11),
    "hilltop@example.org": date(2020, 9, 1),
}
#: A former chair who left before the demo accounts existed; no sign-in.
FORMER_CHAIR = ("Jo Hughes", "Westfield Big Local", date(2014, 5, 1), date(2019, 5, 31))


def _load_former_chair() -> None:
    name, partnership_name, joined_on, left_on = FORMER_CHAIR
    partnership = db.session.scalar(
        select(Partnership).filter_by(name=partnership_name)
    )
    exists = db.session.scalar(
        select(Membership.id)
        .join(Person)
        .where(Person.name == name, Membership.partnership_id == partnership.id)
    )
    if exists is None:
        person = Person(name=name, role=Role.MEMBER)
        db.session.add(
            Membership(
                person=person,
                partnership=partnership,
                title="chair",
                joined_on=joined_on,
                left_on=left_on,
            )
        )


def _load_demo_accounts() -> None:
    _load_former_chair()
    for email, name, role, organisation, title, facilitated in DEMO_ACCOUNTS:
        if account_operations.person_by_email(email) is not None:
            continue
        person = Person(name=name, email=email, role=role)
        person.set_password(DEMO_PASSWORD)
        db.session.add(person)
        if organisation in PARTNERSHIPS:
            account_operations.add_membership(
                person,
                db.session.scalar(select(Partnership).filter_by(name=organisation)),
                title,
            )
        elif organisation in LTOS:
            account_operations.add_membership(
                person,
                db.session.scalar(select(LTO).filter_by(name=organisation)),
                title,
            )
        for membership in person.memberships:
            membership.joined_on = JOINED.get(email, membership.joined_on)
        for partnership_name in facilitated:
            for relationship in db.session.scalars(
                select(Relationship)
                .join(Partnership)
                .where(Partnership.name == partnership_name)
            ):
                account_operations.assign_facilitator(person, relationship, by=LOADER)
    db.session.flush()


def _get_or_create(model, name: str, create):
    existing = db.session.scalar(select(model).filter_by(name=name))
    return existing if existing is not None else create()


def load_demo() -> int:
    """Add the demonstration data not there yet; return the relationships added."""
    rng = random.Random(2022)
    partnerships = {
        name: _get_or_create(
            Partnership,
            name,
            lambda name=name, area=area: relationship_operations.create_partnership(
                name, area, by=LOADER
            ),
        )
        for name, area in PARTNERSHIPS.items()
    }
    ltos = {
        name: _get_or_create(
            LTO,
            name,
            lambda name=name, text=text: relationship_operations.create_lto(
                name, text, by=LOADER
            ),
        )
        for name, text in LTOS.items()
    }
    added = 0
    for plan in RELATIONSHIPS:
        partnership, lto = partnerships[plan.partnership], ltos[plan.lto]
        exists = db.session.scalar(
            select(Relationship.id).filter_by(
                partnership_id=partnership.id, lto_id=lto.id, started_on=plan.started_on
            )
        )
        if exists:
            continue
        relationship = relationship_operations.create_relationship(
            partnership, lto, plan.started_on, plan.ended_on, by=LOADER
        )
        reviews = [_add_review(relationship, review, rng) for review in plan.reviews]
        _add_history(reviews)
        added += 1
    _load_demo_accounts()
    _name_action_owners()
    return added


#: People the demo's actions name, by the name the actions use.
ACTION_OWNERS = {"Maureen": "chair@example.org", "Sam": "lto@example.org"}


def _name_action_owners() -> None:
    """Link the demo's actions to the accounts of the people who own them."""
    for owner_name, email in ACTION_OWNERS.items():
        person = account_operations.person_by_email(email)
        if person is None:
            continue
        for action in db.session.scalars(
            select(Action).filter_by(owner_name=owner_name, owner_person_id=None)
        ):
            action.owner_person = person
    db.session.flush()


def database_is_empty() -> bool:
    """Say whether no partnership has been recorded yet."""
    return db.session.scalar(select(Partnership.id).limit(1)) is None
