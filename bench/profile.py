"""Profile fresh renders of the benchmarked pages, in one process.

Loads a programme into a PostgreSQL database that is kept between runs
(``bench_profile`` unless ``--database`` says otherwise; ``--reload`` makes it
afresh), then renders each page of :data:`bench.pages.PAGES` a number of times
through Flask's test client under :mod:`cProfile`, and prints the functions
with the most cumulative time, and the SQL time, per page. This is what to
read before changing a query, an index or a template.

    python -m bench.profile [--scale programme] [--pages timeline,home]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
import urllib.parse

import psycopg
from sqlalchemy import event

from bench import data
from bench.measure import admin_test_client, in_process_app
from bench.pages import PAGES
from bench.server import PG_ADMIN_URL, build_and_load
from ltoapp import create_app
from ltoapp.extensions import db

RENDERS = 20


def database_url(
    name: str, scale: data.Scale, reload: bool
) -> tuple[str, data.Targets]:
    """Return the kept database's URL and targets, loading it if new."""
    netloc = urllib.parse.urlsplit(PG_ADMIN_URL).netloc
    url = f"postgresql+psycopg://{netloc}/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists and reload:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if reload or not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            targets, seconds = build_and_load(url, scale)
            print(f"loaded {scale.name} in {seconds:.1f} s")
            return url, targets
    return url, targets_of(url)


def targets_of(url: str) -> data.Targets:
    """Find the targets again in a database loaded by an earlier run."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        connection = db.session.connection()
        review_id = connection.exec_driver_sql(
            "SELECT r.id FROM reviews r JOIN relationships l"
            " ON l.id = r.relationship_id WHERE l.partnership_id = 1"
            " AND r.status = 'agreed' ORDER BY r.held_on DESC LIMIT 1"
        ).scalar_one()
        relationship_id = connection.exec_driver_sql(
            f"SELECT relationship_id FROM reviews WHERE id = {review_id}"
        ).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return data.Targets(relationship_id, review_id, review_id, "", {})


def profile(
    url: str, targets: data.Targets, names: list[str], top: int, sort: str
) -> None:
    app = in_process_app(url)
    with app.app_context():
        engine = db.engine
    # No app context held around the requests: each pushes its own, as under
    # gunicorn, so the person and the viewer are loaded on every render.
    client = admin_test_client(app)
    sql_seconds: list[float] = []
    started: list[float] = []

    def before(*args) -> None:
        started.append(time.perf_counter())

    def after(*args) -> None:
        sql_seconds.append(time.perf_counter() - started.pop())

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    for name in names:
        path = PAGES[name](targets)
        client.get(path)  # templates compiled once, as in a warm worker
        sql_seconds.clear()
        profiler = cProfile.Profile()
        wall = time.perf_counter()
        profiler.enable()
        for _ in range(RENDERS):
            assert client.get(path).status_code == 200, path
        profiler.disable()
        wall = (time.perf_counter() - wall) / RENDERS * 1000
        sql = sum(sql_seconds) / RENDERS * 1000
        print(f"\n=== {name} ({path}): {wall:.1f} ms a render, SQL {sql:.1f} ms")
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(sort)
        # Own time names every library; cumulative time reads best as the
        # app's calls and the loading and rendering under them.
        shown = () if sort == "tottime" else (r"ltoapp|jinja2|sqlalchemy/orm/loading",)
        stats.print_stats(*shown, top)
        print("\n".join(out.getvalue().splitlines()[6:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="programme")
    parser.add_argument("--database", default="bench_profile")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument(
        "--sort", choices=["cumulative", "tottime"], default="cumulative"
    )
    args = parser.parse_args()
    url, targets = database_url(args.database, data.SCALES[args.scale], args.reload)
    profile(url, targets, args.pages.split(","), args.top, args.sort)


if __name__ == "__main__":
    main()
