"""Every route, in every state that makes it fail, answers with the app's page.

The sweeps walk ``app.url_map``: a new route is checked without anyone
remembering to add it here.
"""

from __future__ import annotations

import logging
import re
import time

import pytest
from flask import Flask
from sqlalchemy import func, select

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import load_viewer
from ltoapp.actions.models import Action
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Participant, PromptAnswer, Side
from tests.conftest import sign_in
from tests.test_deployment import in_own_process

#: Pages anyone may open, so "not allowed" does not apply to them.
PUBLIC = {
    "pages.home",
    "pages.about",
    "health.check",
    "static",
    "reviews.join",
    "reviews.join_review",
    "accounts.sign_in",
    "accounts.sign_out",
    "accounts.forgotten_password",
    "accounts.reset_password",
    "accounts.accept_invitation",
    "pages.accessibility",
    # A stop link in a reminder works for whoever holds it.
    "reminders.stop",
    "reminders.confirm_stop",
    # Every signed-in person has these, limited to what is theirs.
    "reports.due",
    "reminders.settings",
    "accounts.account",
    "accounts.sign_out_everywhere",
}
MISSING_ID = 987_654


def is_json_route(path: str) -> bool:
    return path.endswith((".json", "/draft"))


def assert_app_page(response, status: int) -> str:
    """The answer has this status and is the app's own page (or JSON), not Werkzeug's."""
    body = response.get_data(as_text=True)
    assert response.status_code == status, (response.request.path, body[:300])
    if response.is_json:
        assert response.json["message"]
        return body
    assert 'class="site-header' in body, response.request.path
    assert "<h1>" in body
    assert "Werkzeug" not in body and "The requested URL" not in body
    return body


def rules(app: Flask, method: str):
    for rule in app.url_map.iter_rules():
        if method in rule.methods and rule.endpoint != "static":
            yield rule


def fill(rule, **values) -> str:
    """Build a rule's URL with the given values for its arguments."""
    return rule.build({name: values[name] for name in rule.arguments})[1]


@pytest.fixture
def world(make_review, make_person):
    """An open review with an action and a stored answer, and its facilitator."""
    review = make_review("troubleshooting")
    action = Action(review=review, description="Pay invoices", owner_side=Side.LTO)
    db.session.add(action)
    db.session.commit()
    facilitator = make_person(
        role=Role.FACILITATOR,
        email="rep@example.org",
        facilitates=(review.relationship,),
    )
    return {
        "review": review,
        "action": action,
        "facilitator": facilitator,
        "values": {
            "review_id": review.id,
            "relationship_id": review.relationship_id,
            "action_id": action.id,
            "person_id": facilitator.id,
            "step_key": "what_is_happening",
            "code": review.join_code,
            "token": "not-a-token",
        },
    }


def missing_values() -> dict:
    return {
        name: MISSING_ID
        for name in ("review_id", "relationship_id", "action_id", "person_id")
    } | {"step_key": "no_such_step", "code": "NOCODE", "token": "not-a-token"}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_route_answers_not_found_with_the_app_page(app, admin_client, method):
    checked = 0
    for rule in rules(app, method):
        if not rule.arguments:
            continue
        path = fill(rule, **missing_values())
        response = admin_client.open(path, method=method)
        if rule.endpoint in {"accounts.accept_invitation", "accounts.reset_password"}:
            # A broken link has its own page, which says to ask for a new one.
            assert response.status_code in (400, 404)
            assert 'class="site-header' in response.get_data(as_text=True)
            continue
        assert_app_page(response, 404)
        checked += 1
    assert checked > 10
    assert_app_page(admin_client.get("/static/no/such/file.css"), 404)
    assert_app_page(admin_client.get("/no/such/page"), 404)


def test_the_not_found_page_shows_ways_on(client, make_person):
    body = assert_app_page(client.get("/no/such/page"), 404)
    for way in ('href="/"', 'href="/sign-in"', 'href="/join"'):
        assert way in body
    # A chair opening a page only facilitators see: the app's page, a way home.
    sign_in(client, make_person(role=Role.MEMBER))
    for path in ("/people", "/programme"):
        assert 'href="/"' in assert_app_page(client.get(path), 404)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_route_answers_not_allowed_with_the_app_page(
    app, client, world, make_person, make_partnership, method
):
    outsider = make_person(role=Role.MEMBER, member_of=(make_partnership(),))
    sign_in(client, outsider)
    for rule in rules(app, method):
        if rule.endpoint in PUBLIC:
            continue
        response = client.open(fill(rule, **world["values"]), method=method)
        # "You may not see this" is answered as "not found", so nothing leaks.
        assert_app_page(response, 404 if response.status_code == 404 else 403)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_every_route_answers_a_wrong_method_with_the_app_page(
    app, admin_client, world, method
):
    for rule in app.url_map.iter_rules():
        response = admin_client.open(
            fill(rule, **world["values"], filename="css/app.css"), method=method
        )
        assert_app_page(response, 405)
        assert "GET" in response.headers["Allow"] or "POST" in response.headers["Allow"]


