"""Measure what people wait for, on PostgreSQL and on SQLite, in one run.

For each database and each scale (the programme's size, then ten times it):
create the database fresh, load a generated programme, count the SQL
statements each page of :data:`bench.pages.PAGES` sends, serve the app under
gunicorn on 127.0.0.1 and time each page next to a bare Flask route served by
the same gunicorn (:mod:`bench.measure`). Nothing is kept between requests,
so every view is rendered afresh; the single requests each follow a write.

At the programme's size, also: a guest's journey on a slow phone in Chromium
(:mod:`bench.phone`), then two workshop bursts, 200 guests in 30 seconds and
1,000 in 60 (:mod:`bench.burst`), while the facilitator's screen polls every
3 seconds and the facilitator moves the reveal stages on.

Everything the script starts (gunicorn, databases, files) is stopped and
removed at the end, even after an error. It prints figures and asserts none:
the load generator shares the machine's cores with the server, so the
figures are for comparing runs on one machine, not absolute truths.

    python -m bench.run [--scales small,small-tenfold] [--databases sqlite]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import data
from bench.burst import Burst, BurstFigures, workshop_burst
from bench.measure import (
    CONNECTIONS,
    PageFigures,
    measure_page,
    percentile,
    statements_per_page,
)
from bench.pages import BARE, PAGES, POLL, REVEAL
from bench.phone import Step, guest_journeys
from bench.server import (
    DATABASES,
    WORKERS,
    build_and_load,
    build_assets,
    gunicorn,
    sign_in,
)

#: The issue's goals, printed beside the figures for reading them (not checked).
GOALS = (
    "Goals (read, not checked): each page's p95 at most 10x the bare route's "
    "p95; at ten times the data at most 1.3x the programme's p95; statements "
    "the same at both sizes; bursts on PostgreSQL with 0 errors, every answer "
    "stored once, p95 submit <= 300 ms, p95 poll <= 150 ms; the phone's first "
    "visit at most 60 KB to a usable questionnaire, each step <= 2.5 s."
)


@dataclass
class ScaleRun:
    database: str
    scale: data.Scale
    load_seconds: float
    counts: dict[str, int]
    bare: PageFigures
    pages: list[PageFigures]
    statements: dict[str, int]
    bursts: list[tuple[Burst, BurstFigures]] = field(default_factory=list)
    phone: dict[str, list[Step]] = field(default_factory=dict)


def run_scale(
    database: str, scale: data.Scale, workdir: Path, crowds: bool
) -> ScaleRun:
    """Load one database at one scale and measure it; ``crowds`` adds the
    phone's journey and the workshop bursts."""
    context = DATABASES[database](workdir) if database == "sqlite" else None
    with context or DATABASES[database]() as url:
        print(f"\n== {database}, {scale.name}: loading", flush=True)
        targets, load_seconds = build_and_load(url, scale)
        print(f"   loaded in {load_seconds:.1f} s: {targets.counts}", flush=True)
        paths = {name: build(targets) for name, build in PAGES.items()}
        statements = statements_per_page(url, paths)
        engine = create_engine(url)

        def write() -> None:
            # A real write, as an autosave makes between two people's views.
            with engine.begin() as connection:
                connection.execute(
                    text("UPDATE reviews SET held_on = held_on WHERE id = :id"),
                    {"id": targets.review_id},
                )

        with gunicorn(url, workdir) as base:
            admin = sign_in(base)
            seconds = scale.page_seconds
            bare = measure_page(admin, "bare", BARE, seconds, write)
            pages = []
            for name, path in paths.items():
                pages.append(measure_page(admin, name, path, seconds, write))
                print_page(pages[-1], bare, statements[name])
            run = ScaleRun(
                database, scale, load_seconds, targets.counts, bare, pages, statements
            )
            if crowds:
                (burst_a, code_a), (burst_b, code_b), (_, phone_code) = (
                    targets.open_reviews
                )
                print("   a guest's phone journey (slow 3G)", flush=True)
                run.phone = guest_journeys(base, phone_code)
                for shape in (
                    Burst("200 guests in 30 s", burst_a, code_a, 200, 30.0),
                    Burst("1,000 guests in 60 s", burst_b, code_b, 1000, 60.0),
                ):
                    print(f"   workshop burst: {shape.name}", flush=True)
                    figures = workshop_burst(
                        base, url, shape, admin, POLL(shape.review_id), REVEAL
                    )
                    run.bursts.append((shape, figures))
        engine.dispose()
    return run


