"""Saves that race each other, with real threads against a live server.

Each test starts several requests at the same moment (a barrier), as two
people pressing Save together or one person tapping twice would. None may
end in a 500; the data must hold exactly what was sent, once.
"""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from flask import Flask
from sqlalchemy import func, select

from ltoapp.accounts.models import Role
from ltoapp.actions.models import Action
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.forms import rating_field_name
from ltoapp.reviews.models import Participant, PromptAnswer, Response, Side
from ltoapp.workflows.registry import workflow_named
from tests.live import serving

PASSWORD = "correct horse battery"


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    with serving(app) as base:
        yield base


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser: its own cookies, redirects reported rather than followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _KeepRedirects,
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urlencode(data or {}, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.headers.get("Location", ""), _read(answer)
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", ""), _read(answer)

    def sign_in(self, email: str) -> None:
        status, _, _ = self.request("/sign-in", {"email": email, "password": PASSWORD})
        assert status == 302


def _read(answer) -> str:
    return answer.read().decode()


def at_once(count: int, send) -> list[tuple[int, str, str]]:
    """Run ``send(i)`` in ``count`` threads released together; return the answers."""
    barrier = threading.Barrier(count)
    answers: list = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            answers[index] = send(index)
        except BaseException as problem:  # re-raised below, in the test's thread
            answers[index] = problem

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return answers


def statuses(answers) -> list[int]:
    return sorted(status for status, _, _ in answers)


@pytest.fixture
def troubleshooting(make_review, make_person):
    """A troubleshooting review and the facilitator who runs it."""
    review = make_review("troubleshooting")
    make_person(
        role=Role.FACILITATOR,
        email="rep@example.org",
        facilitates=(review.relationship,),
    )
    return review


def step_path(review) -> str:
    return f"/reviews/{review.id}/steps/what_is_happening"


def test_two_first_answers_to_one_prompt_keep_one_and_show_the_conflict(
    live_server, troubleshooting
):
    browsers = [Browser(live_server) for _ in range(2)]
    for browser in browsers:
        browser.sign_in("rep@example.org")
    texts = ["Money is paid late", "Nobody answers emails"]
    path = step_path(troubleshooting)

    answers = at_once(
        2,
        lambda i: browsers[i].request(
            path, {"prompt-partnership_view": texts[i], "go": "save"}
        ),
    )

    assert 500 not in statuses(answers)
    assert set(statuses(answers)) <= {302, 409}
    stored = db.session.scalars(
        select(PromptAnswer).filter_by(review_id=troubleshooting.id)
    ).all()
    assert [a.answer for a in stored] in ([texts[0]], [texts[1]])
    for status, _, body in answers:
        if status == 409:
            # The conflict page shows both: what is saved and what they typed.
            assert all(text in body for text in texts)


def test_two_saves_from_the_same_version_never_overwrite(live_server, troubleshooting):
    troubleshooting.prompt_answers.append(
        PromptAnswer(
            step_key="what_is_happening",
            prompt_key="partnership_view",
            answer="First thoughts",
        )
    )
    db.session.commit()
    browsers = [Browser(live_server) for _ in range(2)]
    for browser in browsers:
        browser.sign_in("rep@example.org")
    texts = ["Money is paid late", "Nobody answers emails"]
    path = step_path(troubleshooting)

    answers = at_once(
        2,
        lambda i: browsers[i].request(
            path,
            {
                "prompt-partnership_view": texts[i],
                "version-partnership_view": "1",
                "go": "save",
            },
        ),
    )

    assert 500 not in statuses(answers)
    assert set(statuses(answers)) <= {302, 409}
    db.session.expire_all()
    answer = db.session.scalar(
        select(PromptAnswer).filter_by(review_id=troubleshooting.id)
    )
    saved = [texts[i] for i, (status, _, _) in enumerate(answers) if status == 302]
    assert saved == [answer.answer]


def test_two_changes_to_one_action_from_the_same_version(live_server, troubleshooting):
    action = Action(
        review=troubleshooting, description="Pay invoices", owner_side=Side.LTO
    )
    db.session.add(action)
    db.session.commit()
    browsers = [Browser(live_server) for _ in range(2)]
    for browser in browsers:
        browser.sign_in("rep@example.org")
    notes = ["Started on Monday", "Half of them paid"]
    path = f"/actions/{action.id}"

    answers = at_once(
        2,
        lambda i: browsers[i].request(
            path,
            {"status": "in_progress", "note": notes[i], "version": "1"},
        ),
    )

    assert 500 not in statuses(answers)
    assert set(statuses(answers)) <= {302, 409}
    db.session.expire_all()
    assert len(db.session.get(Action, action.id).updates) == 1


def _questionnaire(review) -> dict[str, str]:
    step = workflow_named(review.workflow).rating_steps()[0]
    return {
        rating_field_name(question.key, column): "6"
        for question in load_framework().questions
        for column in step.columns
    }


def test_a_guest_tapping_send_many_times_stores_one_response(live_server, make_review):
    review = make_review()
    guest = Browser(live_server)
    status, _, _ = guest.request(
        f"/join/{review.join_code}", {"side": "partnership", "join_token": "tap"}
    )
    assert status == 302
    path, form = f"/reviews/{review.id}/respond", _questionnaire(review)
    # Half filled first: every tap also removes the same draft.
    assert guest.request(f"/reviews/{review.id}/draft", form)[0] == 200

    answers = at_once(10, lambda i: guest.request(path, form))

    assert statuses(answers) == [302] * 10
    assert {location for _, location, _ in answers} == {f"/reviews/{review.id}/thanks"}
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 1
    response = db.session.scalar(select(Response))
    assert len(response.ratings) == len(form)


def test_a_double_tap_on_join_makes_one_participant(live_server, make_review):
    review = make_review()
    guest = Browser(live_server)
    path = f"/join/{review.join_code}"

    answers = at_once(
        4,
        lambda i: guest.request(
            path,
            {"side": "lto", "display_name": "Sam", "join_token": "one-form"},
        ),
    )

    assert statuses(answers) == [302] * 4
    assert (
        db.session.scalar(
            select(func.count(Participant.id)).filter_by(review_id=review.id)
        )
        == 1
    )


def test_a_members_first_answer_sent_twice_stores_one(
    live_server, make_review, make_person
):
    review = make_review()
    make_person(
        email="member@example.org", member_of=(review.relationship.partnership,)
    )
    member = Browser(live_server)
    member.sign_in("member@example.org")
    path, form = f"/reviews/{review.id}/respond", _questionnaire(review)

    answers = at_once(2, lambda i: member.request(path, form))

    assert statuses(answers) == [302, 302]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Participant.id))) == 1
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_several_guests_at_once_each_count_once(live_server, make_review):
    review = make_review()
    guests = [Browser(live_server) for _ in range(6)]
    join_path, path = f"/join/{review.join_code}", f"/reviews/{review.id}/respond"
    form = _questionnaire(review)

    def join_and_answer(i: int):
        join = guests[i].request(
            join_path, {"side": "partnership", "join_token": f"g{i}"}
        )
        assert join[0] == 302
        return guests[i].request(path, form)

    answers = at_once(6, join_and_answer)

    assert statuses(answers) == [302] * 6
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 6


def test_a_members_first_autosaves_at_once_keep_one_draft(
    live_server, make_review, make_person
):
    review = make_review()
    make_person(email="member@example.org", member_of=(review.relationship.lto,))
    member = Browser(live_server)
    member.sign_in("member@example.org")
    path, form = f"/reviews/{review.id}/draft", _questionnaire(review)

    answers = at_once(3, lambda i: member.request(path, form))

    assert statuses(answers) == [200, 200, 200]
    db.session.expire_all()
    participant = db.session.scalar(select(Participant))
    assert db.session.scalar(select(func.count(Participant.id))) == 1
    assert participant.draft.answers == form
