"""The due list: the dates the rule gives, ordered, paged and counted.

``reports.queries`` orders, pages and counts next reviews by the date kept on
each relationship (``reviews.schedule``), so that the due list, the home and
the overview cost the same at any programme size; the rule itself is
``relationships.rules.next_review_due``. These tests hold the lists to the
rule on generated histories, on SQLite and (with LTOAPP_TEST_DATABASE_URL)
PostgreSQL; tests/test_schedule.py holds the kept date to it through changes.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import true

from ltoapp.accounts.models import Role
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.relationships.rules import next_review_due
from ltoapp.reports import queries as report_queries
from ltoapp.reports.queries import (
    due_page,
    due_reviews,
    due_summary,
    programme_overview,
)
from ltoapp.reports.rules import Timing, review_timing
from ltoapp.reviews.models import Review, ReviewStatus
from tests.conftest import sign_in

TODAY = date(2026, 3, 15)
#: Each example leaves the database as it found it (it rolls back), so the
#: app fixture serves them all.
examples = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
days = st.dates(date(2018, 1, 1), date(2027, 12, 31))


review_histories = st.lists(
    st.tuples(days, st.one_of(st.none(), days), st.booleans()), max_size=5
)
programmes = st.lists(st.tuples(days, review_histories), min_size=1, max_size=5)


def _load(programme: list) -> dict[int, tuple[date, list, bool]]:
    """Add relationships with their reviews; return what the rule is given."""
    partnership = Partnership(name="Partnership")
    db.session.add(partnership)
    expected = {}
    for number, (started_on, history) in enumerate(programme):
        lto = LTO(name=f"LTO {number}")
        relationship = Relationship(
            partnership=partnership, lto=lto, started_on=started_on
        )
        db.session.add(relationship)
        db.session.flush()
        agreed, under_way = [], False
        # Held in any order; the rule reads them by date, then as created.
        for held_on, next_on, is_agreed in history:
            status = ReviewStatus.AGREED if is_agreed else ReviewStatus.OPEN
            review = Review(
                relationship_id=relationship.id,
                workflow="regular_review",
                held_on=held_on,
                status=status,
                next_review_on=next_on,
            )
            db.session.add(review)
            db.session.flush()
            if is_agreed:
                agreed.append((held_on, review.id, next_on))
            under_way |= not is_agreed
        in_order = [(held, next_on) for held, _, next_on in sorted(agreed)]
        expected[relationship.id] = (started_on, in_order, under_way)
    return expected


@examples
@given(programme=programmes)
def test_the_database_works_out_each_next_review_as_the_rule_does(app, programme):
    try:
        expected = _load(programme)
        due = due_reviews(true(), TODAY)
        wanted = {}
        for relationship_id, (started_on, agreed, under_way) in expected.items():
            due_on = next_review_due(started_on, agreed)
            timing = review_timing(due_on, TODAY, under_way)
            last = max((held for held, _ in agreed), default=None)
            wanted[relationship_id] = (due_on, timing, last)
        assert {
            d.relationship.id: (d.due_on, d.timing, d.last_agreed_on) for d in due
        } == wanted
        # Soonest first, the relationship's id settling a tie.
        assert [d.relationship.id for d in due] == sorted(
            wanted, key=lambda rid: (wanted[rid][0], rid)
        )
        overdue = sum(t is Timing.OVERDUE for _, t, _ in wanted.values())
        summary = due_summary(true(), TODAY, first=2)
        assert (summary.current_relationships, summary.overdue) == (
            len(wanted),
            overdue,
        )
        page = due_page(true(), TODAY, 1)
        assert (page.current_relationships, page.overdue) == (len(wanted), overdue)
        assert [d.relationship.id for d in page.listed.items] == [
            d.relationship.id for d in due
        ]
    finally:
        db.session.rollback()


def test_an_ended_relationship_is_not_due(app, make_relationship):
    ended = make_relationship(started_on=date(2020, 1, 1))
    ended.ended_on = date(2021, 1, 1)
    current = make_relationship(started_on=date(2020, 1, 1))
    db.session.commit()
    assert [d.relationship.id for d in due_reviews(true(), TODAY)] == [current.id]
    page = due_page(true(), TODAY, 1)
    assert (page.current_relationships, page.overdue) == (1, 1)


@pytest.fixture
def twelve_due(make_relationship):
    """Twelve current relationships, due a month apart, the first overdue."""
    started = [TODAY - relativedelta(months=6) - timedelta(days=1)]
    started += [TODAY + relativedelta(months=n) for n in range(-5, 6)]
    return [make_relationship(started_on=day).id for day in started]


def _listed(client, query: str) -> tuple[str, list[int]]:
    """The due page, and the relationships its table lists, in order."""
    page = client.get(f"/reviews/due{query}").get_data(as_text=True)
    table = page[page.index('id="due-caption"') :]
    ids = [
        int(chunk.split('"')[0]) for chunk in table.split('href="/relationships/')[1:]
    ]
    return page, ids


def test_the_due_list_comes_in_pages_soonest_first(
    app, client, make_person, twelve_due, monkeypatch
):
    monkeypatch.setattr(report_queries, "DUE_PER_PAGE", 5)
    app.config["TODAY"] = TODAY
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    seen = []
    for number in (1, 2, 3):
        page, ids = _listed(client, f"?page={number}")
        assert len(ids) == (5 if number < 3 else 2)
        assert f"Page {number} of 3" in page
        assert ("Next 5" in page) == (number < 3)
        assert ("Previous 5" in page) == (number > 1)
        # Every page counts the whole list, not the page.
        assert "<strong>1</strong> of 12 relationships is overdue" in page
        seen += ids
    # Each relationship once, in the order of when its review is due.
    assert seen == twelve_due
    assert f"{5 + 1} to 10 of 12, soonest first" in _listed(client, "?page=2")[0]
    # Past the end is the last page; not a number, the first; huge is a page.
    assert _listed(client, "?page=9")[1] == _listed(client, "?page=3")[1]
    assert _listed(client, "?page=soon")[1] == _listed(client, "?page=1")[1]
    for query in (f"?page={10**30}", "?page=-3", "?page=0"):
        response = client.get(f"/reviews/due{query}")
        assert response.status_code == 200
        assert "<strong>1</strong> of 12" in response.get_data(as_text=True)


def test_a_short_due_list_has_no_pages(app, client, make_person, twelve_due):
    app.config["TODAY"] = TODAY
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    page, ids = _listed(client, "")
    assert len(ids) == 12 and "Page 1 of" not in page and 'rel="next"' not in page


def test_no_current_relationships_says_so(app, client, make_person):
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    for query in ("", "?page=4"):
        page = client.get(f"/reviews/due{query}").get_data(as_text=True)
        assert "<strong>0</strong> of 0 relationships are overdue" in page
        assert "There are no current relationships for you to follow up." in page


def test_of_two_reviews_agreed_the_same_day_the_later_decides(app, make_relationship):
    relationship = make_relationship(started_on=date(2020, 1, 1))
    for next_on in (date(2026, 1, 1), date(2026, 6, 1)):
        db.session.add(
            Review(
                relationship=relationship,
                workflow="regular_review",
                held_on=date(2025, 10, 1),
                status=ReviewStatus.AGREED,
                next_review_on=next_on,
            )
        )
    db.session.commit()
    db.session.expire_all()
    agreed = [(r.held_on, r.next_review_on) for r in relationship.reviews]
    assert next_review_due(relationship.started_on, agreed) == date(2026, 6, 1)
    assert due_reviews(true(), TODAY)[0].due_on == date(2026, 6, 1)


def test_the_overview_gathers_agreed_reviews_into_quarters(app, make_relationship):
    relationship = make_relationship(started_on=date(2020, 1, 1))
    held = [date(2024, 1, 2), date(2024, 3, 31), date(2024, 4, 1), date(2024, 4, 1)]
    for day in [*held, date(2024, 5, 5)]:
        db.session.add(
            Review(
                relationship=relationship,
                workflow="regular_review",
                held_on=day,
                status=ReviewStatus.AGREED if day in held else ReviewStatus.OPEN,
            )
        )
    db.session.commit()
    overview = programme_overview(["regular_review"], TODAY)
    assert overview.reviews_done == {
        ("2024 Q1", "regular_review"): 2,
        ("2024 Q2", "regular_review"): 2,
    }
    assert overview.quarters == ["2024 Q1", "2024 Q2"]
    # Under way, so not overdue, though its due date has passed.
    assert overview.reviews_overdue == 0
