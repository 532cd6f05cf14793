"""Ratings over time compare like with like: the relationship's "now" only."""

from __future__ import annotations

from datetime import date

import pytest

from ltoapp.accounts.models import Role
from ltoapp.config import LABELS
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.framework.definition import FrameworkError, parse_framework
from ltoapp.reports.timeline import ratings_over_time, reviews_of
from ltoapp.reviews.models import ReviewStatus, Side
from ltoapp.workflows.registry import workflow_named
from tests.conftest import sign_in


def agree(review) -> None:
    review.status = ReviewStatus.AGREED
    db.session.commit()


@pytest.fixture
def two_reviews_one_day(make_relationship, make_review, make_response):
    """A regular review and a legacy planning held the same day, both agreed."""
    relationship = make_relationship()
    regular = make_review(
        "regular_review", relationship=relationship, held_on=date(2026, 12, 1)
    )
    legacy = make_review(
        "legacy_planning", relationship=relationship, held_on=date(2026, 12, 1)
    )
    # Three answers each: the disclosure rule shows no median of fewer.
    for value in (3, 4, 5):
        make_response(regular, Side.PARTNERSHIP, now={"confidence": value})
        make_response(legacy, Side.PARTNERSHIP, now={"confidence": value + 4})
    agree(regular)
    agree(legacy)
    return relationship, regular, legacy


def test_only_the_relationships_ratings_make_points(two_reviews_one_day):
    relationship, regular, _legacy = two_reviews_one_day
    trends = ratings_over_time(reviews_of(relationship.id), LABELS)
    confidence = next(t for t in trends if t.question_key == "confidence")
    assert confidence.points == [(regular, 4.0)]


def test_the_timeline_shows_one_row_per_review(
    two_reviews_one_day, client, make_person
):
    relationship, _regular, _legacy = two_reviews_one_day
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    page = client.get(f"/relationships/{relationship.id}/timeline").get_data(
        as_text=True
    )
    trends = page.split('id="trends-heading"')[1]
    assert trends.count("Regular review, 1 December 2026") == 10
    assert "Legacy planning, 1 December 2026" not in trends


def test_the_now_column_is_declared_in_the_framework_file():
    framework = load_framework()
    assert framework.column_for("now").key == "B"


def test_a_framework_without_a_now_column_is_refused():
    document = {
        "intro": "x",
        "other_comments": "x",
        "source": "x",
        "groups": [{"key": "g", "name": "G", "help": "h"}],
        "columns": [{"key": "B", "name": "Now", "question": "q", "colour": "#000"}],
        "questions": [{"key": "q", "group": "g", "statement": "s", "short": "s"}],
    }
    with pytest.raises(FrameworkError, match="role"):
        parse_framework(document)


@pytest.mark.parametrize(
    ("workflow", "rates"),
    [
        ("regular_review", True),
        ("troubleshooting", True),
        ("exit_interview", True),
        ("legacy_planning", False),
        ("induction", False),
    ],
)
def test_which_workflows_rate_the_relationship_now(app, workflow, rates):
    assert workflow_named(workflow).rates_relationship("B") is rates
