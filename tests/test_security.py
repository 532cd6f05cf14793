"""Issue 11, as an attacker would try it: accounts, sessions, links, exports.

Each test names the finding it holds (SECURITY.md lists them by promise).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import request
from sqlalchemy import func, select

from ltoapp.accounts import operations, tokens
from ltoapp.accounts.models import Invitation, Membership, Person, Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions.operations import add_action
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Anonymity, Side
from ltoapp.security import behind_proxy, require_fixed_host
from tests.conftest import sign_in

PASSWORD = "correct horse battery"


def sign_in_by_form(client, person: Person, password: str = PASSWORD):
    response = client.post(
        "/sign-in", data={"email": person.email, "password": password}
    )
    assert response.status_code == 302
    return client


def is_signed_in(client) -> bool:
    return client.get("/").status_code == 200


def _invite(client, **overrides):
    data = {
        "name": "Someone Else",
        "email": "admin@example.org",
        "organisation": "",
        "title": "",
        "role": "member",
    } | overrides
    return client.post("/invitations/new", data=data)


# 1. Invitations never change an existing account


@pytest.fixture
def administrator(make_person):
    return make_person(role=Role.ADMINISTRATOR, email="admin@example.org")


def test_a_facilitator_cannot_take_over_an_account_by_inviting_it(
    app, client, make_person, make_relationship, administrator
):
    relationship = make_relationship()
    facilitator = make_person(role=Role.FACILITATOR, facilitates=(relationship,))
    old_hash = administrator.password_hash
    sign_in(client, facilitator)
    response = _invite(client, organisation=f"lto-{relationship.lto.id}")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "already has an account" in page
    assert "/invitations/" not in re.sub(r'action="[^"]*"', "", page)
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    db.session.expire_all()
    admin = db.session.get(Person, administrator.id)
    assert admin.password_hash == old_hash
    assert admin.role is Role.ADMINISTRATOR and admin.name != "Someone Else"
    # The membership is what the invitation could add.
    assert db.session.scalar(
        select(Membership).filter_by(person_id=admin.id, lto_id=relationship.lto.id)
    )


def test_inviting_an_existing_account_to_nowhere_is_refused_clearly(
    admin_client, administrator
):
    response = _invite(admin_client, email="ADMIN@example.org")
    assert response.status_code == 422
    assert "already has an account" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_an_old_invitation_cannot_set_the_password_of_an_account_that_has_one(
    app, client, administrator
):
    # Made the way the old code did when someone re-invited an existing email.
    invitation = Invitation(person=administrator)
    db.session.add(invitation)
    db.session.commit()
    link = (
        f"/invitations/{tokens.invitation_token(invitation, app.config['SECRET_KEY'])}"
    )
    assert client.get(link).status_code == 404
    taken = client.post(link, data={"password": "x" * 12, "confirm": "x" * 12})
    assert taken.status_code == 404
    assert not is_signed_in(client)
    db.session.expire_all()
    assert db.session.get(Person, administrator.id).check_password(PASSWORD)


def test_only_an_administrator_sends_a_new_link_to_a_pending_administrator(
    client, make_person, make_relationship
):
    relationship = make_relationship()
    pending = Person(name="New Admin", email="new@example.org", role=Role.ADMINISTRATOR)
    db.session.add(pending)
    db.session.commit()
    facilitator = make_person(role=Role.FACILITATOR, facilitates=(relationship,))
    sign_in(client, facilitator)
    response = _invite(
        client, email="new@example.org", organisation=f"lto-{relationship.lto.id}"
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_someone_invited_who_never_accepted_can_be_invited_again(admin_client):
    first = _invite(admin_client, email="priya@example.org", name="Priya")
    again = _invite(admin_client, email="priya@example.org", name="Priya")
    assert first.status_code == again.status_code == 200
    assert "/invitations/" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Invitation.id))) == 2


def test_the_command_line_makes_no_invitation_for_an_account_with_a_password(
    runner, administrator
):
    result = runner.invoke(args=["users", "invitation-link", administrator.email])
    assert result.exit_code != 0
    assert "already has an account" in result.output
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_only_administrators_make_reset_links(client, make_person, administrator):
    facilitator = make_person(role=Role.FACILITATOR)
    sign_in(client, facilitator)
    assert client.post(f"/people/{administrator.id}/reset-link").status_code == 404


# 2. Sessions end when they should


def test_a_password_reset_ends_every_session(app, make_person):
    person = make_person()
    phone, laptop = (sign_in_by_form(app.test_client(), person) for _ in range(2))
    token = tokens.reset_token(person, app.config["SECRET_KEY"])
    reset = app.test_client().post(
        f"/password/reset/{token}",
        data={"password": "a brand new password", "confirm": "a brand new password"},
    )
    assert reset.status_code == 302
    assert not is_signed_in(phone) and not is_signed_in(laptop)


def test_changing_the_password_ends_every_other_session(app, make_person):
    person = make_person()
    here, elsewhere = (sign_in_by_form(app.test_client(), person) for _ in range(2))
    wrong = here.post(
        "/account",
        data={
            "current_password": "not it",
            "password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert wrong.status_code == 422
    assert "That is not your current password." in wrong.get_data(as_text=True)
    changed = here.post(
        "/account",
        data={
            "current_password": PASSWORD,
            "password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert changed.status_code == 302
    assert is_signed_in(here) and not is_signed_in(elsewhere)


def test_sign_out_everywhere_from_the_persons_own_page(app, make_person):
    person = make_person()
    here, lost_phone = (sign_in_by_form(app.test_client(), person) for _ in range(2))
    page = here.get("/account").get_data(as_text=True)
    assert "Sign out everywhere" in page
    assert here.post("/account/sign-out-everywhere").status_code == 302
    assert is_signed_in(here) and not is_signed_in(lost_phone)


def test_erasure_ends_the_erased_persons_sessions(app, admin_client, make_person):
    person = make_person()
    their_phone = sign_in_by_form(app.test_client(), person)
    assert admin_client.post(f"/people/{person.id}/erase").status_code == 302
    assert not is_signed_in(their_phone)


def test_a_session_id_without_its_version_names_nobody(client, make_person):
    person = make_person()
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)
        session["_fresh"] = True
    assert not is_signed_in(client)
    with client.session_transaction() as session:
        session["_user_id"] = f"{person.id}:99999999999999999999"
    assert not is_signed_in(client)


# 3. Exports cannot run formulas in a spreadsheet


def test_every_csv_export_quotes_formulas(admin_client, make_review):
    review = make_review()
    review_operations.record_response(
        review,
        side=Side.PARTNERSHIP,
        display_name='=HYPERLINK("http://evil.example","Click")',
        ratings={("confidence", "B"): 5},
        comments={"confidence": "-2 is what I'd say"},
        other_comments=None,
        by=ANONYMOUS,
    )
    review_operations.set_anonymity(review, Anonymity.NAMED, by=ANONYMOUS)
    add_action(review, "@SUM(1+1)*cmd", Side.LTO, by=ANONYMOUS)
    db.session.commit()
    relationship_id = review.relationship_id
    for url in (
        f"/relationships/{relationship_id}/ratings.csv",
        f"/relationships/{relationship_id}/actions.csv",
        f"/reviews/{review.id}/results.csv",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        cells = [cell for row in csv.reader(io.StringIO(response.text)) for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), url
    actions = admin_client.get(f"/relationships/{relationship_id}/actions.csv").text
    assert "'@SUM(1+1)*cmd" in actions
    ratings = admin_client.get(f"/relationships/{relationship_id}/ratings.csv").text
    assert "'=HYPERLINK" in ratings


# 4. A forged Host never reaches a link


def test_links_use_the_configured_server_name_whatever_the_host(
    make_app, make_review, make_person
):
    review = make_review()
    target = make_person(email="someone@example.org")
    admin = make_person(role=Role.ADMINISTRATOR)
    app = make_app(SERVER_NAME="reviews.example.org")
    client = app.test_client()
    # Everything is asked of the forged host, its cookie included.
    forged = {"base_url": "http://evil.example"}
    client.post("/sign-in", data={"email": admin.email, "password": PASSWORD}, **forged)
    page = client.get(f"/reviews/{review.id}", **forged).get_data(as_text=True)
    assert f"http://reviews.example.org/join/{review.join_code}" in page
    assert "evil.example" not in page
    reset = client.post(f"/people/{target.id}/reset-link", **forged)
    assert "http://reviews.example.org/password/reset/" in reset.text
    assert "evil.example" not in reset.text


def test_a_host_that_is_not_trusted_is_refused(make_app):
    app = make_app(TRUSTED_HOSTS=["reviews.example.org"])
    client = app.test_client()
    assert client.get("/about", headers={"Host": "evil.example"}).status_code == 400
    assert (
        client.get("/about", headers={"Host": "reviews.example.org"}).status_code == 200
    )


def test_production_refuses_to_start_without_a_fixed_host():
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        require_fixed_host({"SERVER_NAME": None, "TRUSTED_HOSTS": None})
    require_fixed_host({"SERVER_NAME": "reviews.example.org"})


@pytest.mark.parametrize(
    ("hops", "client_address"), [(1, "10.0.0.2"), (0, "127.0.0.1")]
)
def test_the_proxy_fix_trusts_only_the_documented_hops(make_app, hops, client_address):
    app = make_app(PROXY_HOPS=hops)

    @app.get("/_probe")
    def probe() -> dict:
        return {"address": request.remote_addr, "host": request.host}

    behind_proxy(app)
    answer = app.test_client().get(
        "/_probe",
        headers={
            # The client wrote the first address itself; nginx appended the second.
            "X-Forwarded-For": "6.6.6.6, 10.0.0.2",
            "X-Forwarded-Host": "evil.example",
        },
    )
    assert answer.get_json() == {"address": client_address, "host": "localhost"}


# 8. Who has an account does not leak by timing


def test_an_unknown_email_costs_one_password_check_like_a_known_one(
    monkeypatch, make_person
):
    make_person(email="sam@example.org")
    checked = []
    real = operations.check_password_hash
    monkeypatch.setattr(
        operations,
        "check_password_hash",
        lambda stored, password: checked.append(stored) or real(stored, password),
    )
    assert operations.authenticate("nobody@example.org", "a guess") is None
    assert len(checked) == 1
    # The dummy hash is as costly as a real one: same method and work factor.
    known = db.session.scalar(select(Person).filter_by(email="sam@example.org"))
    assert checked[0].split("$")[0] == known.password_hash.split("$")[0]


# 9. A shared computer's browser keeps no page


def test_pages_for_a_signed_in_person_or_a_guest_are_not_stored(
    app, admin_client, make_review
):
    review = make_review()
    assert admin_client.get("/").headers["Cache-Control"] == "no-store"
    assert admin_client.get(f"/reviews/{review.id}").headers["Cache-Control"] == (
        "no-store"
    )
    guest = app.test_client()
    guest.post(f"/join/{review.join_code}", data={"side": "lto", "display_name": "G"})
    respond = guest.get(f"/reviews/{review.id}/respond")
    assert respond.status_code == 200
    assert respond.headers["Cache-Control"] == "no-store"
