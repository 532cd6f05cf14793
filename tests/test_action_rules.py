"""The pure rules of the action log and of reviews coming round on time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from ltoapp.actions.models import ActionStatus
from ltoapp.actions.rules import (
    Decision,
    carry_forward,
    change_problems,
    decision_outcome,
    is_overdue,
)
from ltoapp.actions.wording import due_in_words
from ltoapp.relationships.rules import default_next_review_on, next_review_due
from ltoapp.reports.rules import Timing, quarter_of, review_timing

OPEN, IN_PROGRESS, DONE, DROPPED = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.DROPPED,
)
TODAY = date(2025, 3, 14)


@pytest.mark.parametrize(
    ("status", "due_on", "overdue"),
    [
        (OPEN, date(2025, 3, 13), True),
        (IN_PROGRESS, date(2025, 1, 1), True),
        (OPEN, TODAY, False),
        (OPEN, date(2025, 3, 15), False),
        (OPEN, None, False),
        (DONE, date(2025, 1, 1), False),
        (DROPPED, date(2025, 1, 1), False),
    ],
)
def test_only_open_actions_past_their_date_are_overdue(status, due_on, overdue):
    assert is_overdue(status, due_on, TODAY) is overdue


@pytest.mark.parametrize(
    ("status", "due_on", "words"),
    [
        (OPEN, date(2025, 3, 1), "Overdue: was due 1 March 2025"),
        (OPEN, TODAY, "Due today"),
        (OPEN, date(2025, 4, 2), "Due 2 April 2025"),
        (DONE, date(2025, 3, 1), "Was due 1 March 2025"),
        (OPEN, None, "No date agreed"),
    ],
)
def test_overdue_is_said_in_words(status, due_on, words):
    assert due_in_words(status, due_on, TODAY) == words


def test_decisions_close_or_carry_an_action():
    old, new = date(2024, 6, 1), date(2025, 6, 1)
    assert decision_outcome(Decision.DONE, OPEN, old, new) == (DONE, old)
    assert decision_outcome(Decision.DROPPED, OPEN, old, None) == (DROPPED, old)
    assert decision_outcome(Decision.CARRIED, OPEN, old, new) == (OPEN, new)
    assert decision_outcome(Decision.CARRIED, IN_PROGRESS, old, new) == (
        IN_PROGRESS,
        new,
    )


def test_dropping_needs_a_reason_and_a_change_must_change_something():
    day = date(2025, 1, 1)
    assert change_problems(OPEN, DROPPED, day, day, "  ") == {
        "note": "Say why the action is dropped."
    }
    assert change_problems(OPEN, DROPPED, day, day, "No longer needed") == {}
    assert "status" in change_problems(OPEN, OPEN, day, day, None)
    assert change_problems(OPEN, OPEN, day, day, "Chased them") == {}
    assert change_problems(OPEN, OPEN, day, date(2025, 2, 1), None) == {}
    # A review deciding "still open" records the decision even with no change.
    assert change_problems(OPEN, OPEN, day, day, None, deciding=True) == {}


@dataclass
class FakeUpdate:
    action_id: int
    review_id: int | None
    to_status: ActionStatus


@dataclass
class FakeAction:
    id: int
    status: ActionStatus
    due_on: date | None = None
    updates: list[FakeUpdate] = field(default_factory=list)


def test_carry_forward_sorts_decided_from_undecided():
    carried = [
        FakeAction(1, DONE, updates=[FakeUpdate(1, 7, DONE)]),
        FakeAction(2, OPEN, updates=[FakeUpdate(2, 7, OPEN)]),
        FakeAction(3, DROPPED, updates=[FakeUpdate(3, 7, DROPPED)]),
        # Decided in an earlier review, not this one: still to decide.
        FakeAction(4, OPEN, updates=[FakeUpdate(4, 5, OPEN)]),
        FakeAction(5, IN_PROGRESS),
        # Closed from the action log since the review began.
        FakeAction(6, DONE, updates=[FakeUpdate(6, None, DONE)]),
        # Two decisions in this review: the latest counts.
        FakeAction(7, OPEN, updates=[FakeUpdate(7, 7, DONE), FakeUpdate(7, 7, OPEN)]),
    ]
    result = carry_forward(carried, review_id=7)
    assert result.decided == {
        1: Decision.DONE,
        2: Decision.CARRIED,
        3: Decision.DROPPED,
        6: Decision.DONE,
        7: Decision.CARRIED,
    }
    assert result.undecided == [4, 5]
    assert carry_forward([], 7).undecided == []


def test_the_next_review_defaults_to_six_months_after_the_last_agreed_one():
    assert default_next_review_on(date(2024, 8, 31)) == date(2025, 2, 28)
    started = date(2020, 1, 1)
    assert next_review_due(started, []) == date(2020, 7, 1)
    agreed = [(date(2023, 3, 1), None), (date(2024, 3, 1), None)]
    assert next_review_due(started, agreed) == date(2024, 9, 1)
    agreed.append((date(2024, 9, 10), date(2025, 1, 31)))
    assert next_review_due(started, agreed) == date(2025, 1, 31)
    assert next_review_due(started, agreed, months=12) == date(2025, 1, 31)
    assert next_review_due(started, agreed[:1], months=12) == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("due_on", "under_way", "timing"),
    [
        (date(2025, 3, 13), False, Timing.OVERDUE),
        (date(2025, 3, 13), True, Timing.UNDER_WAY),
        (TODAY, False, Timing.DUE_SOON),
        (date(2025, 4, 13), False, Timing.DUE_SOON),
        (date(2025, 4, 14), False, Timing.LATER),
    ],
)
def test_review_timing(due_on, under_way, timing):
    assert review_timing(due_on, TODAY, under_way) is timing


def test_quarters():
    assert quarter_of(date(2024, 1, 1)) == "2024 Q1"
    assert quarter_of(date(2024, 6, 30)) == "2024 Q2"
    assert quarter_of(date(2024, 12, 31)) == "2024 Q4"
