"""Lookups that must stay one short step however the data is spread.

SQLite chooses its plan from the statistics ANALYZE keeps; these tests give
it data shaped like a programme's and check the plan of a statement a page
sends, so that an index the planner cannot trust shows up here rather than
as a slow home at ten times the programme.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, insert, text

from ltoapp.actions.models import Action, ActionStatus
from ltoapp.actions.queries import actions_owned_by
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews.models import Review, Side


def _plans_of(run) -> list[str]:
    """Run ``run()`` and return SQLite's plan of each statement it sent."""
    sent = []

    def keep(connection, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    connection = db.session.connection().connection.driver_connection
    return [
        " / ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {s}", p))
        for s, p in sent
    ]


def test_a_persons_actions_are_found_by_person_when_most_name_nobody(app, make_person):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan checked is SQLite's")
    owner = make_person()
    # As in a programme: a hundred relationships with a review each, thirty
    # actions a review owned by a side, a few by a named person, most open.
    many = range(1, 101)
    db.session.execute(insert(Partnership), [{"id": n, "name": f"P {n}"} for n in many])
    db.session.execute(insert(LTO), [{"id": n, "name": f"L {n}"} for n in many])
    started = date(2020, 1, 1)
    db.session.execute(
        insert(Relationship),
        [
            {"id": n, "partnership_id": n, "lto_id": n, "started_on": started}
            for n in many
        ],
    )
    db.session.execute(
        insert(Review),
        [
            {
                "id": n,
                "relationship_id": n,
                "workflow": "regular_review",
                "held_on": started,
            }
            for n in many
        ],
    )
    db.session.execute(
        insert(Action),
        [
            {
                "review_id": 1 + n % 100,
                "description": f"Action {n}",
                "owner_side": Side.PARTNERSHIP,
                "owner_person_id": owner.id if n % 500 == 1 else None,
                "due_on": date(2026, 1, 1 + n % 28),
                "status": ActionStatus.OPEN if n % 4 else ActionStatus.DONE,
            }
            for n in range(3000)
        ],
    )
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    found = []
    plans = _plans_of(lambda: found.extend(actions_owned_by(owner.id)))
    assert len(found) == 6
    (plan,) = [plan for plan in plans if "actions" in plan]
    assert "SEARCH actions USING INDEX ix_actions_owner_person_id" in plan, plan
