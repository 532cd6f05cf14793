"""Running a review with many voices: closing, anonymity, drafts, paper, live, exports."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from sqlalchemy import event, func, select

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews.models import (
    Anonymity,
    Participant,
    Response,
    ResponseDraft,
    ReviewStatus,
    Side,
)
from ltoapp.reviews.reveal import RevealStage
from tests.conftest import sign_in
from tests.test_reviews import is_checked

KEYS = load_framework().question_keys


@pytest.fixture
def review(make_review):
    return make_review()


@pytest.fixture
def facilitator_client(client, make_person, review):
    person = make_person(role=Role.FACILITATOR, facilitates=(review.relationship,))
    return sign_in(client, person)


@pytest.fixture
def member_client(app, make_person, review):
    person = make_person(member_of=(review.relationship.partnership,))
    return sign_in(app.test_client(), person)


def join_as_guest(app, review, side="partnership", name="Sam"):
    """Join by the review's link, as a guest in their own browser."""
    guest = app.test_client()
    response = guest.post(
        f"/join/{review.join_code}", data={"side": side, "display_name": name}
    )
    assert response.status_code == 302
    return guest


def all_answers(value: str = "5") -> dict[str, str]:
    return {f"rating-{key}-B": value for key in KEYS}


# Closing and opening


def test_closing_stops_the_code_and_answers(app, facilitator_client, review):
    guest = join_as_guest(app, review)
    old_code = review.join_code
    response = facilitator_client.post(f"/reviews/{review.id}/close")
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.join_code is None
    assert review.status is ReviewStatus.DISCUSSION
    page = facilitator_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Open again" in page
    assert "Close to new answers" not in page

    assert app.test_client().get(f"/join/{old_code}").status_code == 404
    answer = guest.post(f"/reviews/{review.id}/respond", data=all_answers())
    assert answer.location == f"/reviews/{review.id}/thanks"
    assert db.session.scalar(select(func.count(Response.id))) == 0
    draft = guest.post(f"/reviews/{review.id}/draft", data={"rating-skills-B": "4"})
    assert draft.status_code == 409


def test_a_member_cannot_answer_a_closed_review(
    facilitator_client, member_client, review
):
    facilitator_client.post(f"/reviews/{review.id}/close")
    response = member_client.post(f"/reviews/{review.id}/respond", data=all_answers())
    assert response.location == f"/reviews/{review.id}/results"
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_opening_again_gives_a_new_code(app, facilitator_client, review):
    old_code = review.join_code
    facilitator_client.post(f"/reviews/{review.id}/close")
    response = facilitator_client.post(f"/reviews/{review.id}/open")
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.join_code not in (None, old_code)
    assert review.status is ReviewStatus.OPEN
    assert app.test_client().get(f"/join/{old_code}").status_code == 404
    assert app.test_client().get(f"/join/{review.join_code}").status_code == 200


def test_members_cannot_close_a_review(member_client, review):
    assert member_client.post(f"/reviews/{review.id}/close").status_code == 404
    db.session.refresh(review)
    assert review.join_code is not None


def test_the_slip_has_the_code_link_and_a_qr_code(facilitator_client, review):
    page = facilitator_client.get(f"/reviews/{review.id}/slip").get_data(as_text=True)
    assert review.join_code in page
    assert f"/join/{review.join_code}" in page
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg
    assert "style=" not in svg
    facilitator_client.post(f"/reviews/{review.id}/close")
    closed = facilitator_client.get(f"/reviews/{review.id}/slip")
    assert closed.location == f"/reviews/{review.id}"


# Anonymity


def test_the_facilitator_chooses_what_the_group_sees(app, facilitator_client, review):
    response = facilitator_client.post(
        f"/reviews/{review.id}/anonymity", data={"anonymity": "aggregates"}
    )
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.anonymity is Anonymity.AGGREGATES
    join_page = (
        app.test_client().get(f"/join/{review.join_code}").get_data(as_text=True)
    )
    assert "never your own ratings" in join_page
    guest = join_as_guest(app, review)
    questionnaire = guest.get(f"/reviews/{review.id}/respond").get_data(as_text=True)
    assert "never your own ratings" in questionnaire


