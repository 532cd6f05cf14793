"""A realistic demonstration data set, so that a first run shows something real.

Loading it is idempotent: organisations are found by name and relationships by
partnership, LTO and start date, and a relationship's reviews are only made
when the relationship itself is new.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ltoapp.accounts import operations as account_operations
from ltoapp.accounts.models import Person, Role
from ltoapp.actions.models import Action, ActionStatus
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.relationships import operations as relationship_operations
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import ReviewStatus, Side
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
) -> None:
    framework = load_framework()
    review = review_operations.start_review(
        relationship, plan.held_on, workflow_named("regular_review")
    )
    for side, name in plan.participants:
        ratings = {}
        for index, question in enumerate(framework.questions):
            ratings[(question.key, "A")] = _vary(rng, plan.at_first[index], side)
            ratings[(question.key, "B")] = _vary(rng, plan.now[index], side)
            ratings[(question.key, "C")] = _vary(rng, plan.wanted[index], side)
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
    review.status = ReviewStatus.AGREED
    review.join_code = None
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


def _load_demo_accounts() -> None:
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
        for partnership_name in facilitated:
            for relationship in db.session.scalars(
                select(Relationship)
                .join(Partnership)
                .where(Partnership.name == partnership_name)
            ):
                account_operations.assign_facilitator(person, relationship)
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
                name, area
            ),
        )
        for name, area in PARTNERSHIPS.items()
    }
    ltos = {
        name: _get_or_create(
            LTO,
            name,
            lambda name=name, text=text: relationship_operations.create_lto(name, text),
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
            partnership, lto, plan.started_on, plan.ended_on
        )
        for review in plan.reviews:
            _add_review(relationship, review, rng)
        added += 1
    _load_demo_accounts()
    return added


def database_is_empty() -> bool:
    """Say whether no partnership has been recorded yet."""
    return db.session.scalar(select(Partnership.id).limit(1)) is None
