"""The questionnaire on a phone: gaps explained briefly, guests helped on (issue 13)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from ltoapp.framework import load_framework
from ltoapp.reviews.questionnaire import FieldError, SummaryItem, summarise_errors
from tests.test_reviews import complete_answers, error_summary

FRAMEWORK = load_framework()


def summary_of(html: str) -> list[str]:
    return [unescape(line) for line in error_summary(html)]


def missing(number: int, column: str = "A") -> FieldError:
    return FieldError(
        f"rating-q{number}-{column}-0",
        f"Question {number}, column {column}: choose a rating",
        number,
        missing=True,
    )


def test_a_few_missing_ratings_are_listed_one_by_one():
    errors = [missing(7, "B"), missing(9)]
    assert summarise_errors(errors) == [
        SummaryItem("Question 7, column B: choose a rating", "rating-q7-B-0"),
        SummaryItem("Question 9, column A: choose a rating", "rating-q9-A-0"),
    ]


def test_many_missing_ratings_are_one_line_leading_to_the_first():
    too_long = FieldError("comment-q2", "Keep your comment to 2000 characters.", 2)
    errors = [missing(n, c) for n in range(1, 11) for c in "AB"]
    errors.insert(3, too_long)
    assert summarise_errors(errors) == [
        SummaryItem(
            "Choose a rating in questions 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10: a number "
            "from 1 to 10 in each column that needs one, or 'Don't know'.",
            "rating-q1-A-0",
        ),
        SummaryItem("Keep your comment to 2000 characters.", "comment-q2"),
    ]


@pytest.fixture
def guest(client, make_review):
    review = make_review()
    client.post(f"/join/{review.join_code}", data={"side": "partnership"})
    return client, review


def test_sending_it_empty_lists_one_line_not_ten(guest):
    client, review = guest
    response = client.post(f"/reviews/{review.id}/respond", data={})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert summary_of(html) == [
        "Choose a rating in questions 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10: a number "
        "from 1 to 10 in each column that needs one, or 'Don't know'."
    ]
    assert 'href="#rating-confidence-B-0"' in html
    # Each question still says what it needs, beside it.
    assert html.count('class="field-error"') >= 10


def test_one_missing_rating_is_named_exactly(guest):
    client, review = guest
    answers = complete_answers()
    del answers["rating-networks-B"]
    html = client.post(f"/reviews/{review.id}/respond", data=answers).get_data(
        as_text=True
    )
    assert summary_of(html) == [
        "Question 7, column B (now): choose a rating from 1 to 10, or 'Don't know'."
    ]
    assert "Recruiting our worker took too long." in html


def test_the_form_names_what_each_question_needs(guest):
    client, review = guest
    html = client.get(f"/reviews/{review.id}/respond").get_data(as_text=True)
    # The regular review needs a rating in column B (now) only.
    assert 'data-required="rating-confidence-B"' in html
    key = re.search(r'data-draft-key="([^"]+)"', html).group(1)
    assert key.startswith(f"ltoapp-draft-review-{review.id}-participant-")
    assert 'data-has-response="no"' in html


@pytest.mark.parametrize("review_id", ["existing", 99999])
def test_another_device_is_told_how_to_carry_on(client, make_review, review_id):
    review = make_review()
    url_id = review.id if review_id == "existing" else review_id
    response = client.get(f"/reviews/{url_id}/respond")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "<h1>Carry on with your questionnaire</h1>" in html
    assert 'href="/join"' in html
    assert f"/sign-in?next=/reviews/{url_id}/respond" in html
    # The code that opens the review is never shown to a stranger.
    assert review.join_code not in html


def test_the_thank_you_page_says_what_happens_next(guest):
    client, review = guest
    sent = client.post(f"/reviews/{review.id}/respond", data=complete_answers())
    html = client.get(sent.location).get_data(as_text=True)
    assert "What happens next" in html
    assert "the facilitator shows the group's results" in html
    assert f'data-forget-draft="ltoapp-draft-review-{review.id}-participant-' in html
