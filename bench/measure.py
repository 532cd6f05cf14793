"""Time pages as people wait for them, and count the SQL each one sends.

Nothing is kept between requests, so every view is rendered afresh: the
single requests are each made just after a write to the database, as in a
workshop where autosaves arrive every few seconds, and wrk then measures how
many such renders the server manages per second.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from bench import data
from bench.server import WORKERS, Browser
from ltoapp import create_app
from ltoapp.extensions import db

LATENCY_SCRIPT = Path(__file__).with_name("latency.lua")
CONNECTIONS = 20
#: Single requests timed for each page's median and p95.
SINGLE_REQUESTS = 40


@dataclass(frozen=True)
class PageFigures:
    name: str
    path: str
    #: Single requests, one at a time, each just after a write.
    median_ms: float
    p95_ms: float
    #: wrk, CONNECTIONS at once.
    requests_per_second: float
    wrk_p95_ms: float
    errors: int


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of values, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1] * 1000


def wrk(base: str, path: str, cookie: str, seconds: int) -> dict:
    command = [
        "wrk", "--threads", "2", "--connections", str(CONNECTIONS),
        "--duration", f"{seconds}s", "--timeout", "10s",
        "--script", str(LATENCY_SCRIPT), "--header", f"Cookie: {cookie}",
        "--header", "Accept-Encoding: br",
        f"{base}{path}",
    ]  # fmt: skip
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, timeout=seconds + 30
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def warm_every_worker(browser: Browser, path: str) -> None:
    """Have every worker render the page once, with requests at once, twice.

    A page's first render in a worker compiles its templates, once in the
    process's life: not what a person waits for. Sequential requests may all
    reach the same worker; concurrent ones each take a worker of their own.
    """
    for _ in range(2):
        requests = [
            threading.Thread(target=browser.request, args=(path,))
            for _ in range(2 * WORKERS)
        ]
        for request in requests:
            request.start()
        for request in requests:
            request.join(30)


def measure_page(
    browser: Browser,
    name: str,
    path: str,
    seconds: int,
    write: Callable[[], None],
) -> PageFigures:
    """Time single views of a page, each after a write, then run wrk on it."""
    warm_every_worker(browser, path)
    single = []
    for _ in range(SINGLE_REQUESTS):
        write()
        status, _, location, took = browser.request(path)
        if status != 200:
            raise RuntimeError(f"{name} ({path}) answered {status} {location}")
        single.append(took)
    figures = wrk(browser.base, path, browser.cookie_header(), seconds)
    errors = sum(figures[k] for k in ("connect", "read", "write", "timeout", "status"))
    return PageFigures(
        name=name,
        path=path,
        median_ms=percentile(single, 50),
        p95_ms=percentile(single, 95),
        requests_per_second=figures["requests"] / (figures["duration_us"] / 1e6),
        wrk_p95_ms=figures["p95_us"] / 1000,
        errors=errors,
    )


def in_process_app(url: str) -> Flask:
    """The app over the bench database, for reading pages in this process."""
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True}
        | {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
        # As the bench server: bundles built once, not checked on each page.
        | {"ASSETS_AUTO_BUILD": False}
    )


def admin_test_client(app: Flask) -> FlaskClient:
    """A test client signed in as the bench programme's administrator."""
    client = app.test_client()
    client.post(
        "/sign-in", data={"email": data.ADMIN_EMAIL, "password": data.ADMIN_PASSWORD}
    )
    return client


def statements_per_page(url: str, paths: dict[str, str]) -> dict[str, int]:
    """Count the SQL statements each page sends, for the administrator.

    In this process, through Flask's test client over the same database, so
    each statement is seen; the count is what gunicorn's workers send too.
    """
    app = in_process_app(url)
    with app.app_context():
        engine = db.engine
    # Each request pushes its own app context, as under gunicorn: one held
    # around them all would keep the signed-in person and the viewer in ``g``
    # from one page to the next, and hide the statements that load them.
    client = admin_test_client(app)
    counts = {}
    statements: list[str] = []

    def collect(connection, cursor, statement, *args) -> None:
        statements.append(statement)

    for name, path in paths.items():
        statements.clear()
        event.listen(engine, "before_cursor_execute", collect)
        try:
            status = client.get(path).status_code
        finally:
            event.remove(engine, "before_cursor_execute", collect)
        if status != 200:
            raise RuntimeError(f"{name} ({path}) answered {status}")
        counts[name] = len(statements)
    engine.dispose()
    return counts
