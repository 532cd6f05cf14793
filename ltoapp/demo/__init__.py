"""Load the demonstration data (``demo/data.py``): a first run shows something real.

Loading it is idempotent: organisations are found by name and relationships by
partnership, LTO and start date, and a relationship's reviews are only made
when the relationship itself is new.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ltoapp.accounts import operations as account_operations
from ltoapp.accounts.models import Membership, Person, Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions.models import Action, ActionStatus, ActionUpdate
from ltoapp.demo.data import (
    ACTION_HISTORY,
    ACTION_OWNERS,
    COMMENTS,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    FORMER_CHAIR,
    JOINED,
    LTOS,
    PARTNERSHIPS,
    RELATIONSHIPS,
    DemoReview,
)
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.relationships import operations as relationship_operations
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import PromptAnswer, Review, ReviewStatus, Side
from ltoapp.workflows.registry import workflow_named

#: The demo is loaded by a command, not by a person: its audit entries name no one.
LOADER = ANONYMOUS


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
    review = review_operations.start_review(
        relationship, plan.held_on, workflow, by=LOADER
    )
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
            review, Side(side), name, ratings, comments, other_comments=None, by=LOADER
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
    # The demo accounts share one published password, so one hash serves them
    # all: scrypt takes a tenth of a second a time, once per account was over a
    # second of every first ``make run``.
    password_hash = generate_password_hash(DEMO_PASSWORD)
    for email, name, role, organisation, title, facilitated in DEMO_ACCOUNTS:
        if account_operations.person_by_email(email) is not None:
            continue
        person = Person(name=name, email=email, role=role, password_hash=password_hash)
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


__all__ = ["DEMO_PASSWORD", "database_is_empty", "load_demo"]
