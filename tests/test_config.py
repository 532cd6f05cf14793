"""Settings that work with no environment at all, and what overrides them."""

from __future__ import annotations

from pathlib import Path

from ltoapp import create_app, instance_secret_key
from ltoapp.accounts.models import Role
from tests.conftest import sign_in


def test_a_secret_key_is_made_once_and_kept(tmp_path: Path):
    first = instance_secret_key(tmp_path)
    assert len(first) == 64
    assert instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_defaults_use_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{Path(app.instance_path) / 'ltoapp.sqlite3'}"
    )
    assert app.config["SECRET_KEY"]


def test_the_environment_overrides_the_database_and_secret(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://someone@db.invalid/ltoapp")
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert app.config["SECRET_KEY"] == "from the environment"


def test_programme_labels_are_used_in_the_interface(
    make_app, make_relationship, make_partnership, make_lto, make_person
):
    labels = {
        "programme": "Neighbourhood Fund",
        "partnership": "resident board",
        "partnerships": "resident boards",
        "lto": "host",
        "ltos": "hosts",
        "lto_long": "host organisation",
        "rep": "adviser",
        "funder": "the Fund",
    }
    client = sign_in(
        make_app(LABELS=labels).test_client(), make_person(role=Role.ADMINISTRATOR)
    )
    home = client.get("/").get_data(as_text=True)
    assert "Neighbourhood Fund" in home
    assert "Resident boards and their hosts" in home
    assert "Big Local" not in home
    relationship = make_relationship(
        partnership=make_partnership(name="Canal Side"),
        lto=make_lto(name="Canal Trust"),
    )
    review = client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-01-01", "workflow": "regular_review"},
    ).location.split("/steps/")[0]
    questionnaire = client.get(f"{review}/respond").get_data(as_text=True)
    assert "The host has given residents confidence and a voice" in questionnaire
    assert "LTO" not in questionnaire
