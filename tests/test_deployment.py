"""Several app instances behind one proxy behave as one app (docs/deploy.md).

Production runs more than one instance over one PostgreSQL database, with
rate limits counted in Redis. Nothing that matters may live in one process's
memory: a guest who joins through one instance answers through another, a
limit reached through one instance holds in the others, and a page one
instance keeps is never served by it after a write through another.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
import redis

from ltoapp.accounts.models import Role
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.models import Participant, Response
from tests.conftest import TEST_DATABASE_URL, sign_in

REDIS_URL = os.environ.get("LTOAPP_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
REQUIRE_SERVICES = os.environ.get("LTOAPP_REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parent.parent

needs_postgresql = pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgresql"),
    reason=(
        "several instances share a server database: set LTOAPP_TEST_DATABASE_URL "
        "to a PostgreSQL database to run this (CI does)"
    ),
)


@pytest.fixture
def redis_url() -> str:
    """Redis for shared rate limits; skipped when it cannot be reached."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if REQUIRE_SERVICES:
            pytest.fail(f"{message} (LTOAPP_REQUIRE_SERVICES=1)")
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture
def key_prefix(redis_url: str):
    """A key prefix of this test's own; its keys are removed afterwards."""
    prefix = f"ltoapp-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)
    client.close()


def full_answers() -> dict[str, str]:
    return {
        f"rating-{question_key}-{column}": "7"
        for question_key in load_framework().question_keys
        for column in ("A", "B", "C")
    }


def test_the_health_check_answers_without_touching_the_tables(app, client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_the_health_check_says_when_the_database_is_unreachable(
    app, make_app, tmp_path
):
    broken = make_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"
    )
    response = broken.test_client().get("/health")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def in_own_process(config: dict, script: str) -> object:
    """Run ``script`` in a new Python process, as another instance would.

    The script sees ``client``, a test client of an app made from ``config``,
    and prints its findings as JSON on its last line. A process of its own
    also keeps Flask-Limiter's settings, which belong to the one ``limiter``
    object of a process, from leaking into other tests.
    """
    prelude = (
        "import json, sys\n"
        "from ltoapp import create_app\n"
        "client = create_app(json.loads(sys.argv[1])).test_client()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(script), json.dumps(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_the_health_check_is_never_rate_limited(app, app_config):
    statuses = in_own_process(
        app_config | {"RATELIMIT_DEFAULT": "1 per minute"},
        """
        about = [client.get("/about").status_code for _ in range(2)]
        health = [client.get("/health").status_code for _ in range(3)]
        print(json.dumps([about, health]))
        """,
    )
    assert statuses == [[200, 429], [200, 200, 200]]


@needs_postgresql
def test_two_instances_over_one_database_see_each_others_writes(
    app, make_app, make_review
):
    review = make_review()
    review_id, code = review.id, review.join_code
    first = app.test_client()
    second = make_app().test_client()

    # Joining through the first instance...
    joined = first.post(f"/join/{code}", data={"side": "lto", "display_name": "Ann"})
    assert joined.headers["Location"] == f"/reviews/{review_id}/respond"
    # ...the guest's next request reaches the second: it knows them from the
    # signed session cookie and finds their participant in the database.
    second.set_cookie("session", first.get_cookie("session").value)
    assert second.get(f"/reviews/{review_id}/respond").status_code == 200
    answered = second.post(f"/reviews/{review_id}/respond", data=full_answers())
    assert answered.headers["Location"] == f"/reviews/{review_id}/thanks"

    # The first instance sees the answers the second stored.
    db.session.remove()
    stored = db.session.scalar(
        db.select(db.func.count(Response.id))
        .join(Participant)
        .where(Participant.review_id == review_id)
    )
    assert stored == 1
    assert first.get(f"/reviews/{review_id}/thanks").status_code == 200


def test_rate_limits_hold_across_instances_sharing_redis(
    app, app_config, make_app, redis_url, key_prefix
):
    settings = {
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": key_prefix,
        "SIGN_IN_RATE_LIMIT": "3 per minute",
    }
    instances = [make_app(**settings).test_client() for _ in range(2)]
    attempt = {"email": "nobody@example.org", "password": "wrong password"}

    # Three attempts spread over two instances use up the one allowance...
    statuses = [
        instances[n % 2].post("/sign-in", data=attempt).status_code for n in range(3)
    ]
    assert statuses == [422, 422, 422]
    # ...which is counted in Redis, not in this process...
    assert list(redis.Redis.from_url(redis_url).scan_iter(f"*{key_prefix}*"))
    # ...so the next attempt is refused by every instance, in any process.
    assert instances[0].post("/sign-in", data=attempt).status_code == 429
    elsewhere = in_own_process(
        app_config | settings,
        f"""
        reply = client.post("/sign-in", data={attempt!r})
        print(json.dumps(reply.status_code))
        """,
    )
    assert elsewhere == 429


def test_a_write_through_one_instance_shows_at_once_through_another(
    app, make_app, make_relationship, make_person
):
    relationship = make_relationship()
    administrator = make_person(role=Role.ADMINISTRATOR)
    facilitator = make_person(role=Role.FACILITATOR, name="Fola Facilitator")
    path = f"/relationships/{relationship.id}"
    first = sign_in(make_app().test_client(), administrator)
    second = sign_in(make_app().test_client(), administrator)
    facilitated_by = "<dt>Facilitated by</dt><dd>Fola Facilitator</dd>"
    assert facilitated_by not in second.get(path).text

    first.post(f"{path}/facilitators", data={"person_id": facilitator.id})

    assert facilitated_by in second.get(path).text
