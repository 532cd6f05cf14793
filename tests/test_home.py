"""Each role's home answers "what is mine, what is next", with the demo data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, true

from ltoapp.accounts.models import Person, Role
from ltoapp.accounts.viewer import ANONYMOUS, Viewer
from ltoapp.extensions import db
from ltoapp.formatting import next_review_in_words, span_in_words
from ltoapp.pages import queries as home_queries
from ltoapp.permissions import may_see_due_reviews, runs_reviews_of
from ltoapp.relationships.models import Relationship
from ltoapp.reports.queries import due_reviews, due_summary
from ltoapp.reports.rules import Timing
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Side
from ltoapp.workflows.registry import workflow_named
from tests.conftest import sign_in

DEMO_DAY = date(2025, 9, 20)
HILLTOP = "Hilltop Big Local and Northmoor Council for Voluntary Service"
WESTFIELD = "Westfield Big Local and Westfield Community Trust"


@pytest.mark.parametrize(
    ("earlier", "later", "words"),
    [
        (date(2025, 9, 19), date(2025, 9, 20), "1 day"),
        (date(2025, 9, 10), date(2025, 9, 20), "10 days"),
        (date(2025, 9, 1), date(2025, 9, 20), "2 weeks"),
        (date(2025, 7, 1), date(2025, 9, 20), "2 months"),
        (date(2024, 9, 19), date(2025, 9, 20), "12 months"),
        (date(2023, 5, 2), date(2025, 9, 20), "2 years"),
    ],
)
def test_spans_are_said_as_people_say_them(earlier, later, words):
    assert span_in_words(earlier, later) == words


@pytest.mark.parametrize(
    ("due_on", "timing", "words"),
    [
        (date(2025, 9, 30), Timing.DUE_SOON, "Due 30 September 2025, in 10 days"),
        (DEMO_DAY, Timing.DUE_SOON, "Due today"),
        (
            date(2024, 9, 19),
            Timing.OVERDUE,
            "Overdue: was due 19 September 2024, 12 months ago",
        ),
        (date(2024, 9, 19), Timing.UNDER_WAY, "A review is under way"),
    ],
)
def test_the_next_review_is_said_in_words(due_on, timing, words):
    assert next_review_in_words(due_on, timing, DEMO_DAY) == words


class _Relationship:
    def __init__(self, id: int) -> None:
        self.id, self.partnership_id, self.lto_id = id, 100 + id, 200 + id


def test_only_an_assigned_facilitator_runs_a_relationships_reviews():
    rep = Viewer(person_id=1, role=Role.FACILITATOR, facilitated_relationship_ids={3})
    admin = Viewer(person_id=2, role=Role.ADMINISTRATOR)
    member = Viewer(person_id=3, role=Role.MEMBER, partnership_ids=frozenset({103}))
    assert runs_reviews_of(rep, _Relationship(3))
    assert not runs_reviews_of(rep, _Relationship(4))
    assert not runs_reviews_of(admin, _Relationship(3))
    assert not runs_reviews_of(member, _Relationship(3))


def test_everyone_signed_in_may_see_the_due_list_of_their_relationships():
    assert may_see_due_reviews(Viewer(person_id=3, role=Role.MEMBER))
    assert not may_see_due_reviews(Viewer())


@pytest.fixture
def demo(runner, app):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    app.config["TODAY"] = DEMO_DAY


def home_of(client, email: str) -> str:
    sign_in(client, db.session.scalar(select(Person).filter_by(email=email)))
    return client.get("/").get_data(as_text=True)


def section(page: str, heading: str) -> str:
    """The text of a home page's panel, from its heading to the next panel."""
    start = page.index(f">{heading}</h3>")
    end = page.find("<h3", start + 1)
    return page[start : end if end != -1 else len(page)]


def test_a_treasurers_home_says_when_their_review_is_due(demo, client):
    home = home_of(client, "hilltop@example.org")
    mine = section(home, "Your relationships")
    assert HILLTOP in mine
    assert "Due 30 September 2025, in 10 days" in mine
    assert "Last review:" in mine and "Regular review, 12 September 2023" in mine


def test_a_chairs_home_says_the_review_is_overdue_and_lists_her_actions(demo, client):
    home = home_of(client, "chair@example.org")
    assert "Overdue: was due 19 September 2024, 12 months ago" in section(
        home, "Your relationships"
    )
    actions = section(home, "Actions you own")
    # By due date: the 2023 review's action before the 2024 one's.
    assert actions.index("Write down how the partnership decides") < actions.index(
        "Start the legacy conversation"
    )
    assert "Overdue: was due 28 March 2023" in actions


