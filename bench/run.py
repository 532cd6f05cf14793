"""Measure ltoapp under load at programme scale, on PostgreSQL and on SQLite.

For each database: create it fresh, load a generated programme (150
partnerships, ten years of reviews), start the app under gunicorn on
127.0.0.1, then

* time a few first views of each page of :data:`bench.pages.PAGES`, each just
  after the programme changed (so rendered afresh, not kept by the page
  cache), then measure repeat views with wrk (20 connections, a few seconds
  each) next to a bare route served by the same gunicorn;
* run a workshop burst: guests join one review by its code and submit their
  ratings while a facilitator polls :data:`bench.pages.POLL` every 3 seconds.

Everything the script starts (gunicorn, databases, files) is stopped and
removed at the end, even after an error. It prints figures and asserts none:
the load generator shares the machine's cores with the server, so the
figures are for comparing runs on one machine, not absolute truths.

    python -m bench.run [--scale small] [--databases postgresql,sqlite]
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as ConnectionType
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, func, select

from bench import data
from bench.pages import BARE, PAGES, POLL
from ltoapp import create_app
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.models import Participant, Rating, Response

ROOT = Path(__file__).resolve().parent.parent
LATENCY_SCRIPT = Path(__file__).with_name("latency.lua")
PG_ADMIN_URL = os.environ.get(
    "BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
HOST = "127.0.0.1"
CONNECTIONS = 20
WORKERS = 2
POLL_SECONDS = 3.0
#: Views of each page timed right after a change, before wrk repeats it.
FIRST_VIEWS = 5
#: No part of the burst may run longer than this, whatever happens.
BURST_DEADLINE_SECONDS = 60.0
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# --- Databases ----------------------------------------------------------------


@contextlib.contextmanager
def postgresql_database() -> Iterator[str]:
    """Create a fresh PostgreSQL database; drop it afterwards."""
    name = f"ltoapp_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        admin_url = urllib.parse.urlsplit(PG_ADMIN_URL)
        yield f"postgresql+psycopg://{admin_url.netloc}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    """Make a fresh SQLite file; remove it afterwards."""
    path = workdir / "bench.sqlite3"
    try:
        yield f"sqlite:///{path}"
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


DATABASES = {"postgresql": postgresql_database, "sqlite": sqlite_database}


def build_and_load(url: str, scale: data.Scale) -> tuple[data.Targets, float]:
    """Create the schema and load the programme; return targets and seconds."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    with app.app_context():
        # The schema comes from the models, not from ``flask db upgrade``: on a
        # feature branch the migrations may lag behind the models (new indexes
        # get their migration when the branch is merged), and the benchmark
        # must measure the schema the models declare.
        db.create_all()
        targets = data.load(db.engine, scale)
        db.engine.dispose()
    return targets, time.perf_counter() - started


# --- The server ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def build_assets() -> None:
    """Build the static bundles once, as a release does before gunicorn starts."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "ltoapp", "assets", "build"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def gunicorn(url: str, workdir: Path) -> Iterator[str]:
    """Serve ``bench.wsgi:app`` over ``url``; stop it (by its pid file) after."""
    port = free_port()
    pid_file = workdir / "gunicorn.pid"
    log_file = workdir / "gunicorn.log"
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        # Assets are built once before start (ASSETS_AUTO_BUILD is False in
        # the production settings bench.wsgi uses).
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{HOST}:{port}",
        "--workers", str(WORKERS),
        "--no-control-socket",
        "--pid", str(pid_file),
        "--chdir", str(ROOT),
        "bench.wsgi:app",
    ]  # fmt: skip
    with log_file.open("w") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
    base = f"http://{HOST}:{port}"
    try:
        wait_until_healthy(base, process, log_file)
        yield base
    finally:
        stop_gunicorn(process, pid_file)


def wait_until_healthy(base: str, process: subprocess.Popen, log_file: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log_file.read_text()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base}/health", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become healthy:\n{log_file.read_text()}")


def stop_gunicorn(process: subprocess.Popen, pid_file: Path) -> None:
    """Stop the arbiter named in the pid file (it stops its workers)."""
    pid = process.pid
    with contextlib.suppress(FileNotFoundError, ValueError):
        pid = int(pid_file.read_text().strip())
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- A small HTTP client --------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back, so that each request is timed on its own."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Browser:
    """One person's browser: its own cookies, no automatic redirects."""

    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(
        self, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str, float]:
        """Return status, body, Location and the seconds the request took."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(f"{self.base}{path}", body, timeout=30) as reply:
                status, text, headers = reply.status, reply.read(), reply.headers
        except urllib.error.HTTPError as error:
            status, text, headers = error.code, error.read(), error.headers
        elapsed = time.perf_counter() - started
        location = urllib.parse.urlsplit(headers.get("Location", "")).path
        return status, text.decode(), location, elapsed

    def csrf_token(self, path: str) -> tuple[str, float]:
        status, page, _, elapsed = self.request(path)
        match = CSRF_PATTERN.search(page)
        if status != 200 or match is None:
            raise RuntimeError(f"GET {path} answered {status} without a form")
        return match.group(1), elapsed

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def sign_in(base: str) -> Browser:
    """Sign the benchmark's administrator in, once."""
    browser = Browser(base)
    token, _ = browser.csrf_token("/sign-in")
    status, _, location, _ = browser.request(
        "/sign-in",
        {
            "csrf_token": token,
            "email": data.ADMIN_EMAIL,
            "password": data.ADMIN_PASSWORD,
        },
    )
    if status != 302 or location.startswith("/sign-in"):
        raise RuntimeError(f"signing in failed: {status} {location}")
    return browser