def test_a_get_to_a_button_address_is_not_allowed(app, admin_client, world):
    post_only = [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" not in rule.methods
        and not any(
            "GET" in other.methods
            for other in app.url_map.iter_rules()
            if other.rule == rule.rule
        )
    ]
    assert post_only
    for rule in post_only:
        body = assert_app_page(admin_client.get(fill(rule, **world["values"])), 405)
        if not is_json_route(rule.rule):
            assert "cannot be opened that way" in body


def test_every_change_to_an_agreed_review_says_it_is_agreed(app, client, world):
    review = world["review"]
    sign_in(client, world["facilitator"])
    review_operations.agree_review(review, by=load_viewer(world["facilitator"]))
    db.session.commit()
    for rule in rules(app, "POST"):
        if not {"review_id", "action_id"} & rule.arguments:
            continue
        response = client.post(fill(rule, **world["values"]))
        if rule.endpoint == "actions.update":
            # An agreed review's actions stay a living log: this form checks.
            assert response.status_code == 422
            continue
        if rule.endpoint == "reviews.respond":
            # Answering an agreed review leads to its results, with a notice.
            assert response.status_code == 302
            continue
        body = assert_app_page(response, 409)
        if not response.is_json:
            assert "This review has been agreed" in body
            assert f'href="/reviews/{review.id}/record"' in body


def test_review_closed_raised_by_an_operation_is_the_closed_page(
    app, client, world, monkeypatch
):
    """A review agreed between the page's checks and its save: not a 500."""
    sign_in(client, world["facilitator"])

    def agreed_meanwhile(review, *args, **kwargs):
        raise review_operations.ReviewClosed(review.id)

    monkeypatch.setattr(review_operations, "set_anonymity", agreed_meanwhile)
    body = assert_app_page(
        client.post(
            f"/reviews/{world['review'].id}/anonymity", data={"anonymity": "named"}
        ),
        409,
    )
    assert "This review has been agreed" in body


@pytest.fixture
def csrf_client(make_app):
    """A client of an app that checks CSRF tokens, as in production."""
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def test_every_form_with_a_bad_token_is_shown_again_to_send(
    make_app, world, csrf_client
):
    app = csrf_client.application
    sign_in(csrf_client, world["facilitator"])
    typed = "The LTO has not answered our emails since March"
    for rule in rules(app, "POST"):
        path = fill(rule, **world["values"])
        response = csrf_client.post(
            path, data={"csrf_token": "stale", "note": typed, "go": "save"}
        )
        body = assert_app_page(response, 400)
        if response.is_json:
            continue
        assert "press Send again" in body
        assert typed in body
        assert f'action="{path}"' in body
        assert 'name="csrf_token" value="stale"' not in body


def test_an_expired_form_sent_again_is_saved_with_everything_typed(
    make_app, make_review, make_person
):
    review = make_review("troubleshooting")
    facilitator = make_person(
        role=Role.FACILITATOR,
        email="rep@example.org",
        facilitates=(review.relationship,),
    )
    client = make_app(WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=1).test_client()
    sign_in(client, facilitator)
    path = f"/reviews/{review.id}/steps/what_is_happening"
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    time.sleep(2)
    typed = "Invoices are paid three months late"

    expired = client.post(
        path,
        data={"csrf_token": token, "prompt-partnership_view": typed, "go": "save"},
    )

    body = assert_app_page(expired, 400)
    assert "This page was open a long time" in body
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body)
    )
    assert fields["prompt-partnership_view"] == typed
    assert fields["csrf_token"] != token
    again = client.post(path, data=fields)
    assert again.status_code == 302
    answer = db.session.scalar(select(PromptAnswer).filter_by(review_id=review.id))
    assert answer.answer == typed


def test_the_expired_page_never_writes_a_password_back(csrf_client):
    body = assert_app_page(
        csrf_client.post(
            "/sign-in", data={"email": "sam@example.org", "password": "secret words"}
        ),
        400,
    )
    assert "secret words" not in body
    assert 'value="sam@example.org"' in body