@pytest.mark.parametrize("choice", ["", "everyone", "NAMED"])
def test_an_unknown_anonymity_is_explained(facilitator_client, review, choice):
    response = facilitator_client.post(
        f"/reviews/{review.id}/anonymity", data={"anonymity": choice}
    )
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)
    db.session.refresh(review)
    assert review.anonymity is Anonymity.ANONYMOUS


def test_members_cannot_choose_anonymity(member_client, review):
    response = member_client.post(
        f"/reviews/{review.id}/anonymity", data={"anonymity": "named"}
    )
    assert response.status_code == 404


def test_names_show_to_the_group_only_when_named(
    facilitator_client, member_client, review, make_response
):
    make_response(review=review, now={"confidence": 7}, display_name="Pat Quinn")
    for anonymity, group_sees_name in (
        (Anonymity.ANONYMOUS, False),
        (Anonymity.NAMED, True),
    ):
        review.anonymity = anonymity
        db.session.commit()
        for client, sees_name in (
            (facilitator_client, True),
            (member_client, group_sees_name),
        ):
            page = client.get(f"/reviews/{review.id}/responses").get_data(as_text=True)
            assert "Participant 1" in page
            assert ("Pat Quinn" in page) is sees_name
            export = client.get(f"/reviews/{review.id}/results.csv")
            assert ("Pat Quinn" in export.get_data(as_text=True)) is sees_name


# Nothing lost


def test_a_guests_draft_is_restored_and_not_counted(app, review, make_person):
    guest = join_as_guest(app, review)
    response = guest.post(
        f"/reviews/{review.id}/draft",
        data={
            "csrf_token": "ignored",
            "rating-confidence-B": "8",
            "rating-skills-B": "dk",
            "comment-confidence": "Half way",
        },
    )
    assert response.status_code == 200
    assert response.get_json() == {"saved": True}

    # Coming back by the link finds the questionnaire as they left it.
    back = guest.get(f"/join/{review.join_code}")
    page = guest.get(back.location).get_data(as_text=True)
    assert is_checked(page, "rating-confidence-B-7")
    assert is_checked(page, "rating-skills-B-10")
    assert "Half way</textarea>" in page
    assert 'data-autosave="/reviews/' in page

    # A draft is not an answer.
    admin = sign_in(app.test_client(), make_person(role=Role.ADMINISTRATOR))
    results = admin.get(f"/reviews/{review.id}/results").get_data(as_text=True)
    assert "Nobody has answered yet." in results

    sent = guest.post(f"/reviews/{review.id}/respond", data=all_answers("6"))
    assert sent.status_code == 302
    assert db.session.scalar(select(func.count(ResponseDraft.id))) == 0
    guest.post(f"/reviews/{review.id}/respond", data=all_answers("7"))
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_a_members_draft_makes_them_a_participant_once(member_client, review):
    for value in ("3", "4"):
        response = member_client.post(
            f"/reviews/{review.id}/draft", data={"rating-confidence-B": value}
        )
        assert response.status_code == 200
    assert db.session.scalar(select(func.count(Participant.id))) == 1
    draft = db.session.scalar(select(ResponseDraft))
    assert draft.answers == {"rating-confidence-B": "4"}


@pytest.mark.parametrize(
    "data",
    [
        {"rating-confidence-B": "11"},
        {"rating-happiness-B": "5"},
        {"comment-confidence": "x" * 2001},
    ],
)
def test_a_bad_draft_is_refused(member_client, review, data):
    response = member_client.post(f"/reviews/{review.id}/draft", data=data)
    assert response.status_code == 400
    assert response.get_json()["saved"] is False
    assert db.session.scalar(select(func.count(ResponseDraft.id))) == 0


# Paper