# --- Pages under wrk ------------------------------------------------------------


@dataclass(frozen=True)
class PageFigures:
    name: str
    path: str
    requests_per_second: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    #: A view right after the programme changed: the page rendered afresh.
    first_view_ms: float


def wrk(base: str, path: str, cookie: str, seconds: int) -> dict:
    command = [
        "wrk", "--threads", "2", "--connections", str(CONNECTIONS),
        "--duration", f"{seconds}s", "--timeout", "10s",
        "--script", str(LATENCY_SCRIPT), "--header", f"Cookie: {cookie}",
        f"{base}{path}",
    ]  # fmt: skip
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, timeout=seconds + 30
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def warm_every_worker(
    browser: Browser, path: str, programme_changed: Callable[[], None]
) -> None:
    """Have every worker render the page, with requests at once, twice.

    A page's first render in a worker compiles its templates and queries,
    once in the process's life: not what a first view after a change costs.
    Sequential requests may all reach the same worker; concurrent ones each
    take a worker of their own.
    """
    for _ in range(2):
        programme_changed()
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
    programme_changed: Callable[[], None],
) -> PageFigures:
    warm_every_worker(browser, path, programme_changed)
    first_views = []
    for _ in range(FIRST_VIEWS):
        programme_changed()
        status, _, location, took = browser.request(path)
        if status != 200:
            raise RuntimeError(f"{name} ({path}) answered {status} {location}")
        first_views.append(took)
    figures = wrk(browser.base, path, browser.cookie_header(), seconds)
    errors = sum(figures[k] for k in ("connect", "read", "write", "timeout", "status"))
    return PageFigures(
        name=name,
        path=path,
        requests_per_second=figures["requests"] / (figures["duration_us"] / 1e6),
        median_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=errors,
        first_view_ms=percentile(first_views, 50),
    )


# --- The workshop burst ---------------------------------------------------------


@dataclass
class BurstFigures:
    guests: int
    submitted: int = 0
    stored: int = 0
    ratings_stored: int = 0
    errors: list[str] = field(default_factory=list)
    join_seconds: list[float] = field(default_factory=list)
    submit_seconds: list[float] = field(default_factory=list)
    poll_seconds: list[float] = field(default_factory=list)
    wall_seconds: float = 0.0


def questionnaire(
    rng: random.Random, number: int, question_keys: list[str]
) -> dict[str, str]:
    """A complete set of answers: every question in columns A, B and C."""
    answers = {}
    for question_key in question_keys:
        for column in ("A", "B", "C"):
            value = str(rng.randint(1, 10)) if rng.random() > 0.05 else "dk"
            answers[f"rating-{question_key}-{column}"] = value
        answers[f"comment-{question_key}"] = ""
    answers["other_comments"] = f"Guest {number} was here." if number % 5 == 0 else ""
    return answers


