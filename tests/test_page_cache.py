"""Kept pages: served again only while nothing changed, and only to their viewer."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select, update

from ltoapp.accounts.models import Person, Role
from ltoapp.actions.operations import add_action
from ltoapp.extensions import db
from ltoapp.page_cache import (
    ProgrammeRevision,
    current_revision,
    page_key,
    release_fingerprint,
)
from ltoapp.reviews.models import Side
from tests.conftest import sign_in
from tests.query_count import page_from_app, statements_for_page

CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_every_committed_write_moves_the_revision_on(app, make_partnership):
    partnership = make_partnership()
    before = current_revision()

    partnership.name = "Renamed Partnership"
    db.session.commit()
    after_change = current_revision()
    db.session.commit()
    after_empty_commit = current_revision()
    db.session.execute(update(Person).values(name="Bulk"))
    db.session.rollback()
    after_rollback = current_revision()
    db.session.execute(update(Person).values(name="Bulk"))
    db.session.commit()

    assert after_change == before + 1
    assert after_empty_commit == after_change
    assert after_rollback == after_change
    assert current_revision() == after_change + 1


def test_the_revision_is_one_row_that_backups_leave_out(app):
    assert db.session.scalars(select(ProgrammeRevision.id)).all() == [1]
    assert ProgrammeRevision.__table__.info == {"backup": False}


def test_keys_differ_by_release_revision_day_viewer_and_address():
    key = page_key("r1", 4, "2026-11-25", "7|[]", "/programme?")
    assert key == page_key("r1", 4, "2026-11-25", "7|[]", "/programme?")
    assert key != page_key("r2", 4, "2026-11-25", "7|[]", "/programme?")
    assert key != page_key("r1", 5, "2026-11-25", "7|[]", "/programme?")
    assert key != page_key("r1", 4, "2026-11-26", "7|[]", "/programme?")
    assert key != page_key("r1", 4, "2026-11-25", "8|[]", "/programme?")
    assert key != page_key("r1", 4, "2026-11-25", "7|[]", "/programme?year=2025")


def test_a_new_release_or_other_labels_never_see_the_old_pages(tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>Hello</p>")
    labels = {"ltos": "LTOs"}
    before = release_fingerprint([tmp_path], labels)
    (tmp_path / "gen").mkdir()
    (tmp_path / "gen" / "app.123.css").write_text("p{}")  # built, not a source
    assert release_fingerprint([tmp_path], labels) == before

    assert release_fingerprint([tmp_path], {"ltos": "Trusted bodies"}) != before
    template.write_text("<p>Hello again</p>")
    assert release_fingerprint([tmp_path], labels) != before


def test_a_repeat_view_is_served_without_rendering_and_a_write_shows_at_once(
    admin_client, make_review
):
    review = make_review()
    path = f"/relationships/{review.relationship_id}/actions"

    first = statements_for_page(admin_client, path)
    repeat = statements_for_page(admin_client, path)
    assert len(repeat) < len(first)
    assert len(repeat) == 1  # the revision
    assert "Book the hall for March" not in admin_client.get(path).text

    add_action(review, "Book the hall for March", Side.LTO)
    db.session.commit()

    assert "Book the hall for March" in admin_client.get(path).text


def test_a_kept_page_is_never_served_to_someone_else(
    client, app, make_relationship, make_person
):
    relationship = make_relationship()
    administrator = make_person(role=Role.ADMINISTRATOR, name="Alex Admin")
    outsider = make_person(role=Role.MEMBER, name="Olu Outsider")
    path = f"/relationships/{relationship.id}"
    sign_in(client, administrator)
    assert client.get(path).status_code == 200

    other = sign_in(app.test_client(), outsider)

    assert app.test_client().get(path).status_code == 302  # to the sign-in page
    assert other.get(path).status_code == 404
    home = other.get("/")
    assert "Olu Outsider" in home.text and "Alex Admin" not in home.text


def test_a_kept_page_carries_the_token_of_the_session_it_is_served_to(
    make_app, make_relationship, make_person
):
    administrator = make_person(role=Role.ADMINISTRATOR)
    path = f"/relationships/{make_relationship().id}"
    # Requests to this second app each get their own app context, and so
    # their own ``g``, as in production.
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    first_browser = sign_in(csrf_app.test_client(), administrator)
    second_browser = sign_in(csrf_app.test_client(), administrator)
    first_page = first_browser.get(path).text
    second_page, statements = page_from_app(csrf_app, second_browser, path)
    assert len(statements) == 1  # served from the cache, not rendered again

    first_token = CSRF_TOKEN.search(first_page).group(1)
    second_token = CSRF_TOKEN.search(second_page).group(1)
    assert first_token != second_token
    assert first_page.replace(first_token, "") == second_page.replace(second_token, "")
    signed_out = second_browser.post("/sign-out", data={"csrf_token": second_token})
    assert signed_out.status_code == 302
    assert second_browser.get(path).status_code == 302  # to the sign-in page


def test_a_flashed_message_is_shown_once_even_on_a_kept_page(
    admin_client, make_relationship, make_person
):
    relationship = make_relationship()
    facilitator = make_person(role=Role.FACILITATOR, name="Fola Facilitator")
    path = f"/relationships/{relationship.id}"
    admin_client.get(path)

    assigned = admin_client.post(
        f"{path}/facilitators", data={"person_id": facilitator.id}
    )
    shown = admin_client.get(assigned.location).text
    again = admin_client.get(path).text

    assert "Fola Facilitator now facilitates this relationship." in shown
    assert "now facilitates" not in again
    assert "Fola Facilitator" in again


def test_a_new_day_renders_the_page_again(app, admin_client, make_relationship):
    make_relationship(started_on=date(2025, 1, 1))
    app.config["TODAY"] = date(2025, 6, 1)
    assert "<strong>0</strong> of 1" in admin_client.get("/reviews/due").text

    app.config["TODAY"] = date(2025, 9, 1)

    assert "<strong>1</strong> of 1" in admin_client.get("/reviews/due").text


def test_a_page_kept_for_one_address_is_not_served_at_another(
    admin_client, make_review
):
    # The join link on a review's page is absolute: it names the host the
    # facilitator reached the app by, which people then type on their phones.
    review = make_review()
    path = f"/reviews/{review.id}"

    # The test client's session cookie belongs to localhost, whatever port.
    public = admin_client.get(path, base_url="https://localhost").text
    internal = admin_client.get(path, base_url="http://localhost:8001").text

    assert f"https://localhost/join/{review.join_code}" in public
    assert f"http://localhost:8001/join/{review.join_code}" in internal
