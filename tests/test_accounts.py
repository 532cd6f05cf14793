"""Signing in and out, invitations, password resets, personal data, security."""

from __future__ import annotations

import json
import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from ltoapp.accounts import tokens
from ltoapp.accounts.models import Invitation, Membership, Person, Role
from ltoapp.audit.models import AuditEntry
from ltoapp.extensions import db
from ltoapp.reviews.models import Participant, Rating
from tests.conftest import sign_in
from tests.test_reviews import complete_answers, error_summary

PASSWORD = "correct horse battery"


def test_sign_in_and_out(client, make_person):
    person = make_person(email="maureen@example.org")
    page = client.get("/sign-in")
    assert page.status_code == 200
    response = client.post(
        "/sign-in?next=/about",
        data={"email": "  Maureen@Example.org ", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == "/about"
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        assert session["_user_id"] == person.get_id()

    response = client.post("/sign-out")
    assert response.location == "/sign-in"
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_sign_in_never_redirects_off_site(client, make_person, next_url):
    make_person(email="sam@example.org")
    response = client.post(
        f"/sign-in?next={next_url}",
        data={"email": "sam@example.org", "password": PASSWORD},
    )
    assert response.location == "/"


def test_wrong_password_and_unknown_email_read_the_same(client, make_person):
    make_person(email="sam@example.org")
    wrong = client.post(
        "/sign-in", data={"email": "sam@example.org", "password": "nope"}
    )
    unknown = client.post(
        "/sign-in", data={"email": "nobody@example.org", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 422
    assert error_summary(wrong.get_data(as_text=True)) == error_summary(
        unknown.get_data(as_text=True)
    )
    assert error_summary(wrong.get_data(as_text=True)) == [
        "The email address or password is not right."
    ]
    # What was typed is kept, except the password.
    assert 'value="sam@example.org"' in wrong.get_data(as_text=True)
    assert 'value="nope"' not in wrong.get_data(as_text=True)


def test_sign_in_is_rate_limited(client, make_person):
    make_person(email="sam@example.org")
    statuses = [
        client.post(
            "/sign-in", data={"email": "sam@example.org", "password": f"guess {n}"}
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10:] == [429, 429]
    # Even the right password waits until the limit resets.
    right = client.post(
        "/sign-in", data={"email": "sam@example.org", "password": PASSWORD}
    )
    assert right.status_code == 429


def test_an_erased_or_uninvited_person_cannot_sign_in(client, make_person):
    person = make_person(email="gone@example.org")
    person.password_hash = None
    db.session.commit()
    response = client.post(
        "/sign-in", data={"email": "gone@example.org", "password": PASSWORD}
    )
    assert response.status_code == 422


def _invite(client, **overrides):
    data = {
        "name": "Priya Shah",
        "email": "priya@example.org",
        "organisation": "",
        "title": "finance officer",
        "role": "member",
    } | overrides
    return client.post("/invitations/new", data=data)


def _invitation_link(response) -> str:
    match = re.search(
        r'value="(http://localhost/invitations/[^"]+)"', response.get_data(as_text=True)
    )
    assert match, "the invitation link is shown to the inviter"
    return match.group(1).removeprefix("http://localhost")


def test_an_invitation_link_works_once(admin_client, client, make_relationship):
    relationship = make_relationship()
    response = _invite(admin_client, organisation=f"lto-{relationship.lto.id}")
    assert response.status_code == 200
    link = _invitation_link(response)
    priya = db.session.scalar(select(Person).filter_by(email="priya@example.org"))
    assert priya.password_hash is None
    membership = db.session.scalar(select(Membership).filter_by(person_id=priya.id))
    assert membership.lto_id == relationship.lto.id
    assert membership.title == "finance officer"

    admin_client.post("/sign-out")
    page = client.get(link)
    assert page.status_code == 200
    assert "Welcome, Priya Shah" in page.get_data(as_text=True)
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert error_summary(short.get_data(as_text=True)) == [
        "Your password needs at least 10 characters."
    ]
    mismatch = client.post(
        link, data={"password": "a long password", "confirm": "another"}
    )
    assert error_summary(mismatch.get_data(as_text=True)) == [
        "The two passwords are not the same."
    ]
    done = client.post(
        link, data={"password": "a long password", "confirm": "a long password"}
    )
    assert done.status_code == 302
    assert client.get(f"/relationships/{relationship.id}").status_code == 200
    # Used once: the same link no longer works.
    client.post("/sign-out")
    assert client.get(link).status_code == 404
    assert "This link does not work" in client.get(link).get_data(as_text=True)


def test_an_invitation_link_expires_and_cannot_be_tampered_with(
    app, client, make_person
):
    person = make_person(email="late@example.org")
    person.password_hash = None
    invitation = Invitation(person=person)
    db.session.add(invitation)
    db.session.commit()
    token = tokens.invitation_token(invitation, app.config["SECRET_KEY"])
    assert client.get(f"/invitations/{token}").status_code == 200
    app.config["INVITATION_MAX_AGE"] = -1
    assert client.get(f"/invitations/{token}").status_code == 404
    app.config["INVITATION_MAX_AGE"] = 3600
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.get(f"/invitations/{tampered}").status_code == 404
    forged = URLSafeTimedSerializer("another key", salt=tokens.INVITATION_SALT).dumps(
        {"invitation": invitation.id}
    )
    assert client.get(f"/invitations/{forged}").status_code == 404


def test_a_facilitator_invites_only_into_their_relationships(
    client, make_person, make_relationship
):
    mine = make_relationship()
    other = make_relationship()
    facilitator = make_person(role=Role.FACILITATOR, facilitates=(mine,))
    sign_in(client, facilitator)
    page = client.get("/invitations/new").get_data(as_text=True)
    assert mine.partnership.name in page and other.partnership.name not in page
    assert "Administrator" not in page
    response = _invite(client, organisation=f"partnership-{other.partnership.id}")
    assert response.status_code == 422
    assert error_summary(response.get_data(as_text=True)) == ["Not a valid choice."]
    response = _invite(
        client, organisation=f"partnership-{mine.partnership.id}", role="administrator"
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    response = _invite(client, organisation=f"partnership-{mine.partnership.id}")
    assert response.status_code == 200
    assert (
        db.session.scalar(select(Person).filter_by(email="priya@example.org")).role
        is Role.MEMBER
    )


def test_a_reset_link_works_once_and_expires(app, client, make_person, admin_client):
    person = make_person(email="sam@example.org")
    page = admin_client.post(f"/people/{person.id}/reset-link").get_data(as_text=True)
    link = re.search(r'value="http://localhost(/password/reset/[^"]+)"', page).group(1)
    admin_client.post("/sign-out")

    assert client.get(link).status_code == 200
    response = client.post(
        link, data={"password": "brand new password", "confirm": "brand new password"}
    )
    assert response.location == "/sign-in"
    assert client.get(link).status_code == 404
    signed = client.post(
        "/sign-in", data={"email": "sam@example.org", "password": "brand new password"}
    )
    assert signed.status_code == 302

    token = tokens.reset_token(person, app.config["SECRET_KEY"])
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(f"/password/reset/{token}").status_code == 404


def test_forgotten_password_says_the_same_whoever_asks(client, make_person):
    make_person(email="sam@example.org")
    known = client.post("/password/forgotten", data={"email": "sam@example.org"})
    unknown = client.post("/password/forgotten", data={"email": "who@example.org"})
    assert known.get_data() == unknown.get_data()


def test_create_admin_asks_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create-admin", "--name", "Alex", "--email", "alex@example.org"],
        input="short\nshort\nlong enough password\nlong enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Use at least 10 characters." in result.output
    assert "long enough password" not in result.output
    person = db.session.scalar(select(Person).filter_by(email="alex@example.org"))
    assert person.role is Role.ADMINISTRATOR
    assert person.check_password("long enough password")
    assert "long enough password" not in person.password_hash
    rejected = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--name",
            "A",
            "--email",
            "a@x.org",
            "--password",
            "x",
        ]
    )
    assert rejected.exit_code != 0


def test_cli_prints_links(runner, make_person):
    sam = make_person(email="sam@example.org")
    result = runner.invoke(args=["users", "reset-link", "sam@example.org"])
    assert result.output.startswith("http://127.0.0.1:5000/password/reset/")
    # An invitation is only for someone who never chose a password.
    sam.password_hash = None
    db.session.commit()
    result = runner.invoke(args=["users", "invitation-link", "sam@example.org"])
    assert result.output.startswith("http://127.0.0.1:5000/invitations/")


def test_export_and_erase_a_person(admin_client, make_person, make_review):
    review = make_review()
    person = make_person(
        name="Maureen Ellis",
        email="maureen@example.org",
        member_of=(review.relationship.partnership,),
    )
    member = sign_in(admin_client.application.test_client(), person)
    member.post(f"/reviews/{review.id}/respond", data=complete_answers())

    exported = admin_client.get(f"/people/{person.id}/export.json")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(exported.get_data())
    assert document["person"]["email"] == "maureen@example.org"
    assert (
        document["memberships"][0]["organisation"]
        == review.relationship.partnership.name
    )
    assert len(document["review_participation"][0]["ratings"]) == 21
    assert "password" not in json.dumps(document).replace("has_password", "")

    admin_client.post(f"/people/{person.id}/erase")
    db.session.expire_all()
    erased = db.session.get(Person, person.id)
    assert erased.name == f"Erased person {person.id}"
    assert erased.email is None and erased.password_hash is None
    assert db.session.scalar(select(func.count(Rating.id))) == 21
    participant = db.session.scalar(select(Participant))
    assert participant.person_id is None and participant.display_name is None
    assert "Maureen" not in admin_client.get(
        f"/people/{person.id}/export.json"
    ).get_data(as_text=True)
    # The erased person's session no longer signs them in.
    assert member.get("/").status_code == 302


def test_a_post_without_csrf_token_changes_nothing(
    make_app, make_person, make_relationship
):
    protected = make_app(WTF_CSRF_ENABLED=True)
    admin = make_person(role=Role.ADMINISTRATOR)
    client = sign_in(protected.test_client(), admin)
    relationship = make_relationship()
    for url, data in (
        ("/partnerships/new", {"name": "Sneaky"}),
        (f"/relationships/{relationship.id}/reviews/new", {"held_on": "2025-01-01"}),
        (
            "/invitations/new",
            {"name": "X", "email": "x@example.org", "role": "administrator"},
        ),
    ):
        assert client.post(url, data=data).status_code == 400
    json_post = client.post("/sign-out", json={})
    assert json_post.status_code == 400
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    assert db.session.scalar(select(func.count(Person.id))) == 1


def test_security_headers_on_every_page(client):
    for url in ("/sign-in", "/about", "/join", "/static/css/app.css", "/no-such-page"):
        response = client.get(url)
        response.close()
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_flags(client, make_person, app):
    make_person(email="sam@example.org")
    response = client.post(
        "/sign-in", data={"email": "sam@example.org", "password": PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    from ltoapp.config import PRODUCTION_SETTINGS

    assert PRODUCTION_SETTINGS["SESSION_COOKIE_SECURE"] is True


HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def test_comments_are_escaped_wherever_shown(admin_client, make_person, make_review):
    review = make_review()
    person = make_person(name=HOSTILE, member_of=(review.relationship.partnership,))
    member = sign_in(admin_client.application.test_client(), person)
    member.post(
        f"/reviews/{review.id}/respond",
        data=complete_answers(
            **{"comment-workers": HOSTILE, "other_comments": HOSTILE}
        ),
    )
    pages = [
        f"/reviews/{review.id}/respond",
        f"/reviews/{review.id}/results",
        f"/reviews/{review.id}",
    ]
    for url in pages:
        html = member.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
    for url in (
        "/people",
        f"/people/{person.id}",
        f"/relationships/{review.relationship_id}/audit",
    ):
        html = admin_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


def test_the_audit_trail_records_who_did_what(admin_client, make_person, make_review):
    review = make_review()
    person = make_person(name="Maureen", member_of=(review.relationship.partnership,))
    member = sign_in(admin_client.application.test_client(), person)
    member.post(f"/reviews/{review.id}/respond", data=complete_answers())
    member.post(f"/reviews/{review.id}/respond", data=complete_answers())
    entries = db.session.scalars(
        select(AuditEntry).filter_by(subject_type="response").order_by(AuditEntry.id)
    ).all()
    assert [(e.verb.value, e.subject_type, e.actor_label) for e in entries] == [
        ("created", "response", "Maureen (member)"),
        ("changed", "response", "Maureen (member)"),
    ]
    page = admin_client.get(f"/relationships/{review.relationship_id}/audit").get_data(
        as_text=True
    )
    assert "Changed their answers" in page
    assert (
        member.get(f"/relationships/{review.relationship_id}/audit").status_code == 404
    )
