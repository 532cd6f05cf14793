"""The demonstration data command."""

from __future__ import annotations

from sqlalchemy import func, select

from ltoapp.actions.models import Action
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews.models import Rating, Review

COUNTED = (Partnership, LTO, Relationship, Review, Rating, Action)


def counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


def test_demo_loads_a_realistic_programme(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Demo loaded: 5 new relationship(s)." in result.output
    loaded = counts()
    assert loaded["Partnership"] >= 3 and loaded["LTO"] >= 3
    assert loaded["Rating"] > 500

    relationships = db.session.scalars(select(Relationship)).all()
    # An LTO serving two partnerships.
    ltos = [r.lto_id for r in relationships]
    assert any(ltos.count(lto) >= 2 for lto in ltos)
    # A partnership that changed LTO: an ended relationship and a later one.
    by_partnership: dict[int, list[Relationship]] = {}
    for relationship in relationships:
        by_partnership.setdefault(relationship.partnership_id, []).append(relationship)
    assert any(
        len(group) >= 2 and any(r.ended_on for r in group)
        for group in by_partnership.values()
    )
    # Relationships with two or more reviews over time, with varied ratings.
    assert any(len(r.reviews) >= 2 for r in relationships)
    values = set(db.session.scalars(select(Rating.value)))
    assert len(values - {None}) >= 7
    assert None in values


def test_running_the_demo_twice_duplicates_nothing(runner):
    runner.invoke(args=["demo", "load"])
    first = counts()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0
    assert "Demo loaded: 0 new relationship(s)." in result.output
    assert counts() == first


def test_if_empty_leaves_a_database_with_data_alone(runner, make_partnership):
    make_partnership(name="Our own partnership")
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "already has data" in result.output
    assert counts()["Partnership"] == 1


def test_every_demo_page_renders(runner, admin_client):
    client = admin_client
    runner.invoke(args=["demo", "load"])
    pages = ["/", "/about"]
    pages += [
        f"/relationships/{id}" for id in db.session.scalars(select(Relationship.id))
    ]
    for review_id in db.session.scalars(select(Review.id)):
        pages += [f"/reviews/{review_id}", f"/reviews/{review_id}/results"]
    for page in pages:
        assert client.get(page).status_code == 200, page
