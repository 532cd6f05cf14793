"""The whole-database backup: export, import into an empty database, export again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from ltoapp.extensions import db
from ltoapp.relationships.models import Partnership
from ltoapp.reports.backup import BackupError, export_database, import_database
from ltoapp.reviews.models import Rating
from tests.conftest import TEST_DATABASE_URL, drop_everything

#: A scratch PostgreSQL database for the test across database engines.
POSTGRES_URL = os.environ.get("LTOAPP_POSTGRES_URL")


def migrated_with_demo(runner) -> dict:
    drop_everything()
    upgrade()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with db.engine.connect() as connection:
        return export_database(connection, db.metadata)


def restore(document: dict) -> dict:
    drop_everything()
    upgrade()
    with db.engine.begin() as connection:
        import_database(connection, db.metadata, document)
    with db.engine.connect() as connection:
        return export_database(connection, db.metadata)


def test_export_import_export_is_identical(runner):
    first = migrated_with_demo(runner)
    assert len(first["tables"]["ratings"]) > 500
    assert first["schema_revision"] is not None
    again = restore(json.loads(json.dumps(first)))
    assert again == first
    # New rows get new ids after a restore (sequences moved on PostgreSQL).
    db.session.add(Partnership(name="Added after restore"))
    db.session.commit()
    assert (
        db.session.scalar(select(func.count(Partnership.id)))
        == len(first["tables"]["partnerships"]) + 1
    )


def test_a_restore_works_out_each_next_review_again(runner):
    """A backup edited by hand (or made wrong) cannot leave a stale due date."""
    document = migrated_with_demo(runner)
    kept = {
        row["id"]: row["next_review_due_on"]
        for row in document["tables"]["relationships"]
    }
    for row in document["tables"]["relationships"]:
        row["next_review_due_on"] = "1999-01-01"
    again = restore(document)
    assert {
        row["id"]: row["next_review_due_on"] for row in again["tables"]["relationships"]
    } == kept
    assert "1999-01-01" not in kept.values()


def test_the_command_line_round_trip(runner, tmp_path: Path):
    migrated_with_demo(runner)
    backup = tmp_path / "backup.json"
    assert runner.invoke(args=["backup", "export", str(backup)]).exit_code == 0
    refused = runner.invoke(args=["backup", "import", str(backup)])
    assert refused.exit_code != 0
    assert "The database is not empty" in refused.output
    drop_everything()
    upgrade()
    result = runner.invoke(args=["backup", "import", str(backup)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Rating.id))) == len(
        json.loads(backup.read_text())["tables"]["ratings"]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something else"), "not an ltoapp backup"),
        (lambda d: d.update(schema_revision="0000"), "schema revision 0000"),
        (lambda d: d["tables"].update(strangers=[]), "tables this version does not"),
    ],
)
def test_a_backup_that_does_not_fit_is_refused(runner, change, message):
    document = migrated_with_demo(runner)
    change(document)
    drop_everything()
    upgrade()
    with pytest.raises(BackupError, match=message), db.engine.begin() as connection:
        import_database(connection, db.metadata, document)
    assert db.session.scalar(select(func.count(Partnership.id))) == 0


@pytest.mark.skipif(
    not POSTGRES_URL and os.environ.get("LTOAPP_REQUIRE_SERVICES") != "1",
    reason="set LTOAPP_POSTGRES_URL to a scratch PostgreSQL database",
)
def test_a_backup_moves_between_sqlite_and_postgresql(runner, make_app, tmp_path):
    assert POSTGRES_URL, "LTOAPP_POSTGRES_URL is required"
    first = migrated_with_demo(runner)
    other_url = (
        f"sqlite:///{tmp_path / 'other.sqlite3'}"
        if TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql")
        else POSTGRES_URL
    )
    other = make_app(SQLALCHEMY_DATABASE_URI=other_url)
    with other.app_context():
        moved = restore(first)
        drop_everything()
    assert moved == first
    assert restore(moved) == first