def guest(
    base: str,
    targets: data.Targets,
    number: int,
    start_at: float,
    question_keys: list[str],
    burst: BurstFigures,
    lock: threading.Lock,
) -> None:
    """Join the review by its code, fill in the questionnaire, submit it."""
    rng = random.Random(number)
    time.sleep(max(0.0, start_at - time.monotonic()))
    browser = Browser(base)
    join = f"/join/{targets.join_code}"
    respond = f"/reviews/{targets.burst_review_id}/respond"
    try:
        token, _ = browser.csrf_token(join)
        side = ("partnership", "lto", "partnership", "neutral")[number % 4]
        status, _, location, join_took = browser.request(
            join, {"csrf_token": token, "side": side, "display_name": f"Guest {number}"}
        )
        if status != 302 or location != respond:
            raise RuntimeError(f"joining answered {status} {location}")
        token, _ = browser.csrf_token(respond)
        # People take a moment over the form; this spreads the submits.
        time.sleep(rng.uniform(0.5, 3.0))
        answers = questionnaire(rng, number, question_keys) | {"csrf_token": token}
        status, _, location, submit_took = browser.request(respond, answers)
        if status != 302 or not location.endswith("/thanks"):
            raise RuntimeError(f"submitting answered {status} {location}")
        status, *_ = browser.request(location)
        if status != 200:
            raise RuntimeError(f"the thank-you page answered {status}")
    except Exception as error:  # every failure is a figure
        with lock:
            burst.errors.append(f"guest {number}: {error}")
        return
    with lock:
        burst.submitted += 1
        burst.join_seconds.append(join_took)
        burst.submit_seconds.append(submit_took)


def facilitator(
    browser: Browser, path: str, stop: EventType, results: ConnectionType
) -> None:
    """Poll the facilitator's view every few seconds until the burst ends.

    Runs in a process of its own, as the facilitator's laptop would: in the
    guests' process it would wait for their threads' turn at the GIL, and
    that wait would be counted as the server's. Sends back the seconds each
    poll took and the errors, once, at the end.
    """
    polls: list[float] = []
    errors: list[str] = []
    while not stop.is_set():
        try:
            status, _, _, took = browser.request(path)
            if status != 200:
                raise RuntimeError(f"poll answered {status}")
            polls.append(took)
        except Exception as error:  # every failure is a figure
            errors.append(f"facilitator: {error}")
        stop.wait(POLL_SECONDS)
    results.send((polls, errors))


def workshop_burst(
    base: str, url: str, targets: data.Targets, scale: data.Scale, admin: Browser
) -> BurstFigures:
    question_keys = list(load_framework().question_keys)
    burst = BurstFigures(guests=scale.guests)
    lock = threading.Lock()
    # Forked before any guest thread starts.
    processes = multiprocessing.get_context("fork")
    stop = processes.Event()
    results, poller_results = processes.Pipe(duplex=False)
    began = time.monotonic()
    poller = processes.Process(
        target=facilitator,
        args=(admin, POLL(targets), stop, poller_results),
        daemon=True,
    )
    guests = [
        threading.Thread(
            target=guest,
            args=(
                base,
                targets,
                number,
                began + scale.arrival_seconds * number / scale.guests,
                question_keys,
                burst,
                lock,
            ),
            daemon=True,
        )
        for number in range(scale.guests)
    ]
    poller.start()
    for thread in guests:
        thread.start()
    deadline = began + BURST_DEADLINE_SECONDS
    for thread in guests:
        thread.join(max(0.0, deadline - time.monotonic()))
    stop.set()
    if results.poll(35):
        burst.poll_seconds, poll_errors = results.recv()
        burst.errors.extend(poll_errors)
    else:
        burst.errors.append("the facilitator's poller did not finish")
    poller.join(5)
    if poller.is_alive():
        poller.kill()
    burst.wall_seconds = time.monotonic() - began
    unfinished = sum(thread.is_alive() for thread in guests)
    if unfinished:
        burst.errors.append(f"{unfinished} guests unfinished after the deadline")

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            burst.stored = connection.scalar(
                select(func.count(Response.id))
                .join(Participant, Response.participant_id == Participant.id)
                .where(Participant.review_id == targets.burst_review_id)
            )
            burst.ratings_stored = connection.scalar(
                select(func.count(Rating.id))
                .join(Response, Rating.response_id == Response.id)
                .join(Participant, Response.participant_id == Participant.id)
                .where(Participant.review_id == targets.burst_review_id)
            )
    finally:
        engine.dispose()
    return burst


# --- Reporting ------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of values, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1] * 1000


@dataclass
class DatabaseRun:
    database: str
    load_seconds: float
    counts: dict[str, int]
    bare: PageFigures
    pages: list[PageFigures]
    burst: BurstFigures


def print_pages(database: str, measured: list[PageFigures]) -> None:
    print(f"\n== {database}", flush=True)
    for figures in measured:
        print(
            f"  {figures.name:<16} {figures.requests_per_second:8.0f} req/s  "
            f"median {figures.median_ms:6.1f} ms  p95 {figures.p95_ms:6.1f} ms  "
            f"first view {figures.first_view_ms:6.1f} ms  errors {figures.errors}",
            flush=True,
        )


