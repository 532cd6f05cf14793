"""Adding partnerships, LTOs and the relationships between them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from tests.test_reviews import error_summary


def test_add_a_partnership_an_lto_and_their_relationship(admin_client):
    client = admin_client
    response = client.post(
        "/partnerships/new",
        data={"name": "  Westfield Big Local ", "area": "Westfield"},
    )
    assert response.location == "/relationships/new"
    client.post("/ltos/new", data={"name": "Westfield Community Trust"})
    partnership = db.session.scalar(select(Partnership))
    lto = db.session.scalar(select(LTO))
    assert partnership.name == "Westfield Big Local"

    form = client.get("/relationships/new").get_data(as_text=True)
    assert "Westfield Big Local" in form and "Westfield Community Trust" in form

    response = client.post(
        "/relationships/new",
        data={
            "partnership_id": partnership.id,
            "lto_id": lto.id,
            "started_on": "2014-05-01",
        },
    )
    relationship = db.session.scalar(select(Relationship))
    assert response.location == f"/relationships/{relationship.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "1 May 2014" in page
    assert "Start a review" in page
    home = client.get("/").get_data(as_text=True)
    assert "Westfield Big Local" in home and "Since 1 May 2014" in home


@pytest.mark.parametrize(
    ("url", "data", "expected"),
    [
        ("/partnerships/new", {"name": ""}, ["Enter the partnership&#39;s name."]),
        (
            "/partnerships/new",
            {"name": "p" * 121},
            ["Field cannot be longer than 120 characters."],
        ),
        ("/ltos/new", {"name": " "}, ["Enter the organisation&#39;s name."]),
        (
            "/relationships/new",
            {"partnership_id": "0", "lto_id": "0", "started_on": ""},
            [
                "Choose the partnership.",
                "Choose the organisation.",
                "Enter the date the relationship started.",
            ],
        ),
    ],
)
def test_bad_input_is_explained(admin_client, url, data, expected):
    client = admin_client
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert error_summary(response.get_data(as_text=True)) == expected


def test_names_are_unique(admin_client, make_partnership, make_lto):
    client = admin_client
    make_partnership(name="Hilltop Big Local")
    make_lto(name="Northmoor CVS")
    response = client.post("/partnerships/new", data={"name": "Hilltop Big Local"})
    assert error_summary(response.get_data(as_text=True)) == [
        "There is already a partnership called Hilltop Big Local."
    ]
    response = client.post("/ltos/new", data={"name": "Northmoor CVS"})
    assert error_summary(response.get_data(as_text=True)) == [
        "There is already an organisation called Northmoor CVS."
    ]
    assert db.session.scalar(select(func.count(Partnership.id))) == 1


def test_an_lto_may_serve_two_partnerships(make_relationship, make_lto):
    lto = make_lto()
    make_relationship(lto=lto)
    make_relationship(lto=lto)
    assert len(lto.relationships) == 2


def test_unknown_relationship_is_not_found(admin_client):
    client = admin_client
    assert client.get("/relationships/404").status_code == 404