def test_a_reps_home_shows_due_reviews_running_reviews_and_overdue_actions(
    demo, client
):
    westfield = db.session.scalar(
        select(Relationship).where(Relationship.started_on == date(2014, 5, 1))
    )
    review = review_operations.start_review(
        westfield, DEMO_DAY, workflow_named("regular_review"), by=ANONYMOUS
    )
    for side in (Side.PARTNERSHIP, Side.LTO):
        review_operations.record_response(
            review, side, None, {}, {}, None, by=ANONYMOUS
        )
    db.session.commit()
    home = home_of(client, "rep@example.org")
    facilitated = section(home, "Relationships you facilitate")
    assert WESTFIELD in facilitated and "A review is under way" in facilitated
    assert "Riverside Together and Riverside Community Hub" in facilitated
    assert "Overdue: was due 2 May 2023, 2 years ago" in facilitated
    # The ended relationship with the council has no next review.
    assert "Riverside Council Community Team" not in facilitated
    running = section(home, "Reviews you are running")
    assert f"Regular review of {WESTFIELD}" in running
    assert "2 people have answered" in running
    assert ">Reviews to join</h3>" not in home
    overdue = section(home, "Overdue actions in the relationships you facilitate")
    for description in (
        "Write down how the partnership decides",
        "Introduce the partnership to the council",
        "Plan a skills session",
        "Start the legacy conversation",
        "Draft an agreement for the partnership",
    ):
        assert description in overdue


def test_an_administrators_home_adds_the_due_list(demo, client, make_person):
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    home = client.get("/").get_data(as_text=True)
    due = section(home, "Reviews due")
    # Westfield, Riverside with the Hub and Northmoor overdue; Hilltop soon.
    assert "<strong>3</strong> of 4 current relationships are overdue" in due
    assert "See every review due" in due
    assert "Add a partnership" in home


@pytest.mark.parametrize("first", [0, 1, 3, 4, 10])
def test_the_due_summary_is_the_head_of_the_due_list(demo, app, first):
    """The home's summary loads only the relationships it shows: it must still
    count and order them exactly as the whole due list does."""
    today = DEMO_DAY
    with app.app_context():
        whole = due_reviews(true(), today)
        summary = due_summary(true(), today, first=first)
        assert summary.current_relationships == len(whole) == 4
        assert summary.overdue == sum(r.timing is Timing.OVERDUE for r in whole)
        assert [(r.relationship.id, r.due_on, r.timing) for r in summary.soonest] == [
            (r.relationship.id, r.due_on, r.timing) for r in whole[:first]
        ]
        assert all(r.relationship.partnership.name for r in summary.soonest)


def test_an_administrators_home_lists_the_soonest_reviews_first(
    demo, client, make_person, monkeypatch
):
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    due = section(client.get("/").get_data(as_text=True), "Reviews due")
    # Westfield has been overdue for months; Hilltop's review is only soon.
    assert WESTFIELD in due and HILLTOP in due
    assert due.index(WESTFIELD) < due.index(HILLTOP)
    monkeypatch.setattr(home_queries, "PROGRAMME_DUE_SHOWN", 1)
    due = section(client.get("/").get_data(as_text=True), "Reviews due")
    assert due.count("<li>") == 1 and HILLTOP not in due
    assert "<strong>3</strong> of 4 current relationships are overdue" in due


def test_a_member_sees_the_due_list_of_their_own_relationships(demo, client):
    home_of(client, "hilltop@example.org")
    response = client.get("/reviews/due")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert HILLTOP in page and "30 September 2025" in page
    assert "Westfield" not in page and "Northmoor Big Local" not in page


def test_an_administrators_list_of_relationships_comes_in_pages(
    demo, client, make_person, monkeypatch
):
    monkeypatch.setattr(home_queries, "RELATIONSHIPS_PER_PAGE", 2)
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    every = db.session.scalars(select(Relationship)).all()
    pages = (len(every) + 1) // 2
    assert pages >= 2

    def listed(query: str) -> tuple[str, list[int]]:
        page = client.get(f"/{query}").get_data(as_text=True)
        cards = page[page.index('id="relationships"') :]
        return cards, [r.id for r in every if f'/relationships/{r.id}"' in cards]

    seen: list[int] = []
    for number in range(1, pages + 1):
        cards, ids = listed(f"?page={number}")
        assert len(ids) == (2 if number < pages else len(every) - 2 * (pages - 1))
        assert f"Page {number} of {pages}" in cards
        assert ("Next 2" in cards) == (number < pages)
        assert ("Previous 2" in cards) == (number > 1)
        seen += ids
    # Every relationship once, across the pages.
    assert sorted(seen) == sorted(r.id for r in every)
    # A page past the end is the last page; one that is not a number, the first.
    assert listed(f"?page={pages + 5}")[1] == listed(f"?page={pages}")[1]
    assert listed("?page=first")[1] == listed("?page=1")[1]
    assert client.get(f"/?page={10**30}").status_code == 200
    assert client.get("/?page=-3").status_code == 200


def test_a_member_in_few_relationships_sees_them_without_pages(demo, client):
    page = home_of(client, "hilltop@example.org")
    cards = page[page.index('id="relationships"') :]
    assert HILLTOP.split(" and ")[0] in cards
    assert "Page 1 of" not in cards and "Next" not in cards
