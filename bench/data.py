"""A programme's worth of data, generated and bulk-loaded for the benchmark.

Rows go in through SQLAlchemy Core ``insert()`` with executemany batches:
building ORM objects one by one would take minutes for the ratings alone.
Ids are assigned here, so that rows can point at each other without asking
the database; PostgreSQL's sequences are moved past them at the end.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain, islice
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Engine,
    Table,
    func,
    insert,
    select,
    text,
)
from werkzeug.security import generate_password_hash

from ltoapp.accounts.models import (
    FacilitatorAssignment,
    Membership,
    Person,
    Role,
)
from ltoapp.actions.models import Action, ActionStatus
from ltoapp.audit.models import AuditEntry, AuditVerb
from ltoapp.framework import load_framework
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.relationships.rules import default_next_review_on
from ltoapp.reviews.models import (
    Anonymity,
    Participant,
    PromptAnswer,
    Rating,
    Response,
    Review,
    ReviewStatus,
    Side,
    StepProgress,
    StepState,
)
from ltoapp.reviews.schedule import refresh_next_reviews_due
from ltoapp.workflows.registry import workflow_named

#: The administrator whose session the load generator uses.
ADMIN_EMAIL = "bench-admin@ltoapp.invalid"
ADMIN_PASSWORD = "bench password, not a secret"
#: The codes of the open reviews guests join: the workshop bursts and the
#: phone's journey each have a review of their own.
OPEN_REVIEW_CODES = ("BENCHAAAA", "BENCHBBBB", "BENCHCCCC")

WORKFLOW = "regular_review"
FIRST_YEAR = 2015
BATCH_SIZE = 10_000
#: Who speaks for which side among a review's participants, in order.
SIDES = (Side.PARTNERSHIP, Side.LTO, Side.PARTNERSHIP, Side.LTO, Side.NEUTRAL)


@dataclass(frozen=True)
class Scale:
    """How big the generated programme is, and how hard the load is."""

    name: str
    partnerships: int
    ltos: int
    years: int
    participants: int
    actions: int
    #: Seconds wrk spends on each page.
    page_seconds: int


#: "programme" is the programme's size (150 partnerships, ten years);
#: "tenfold" ten times that, to show that no page grows with the history.
#: "small" and "small-tenfold" are a quick run of the same comparison.
SCALES = {
    "programme": Scale("programme", 150, 140, 10, 8, 3, 5),
    "tenfold": Scale("tenfold", 1500, 1400, 10, 8, 3, 5),
    "small": Scale("small", 10, 10, 10, 8, 3, 2),
    "small-tenfold": Scale("small-tenfold", 100, 100, 10, 8, 3, 2),
}


@dataclass(frozen=True)
class Targets:
    """The rows the pages are measured on: typical, with a full history."""

    relationship_id: int
    #: The relationship's latest agreed review: actions, ratings, carried actions.
    review_id: int
    #: The open review the workshop burst joins.
    burst_review_id: int
    join_code: str
    counts: dict[str, int]
    #: Every open review as (id, join code): one for each burst, one for the
    #: phone's journey.
    open_reviews: tuple[tuple[int, str], ...] = ()


def batched(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(connection: Connection, table: Table, rows: Iterable[dict]) -> int:
    """Insert rows in batches; return how many went in.

    PostgreSQL takes them through COPY: executemany INSERTs managed about
    4,000 rows a second, which made the tenfold programme (seven million
    ratings) take half an hour to load. SQLite's executemany is fast enough.
    """
    if connection.dialect.name == "postgresql":
        return copy_rows(connection, table, rows)
    count = 0
    for batch in batched(rows, BATCH_SIZE):
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


def copy_rows(connection: Connection, table: Table, rows: Iterable[dict]) -> int:
    """COPY rows into a PostgreSQL table, in the connection's transaction.

    COPY skips what SQLAlchemy does for an INSERT, so it is done here: the
    columns' Python defaults fill what a row leaves out, and each column's
    bind processor turns values into what the database stores (an enum
    member into its value, JSON into its text).
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    given = [column for column in table.columns if column.key in first]
    defaulted = [
        column
        for column in table.columns
        if column.key not in first and column.default is not None
    ]
    columns = given + defaulted
    dialect = connection.dialect
    processors = [
        # psycopg's own adapter serialises JSON for an INSERT; COPY needs text.
        json.dumps
        if isinstance(column.type, JSON)
        else column.type.bind_processor(dialect)
        for column in columns
    ]
    names = ", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)
    cursor = connection.connection.driver_connection.cursor()
    count = 0
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in chain([first], iterator):
            values = [row[column.key] for column in given] + [
                default_value(column) for column in defaulted
            ]
            copy.write_row(
                [
                    value if process is None or value is None else process(value)
                    for process, value in zip(processors, values, strict=True)
                ]
            )
            count += 1
    return count


