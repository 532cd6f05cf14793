"""The action log, carrying actions forward, the timeline, due reviews and exports."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from sqlalchemy import event, select

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions.models import Action, ActionStatus, ActionUpdate
from ltoapp.actions.operations import add_action
from ltoapp.actions.queries import overdue_on
from ltoapp.actions.rules import is_overdue
from ltoapp.audit.models import AuditEntry
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Anonymity, ReviewStatus, Side
from tests.conftest import sign_in


def agree(review) -> None:
    review.status = ReviewStatus.AGREED
    review.join_code = None
    db.session.commit()


@pytest.fixture
def story(make_relationship, make_review, make_person):
    """Review 1 agreed three actions; review 2 of the same relationship is open."""
    relationship = make_relationship(started_on=date(2020, 1, 1))
    first = make_review(relationship=relationship, held_on=date(2024, 3, 1))
    actions = [
        add_action(
            first, "Agree the spending report dates", Side.LTO, "Sam", by=ANONYMOUS
        ),
        add_action(
            first, "Write the decision-making guide", Side.PARTNERSHIP, by=ANONYMOUS
        ),
        add_action(
            first,
            "Try a newsletter",
            Side.NEUTRAL,
            due_on=date(2024, 6, 1),
            by=ANONYMOUS,
        ),
    ]
    db.session.commit()
    agree(first)
    second = make_review(relationship=relationship, held_on=date(2024, 9, 1))
    facilitator = make_person(
        role=Role.FACILITATOR, name="Ruth", facilitates=(relationship,)
    )
    return relationship, first, second, actions, facilitator


def decide(client, review, action, **data):
    form = {f"action-{action.id}-{key}": value for key, value in data.items()}
    form.setdefault(f"action-{action.id}-version", str(action.version))
    return client.post(f"/reviews/{review.id}/carried/{action.id}", data=form)


def test_a_later_review_decides_what_happened_to_each_carried_action(client, story):
    _relationship, _first, second, actions, facilitator = story
    sign_in(client, facilitator)
    page = client.get(f"/reviews/{second.id}/steps/open_actions").get_data(as_text=True)
    assert page.count("no decision yet") == 3
    done, carried, dropped = actions

    assert decide(client, second, done, decision="done").status_code == 302
    response = decide(
        client, second, carried, decision="carried", due_on="2025-01-31", note=""
    )
    assert response.status_code == 302
    assert response.location.endswith(f"#action-{carried.id}")
    decide(client, second, dropped, decision="dropped", note="Nobody had time")

    assert [a.status for a in actions] == [
        ActionStatus.DONE,
        ActionStatus.OPEN,
        ActionStatus.DROPPED,
    ]
    assert carried.due_on == date(2025, 1, 31)
    assert all(a.updates[-1].review_id == second.id for a in actions)
    assert actions[0].updates[-1].person_label == "Ruth (facilitator)"
    page = client.get(f"/reviews/{second.id}/steps/open_actions").get_data(as_text=True)
    assert "no decision yet" not in page
    assert "3 of 3 decided" in page
    # The record of review 2 shows the decisions; the dropped one says why.
    record = client.get(f"/reviews/{second.id}/record").get_data(as_text=True)
    assert "Still open, with a new date</strong>, now due 31 January 2025" in record
    assert "Dropped</strong> – Nobody had time" in record
    # The audit trail has every change.
    summaries = db.session.scalars(select(AuditEntry.summary)).all()
    assert any("Action dropped: Try a newsletter" in s for s in summaries)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose what happened to the action."),
        ({"decision": "carried"}, "Enter the new date for the action still open."),
        ({"decision": "dropped", "note": "  "}, "Say why the action is dropped."),
        ({"decision": "later"}, "Not a valid choice."),
        ({"decision": "carried", "due_on": "31/02/2025"}, "Not a valid date value."),
    ],
)
def test_bad_decisions_are_refused_with_the_reason(client, story, data, message):
    _relationship, _first, second, actions, facilitator = story
    sign_in(client, facilitator)
    response = decide(client, second, actions[2], **data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert actions[2].status is ActionStatus.OPEN
    assert db.session.scalar(select(ActionUpdate.id)) is None


def test_undecided_actions_are_listed_at_next_steps_and_carried_again(
    client, story, make_review
):
    relationship, _first, second, actions, facilitator = story
    sign_in(client, facilitator)
    decide(client, second, actions[0], decision="done")
    page = client.get(f"/reviews/{second.id}/steps/next_steps").get_data(as_text=True)
    assert "Carried actions with no decision yet" in page
    assert "Write the decision-making guide" in page
    assert "Agree the spending report dates</li>" not in page
    agree(second)
    third = make_review(relationship=relationship, held_on=date(2025, 3, 1))
    page = client.get(f"/reviews/{third.id}/steps/open_actions").get_data(as_text=True)
    assert "Write the decision-making guide" in page
    assert "Try a newsletter" in page
    assert "Agree the spending report dates" not in page
    # The agreed review's record still shows what it decided and what it did not.
    record = client.get(f"/reviews/{second.id}/record").get_data(as_text=True)
    assert "Agree the spending report dates" in record
    assert record.count("no decision recorded") == 2


def test_decisions_need_the_review_open_and_the_action_carried(client, story):
    _relationship, first, second, actions, facilitator = story
    sign_in(client, facilitator)
    new = add_action(second, "Something new", Side.LTO, by=ANONYMOUS)
    db.session.commit()
    assert decide(client, second, new, decision="done").status_code == 404
    # An agreed review says so (409), with a link to its record.
    assert decide(client, first, actions[0], decision="done").status_code == 409


def test_the_action_log_filters_and_shows_where_each_came_from(client, story):
    relationship, _first, second, actions, facilitator = story
    actions[1].source_question_key = "networks"
    db.session.commit()
    sign_in(client, facilitator)
    url = f"/relationships/{relationship.id}/actions"
    page = client.get(url).get_data(as_text=True)
    assert "3 actions." in page
    assert "Regular review of 1 March 2024 · Question 7: Networks" in page
    page = client.get(f"{url}?owner=lto").get_data(as_text=True)
    assert "1 action match" in page and "Agree the spending report dates" in page
    page = client.get(f"{url}?status=done").get_data(as_text=True)
    assert "0 actions match" in page and "No actions match" in page
    page = client.get(f"{url}?review={second.id}").get_data(as_text=True)
    assert "0 actions match" in page
    # Nonsense filters are ignored, not errors.
    response = client.get(f"{url}?status=lost&owner=x&review=abc")
    assert response.status_code == 200
    assert "3 actions." in response.get_data(as_text=True)


def test_changing_an_action_records_its_history(client, story):
    _relationship, _first, _second, actions, facilitator = story
    sign_in(client, facilitator)
    action = actions[0]
    response = client.post(
        f"/actions/{action.id}",
        data={"status": "in_progress", "note": "Draft sent", "version": "1"},
    )
    assert response.status_code == 302
    assert action.status is ActionStatus.IN_PROGRESS and action.version == 2
    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Open → In progress" in page and "Draft sent" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "dropped", "version": "1"}, "Say why the action is dropped."),
        (
            {"status": "open", "version": "1"},
            "Change the status or the date, or add a note.",
        ),
        ({"status": "finished", "version": "1"}, "Not a valid choice."),
        ({"version": "1"}, "Choose where the action is now."),
    ],
)
def test_bad_changes_are_refused_and_the_values_kept(client, story, data, message):
    _relationship, _first, _second, actions, facilitator = story
    sign_in(client, facilitator)
    response = client.post(f"/actions/{actions[0].id}", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert actions[0].status is ActionStatus.OPEN


def test_a_stale_save_is_refused_showing_both_versions(client, story, make_person):
    relationship, _first, _second, actions, facilitator = story
    action = actions[0]
    sign_in(client, facilitator)
    client.post(
        f"/actions/{action.id}",
        data={"status": "done", "note": "Dates agreed in May", "version": "1"},
    )
    other = make_person(name="Maureen", member_of=(relationship.partnership,))
    sign_in(client, other)
    response = client.post(
        f"/actions/{action.id}",
        data={"status": "in_progress", "note": "Still chasing", "version": "1"},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this action" in page
    assert "Dates agreed in May" in page and "Still chasing" in page
    assert 'name="version" type="hidden" value="2"' in page
    assert action.status is ActionStatus.DONE
    assert len(action.updates) == 1


def test_the_owner_is_chosen_from_the_people_of_the_relationship(
    client, story, make_person
):
    relationship, _first, second, _actions, facilitator = story
    maureen = make_person(name="Maureen", member_of=(relationship.partnership,))
    make_person(name="Outsider")
    sign_in(client, facilitator)
    page = client.get(f"/reviews/{second.id}/steps/next_steps").get_data(as_text=True)
    assert ">Maureen</option>" in page and "Outsider" not in page
    response = client.post(
        f"/reviews/{second.id}/actions",
        data={
            "description": "Book the hall",
            "owner_side": "partnership",
            "owner_person_id": str(maureen.id),
            "due_on": "2024-10-01",
        },
    )
    assert response.status_code == 302
    action = db.session.scalar(select(Action).filter_by(description="Book the hall"))
    assert action.owner_person == maureen and action.owner_name == "Maureen"
    bad = client.post(
        f"/reviews/{second.id}/actions",
        data={"description": "X", "owner_side": "lto", "owner_person_id": "999"},
    )
    assert bad.status_code == 422
    # Maureen's home page lists it, overdue in words.
    sign_in(client, maureen)
    home = client.get("/").get_data(as_text=True)
    assert "Book the hall" in home and "Overdue: was due 1 October 2024" in home
    assert "Regular review of" in home


def test_the_timeline_tells_the_story_in_order(client, story, make_person):
    relationship, _first, second, actions, facilitator = story
    sign_in(client, facilitator)
    decide(client, second, actions[0], decision="done")
    page = client.get(f"/relationships/{relationship.id}/timeline").get_data(
        as_text=True
    )
    order = [
        "The relationship started",
        "1 March 2024",
        "Agree the spending report dates</a> – now done",
        "1 September 2024",
        "Action done:",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_the_timeline_shows_the_change_of_lto_and_the_lessons(
    client, make_relationship, make_partnership, make_review, admin_client
):
    partnership = make_partnership(name="Riverside")
    old = make_relationship(
        partnership=partnership,
        started_on=date(2013, 1, 1),
        ended_on=date(2019, 3, 31),
    )
    new = make_relationship(partnership=partnership, started_on=date(2019, 4, 1))
    exit_interview = make_review("exit_interview", relationship=old)
    exit_interview.held_on = date(2019, 3, 1)
    review_operations.save_step_answers.__globals__["PromptAnswer"]
    from ltoapp.reviews.models import PromptAnswer

    exit_interview.prompt_answers.append(
        PromptAnswer(
            step_key="lessons",
            prompt_key="lessons_for_next_lto",
            answer="Meet monthly in the first year.",
        )
    )
    agree(exit_interview)
    page = admin_client.get(f"/relationships/{new.id}/timeline").get_data(as_text=True)
    assert "changed LTO" in page and "Meet monthly in the first year." in page
    assert f'href="/relationships/{old.id}"' in page
    page = admin_client.get(f"/relationships/{old.id}/timeline").get_data(as_text=True)
    assert "moved to a new LTO" in page and "The relationship ended" in page


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize(
    ("anonymity", "participants", "individual"),
    [
        (Anonymity.NAMED, {"Maureen", "Person 2", "Person 3"}, True),
        (Anonymity.ANONYMOUS, {"Person 1", "Person 2", "Person 3"}, True),
        (Anonymity.AGGREGATES, {"everyone (aggregate)"}, False),
    ],
)
def test_ratings_leave_the_app_only_as_each_review_allows(
    admin_client, make_review, make_response, anonymity, participants, individual
):
    review = make_review()
    review.anonymity = anonymity
    db.session.commit()
    make_response(review, display_name="Maureen", now={"confidence": 7})
    make_response(review, side=Side.LTO, now={"confidence": 9, "skills": None})
    url = f"/relationships/{review.relationship_id}"
    if not individual:
        # Two people are no group: either would read the other's rating.
        assert rows(admin_client.get(f"{url}/ratings.csv")) == []
    make_response(review, now={"confidence": 8})
    response = admin_client.get(f"{url}/ratings.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    found = rows(response)
    assert {row["participant"] for row in found} == participants
    if individual:
        assert {row["rating"] for row in found} == {"7", "8", "9", "don't know"}
    else:
        (confidence,) = [r for r in found if r["question"] == "confidence"]
        assert confidence["median"] == "8" and confidence["rating"] == ""
        # The sides are too small to show, so everyone's ends and spread
        # would give them away: the median alone leaves.
        assert confidence["lowest"] == confidence["highest"] == ""
        assert confidence["spread"] == ""
    document = json.loads(admin_client.get(f"{url}/relationship.json").data)
    (exported,) = document["reviews"]
    assert exported["participants_by_side"] == {
        "partnership": 2,
        "lto": 1,
        "neutral": 0,
    }
    text = json.dumps(document)
    assert ("Maureen" in text) is (anonymity is Anonymity.NAMED)
    assert (exported["responses"] is None) is (not individual)


def test_actions_download_with_their_history(client, story):
    relationship, _first, second, actions, facilitator = story
    sign_in(client, facilitator)
    decide(client, second, actions[2], decision="dropped", note="No time")
    found = rows(client.get(f"/relationships/{relationship.id}/actions.csv"))
    assert [row["action"] for row in found] == [a.description for a in actions]
    assert found[2]["status"] == "dropped"
    assert "open -> dropped (No time)" in found[2]["history"]
    document = client.get(f"/relationships/{relationship.id}/relationship.json").json
    history = document["reviews"][0]["actions"][2]["history"]
    assert history[0]["decided_in_review_id"] == second.id


def count_statements(app, url, client) -> int:
    statements = []

    def count(*args) -> None:
        statements.append(args)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_pages_read_a_fixed_number_of_statements(
    app, admin_client, make_relationship, make_review
):
    relationship = make_relationship()

    def grow(number: int) -> None:
        for index in range(number):
            review = make_review(
                relationship=relationship, held_on=date(2021, 1, 1 + index % 28)
            )
            add_action(
                review,
                f"Action {index}",
                Side.LTO,
                due_on=date(2022, 1, 1),
                by=ANONYMOUS,
            )
            make_relationship(started_on=date(2019, 1, 1 + index % 28))
            agree(review)

    urls = [
        f"/relationships/{relationship.id}/actions",
        f"/relationships/{relationship.id}/timeline",
        f"/relationships/{relationship.id}/actions.csv",
        f"/relationships/{relationship.id}/relationship.json",
        "/reviews/due",
        "/programme",
    ]
    grow(3)
    few = {url: count_statements(app, url, admin_client) for url in urls}
    grow(57)
    many = {url: count_statements(app, url, admin_client) for url in urls}
    assert few == many


def test_demo_due_list_and_programme_overview(runner, app, make_person):
    """Counts worked out by hand from ltoapp/demo/, on 15 January 2025.

    Current relationships and when their next review is due:
    Westfield (set to 19 September 2024: overdue), Riverside with the Hub
    (2 November 2022 + 6 months: overdue), Northmoor (21 June 2023 + 6
    months: overdue), Hilltop (set to 30 September 2025: not due yet).
    """
    app.config["TODAY"] = date(2025, 1, 15)
    runner.invoke(args=["demo", "load"])
    client = app.test_client()
    sign_in(client, make_person(role=Role.ADMINISTRATOR))
    page = client.get("/reviews/due").get_data(as_text=True)
    assert "<strong>3</strong> of 4 relationships are overdue" in page
    assert page.count("<td>Overdue</td>") == 3
    assert page.count("<td>Not due yet</td>") == 1

    page = client.get("/programme").get_data(as_text=True)

    def count(name: str) -> str:
        return re.search(rf'data-count="{name}">(\d+)<', page).group(1)

    assert (count("current"), count("ended"), count("overdue")) == ("4", "1", "3")
    # Open actions: the LTO owns the forum introduction (in progress, carried
    # to 30 June 2024), the skills session and the room bookings; the
    # partnership owns the decision-making note and the legacy conversation.
    # All are past their dates on 15 January 2025.
    assert (count("open-lto"), count("overdue-lto")) == ("3", "3")
    assert (count("open-partnership"), count("overdue-partnership")) == ("2", "2")
    assert (count("open-neutral"), count("overdue-neutral")) == ("0", "0")
    # Ten agreed reviews: nine regular reviews and one exit interview.
    done = re.findall(r'<td class="numeric">(\d+)</td>', page)
    assert sum(int(n) for n in done) == 10
    assert "2019 Q1" in page and "Exit interview" in page


def test_a_facilitator_sees_only_their_relationships_due(runner, client):
    runner.invoke(args=["demo", "load"])
    from ltoapp.accounts.operations import person_by_email

    sign_in(client, person_by_email("rep@example.org"))
    page = client.get("/reviews/due").get_data(as_text=True)
    assert "Westfield Big Local and Westfield Community Trust" in page
    assert "Riverside Together and Riverside Community Hub" in page
    assert "Northmoor" not in page and "Hilltop" not in page


def test_the_database_counts_as_overdue_exactly_what_the_rule_does(make_review):
    today = date(2025, 3, 14)
    review = make_review()
    cases = [
        (status, due_on)
        for status in ActionStatus
        for due_on in (date(2025, 3, 13), today, date(2025, 3, 15), None)
    ]
    for status, due_on in cases:
        action = add_action(
            review, f"{status.value} {due_on}", Side.LTO, due_on=due_on, by=ANONYMOUS
        )
        action.status = status
    db.session.commit()

    by_rule = {
        action.id
        for action in db.session.scalars(select(Action))
        if is_overdue(action.status, action.due_on, today)
    }
    in_database = set(db.session.scalars(select(Action.id).where(overdue_on(today))))

    assert in_database == by_rule
    assert len(by_rule) == 2  # open and in progress, due yesterday