def test_the_blank_paper_questionnaire(facilitator_client, review):
    page = facilitator_client.get(f"/reviews/{review.id}/paper").get_data(as_text=True)
    assert review.join_code in page
    assert "1 March 2024" in page
    # Regular review asks A, B and C: ten numbered boxes and "Don't know" each.
    assert page.count('<li class="paper__box') == 10 * 3 * 11
    assert page.count("paper__dont-know") == 10 * 3
    assert "Don&#39;t know" in page or "Don't know" in page


def test_typing_in_paper_questionnaires_one_after_another(facilitator_client, review):
    url = f"/reviews/{review.id}/paper/enter"
    page = facilitator_client.get(url).get_data(as_text=True)
    assert "0 paper questionnaires typed in so far" in page
    assert "autofocus" in page
    data = {"side": "lto", "display_name": "", "rating-confidence-B": "9"}
    data |= {"rating-skills-B": "d", "rating-confidence-A": " 4 "}
    response = facilitator_client.post(url, data=data)
    assert response.location == url
    page = facilitator_client.get(url).get_data(as_text=True)
    assert "Saved paper 1." in page
    assert "1 paper questionnaire typed in so far" in page
    # The form is empty for the next paper.
    assert 'value="9"' not in page
    participant = db.session.scalar(select(Participant))
    assert participant.on_paper is True
    assert participant.side is Side.LTO
    ratings = {
        (r.question_key, r.column): r.value for r in participant.response.ratings
    }
    assert ratings == {
        ("confidence", "A"): 4,
        ("confidence", "B"): 9,
        ("skills", "B"): None,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating-confidence-B": "5"}, "Choose the side written on the paper."),
        (
            {"side": "lto", "rating-confidence-B": "12"},
            "Question 1, column B: type a number from 1 to 10, or d for &#39;Don&#39;t know&#39;.",
        ),
        (
            {"side": "lto", "rating-skills-A": "seven"},
            "Question 2, column A: type a number from 1 to 10",
        ),
        ({"side": "sideways"}, "Not a valid choice"),
    ],
)
def test_paper_mistakes_are_explained_and_kept(
    facilitator_client, review, data, message
):
    response = facilitator_client.post(f"/reviews/{review.id}/paper/enter", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in page
    for name, value in data.items():
        if name.startswith("rating-"):
            assert f'value="{value}"' in page
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_members_cannot_type_in_paper(member_client, review):
    response = member_client.post(
        f"/reviews/{review.id}/paper/enter", data={"side": "lto"}
    )
    assert response.status_code == 404


# Results, live screen and exports


@pytest.fixture
def answered(review, make_response):
    """Five people: the partnership low on confidence, the LTO high."""
    make_response(review=review, now={"confidence": 3, "skills": 5}, display_name="Ann")
    make_response(review=review, now={"confidence": 4, "skills": 6})
    make_response(review=review, side=Side.LTO, now={"confidence": 8, "skills": 5})
    make_response(review=review, side=Side.LTO, now={"confidence": 9, "skills": 6})
    # Flat: every "now" the same.
    make_response(
        review=review,
        side=Side.NEUTRAL,
        now=dict.fromkeys(KEYS, 6),
        wanted={"confidence": 9},
    )
    # The room has been shown every part of the results (the staged reveal).
    review.reveal_stage = RevealStage.TALK
    db.session.commit()
    return review


def test_results_compare_the_sides_and_flag_divergence(facilitator_client, answered):
    page = facilitator_client.get(f"/reviews/{answered.id}/results").get_data(
        as_text=True
    )
    assert "5 people have answered: 2 partnership, 2 LTO, 1 rep" in page
    assert 'data-divergent="confidence"' in page
    assert 'data-divergent="skills"' not in page
    row = re.search(r'data-live-row="confidence".*?</tr>', page, re.S).group(0)
    cells = dict(re.findall(r'data-side-cell="confidence-(\w+)">([^<]*)<', row))
    assert cells == {
        "partnership": "3.5 (3–4)",
        "lto": "8.5 (8–9)",
        "neutral": "6",
        "everyone": "6 (3–9)",
        "gap": "5",
    }
    assert 'data-flat="5"' in page
    assert 'data-radar-chart="sides-chart-' in page


def test_the_group_does_not_see_flat_profiles(member_client, answered):
    page = member_client.get(f"/reviews/{answered.id}/results").get_data(as_text=True)
    assert 'data-divergent="confidence"' in page
    assert "data-flat" not in page


def test_comments_on_divergent_questions_respect_anonymity(
    member_client, review, make_response
):
    from ltoapp.reviews.operations import record_response

    record_response(
        review,
        Side.PARTNERSHIP,
        "Ann",
        {("confidence", "B"): 2},
        {"confidence": "Nobody asks us."},
        None,
        by=ANONYMOUS,
    )
    make_response(review=review, side=Side.LTO, now={"confidence": 9})
    review.reveal_stage = RevealStage.TALK
    db.session.commit()
    page = member_client.get(f"/reviews/{review.id}/results").get_data(as_text=True)
    assert "Nobody asks us." in page
    assert "Ann" not in page
    review.anonymity = Anonymity.NAMED
    db.session.commit()
    page = member_client.get(f"/reviews/{review.id}/results").get_data(as_text=True)
    assert "Ann, partnership" in page


def test_the_sides_can_be_compared_on_another_column(facilitator_client, answered):
    page = facilitator_client.get(f"/reviews/{answered.id}/results?column=C").get_data(
        as_text=True
    )
    assert "The sides compared: where we want it to be" in page
    unknown = facilitator_client.get(f"/reviews/{answered.id}/results?column=Z")
    assert "The sides compared: now" in unknown.get_data(as_text=True)


def test_change_since_the_previous_review(
    facilitator_client, review, make_review, make_response
):
    earlier = make_review(relationship=review.relationship, held_on=date(2023, 3, 1))
    # Two people each time: one answer alone is not a group.
    for _ in range(2):
        make_response(review=earlier, now={"confidence": 4, "skills": 6})
        make_response(review=review, now={"confidence": 7, "skills": 6})
    page = facilitator_client.get(f"/reviews/{review.id}/results").get_data(
        as_text=True
    )
    assert "Now, compared with 1 March 2023" in page
    confidence = re.search(r'data-change="confidence".*?</tr>', page, re.S).group(0)
    assert "+3" in confidence
    assert "no change" in re.search(r'data-change="skills".*?</tr>', page, re.S).group(
        0
    )


def third_on_each_side(review, make_response):
    """Make the sides three people each, so the room may see them compared."""
    make_response(review=review, now={"confidence": 3, "skills": 5})
    make_response(review=review, side=Side.LTO, now={"confidence": 9, "skills": 6})


def test_the_live_data_is_cheap_and_complete(
    app, facilitator_client, answered, make_response
):
    third_on_each_side(answered, make_response)
    statements = []

    def count(*args):
        statements.append(args[2])

    facilitator_client.get(f"/reviews/{answered.id}/live.json")  # warm up
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = facilitator_client.get(f"/reviews/{answered.id}/live.json")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 7, statements
    data = response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    assert data["answered"] == {"partnership": 3, "lto": 3, "neutral": 1, "everyone": 7}
    assert [item["key"] for item in data["divergent"]] == ["confidence"]
    assert data["rows"][0]["cells"]["gap"] == "6"
    # The screen is the room's: the neutral person alone is no group.
    assert data["rows"][0]["cells"]["neutral"] == "–"
    assert [d["label"] for d in data["chart"]["datasets"]] == [
        "Partnership",
        "LTO",
        "Rep",
    ]
    assert data["chart"]["datasets"][1]["values"][0] == 9
    assert set(data["chart"]["datasets"][2]["values"]) == {None}
    page = facilitator_client.get(f"/reviews/{answered.id}/live").get_data(as_text=True)
    assert 'data-live="/reviews/' in page
    assert "Refresh now" in page


def test_the_live_data_compares_the_column_people_answered(
    facilitator_client, review, make_response
):
    # An induction asks only about the relationship people want (column C).
    for _ in range(3):
        make_response(review=review, now={}, wanted={"confidence": 9, "skills": 7})
        make_response(
            review=review, side=Side.LTO, now={}, wanted={"confidence": 5, "skills": 7}
        )
    review.reveal_stage = RevealStage.SIDES
    db.session.commit()

    data = facilitator_client.get(f"/reviews/{review.id}/live.json").get_json()

    assert data["column"]["key"] == "C"
    assert [d["values"][0] for d in data["chart"]["datasets"][:2]] == [9, 5]


def test_the_csv_has_one_row_per_participant_question_and_column(
    facilitator_client, answered
):
    response = facilitator_client.get(f"/reviews/{answered.id}/results.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 5 * 10 * 3
    first = rows[0]
    assert first["participant"] == "1"
    assert first["side"] == "partnership"
    assert first["name"] == "Ann"  # the facilitator always sees names
    assert first["question"] == "confidence"
    by_cell = {
        (r["participant"], r["question"], r["column"]): r["rating"] for r in rows
    }
    assert by_cell[("1", "confidence", "B")] == "3"
    assert by_cell[("5", "confidence", "C")] == "9"
    assert by_cell[("1", "networks", "B")] == ""


def test_the_print_view_shows_the_results(member_client, answered, make_response):
    third_on_each_side(answered, make_response)
    page = member_client.get(f"/reviews/{answered.id}/results/print").get_data(
        as_text=True
    )
    assert "Worth talking about" in page
    assert "Make this an action" not in page
    assert "data-facilitator-copy" not in page
    # Only the facilitator prints the facilitator's copy.
    response = member_client.get(
        f"/reviews/{answered.id}/results/print?version=facilitator"
    )
    assert response.status_code == 404


def test_the_print_view_is_the_groups_unless_the_facilitator_asks(
    facilitator_client, answered
):
    # Issue 12, finding 6: the printout leaked the facilitator's flat profiles.
    url = f"/reviews/{answered.id}/results/print"
    page = facilitator_client.get(url).get_data(as_text=True)
    assert "data-flat" not in page
    assert "For you as facilitator" not in page
    assert "data-facilitator-copy" not in page
    assert (
        "Print the facilitator&#39;s copy" in page
        or "Print the facilitator's copy" in page
    )
    page = facilitator_client.get(url + "?version=facilitator").get_data(as_text=True)
    top = page.index("data-facilitator-copy")
    assert top < page.index("<h1")
    assert "Facilitator's copy." in page
    assert 'data-flat="5"' in page


def test_the_chart_colours_of_sides_are_distinct(facilitator_client, answered):
    page = facilitator_client.get(f"/reviews/{answered.id}/results").get_data(
        as_text=True
    )
    match = re.search(
        r'<script type="application/json" id="sides-chart-\d+-data">(.*?)</script>',
        page,
    )
    datasets = json.loads(match.group(1))["datasets"]
    assert len({d["colour"] for d in datasets}) == 3
    assert len({tuple(d["dash"]) for d in datasets}) == 3


def test_aggregates_never_show_a_side_of_one_person(
    facilitator_client, member_client, answered
):
    # The "answered" review has one neutral person: with aggregates only, the
    # group must not see that person's ratings as "the neutral side".
    answered.anonymity = Anonymity.AGGREGATES
    db.session.commit()
    page = member_client.get(f"/reviews/{answered.id}/results").get_data(as_text=True)
    assert 'data-side-cell="confidence-neutral"' not in page
    assert 'data-radar-chart="sides-chart-' not in page
    assert "at least 3 people from both the partnership and the LTO" in page
    assert "see this 5 points apart" not in page
    csv = member_client.get(f"/reviews/{answered.id}/results.csv").get_data(
        as_text=True
    )
    # Sides of two are no groups either: the median of two and your own
    # rating give the other's.
    groups = {line.split(",")[3] for line in csv.splitlines()[1:]}
    assert groups == {"everyone"}
    # The facilitator still compares every side.
    page = facilitator_client.get(f"/reviews/{answered.id}/results").get_data(
        as_text=True
    )
    assert 'data-side-cell="confidence-neutral"' in page
