"""Starting a review, answering the questionnaire and reading the results."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.models import QuestionComment, Rating, Response, Review
from ltoapp.reviews.reveal import RevealStage
from tests.conftest import sign_in

KEYS = load_framework().question_keys


def complete_answers(**overrides) -> dict[str, str]:
    """A full, valid questionnaire: A and B for every question, C for some."""
    answers = {}
    for index, key in enumerate(KEYS):
        answers[f"rating-{key}-A"] = str(1 + index % 5)
        answers[f"rating-{key}-B"] = str(10 - index)
    answers["rating-confidence-C"] = "9"
    answers["rating-funding-B"] = "dk"
    answers["comment-workers"] = "Recruiting our worker took too long."
    answers["other_comments"] = "Thanks to Sam for the accounts training."
    return answers | overrides


def is_checked(html: str, input_id: str) -> bool:
    """Say whether the page has the radio button with this id checked."""
    match = re.search(rf'<input[^>]*id="{input_id}"[^>]*>', html)
    return match is not None and " checked" in match.group(0)


def error_summary(html: str) -> list[str]:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    if not match:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(0), re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


@pytest.fixture
def member(make_person, make_review):
    """A resident of the reviewed relationship's partnership, and the review."""
    review = make_review()
    person = make_person(name="Maureen", member_of=(review.relationship.partnership,))
    return person, review


@pytest.fixture
def member_client(client, member):
    person, _ = member
    return sign_in(client, person)


def test_start_a_review(admin_client, make_relationship):
    client = admin_client
    relationship = make_relationship()
    page = client.get(f"/relationships/{relationship.id}/reviews/new").get_data(
        as_text=True
    )
    # A relationship without reviews is offered an induction first.
    assert "Suggested: <strong>Induction</strong>" in page
    response = client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-02-03", "workflow": "regular_review"},
    )
    review = db.session.scalar(select(Review))
    assert response.location == f"/reviews/{review.id}/steps/open_actions"
    assert review.held_on.isoformat() == "2025-02-03"
    assert review.workflow == "regular_review"
    page = client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "3 February 2025" in page
    assert "Answer the questionnaire" in page


def test_start_a_review_needs_a_date(admin_client, make_relationship):
    client = admin_client
    relationship = make_relationship()
    response = client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "yesterday", "workflow": "unknown"},
    )
    assert response.status_code == 422
    assert error_summary(response.get_data(as_text=True)) == [
        "Not a valid choice.",
        "Enter the date of the review.",
    ]
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_answer_the_questionnaire_and_see_the_results(
    member_client, member, make_response
):
    client = member_client
    _, review = member
    response = client.post(f"/reviews/{review.id}/respond", data=complete_answers())
    assert response.status_code == 302
    # One answer is not a group: the page says so and shows no figures.
    page = client.get(response.location).get_data(as_text=True)
    assert "The group's results appear here once at least 2 people" in page
    assert "data-cell=" not in page
    make_response(review, now={"confidence": 10})
    assert response.location == f"/reviews/{review.id}/results"

    stored = db.session.scalar(select(Response))
    assert stored.participant.display_name == "Maureen"
    assert stored.participant.side.value == "partnership"
    assert stored.other_comments == "Thanks to Sam for the accounts training."
    ratings = {(r.question_key, r.column): r.value for r in stored.ratings}
    assert len(ratings) == 21
    assert ratings[("confidence", "A")] == 1
    assert ratings[("confidence", "B")] == 10
    assert ratings[("confidence", "C")] == 9
    assert ratings[("funding", "B")] is None
    assert ("skills", "C") not in ratings
    comments = db.session.scalars(select(QuestionComment)).all()
    assert [(c.question_key, c.text) for c in comments] == [
        ("workers", "Recruiting our worker took too long.")
    ]

    review.reveal_stage = RevealStage.EVERYONE  # the room has been shown
    db.session.commit()
    page = client.get(response.location).get_data(as_text=True)
    assert f'data-radar-chart="results-chart-{review.id}-data"' in page
    assert re.search(r'data-cell="confidence-B">\s*10', page)
    assert re.search(r"data-cell=\"funding-B\">.*?1 don't know", page, re.S)
    assert (
        "Now, the highest rating is 10 out of 10 for &#39;Confidence and a voice&#39;"
        in page
    )


def test_the_chart_data_reaches_the_page_as_json(member_client, member, make_response):
    client = member_client
    _, review = member
    client.post(f"/reviews/{review.id}/respond", data=complete_answers())
    make_response(review, now={"confidence": 10})
    review.reveal_stage = RevealStage.EVERYONE
    db.session.commit()
    page = client.get(f"/reviews/{review.id}/results").get_data(as_text=True)
    match = re.search(
        rf'<script type="application/json" id="results-chart-{review.id}-data">(.*?)</script>',
        page,
    )
    chart = json.loads(match.group(1))
    assert [d["label"] for d in chart["datasets"]] == [
        "A. At first",
        "B. Now",
        "C. Where we want it to be",
    ]
    assert chart["datasets"][1]["values"][0] == 10
    assert chart["datasets"][1]["values"][5] is None
    assert [d["dashed"] for d in chart["datasets"]] == [False, False, True]
    assert chart["datasets"][0]["colour"] != chart["datasets"][1]["colour"]