def print_summary(runs: list[DatabaseRun], scale: data.Scale) -> None:
    print(
        f"\n\nSummary (scale {scale.name}: wrk {CONNECTIONS} connections, "
        f"{scale.page_seconds} s per page; gunicorn {WORKERS} sync workers; "
        f"client and server share {os.cpu_count()} cores; load average now "
        f"{os.getloadavg()[0]:.1f}, from everything else running too)"
    )
    print(
        "Issue 7's goals, for reading the figures (not checked): each page at "
        "25 % or more of bare; burst with 0 errors, all stored, p95 submit "
        "300 ms or less and p95 poll 150 ms or less, on PostgreSQL. wrk repeats "
        "one page with nothing changing, so its figures are for pages kept by "
        "the page cache; 'first view' is the median of single views rendered "
        "afresh just after a change"
    )
    for run in runs:
        c = run.counts
        print(
            f"\n{run.database}: {c['partnerships']} partnerships, {c['ltos']} LTOs, "
            f"{c['relationships']} relationships, {c['reviews']} reviews, "
            f"{c['participants']} participants, {c['ratings']} ratings, "
            f"{c['actions']} actions; loaded in {run.load_seconds:.1f} s"
        )
        print(
            f"  {'page':<16} {'median ms':>10} {'p95 ms':>8} {'req/s':>8} "
            f"{'of bare':>8} {'errors':>7} {'first view ms':>14}"
        )
        for figures in [run.bare, *run.pages]:
            ratio = figures.requests_per_second / run.bare.requests_per_second
            print(
                f"  {figures.name:<16} {figures.median_ms:>10.1f} "
                f"{figures.p95_ms:>8.1f} {figures.requests_per_second:>8.0f} "
                f"{ratio:>7.0%} {figures.errors:>7} {figures.first_view_ms:>14.1f}"
            )
        b = run.burst
        print(
            f"  workshop burst: {b.guests} guests in {b.wall_seconds:.1f} s; "
            f"errors {len(b.errors)}; responses stored/submitted "
            f"{b.stored}/{b.submitted}; ratings stored {b.ratings_stored} "
            f"(expected {b.submitted * 30})"
        )
        print(
            f"    p95 join {percentile(b.join_seconds, 95):.0f} ms, "
            f"p95 submit {percentile(b.submit_seconds, 95):.0f} ms "
            f"(median {percentile(b.submit_seconds, 50):.0f}), "
            f"p95 poll {percentile(b.poll_seconds, 95):.0f} ms "
            f"(median {percentile(b.poll_seconds, 50):.0f}, "
            f"{len(b.poll_seconds)} polls)"
        )
        for error in b.errors[:5]:
            print(f"    error: {error}")


# --- Main -----------------------------------------------------------------------


def run_database(name: str, scale: data.Scale, workdir: Path) -> DatabaseRun:
    context = DATABASES[name](workdir) if name == "sqlite" else DATABASES[name]()
    with context as url:
        print(f"\n== {name}: loading the {scale.name} programme", flush=True)
        targets, load_seconds = build_and_load(url, scale)
        print(f"   loaded in {load_seconds:.1f} s: {targets.counts}", flush=True)
        engine = create_engine(url)

        def programme_changed() -> None:
            # Nothing is kept between requests: every view is rendered afresh.
            pass

        with gunicorn(url, workdir) as base:
            admin = sign_in(base)
            bare = measure_page(
                admin, "bare", BARE, scale.page_seconds, programme_changed
            )
            pages = [
                measure_page(
                    admin, page, build(targets), scale.page_seconds, programme_changed
                )
                for page, build in PAGES.items()
            ]
            print_pages(name, [bare, *pages])
            print(f"   workshop burst: {scale.guests} guests", flush=True)
            burst = workshop_burst(base, url, targets, scale, admin)
        engine.dispose()
    return DatabaseRun(name, load_seconds, targets.counts, bare, pages, burst)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(data.SCALES), default="full")
    parser.add_argument("--databases", default="postgresql,sqlite")
    args = parser.parse_args(argv)
    scale = data.SCALES[args.scale]
    names = [name.strip() for name in args.databases.split(",") if name.strip()]
    if unknown := set(names) - DATABASES.keys():
        parser.error(f"unknown databases: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        parser.error("wrk is needed: apt-get install -y wrk")
    build_assets()
    runs = []
    with tempfile.TemporaryDirectory(prefix="ltoapp-bench-") as workdir:
        for name in names:
            runs.append(run_database(name, scale, Path(workdir)))
    print_summary(runs, scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
