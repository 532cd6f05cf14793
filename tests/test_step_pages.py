"""The registry of step pages, the buttons' rules and the one step operation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import Viewer
from ltoapp.audit.models import AuditEntry
from ltoapp.extensions import db
from ltoapp.reviews.models import StepState
from ltoapp.reviews.operations import (
    AnswerConflict,
    StepSave,
    save_step,
    save_step_answers,
)
from ltoapp.workflows import StepKind, buttons, load_workflows
from ltoapp.workflows.registry import workflow_named
from ltoapp.workflows.step_pages import STEP_PAGES

#: Read from the files, for the rules that need no app.
TROUBLESHOOTING = load_workflows()["troubleshooting"]
TEMPLATES = Path(__file__).resolve().parent.parent / "ltoapp" / "templates"


def test_every_step_kind_has_a_page_with_a_partial_of_its_own():
    assert set(STEP_PAGES) == set(StepKind.ALL)
    partials = [page.partial for page in STEP_PAGES.values()]
    assert len(set(partials)) == len(partials)
    records = [page.record_partial for page in STEP_PAGES.values()]
    for partial in [*partials, *filter(None, records)]:
        assert (TEMPLATES / partial).is_file(), partial


@pytest.mark.parametrize("page", ["step.html", "record.html"])
def test_the_pages_leave_the_kinds_of_step_to_their_partials(page):
    # A lookup by kind is fine; a comparison is an if/elif over the kinds.
    text = (TEMPLATES / "workflows" / page).read_text()
    assert not re.search(r"step\.kind\s*[!=]=", text)


@pytest.mark.parametrize(
    ("kind", "direction", "finishes"),
    [
        (StepKind.PROMPTS, "next", True),
        (StepKind.PROMPTS, "back", True),
        (StepKind.PROMPTS, "step:ratings", True),
        (StepKind.PROMPTS, "skip", False),
        (StepKind.RATINGS, "next", True),
        (StepKind.RATINGS, "save", True),
        (StepKind.RATINGS, "back", False),
        (StepKind.RATINGS, "check", False),
        (StepKind.EXPLANATION, "skip", False),
    ],
)
def test_which_buttons_finish_a_step(kind, direction, finishes):
    workflow = TROUBLESHOOTING
    step = next(s for s in workflow.steps if s.kind == kind)
    assert buttons.finishes(step, direction) is finishes


def test_an_action_from_a_prompt_starts_with_what_the_group_wrote():
    workflow = TROUBLESHOOTING
    answers = {"tried_already": "A weekly call. " + "x" * 2000}
    described = buttons.description_from(workflow, "prompt:tried_already", answers, {})
    assert described.startswith("A weekly call.")
    assert len(described) == buttons.ACTION_MAX_LENGTH
    assert buttons.description_from(workflow, "prompt:lto_view", answers, {}) == ""
    assert buttons.description_from(workflow, "question:q1", answers, {}) == ""


@pytest.fixture
def rep(make_person):
    person = make_person(role=Role.FACILITATOR)
    return Viewer(person_id=person.id, role=Role.FACILITATOR)


def test_one_operation_saves_answers_marks_the_step_and_moves_on(app, make_review, rep):
    review = make_review("troubleshooting")
    workflow = workflow_named("troubleshooting")
    step = workflow.step("what_is_happening")
    save = StepSave(
        workflow.step("ratings"),
        answers={"tried_already": "A weekly call"},
        versions={},
        done=True,
    )
    save_step(review, step, save, by=rep)
    db.session.commit()
    assert review.current_step == "ratings"
    assert {p.step_key: p.state for p in review.step_progress} == {
        "what_is_happening": StepState.DONE
    }
    summaries = db.session.scalars(db.select(AuditEntry.summary)).all()
    assert any("what_is_happening" in summary for summary in summaries)


def test_a_skip_is_kept_with_its_reason(app, make_review, rep):
    review = make_review("troubleshooting")
    workflow = workflow_named("troubleshooting")
    step = workflow.step("ground_rules")
    save = StepSave(workflow.step("what_is_happening"), skip_reason="Known already")
    save_step(review, step, save, by=rep)
    (progress,) = review.step_progress
    assert (progress.state, progress.skip_reason) == (
        StepState.SKIPPED,
        "Known already",
    )


def test_a_conflict_stops_before_the_step_is_marked_or_moved(app, make_review, rep):
    review = make_review("troubleshooting")
    workflow = workflow_named("troubleshooting")
    step = workflow.step("what_is_happening")
    save_step_answers(review, step, {"tried_already": "Theirs"}, {}, by=rep)
    db.session.commit()
    save = StepSave(
        workflow.step("ratings"),
        answers={"tried_already": "Mine"},
        versions={"tried_already": None},
        done=True,
    )
    with pytest.raises(AnswerConflict):
        save_step(review, step, save, by=rep)
    assert review.step_progress == []
    assert review.current_step != "ratings"
