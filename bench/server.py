"""What the benchmark runs against: fresh databases, gunicorn, a plain client.

Everything started here is stopped and removed by its context manager, even
after an error.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import brotli
import psycopg

from bench import data
from ltoapp import create_app
from ltoapp.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
HOST = "127.0.0.1"
WORKERS = 2
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
        # As a browser asks, so that the server's compressing is timed too.
        request = urllib.request.Request(
            f"{self.base}{path}", body, headers={"Accept-Encoding": "br"}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as reply:
                status, text, headers = reply.status, reply.read(), reply.headers
        except urllib.error.HTTPError as error:
            status, text, headers = error.code, error.read(), error.headers
        elapsed = time.perf_counter() - started
        if headers.get("Content-Encoding") == "br":
            text = brotli.decompress(text)
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