def test_the_csrf_token_lasts_an_afternoon(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] >= 5 * 3600


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/sign-in", {"email": "sam@example.org", "password": "wrong"}),
        ("/password/forgotten", {"email": "sam@example.org"}),
        ("/join", {"code": "NOCODE"}),
    ],
)
def test_rate_limited_forms_say_when_to_try_again(make_app, path, data):
    client = make_app(
        SIGN_IN_RATE_LIMIT="1 per minute",
        PASSWORD_RESET_RATE_LIMIT="1 per minute",
        JOIN_RATE_LIMIT="1 per minute",
    ).test_client()
    client.post(path, data=data)
    limited = client.post(path, data=data)
    body = assert_app_page(limited, 429)
    wait = int(limited.headers["Retry-After"])
    assert 0 < wait <= 61
    # The page and the header are rounded alike, a second apart at most.
    assert f"Wait {wait} seconds" in body or f"Wait {wait + 1} seconds" in body


def test_too_long_a_form_is_the_app_page(client):
    body = assert_app_page(client.post("/join", data={"code": "x" * 600_000}), 413)
    assert "too long" in body


def test_an_unexpected_error_rolls_back_and_names_a_logged_reference(
    make_app, world, caplog
):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.post("/test-failure")
    def failure():
        db.session.add(
            Participant(review_id=world["review"].id, side=Side.LTO, display_name="X")
        )
        db.session.flush()
        raise RuntimeError("broken on purpose")

    # Alembic's logging set-up, run in this process by the migration tests,
    # disables loggers that already exist; a served app never runs it.
    disabled, app.logger.disabled = app.logger.disabled, False
    app.logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.ERROR, logger=app.logger.name):
            response = app.test_client().post("/test-failure")
    finally:
        app.logger.removeHandler(caplog.handler)
        app.logger.disabled = disabled

    body = assert_app_page(response, 500)
    reference = re.search(r'class="reference">([0-9A-F]{8})<', body).group(1)
    assert any(
        reference in record.getMessage() and record.exc_info
        for record in caplog.records
    )
    assert "broken on purpose" not in body
    assert db.session.scalar(select(func.count(Participant.id))) == 0


@pytest.mark.parametrize("path", ["/reviews/{id}/live.json", "/reviews/{id}/draft"])
def test_json_endpoints_answer_json_errors(admin_client, path):
    method = "POST" if path.endswith("draft") else "GET"
    response = admin_client.open(path.format(id=MISSING_ID), method=method)
    assert response.status_code == 404
    assert response.is_json
    assert response.json["message"]


def test_a_caller_asking_for_json_gets_json(admin_client):
    response = admin_client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json == {
        "saved": False,
        "error": 404,
        "message": "There is no page here, or it is not one you can see.",
    }


def test_every_route_answers_rate_limited_with_the_app_page(app, app_config):
    """Each address over its limit: the app's page (or JSON) saying when to retry.

    Run in a process of its own, since Flask-Limiter's default limit belongs
    to the one ``limiter`` of a process (see ``tests/test_deployment.py``).
    """
    findings = in_own_process(
        app_config
        | {
            "RATELIMIT_DEFAULT": "1 per minute",
            "SIGN_IN_RATE_LIMIT": "1 per minute",
            "PASSWORD_RESET_RATE_LIMIT": "1 per minute",
            "JOIN_RATE_LIMIT": "1 per minute",
            "JOIN_FAILED_RATE_LIMIT": "1 per minute",
        },
        f"""
        app = client.application
        values = {missing_values()!r} | {{"filename": "css/app.css"}}
        found = {{}}
        for rule in app.url_map.iter_rules():
            # Never limited: the health check, and the app's own CSS and JS.
            if rule.endpoint in ("health.check", "static"):
                continue
            method = "GET" if "GET" in rule.methods else "POST"
            # The page with the code box tries no code: only posting one counts
            # (ltoapp/reviews/limits.py), so it is swept by POST.
            if rule.endpoint == "reviews.join":
                method = "POST"
            path = rule.build({{n: values[n] for n in rule.arguments}})[1]
            client.open(path, method=method)
            answer = client.open(path, method=method)
            body = answer.get_data(as_text=True)
            found[rule.endpoint + " " + method] = [
                answer.status_code,
                answer.headers.get("Retry-After"),
                answer.is_json or 'class="site-header' in body,
                "Too many tries" in body or answer.is_json,
            ]
        print(json.dumps(found))
        """,
    )
    assert len(findings) > 40
    for route, (status, retry_after, our_page, says_so) in findings.items():
        assert status == 429, route
        assert retry_after and int(retry_after) > 0, route
        assert our_page and says_so, route
