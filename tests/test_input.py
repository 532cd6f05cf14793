"""Issue 11: no input gives a 500, and join codes cannot be guessed.

Ids a column cannot hold, control characters in text, dates far away, odd
draft bodies, and the rate limits on every way to try a join code.
``tests/test_fuzz.py`` walks every route with all of them.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions.models import Action
from ltoapp.actions.operations import add_action
from ltoapp.extensions import db
from ltoapp.forms import Form
from ltoapp.ids import MAX_ID, parse_id
from ltoapp.relationships.models import Partnership
from ltoapp.reviews import dates
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import ResponseDraft, Review, Side
from ltoapp.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from tests.conftest import sign_in
from tests.test_reviews import error_summary

HUGE_IDS = ["99999999999999999999999", str(MAX_ID + 1), "2²", "٣"]


# 6. Ids a column cannot hold are nobody's: 404, never 500


def test_parse_id_reads_only_what_an_integer_column_holds():
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    for text in [*HUGE_IDS, "", "-1", "4 2", None, "1e3"]:
        assert parse_id(text) is None


@pytest.mark.parametrize("huge", HUGE_IDS[:2])
def test_an_id_beyond_an_integer_column_is_404(admin_client, make_review, huge):
    make_review()
    for url in (
        f"/reviews/{huge}",
        f"/relationships/{huge}",
        f"/people/{huge}",
        f"/actions/{huge}",
        f"/reviews/{huge}/results.csv",
    ):
        assert admin_client.get(url).status_code == 404, url
    assert admin_client.post(f"/reviews/{huge}/draft").status_code == 404


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_review_filter_beyond_an_integer_is_ignored(admin_client, make_review, huge):
    review = make_review()
    url = f"/relationships/{review.relationship_id}/actions?review={huge}"
    assert admin_client.get(url).status_code == 200


# 6. Text: NUL and other control characters refused, beside the field


@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "\x1b[31m", "\x7f", "\ud800"])
def test_control_characters_are_not_text(bad):
    assert has_control_characters(bad)


def test_line_breaks_tabs_and_any_language_are_text():
    assert not has_control_characters("Line one\r\nLine\ttwo – naïve, 中文, 👍")


def test_nul_in_a_name_is_refused_beside_the_field(admin_client):
    response = admin_client.post("/partnerships/new", data={"name": "Sneaky\x00"})
    assert response.status_code == 422
    assert CONTROL_CHARACTERS_MESSAGE in error_summary(response.text)
    assert 'value="Sneaky' in response.text  # what was typed is kept
    assert db.session.scalar(select(func.count(Partnership.id))) == 0


def test_nul_in_an_action_is_refused(admin_client, make_review):
    review = make_review()
    response = admin_client.post(
        f"/reviews/{review.id}/actions",
        data={"description": "Book\x00 the hall", "owner_side": "lto"},
    )
    assert response.status_code == 422
    assert CONTROL_CHARACTERS_MESSAGE in response.text
    assert db.session.scalar(select(func.count(Action.id))) == 0


@pytest.mark.parametrize("body", [{"name": "\ud800"}, {"name": ["a", "b"]}, [1], "x"])
def test_a_json_body_posted_to_a_form_is_not_read_as_what_was_typed(admin_client, body):
    # A lone surrogate in a JSON body was shown back in the form, and the page
    # could not be written out (a 500); no form of the app is sent as JSON.
    response = admin_client.post("/partnerships/new", json=body)
    assert response.status_code in (400, 422)
    assert db.session.scalar(select(func.count(Partnership.id))) == 0


def test_every_form_is_an_ltoapp_form():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    from flask_wtf import FlaskForm

    import ltoapp.accounts.forms
    import ltoapp.actions.forms
    import ltoapp.relationships.forms
    import ltoapp.reviews.forms
    import ltoapp.workflows.prompts  # noqa: F401

    strays = [
        cls.__qualname__
        for cls in subclasses(FlaskForm)
        if cls.__module__.startswith("ltoapp") and not issubclass(cls, Form)
    ]
    assert strays == [], "derive these from ltoapp.forms.Form"


# 6. Dates within sensible bounds, each refusal beside its field


def test_date_rules():
    started, today = date(2020, 1, 1), date(2026, 12, 1)
    assert dates.review_date_problem(date(2024, 3, 1), started, today) is None
    assert dates.review_date_problem(date(2019, 12, 31), started, today)
    assert dates.review_date_problem(date(2027, 12, 1), started, today) is None
    assert dates.review_date_problem(date(2027, 12, 2), started, today)
    held = date(2024, 3, 1)
    assert dates.next_review_problem(date(2024, 9, 1), held) is None
    assert dates.next_review_problem(held, held)
    assert dates.next_review_problem(date(2027, 3, 1), held) is None
    assert dates.next_review_problem(date(2027, 3, 2), held)
    assert dates.due_date_problem(None, held) is None
    assert dates.due_date_problem(held, held) is None
    assert dates.due_date_problem(date(2024, 2, 29), held)
    assert dates.due_date_problem(date(9999, 12, 31), held)


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        ("9999-12-31", "Enter a date between 1900 and 2199."),
        ("2019-12-31", "The review cannot be before the relationship started"),
        (
            (date.today() + timedelta(days=400)).isoformat(),
            "The review must be on or before",
        ),
    ],
)
def test_a_review_date_out_of_bounds_is_refused(
    admin_client, make_relationship, held_on, message
):
    relationship = make_relationship(started_on=date(2020, 1, 1))
    response = admin_client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"workflow": "regular_review", "held_on": held_on},
    )
    assert response.status_code == 422
    assert any(item.startswith(message) for item in error_summary(response.text))
    assert db.session.scalar(select(func.count(Review.id))) == 0


@pytest.mark.parametrize(
    ("next_on", "message"),
    [
        ("2024-02-01", "The next review must be after this one"),
        ("2027-03-02", "The next review must be on or before 1 March 2027"),
        ("0001-01-01", "Enter a date between 1900 and 2199."),
    ],
)
def test_a_next_review_date_out_of_bounds_is_refused(
    admin_client, make_review, next_on, message
):
    review = make_review(held_on=date(2024, 3, 1))
    response = admin_client.post(
        f"/reviews/{review.id}/next-review", data={"next_review_on": next_on}
    )
    assert response.status_code == 422
    assert any(item.startswith(message) for item in error_summary(response.text))
    db.session.expire_all()
    assert db.session.get(Review, review.id).next_review_on is None


def test_an_action_due_before_its_review_is_refused(admin_client, make_review):
    review = make_review(held_on=date(2024, 3, 1))
    response = admin_client.post(
        f"/reviews/{review.id}/actions",
        data={"description": "Book", "owner_side": "lto", "due_on": "2024-02-01"},
    )
    assert response.status_code == 422
    assert "The action cannot be due before the review that agreed it" in (
        response.text
    )
    action = add_action(review, "Book the hall", Side.LTO, by=ANONYMOUS)
    db.session.commit()
    update = admin_client.post(
        f"/actions/{action.id}", data={"status": "open", "due_on": "2023-01-01"}
    )
    assert update.status_code == 422
    assert "cannot be due before the review" in update.text


def test_a_troubleshooting_review_decides_carried_actions_without_crashing(
    admin_client, make_review
):
    # Once a StopIteration (500): troubleshooting has no carried-actions step.
    # Its next steps now record what happened to open actions (issue 13).
    earlier = make_review(held_on=date(2023, 3, 1))
    action = add_action(earlier, "Book the hall", Side.LTO, by=ANONYMOUS)
    db.session.commit()
    review = make_review(
        "troubleshooting", relationship=earlier.relationship, held_on=date(2024, 3, 1)
    )
    response = admin_client.post(
        f"/reviews/{review.id}/carried/{action.id}",
        data={
            f"action-{action.id}-decision": "done",
            f"action-{action.id}-version": str(action.version),
        },
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/steps/next_steps#action-{action.id}")


# 7. A draft is never emptied by accident


@pytest.fixture
def drafted(app, make_review, make_person):
    review = make_review()
    person = make_person(member_of=(review.relationship.partnership,))
    client = sign_in(app.test_client(), person)
    saved = client.post(
        f"/reviews/{review.id}/draft", data={"rating-confidence-B": "7"}
    )
    assert saved.get_json() == {"saved": True}
    return client, review


@pytest.mark.parametrize(
    "body",
    [
        {"data": ""},
        {"data": {"csrf_token": "x"}},
        {"data": "{not json", "content_type": "application/json"},
        {"json": {}},
        {"json": []},
        {"json": "text"},
        {"json": {"rating-confidence-B": 7}},
        {"json": {"comment-confidence": "\x00"}},
        {"json": {"rating-happiness-B": "5"}},
    ],
)
def test_a_draft_body_that_is_not_a_questionnaire_leaves_the_draft_alone(drafted, body):
    client, review = drafted
    response = client.post(f"/reviews/{review.id}/draft", **body)
    assert response.status_code == 400
    assert response.get_json()["saved"] is False
    assert db.session.scalar(select(ResponseDraft.answers)) == {
        "rating-confidence-B": "7"
    }


def test_a_json_draft_of_known_fields_is_kept(drafted):
    client, review = drafted
    response = client.post(
        f"/reviews/{review.id}/draft", json={"rating-confidence-B": "4"}
    )
    assert response.get_json() == {"saved": True}
    assert db.session.scalar(select(ResponseDraft.answers)) == {
        "rating-confidence-B": "4"
    }


# 5. Join codes: long enough, and every way to try one is limited


def test_join_codes_are_long_and_typeable(make_review):
    code = make_review().join_code
    assert len(code) == review_operations.JOIN_CODE_LENGTH >= 9
    assert set(code) <= set(review_operations.JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(review_operations.JOIN_CODE_ALPHABET)
    assert review_operations.normalise_join_code(
        f" {code[:3].lower()}-{code[3:6]} {code[6:]}"
    ) == (code)


def test_guessing_codes_by_link_is_limited_per_client(client, make_review):
    make_review()
    statuses = [client.get(f"/join/GUESS{n:04d}").status_code for n in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429
    limited = client.get("/join/ANOTHER01")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_guessing_codes_by_typing_them_is_limited_per_client(client, make_review):
    review = make_review()
    statuses = [
        client.post("/join", data={"code": f"GUESS{n:04d}"}).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [422] * 30 and statuses[30] == 429
    # Once limited, even the right code waits, or the answer would tell.
    assert client.post("/join", data={"code": review.join_code}).status_code == 429


def test_guessing_from_many_addresses_is_limited_overall(app, make_review):
    make_review()
    app.config["JOIN_FAILED_GLOBAL_LIMIT"] = "20 per minute"
    statuses = [
        app.test_client()
        .get(f"/join/GUESS{n:04d}", environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        .status_code
        for n in range(21)
    ]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


def test_a_workshop_of_200_joins_from_one_address_in_a_minute(app, make_review):
    review = make_review()
    hall = {"REMOTE_ADDR": "203.0.113.7"}
    for n in range(200):
        guest = app.test_client()
        if n % 20 == 0:  # now and then someone mistypes the code first
            assert guest.post("/join", data={"code": "WRONG"}, environ_base=hall)
        typed = guest.post("/join", data={"code": review.join_code}, environ_base=hall)
        assert typed.status_code == 302, n
        page = guest.get(typed.location, environ_base=hall)
        assert page.status_code == 200, n
        joined = guest.post(
            typed.location,
            data={"side": "partnership", "display_name": f"Guest {n}"},
            environ_base=hall,
        )
        assert joined.status_code == 302, n
    assert len(db.session.get(Review, review.id).participants) == 200