def print_page(figures: PageFigures, bare: PageFigures, statements: int) -> None:
    print(
        f"   {figures.name:<20} median {figures.median_ms:6.1f} ms  "
        f"p95 {figures.p95_ms:6.1f} ms ({figures.p95_ms / bare.p95_ms:4.1f}x bare)  "
        f"{figures.requests_per_second:6.0f} req/s  {statements} statements",
        flush=True,
    )


def print_summary(runs: list[ScaleRun]) -> None:
    print(
        f"\n\nSummary: gunicorn {WORKERS} sync workers; wrk {CONNECTIONS} "
        f"connections; client and server share {os.cpu_count()} cores; load "
        f"average now {os.getloadavg()[0]:.1f}. Single requests: each just after "
        "a write, one at a time. Brotli asked for, as a browser does."
    )
    print(GOALS)
    for database in dict.fromkeys(run.database for run in runs):
        mine = [run for run in runs if run.database == database]
        first = mine[0]
        for run in mine:
            c = run.counts
            print(
                f"\n{database}, {run.scale.name}: {c['partnerships']} partnerships, "
                f"{c['reviews']} reviews, {c['ratings']} ratings, {c['actions']} "
                f"actions; loaded in {run.load_seconds:.0f} s; bare p95 "
                f"{run.bare.p95_ms:.1f} ms, {run.bare.requests_per_second:.0f} req/s"
            )
        header = f"  {'page':<20} " + " ".join(
            f"{run.scale.name + ' p95 ms':>17} {'x bare':>6} {'req/s':>6} {'SQL':>4}"
            for run in mine
        )
        print(header + (f" {'ratio':>6}" if len(mine) > 1 else ""))
        for index, page in enumerate(first.pages):
            cells = []
            for run in mine:
                figures = run.pages[index]
                cells.append(
                    f"{figures.p95_ms:>17.1f} {figures.p95_ms / run.bare.p95_ms:>6.1f} "
                    f"{figures.requests_per_second:>6.0f} "
                    f"{run.statements[figures.name]:>4}"
                )
            ratio = (
                f" {mine[-1].pages[index].p95_ms / page.p95_ms:>6.2f}"
                if len(mine) > 1
                else ""
            )
            print(f"  {page.name:<20} " + " ".join(cells) + ratio)
        for run in mine:
            print_phone(run.phone)
            for shape, burst in run.bursts:
                print_burst(shape, burst)


def print_phone(visits: dict[str, list[Step]]) -> None:
    for visit, steps in visits.items():
        total = sum(step.bytes for step in steps[:-1])
        print(
            f"  phone, {visit}: {total / 1000:.1f} KB to a usable questionnaire; "
            + "; ".join(
                f"{step.name} {step.bytes / 1000:.1f} KB {step.seconds:.2f} s"
                for step in steps
            )
        )


def print_burst(shape: Burst, b: BurstFigures) -> None:
    print(
        f"  burst, {shape.name}: finished in {b.wall_seconds:.0f} s; errors "
        f"{len(b.errors)}; responses stored/sent {b.stored}/{b.submitted}; "
        f"stored twice {b.stored_twice}; ratings stored/sent "
        f"{b.ratings_stored}/{b.ratings_sent}; reveal stage moves {b.stage_moves}"
    )
    print(
        f"    p95 join {percentile(b.join_seconds, 95):.0f} ms, p95 submit "
        f"{percentile(b.submit_seconds, 95):.0f} ms (median "
        f"{percentile(b.submit_seconds, 50):.0f}), p95 poll "
        f"{percentile(b.poll_seconds, 95):.0f} ms ({len(b.poll_seconds)} polls)"
    )
    for error in b.errors[:5]:
        print(f"    error: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="programme,tenfold")
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument(
        "--no-crowds", action="store_true", help="skip the phone and the bursts"
    )
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.databases.split(",") if name.strip()]
    scales = [data.SCALES[name.strip()] for name in args.scales.split(",")]
    if unknown := set(names) - DATABASES.keys():
        parser.error(f"unknown databases: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        parser.error("wrk is needed: apt-get install -y wrk")
    build_assets()
    runs = []
    with tempfile.TemporaryDirectory(prefix="ltoapp-bench-") as workdir:
        for name in names:
            for index, scale in enumerate(scales):
                crowds = index == 0 and not args.no_crowds
                runs.append(run_scale(name, scale, Path(workdir), crowds))
    print_summary(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
