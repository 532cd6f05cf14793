"""Large-print paper: the blank questionnaire and typing it in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.extensions import db
from ltoapp.reviews.models import Participant
from ltoapp.reviews.paper_forms import DONT_KNOW_SHORTHANDS, parse_paper_rating
from tests.conftest import sign_in


@pytest.fixture
def rep(client, make_person, make_review):
    review = make_review("regular_review")
    sign_in(
        client, make_person(role=Role.FACILITATOR, facilitates=(review.relationship,))
    )
    return client, review


def test_the_blank_questionnaire_has_one_block_per_question(rep):
    client, review = rep
    page = client.get(f"/reviews/{review.id}/paper").get_data(as_text=True)
    assert page.count('<section class="paper__question"') == 10 + 1
    # No table of 33 columns to squeeze onto A4: each column has its own line.
    assert "paper__scale" not in page
    assert "16 point" in page


@pytest.mark.parametrize("typed", [*DONT_KNOW_SHORTHANDS, "D", " X "])
def test_every_dont_know_shorthand_is_accepted(typed):
    assert parse_paper_rating(typed) is None


def test_the_entry_page_documents_every_shorthand_it_accepts(rep):
    client, review = rep
    page = client.get(f"/reviews/{review.id}/paper/enter").get_data(as_text=True)
    listed = page.split("data-shorthands")[1].split("</ul>")[0]
    for shorthand in DONT_KNOW_SHORTHANDS:
        assert f"<strong>{shorthand}</strong>" in listed
    assert "<strong>x</strong>" in listed


def test_x_typed_on_the_entry_page_is_saved_as_dont_know(rep):
    client, review = rep
    client.post(
        f"/reviews/{review.id}/paper/enter",
        data={"side": "lto", "rating-confidence-B": "x", "rating-skills-B": "7"},
    )
    participant = db.session.scalar(select(Participant))
    values = {r.question_key: r.value for r in participant.response.ratings}
    assert values == {"confidence": None, "skills": 7}


def test_each_error_is_shown_beside_its_box(rep):
    client, review = rep
    response = client.post(
        f"/reviews/{review.id}/paper/enter",
        data={"side": "lto", "rating-confidence-B": "12", "rating-skills-A": "ok"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("rating-confidence-B", "rating-skills-A"):
        after = page.split(f'id="{field}"')[1].split("</td>")[0]
        assert f'id="{field}-error"' in after
        assert "1 to 10, or d" in after
        assert 'class="field-error paper-entry__error"' in after
    assert 'value="12"' in page and 'value="ok"' in page
