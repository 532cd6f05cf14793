"""Pages send the same number of SQL statements however much history there is.

A page that loads related rows one by one (an N+1) gets slower with every
review a programme holds; these tests catch it on SQLite and, with
``LTOAPP_TEST_DATABASE_URL``, on PostgreSQL. The pages are those the benchmark
measures (``bench/pages.py``), so a page added there is checked here too.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bench.data import Targets
from bench.pages import PAGES
from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS, load_viewer
from ltoapp.actions.models import ActionStatus
from ltoapp.actions.operations import add_action
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.relationships.models import Partnership
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Side, StepState
from ltoapp.workflows.registry import workflow_named
from tests.conftest import sign_in
from tests.query_count import statements_for_page, statements_sent

SIDES = (Side.PARTNERSHIP, Side.LTO, Side.NEUTRAL)


def answer_the_questionnaire(review, size: int) -> None:
    """Have ``size`` participants answer every question of ``review``."""
    framework = load_framework()
    for number in range(size):
        review_operations.record_response(
            review,
            side=SIDES[number % 3],
            display_name=f"Participant {number}",
            ratings={
                (question_key, column): (number + index) % 10 + 1
                for index, question_key in enumerate(framework.question_keys)
                for column in ("A", "B", "C")
            },
            comments={framework.question_keys[0]: f"Comment {number}"},
            other_comments=f"Other comments {number}",
            by=ANONYMOUS,
        )


@pytest.fixture
def programme(make_relationship, make_review, make_partnership, make_person):
    """Make a relationship with ``size`` of everything a page lists.

    ``size`` earlier agreed reviews (each leaving an open action to carry),
    and a latest review with ``size`` participants who answered every
    question, ``size`` actions, its steps done and its prompts answered; plus
    ``size`` other relationships for the home page, and a review still being
    held that ``size`` participants have answered.
    """
    framework = load_framework()
    workflow = workflow_named("regular_review")
    agreer = load_viewer(make_person(role=Role.ADMINISTRATOR))

    def make(size: int) -> Targets:
        partnership = make_partnership()
        relationship = make_relationship(partnership=partnership)
        for number in range(size):
            make_relationship(
                partnership=make_partnership(), started_on=date(2021, 1, 1)
            )
            earlier = make_review(
                relationship=relationship,
                held_on=date(2020, 1, 1) + timedelta(days=30 * number),
            )
            add_action(
                earlier, f"Carry this forward ({number})", Side.LTO, by=ANONYMOUS
            )
            review_operations.agree_review(earlier, by=agreer)
        review = make_review(relationship=relationship, held_on=date(2024, 6, 1))
        being_held = make_review(relationship=relationship, held_on=date(2024, 12, 1))
        for review_answered in (review, being_held):
            answer_the_questionnaire(review_answered, size)
        for number in range(size):
            action = add_action(
                review,
                f"Action {number}",
                SIDES[number % 3],
                owner_name=f"Owner {number}",
                source_question_key=framework.question_keys[number % 10],
                by=ANONYMOUS,
            )
            action.status = ActionStatus.IN_PROGRESS
        for step in workflow.steps:
            review_operations.mark_step(review, step, StepState.DONE, by=ANONYMOUS)
        for step in workflow.steps:
            answers = {
                p.key: f"Answer to {p.key}" for p in step.prompts if p.kind == "text"
            }
            if answers:
                review_operations.save_step_answers(
                    review, step, answers, {}, by=ANONYMOUS
                )
        review_operations.agree_review(review, by=agreer)
        db.session.commit()
        return Targets(
            relationship_id=relationship.id,
            review_id=review.id,
            burst_review_id=being_held.id,
            join_code="",
            counts={},
        )

    return make


def statements_to_render(client, path: str) -> list[str]:
    """Count one page rendered afresh."""
    return statements_for_page(client, path)


def test_the_counter_sees_each_statement(app):
    with statements_sent(db.engine) as statements:
        db.session.scalar(db.select(Partnership.id))
        db.session.scalar(db.select(Partnership.name))
    assert len(statements) == 2


def test_pages_send_as_many_statements_for_60_as_for_3(
    app, client, make_person, programme
):
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    small = programme(3)
    counts = {}
    for name, path in PAGES.items():
        statements_for_page(client, path(small))  # anything done once, done
        counts[name] = [len(statements_to_render(client, path(small)))]
    large = programme(60)
    for name, path in PAGES.items():
        counts[name].append(len(statements_to_render(client, path(large))))
    grows = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert grows == {}, f"statements with 3 and with 60 grow: {grows}"
