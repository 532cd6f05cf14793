"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from tests.conftest import drop_everything


# SQLite's reflection cannot read an index on an expression (the home's
# order of relationships); PostgreSQL's can, and compares it there.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index"
)
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expr")
def test_upgrade_on_an_empty_database_matches_the_models(app):
    drop_everything()
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []
    tables = set(inspect(db.engine).get_table_names())
    assert {"partnerships", "ltos", "relationships", "reviews", "ratings"} <= tables


def test_downgrade_to_nothing_and_up_again(app):
    drop_everything()
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert "actions" in inspect(db.engine).get_table_names()


def insert_relationship(connection, *, due: bool = False) -> None:
    """Add partnership 1, LTO 1 and their relationship 1 through plain SQL;
    ``due``: with the next review date the schema has kept since 0016."""
    columns, values = (
        "id, partnership_id, lto_id, started_on, created_at",
        "1, 1, 1, '2020-01-01', '2020-01-01'",
    )
    if due:
        columns, values = f"{columns}, next_review_due_on", f"{values}, '2020-07-01'"
    for statement in (
        "INSERT INTO partnerships (id, name, created_at) VALUES (1, 'P', '2020-01-01')",
        "INSERT INTO ltos (id, name, created_at) VALUES (1, 'L', '2020-01-01')",
        f"INSERT INTO relationships ({columns}) VALUES ({values})",
    ):
        connection.exec_driver_sql(statement)


def test_upgrading_keeps_the_data(app, make_response):
    # Built by migrations up to the first revision, with data in it, then
    # upgraded: SQLite's table copies must not cascade-delete child rows.
    drop_everything()
    upgrade(revision="0001")
    with db.engine.begin() as connection:
        insert_relationship(connection)
        connection.exec_driver_sql(
            "INSERT INTO reviews (id, relationship_id, workflow, held_on, status, created_at)"
            " VALUES (1, 1, 'regular_review', '2021-01-01', 'agreed', '2021-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO participants (id, review_id, side, created_at)"
            " VALUES (1, 1, 'lto', '2021-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO responses (id, participant_id, created_at, updated_at)"
            " VALUES (1, 1, '2021-01-01', '2021-01-01')"
        )
        connection.exec_driver_sql(
            'INSERT INTO ratings (response_id, question_key, "column", value)'
            " VALUES (1, 'confidence', 'B', 7)"
        )
    upgrade()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT value FROM ratings").scalar_one() == 7
        # 0016 works out the next review of a relationship already recorded:
        # six months after its agreed review of 1 January 2021.
        due = connection.execute(select(Relationship.next_review_due_on)).scalar_one()
        assert due == date(2021, 7, 1)
        assert (
            connection.exec_driver_sql("SELECT COUNT(*) FROM participants").scalar_one()
            == 1
        )


def test_a_review_can_no_longer_be_a_draft(app):
    # 'draft' was allowed by the schema but never set; 0013 takes it out.
    drop_everything()
    upgrade()
    with db.engine.begin() as connection:
        insert_relationship(connection, due=True)
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO reviews (id, relationship_id, workflow, held_on, status, created_at)"
            " VALUES (1, 1, 'regular_review', '2021-01-01', 'draft', '2021-01-01')"
        )