@pytest.mark.parametrize(
    ("overrides", "expected_error"),
    [
        (
            {"rating-skills-B": "11"},
            "Question 2, column B (now): the rating must be a number from 1 to 10, or 'Don't know'.",
        ),
        (
            {"rating-skills-A": "0"},
            "Question 2, column A (at first): the rating must be a number from 1 to 10, or 'Don't know'.",
        ),
        (
            {"rating-networks-C": "seven"},
            "Question 7, column C (where we want it to be): the rating must be a number from 1 to 10, or 'Don't know'.",
        ),
        (
            {"rating-networks-B": ""},
            "Question 7, column B (now): choose a rating from 1 to 10, or 'Don't know'.",
        ),
        (
            {"comment-workers": "x" * 2001},
            "Keep your comment on question 5 to 2000 characters or fewer.",
        ),
        (
            {"other_comments": "y" * 2001},
            "Keep your other comments to 2000 characters or fewer.",
        ),
        (
            {"rating-happiness-B": "7"},
            "The form sent answers to questions it does not have. Check your answers below and send them again.",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_typed_is_lost(
    member_client, member, overrides, expected_error
):
    client = member_client
    _, review = member
    answers = complete_answers(**overrides)
    response = client.post(f"/reviews/{review.id}/respond", data=answers)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_summary(html) == [expected_error.replace("'", "&#39;")]
    assert db.session.scalar(select(func.count(Rating.id))) == 0
    # Everything the person typed or chose is still there, even what was wrong.
    for name in ("comment-workers", "other_comments"):
        assert answers[name] in html
    assert re.search(
        r'id="rating-confidence-B-9"[^>]*checked|checked[^>]*id="rating-confidence-B-9"',
        html,
    )
    assert re.search(
        r'id="rating-funding-B-10"[^>]*checked|checked[^>]*id="rating-funding-B-10"',
        html,
    )


def test_an_error_links_to_its_field(member_client, member):
    client = member_client
    _, review = member
    response = client.post(
        f"/reviews/{review.id}/respond",
        data=complete_answers(**{"rating-skills-B": ""}),
    )
    html = response.get_data(as_text=True)
    assert '<a href="#rating-skills-B-0">' in html
    assert 'id="rating-skills-B-0"' in html
    assert 'id="rating-skills-B-error"' in html


def test_the_questionnaire_needs_a_csrf_token(make_app, member):
    person, review = member
    protected = sign_in(make_app(WTF_CSRF_ENABLED=True).test_client(), person)
    response = protected.post(f"/reviews/{review.id}/respond", data=complete_answers())
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_an_agreed_review_takes_no_more_answers(member_client, member):
    from ltoapp.reviews.models import ReviewStatus

    client = member_client
    _, review = member
    review.status = ReviewStatus.AGREED
    db.session.commit()
    response = client.post(f"/reviews/{review.id}/respond", data=complete_answers())
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_results_with_several_people_show_median_and_range(admin_client, make_response):
    client = admin_client
    first = make_response(now={"confidence": 2}, at_first={"confidence": 1})
    review = first.participant.review
    make_response(review=review, now={"confidence": 9})
    make_response(review=review, now={"confidence": 6})
    page = client.get(f"/reviews/{review.id}/results").get_data(as_text=True)
    assert re.search(r'data-cell="confidence-B">\s*6 <span class="range">\(2–9\)', page)
    assert "3 people have answered" in page


def test_unknown_review_is_not_found(admin_client):
    client = admin_client
    assert client.get("/reviews/999/results").status_code == 404
    assert client.get("/reviews/999/respond").status_code == 404


def test_changing_answers_keeps_one_response(member_client, member):
    client = member_client
    person, review = member
    client.post(f"/reviews/{review.id}/respond", data=complete_answers())
    page = client.get(f"/reviews/{review.id}/respond").get_data(as_text=True)
    # The form comes back with the answers given.
    assert is_checked(page, "rating-confidence-B-9")
    assert "Recruiting our worker took too long." in page
    changed = complete_answers(**{"rating-confidence-B": "4", "comment-workers": ""})
    client.post(f"/reviews/{review.id}/respond", data=changed)
    assert db.session.scalar(select(func.count(Response.id))) == 1
    stored = db.session.scalar(select(Response))
    ratings = {(r.question_key, r.column): r.value for r in stored.ratings}
    assert ratings[("confidence", "B")] == 4
    assert stored.comments == []
    assert stored.participant.person_id == person.id
    assert stored.participant.side.value == "partnership"


def test_an_lto_member_answers_for_the_lto(client, make_person, make_review):
    review = make_review()
    person = make_person(member_of=(review.relationship.lto,))
    sign_in(client, person)
    client.post(f"/reviews/{review.id}/respond", data=complete_answers())
    assert db.session.scalar(select(Response)).participant.side.value == "lto"
