"""Fixtures: an app with its own empty database per test, and data factories.

Tests run on SQLite by default. Set ``LTOAPP_TEST_DATABASE_URL`` (for example
``postgresql+psycopg://postgres@127.0.0.1:5432/ltoapp_test``) to run the same
suite on PostgreSQL.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.security import generate_password_hash

from ltoapp import create_app
from ltoapp.accounts import operations as account_operations
from ltoapp.accounts.models import Person, Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.extensions import db
from ltoapp.relationships import operations as relationship_operations
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Response, Review, Side
from ltoapp.workflows.registry import workflow_named

TEST_DATABASE_URL = os.environ.get("LTOAPP_TEST_DATABASE_URL")


def database_url(tmp_path: Path) -> str:
    """Return the database the tests should use: PostgreSQL if asked, else SQLite."""
    return TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}"


def drop_everything() -> None:
    """Empty the test database, including Alembic's own table."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


@pytest.fixture
def app_config(tmp_path: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test secret",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
    }


class RequestClient(FlaskClient):
    """A test client whose requests do not see each other's ``g``.

    The tests keep an app context open, which Flask then shares with every
    request, so ``g`` would carry the signed-in user from one request into the
    next. A browser's requests never share it.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in ("_login_user", "viewer"):
                g.pop(name, None)
        return super().open(*args, **kwargs)


@pytest.fixture
def app(app_config: dict) -> Iterator[Flask]:
    app = create_app(app_config)
    app.test_client_class = RequestClient
    with app.app_context():
        drop_everything()
        db.create_all()
        yield app
        drop_everything()
        db.engine.dispose()


@pytest.fixture
def make_app(app: Flask, app_config: dict) -> Iterator[Callable[..., Flask]]:
    """Make another app over the same database, with some settings changed."""
    made: list[Flask] = []

    def make(**overrides) -> Flask:
        other = create_app(app_config | overrides)
        other.test_client_class = RequestClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_partnership(app: Flask) -> Callable[..., Partnership]:
    counter = iter(range(1, 10_000))

    def make(**overrides) -> Partnership:
        fields = {"name": f"Partnership {next(counter)}", "area": None} | overrides
        partnership = relationship_operations.create_partnership(**fields, by=ANONYMOUS)
        db.session.commit()
        return partnership

    return make


@pytest.fixture
def make_lto(app: Flask) -> Callable[..., LTO]:
    counter = iter(range(1, 10_000))

    def make(**overrides) -> LTO:
        fields = {"name": f"LTO {next(counter)}"} | overrides
        lto = relationship_operations.create_lto(**fields, by=ANONYMOUS)
        db.session.commit()
        return lto

    return make


@pytest.fixture
def make_relationship(make_partnership, make_lto) -> Callable[..., Relationship]:
    def make(**overrides) -> Relationship:
        fields = {
            "partnership": overrides.pop("partnership", None) or make_partnership(),
            "lto": overrides.pop("lto", None) or make_lto(),
            "started_on": date(2020, 1, 1),
        } | overrides
        relationship = relationship_operations.create_relationship(
            **fields, by=ANONYMOUS
        )
        db.session.commit()
        return relationship

    return make


@pytest.fixture
def make_review(make_relationship) -> Callable[..., Review]:
    def make(workflow: str = "regular_review", **overrides) -> Review:
        fields = {
            "relationship": overrides.pop("relationship", None) or make_relationship(),
            "held_on": date(2024, 3, 1),
            "workflow": workflow_named(workflow),
        } | overrides
        review = review_operations.start_review(**fields, by=ANONYMOUS)
        db.session.commit()
        return review

    return make


@pytest.fixture
def make_response(make_review) -> Callable[..., Response]:
    """Answer a review; ``now`` and ``at_first`` map question keys to ratings."""

    def make(
        review: Review | None = None,
        side: Side = Side.PARTNERSHIP,
        at_first: dict[str, int | None] | None = None,
        now: dict[str, int | None] | None = None,
        wanted: dict[str, int | None] | None = None,
        display_name: str | None = None,
    ) -> Response:
        ratings = {}
        for column, values in (("A", at_first), ("B", now), ("C", wanted)):
            for question_key, value in (values or {}).items():
                ratings[(question_key, column)] = value
        response = review_operations.record_response(
            review or make_review(),
            side=side,
            display_name=display_name,
            ratings=ratings,
            comments={},
            other_comments=None,
            by=ANONYMOUS,
        )
        db.session.commit()
        return response

    return make


@functools.cache
def password_hash(password: str) -> str:
    """Hash each test password once for the whole run.

    A real hash (scrypt) costs about a tenth of a second, and the suite makes
    several hundred people with the same few passwords; signing in still
    checks the password against a real hash.
    """
    return generate_password_hash(password)


@pytest.fixture
def make_person(app: Flask) -> Callable[..., Person]:
    """Make someone who can sign in; ``member_of`` takes partnerships and LTOs."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.MEMBER,
        member_of: tuple = (),
        facilitates: tuple[Relationship, ...] = (),
        password: str = "correct horse battery",
        **overrides,
    ) -> Person:
        number = next(counter)
        fields = {"name": f"Person {number}", "email": f"person{number}@example.org"}
        person = Person(
            role=role, password_hash=password_hash(password), **(fields | overrides)
        )
        db.session.add(person)
        for organisation in member_of:
            account_operations.add_membership(person, organisation)
        for relationship in facilitates:
            account_operations.assign_facilitator(person, relationship, by=ANONYMOUS)
        db.session.commit()
        return person

    return make


def sign_in(client: FlaskClient, person: Person) -> FlaskClient:
    """Sign a test client in as a person, without the sign-in form."""
    with client.session_transaction() as session:
        session["_user_id"] = person.get_id()
        session["_fresh"] = True
    return client


@pytest.fixture
def admin_client(client: FlaskClient, make_person) -> FlaskClient:
    """A test client signed in as an administrator."""
    return sign_in(client, make_person(role=Role.ADMINISTRATOR, name="Alex Admin"))