def default_value(column: Column) -> Any:
    default = column.default
    # SQLAlchemy wraps a callable default to take an execution context.
    return default.arg(None) if default.is_callable else default.arg


def at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def load(engine: Engine, scale: Scale, seed: int = 7) -> Targets:
    """Fill an empty schema with a programme of ``scale``; return the targets.

    Needs an app context, for the framework and workflow definitions.
    """
    rng = random.Random(seed)
    framework = load_framework()
    workflow = workflow_named(WORKFLOW)
    text_prompts = [
        (step.key, prompt.key)
        for step, prompt in workflow.prompts()
        if prompt.kind == "text"
    ]
    today = date.today()
    created = at(date(FIRST_YEAR - 1, 12, 1))
    counts: dict[str, int] = {}
    password_hash = generate_password_hash(ADMIN_PASSWORD)

    partnerships = [
        {
            "id": n,
            "name": f"Partnership {n:03d} Big Local",
            "area": f"Ward {n}",
            "created_at": created,
        }
        for n in range(1, scale.partnerships + 1)
    ]
    ltos = [
        {"id": n, "name": f"LTO {n:03d} Trust", "description": None}
        | {"created_at": created}
        for n in range(1, scale.ltos + 1)
    ]

    # One partnership in five changed LTO at some point in the ten years.
    relationships = []
    for partnership in partnerships:
        p = partnership["id"]
        first_lto = (p - 1) % scale.ltos + 1
        start = date(FIRST_YEAR, 1, 1)
        if p % 5 == 0:
            change = date(FIRST_YEAR + 2 + p % 5 + p % 3, 6, 1)
            relationships.append((p, first_lto, start, change - timedelta(days=1)))
            relationships.append((p, first_lto % scale.ltos + 1, change, None))
        else:
            relationships.append((p, first_lto, start, None))
    relationship_rows = [
        {
            "id": n,
            "partnership_id": p,
            "lto_id": lto,
            "started_on": start,
            "ended_on": end,
            # As a new relationship starts; worked out from its reviews below.
            "next_review_due_on": default_next_review_on(start),
            "created_at": at(start),
        }
        for n, (p, lto, start, end) in enumerate(relationships, start=1)
    ]

    # Two reviews a year; each belongs to the relationship of its date.
    reviews = []
    for partnership in partnerships:
        p = partnership["id"]
        mine = [r for r in relationship_rows if r["partnership_id"] == p]
        for year in range(FIRST_YEAR, FIRST_YEAR + scale.years):
            for month in (3, 9):
                held_on = date(year, month, 1 + p % 28)
                if held_on > today:
                    continue
                owner = next(
                    r
                    for r in reversed(mine)
                    if r["started_on"] <= held_on
                    and (r["ended_on"] is None or held_on <= r["ended_on"])
                )
                reviews.append((owner["id"], held_on))
    review_rows = []
    for n, (relationship_id, held_on) in enumerate(reviews, start=1):
        review_rows.append(
            {
                "id": n,
                "relationship_id": relationship_id,
                "workflow": WORKFLOW,
                "held_on": held_on,
                "status": ReviewStatus.AGREED,
                "facilitator_id": None,
                "join_code": None,
                "anonymity": Anonymity.ANONYMOUS,
                "current_step": workflow.next_steps.key,
                "next_review_on": held_on + timedelta(days=182),
                "created_at": at(held_on, 9),
                "agreed_at": at(held_on, 21),
                "agreed_by_id": None,
            }
        )

    # The open reviews, each today on a partnership's relationship: the first
    # is also the relationship whose pages are measured.
    open_reviews = []
    for n, code in enumerate(OPEN_REVIEW_CODES, start=1):
        relationship = next(r for r in relationship_rows if r["partnership_id"] == n)[
            "id"
        ]
        review_id = len(review_rows) + 1
        open_reviews.append((review_id, code))
        review_rows.append(
            {
                "id": review_id,
                "relationship_id": relationship,
                "workflow": WORKFLOW,
                "held_on": today,
                "status": ReviewStatus.OPEN,
                "facilitator_id": None,
                "join_code": code,
                "anonymity": Anonymity.ANONYMOUS,
                "current_step": workflow.steps[0].key,
                "next_review_on": None,
                "created_at": datetime.now(UTC),
                "agreed_at": None,
                "agreed_by_id": None,
            }
        )
    target_relationship = next(
        r for r in relationship_rows if r["partnership_id"] == 1
    )["id"]
    target_review = max(
        (r for r in review_rows if r["relationship_id"] == target_relationship),
        key=lambda r: (r["status"] is ReviewStatus.AGREED, r["held_on"]),
    )["id"]

    people = [
        {
            "id": 1,
            "name": "Bench Administrator",
            "email": ADMIN_EMAIL,
            "role": Role.ADMINISTRATOR,
            "password_hash": password_hash,
            "created_at": created,
        }
    ]
    facilitator_ids = list(range(2, 22))
    for person_id in facilitator_ids:
        people.append(
            {
                "id": person_id,
                "name": f"Facilitator {person_id}",
                "email": f"facilitator{person_id}@ltoapp.invalid",
                "role": Role.FACILITATOR,
                "password_hash": password_hash,
                "created_at": created,
            }
        )
    memberships = []
    for organisation, column, per in (
        (partnerships, "partnership_id", 2),
        (ltos, "lto_id", 1),
    ):
        for row in organisation:
            for _ in range(per):
                person_id = len(people) + 1
                people.append(
                    {
                        "id": person_id,
                        "name": f"Member {person_id}",
                        "email": f"member{person_id}@ltoapp.invalid",
                        "role": Role.MEMBER,
                        "password_hash": password_hash,
                        "created_at": created,
                    }
                )
                memberships.append(
                    {
                        "person_id": person_id,
                        "partnership_id": None,
                        "lto_id": None,
                        column: row["id"],
                        "title": None,
                        "joined_on": date(FIRST_YEAR, 1, 1),
                    }
                )
    assignments = [
        {
            "person_id": facilitator_ids[r["id"] % len(facilitator_ids)],
            "relationship_id": r["id"],
            "assigned_at": created,
        }
        for r in relationship_rows
    ]

    agreed = [r for r in review_rows if r["status"] is ReviewStatus.AGREED]
    latest_by_relationship: dict[int, date] = {}
    for r in agreed:
        key = r["relationship_id"]
        latest_by_relationship[key] = max(
            r["held_on"], latest_by_relationship.get(key, r["held_on"])
        )

    def action_rows() -> Iterator[dict]:
        for r in agreed:
            recent = (latest_by_relationship[r["relationship_id"]] - r["held_on"]).days
            for k in range(scale.actions):
                if recent < 200:
                    status = ActionStatus.OPEN if k % 2 else ActionStatus.IN_PROGRESS
                elif (r["id"] + k) % 11 == 0:
                    status = ActionStatus.OPEN  # forgotten, carried ever since
                else:
                    status = ActionStatus.DONE if k % 3 else ActionStatus.DROPPED
                yield {
                    "review_id": r["id"],
                    "description": f"Action {k + 1} agreed on {r['held_on']}",
                    "owner_side": SIDES[k % 2],
                    "owner_name": None,
                    "due_on": r["held_on"] + timedelta(days=90),
                    "status": status,
                    "source_step": workflow.next_steps.key,
                    "source_question_key": framework.question_keys[k % 10],
                    "source_prompt_key": None,
                    "created_at": at(r["held_on"], 20),
                    "version": 1,
                }

    def step_rows() -> Iterator[dict]:
        for r in agreed:
            for step in workflow.steps:
                yield {
                    "review_id": r["id"],
                    "step_key": step.key,
                    "state": StepState.DONE,
                    "skip_reason": None,
                    "updated_at": at(r["held_on"], 20),
                }

    def answer_rows() -> Iterator[dict]:
        for r in agreed:
            for step_key, prompt_key in text_prompts:
                yield {
                    "review_id": r["id"],
                    "step_key": step_key,
                    "prompt_key": prompt_key,
                    "answer": f"What the group agreed about {prompt_key}.",
                    "updated_at": at(r["held_on"], 20),
                    "updated_by_id": None,
                    "version": 1,
                }

    # Participant n of an agreed review has participant and response id n.
    participant_reviews = [
        (n, r)
        for n, r in enumerate(
            (r for r in agreed for _ in range(scale.participants)), start=1
        )
    ]

    def participant_rows() -> Iterator[dict]:
        for n, r in participant_reviews:
            yield {
                "id": n,
                "review_id": r["id"],
                "side": SIDES[n % len(SIDES)],
                "display_name": None if n % 3 else f"Resident {n}",
                "person_id": None,
                "created_at": at(r["held_on"], 18),
            }

    def response_rows() -> Iterator[dict]:
        for n, r in participant_reviews:
            stamp = at(r["held_on"], 19)
            yield {
                "id": n,
                "participant_id": n,
                "other_comments": None if n % 4 else "More time to talk, please.",
                "created_at": stamp,
                "updated_at": stamp,
            }

    def rating_rows() -> Iterator[dict]:
        for n, _ in participant_reviews:
            for question_key in framework.question_keys:
                for column in ("A", "B", "C"):
                    value = rng.randint(1, 10) if rng.random() > 0.04 else None
                    yield {
                        "response_id": n,
                        "question_key": question_key,
                        "column": column,
                        "value": value,
                    }

    def audit_rows() -> Iterator[dict]:
        for r in agreed:
            for verb, hour in ((AuditVerb.CREATED, 9), (AuditVerb.AGREED, 21)):
                yield {
                    "at": at(r["held_on"], hour),
                    "actor_id": 1,
                    "actor_label": "Bench Administrator (administrator)",
                    "verb": verb,
                    "subject_type": "review",
                    "subject_id": r["id"],
                    "relationship_id": r["relationship_id"],
                    "summary": f"{verb.value.capitalize()} the regular review",
                }
        for n, r in participant_reviews:
            yield {
                "at": at(r["held_on"], 19),
                "actor_id": None,
                "actor_label": f"guest participant (review {r['id']})",
                "verb": AuditVerb.CREATED,
                "subject_type": "response",
                "subject_id": n,
                "relationship_id": r["relationship_id"],
                "summary": "Answered the questionnaire",
            }

    plan = (
        (Partnership, partnerships),
        (LTO, ltos),
        (Relationship, relationship_rows),
        (Person, people),
        (Membership, memberships),
        (FacilitatorAssignment, assignments),
        (Review, review_rows),
        (StepProgress, step_rows()),
        (PromptAnswer, answer_rows()),
        (Action, action_rows()),
        (Participant, participant_rows()),
        (Response, response_rows()),
        (Rating, rating_rows()),
        (AuditEntry, audit_rows()),
    )
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # The rows are consistent by construction; checking each foreign
            # key row by row (a trigger per row) was most of PostgreSQL's load.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for model, rows in plan:
            counts[model.__tablename__] = bulk_insert(connection, model.__table__, rows)
        # COPY and executemany skip the ORM, which keeps these after a flush.
        refresh_next_reviews_due(connection)
    finish(engine, [model.__table__ for model, _ in plan])
    return Targets(
        relationship_id=target_relationship,
        review_id=target_review,
        burst_review_id=open_reviews[0][0],
        join_code=open_reviews[0][1],
        counts=counts,
        open_reviews=tuple(open_reviews),
    )


def finish(engine: Engine, tables: list[Table]) -> None:
    """Move PostgreSQL's id sequences past the loaded ids; refresh statistics;
    write the load out to disk before anything is measured.

    Production databases have planner statistics; a freshly loaded one has
    none until ANALYZE, and would be measured with the wrong plans.
    """
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in tables:
                highest = connection.scalar(select(func.max(table.c.id)))
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": table.name, "v": highest or 1},
                )
        with engine.connect().execution_options(
            isolation_level="AUTOCOMMIT"
        ) as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
            # Written out now, not by the checkpointer during the first pages.
            connection.exec_driver_sql("CHECKPOINT")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    # A fresh load leaves up to gigabytes of the file for the kernel to write
    # back; the first pages measured shared the disk with that (SQLite's home
    # at ten times measured 51 ms, 15 ms once written). A database in use has
    # none of it.
    os.sync()
