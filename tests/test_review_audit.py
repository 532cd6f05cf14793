"""Each change to a review writes its own audit entry, inside the operation.

Through the pages (who acted, in what words), and straight through the
operations, so that a caller other than a view leaves the same trail.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ltoapp.accounts.viewer import load_viewer
from ltoapp.audit.models import AuditEntry
from ltoapp.extensions import db
from ltoapp.reviews import operations
from ltoapp.reviews.models import Anonymity, Review, Side
from tests.test_reviews import complete_answers

ADMIN = "Alex Admin (administrator)"


def trail(subject_type: str | None = None) -> list[tuple[str, str, str]]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if subject_type is not None:
        query = query.filter_by(subject_type=subject_type)
    return [(e.verb.value, e.actor_label, e.summary) for e in db.session.scalars(query)]


@pytest.fixture
def review(admin_client, make_relationship) -> Review:
    relationship = make_relationship()
    admin_client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-03-01", "workflow": "regular_review"},
    )
    return db.session.scalar(select(Review))


def test_starting_a_review_is_audited(review):
    assert trail("review") == [
        ("created", ADMIN, "Started a regular review held on 2025-03-01")
    ]


@pytest.mark.parametrize(
    ("path", "data", "summary"),
    [
        ("anonymity", {"anonymity": "named"}, "Chose what the group sees: named"),
        ("close", {}, "Closed the review to new answers"),
        ("open", {}, "Opened the review to answers"),
        ("reveal", {"stage": "sides"}, "Showed the room the sides compared"),
        (
            "next-review",
            {"next_review_on": "2025-09-01"},
            "Set the next review to 2025-09-01",
        ),
        ("agree", {}, "Agreed the regular review"),
    ],
)
def test_each_facilitator_change_is_audited(admin_client, review, path, data, summary):
    response = admin_client.post(f"/reviews/{review.id}/{path}", data=data)
    assert response.status_code == 302
    verb, actor, last = trail("review")[-1]
    assert (actor, last) == (ADMIN, summary)
    assert verb == ("agreed" if path == "agree" else "changed")


def test_a_guest_joining_and_answering_is_audited(app, review):
    guest = app.test_client()
    guest.post(
        f"/join/{review.join_code}", data={"side": "lto", "display_name": "Zelda"}
    )
    for changed in ("6", "7"):
        answers = complete_answers() | {"rating-confidence-B": changed}
        assert (
            guest.post(f"/reviews/{review.id}/respond", data=answers).status_code == 302
        )
    [joined] = trail("participant")
    # The trail says which side joined, never the name the guest gave.
    assert joined[0] == "created" and joined[2] == "Joined for the lto side"
    assert "Zelda" not in joined[2]
    assert [(verb, summary) for verb, _actor, summary in trail("response")] == [
        ("created", "Answered the questionnaire"),
        ("changed", "Changed their answers"),
    ]


def test_typing_in_a_paper_questionnaire_is_audited(admin_client, review):
    admin_client.post(
        f"/reviews/{review.id}/paper/enter",
        data={"side": "partnership", "rating-confidence-B": "4"},
    )
    assert trail("response") == [("created", ADMIN, "Typed in a paper questionnaire")]


def _exit_interview(admin_client, make_relationship) -> Review:
    """Start an exit interview of a relationship that began in 2020."""
    relationship = make_relationship(started_on=date(2020, 1, 1))
    admin_client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-03-01", "workflow": "exit_interview"},
    )
    return db.session.scalar(select(Review))


def test_agreeing_an_exit_interview_that_ends_the_relationship_audits_both(
    admin_client, make_relationship
):
    review = _exit_interview(admin_client, make_relationship)
    admin_client.post(
        f"/reviews/{review.id}/agree", data={"ends": "yes", "ended_on": "2025-03-31"}
    )
    assert trail("review")[-1] == ("agreed", ADMIN, "Agreed the exit interview")
    assert trail("relationship")[-1] == (
        "changed",
        ADMIN,
        "Ended the relationship on 2025-03-31",
    )


def test_an_ending_refused_leaves_neither_the_agreement_nor_its_entry(
    admin_client, make_relationship
):
    review = _exit_interview(admin_client, make_relationship)
    response = admin_client.post(
        f"/reviews/{review.id}/agree", data={"ends": "yes", "ended_on": "2019-12-31"}
    )
    assert response.status_code == 422
    assert not db.session.get(Review, review.id).is_agreed
    assert [s for _v, _a, s in trail("review") if s.startswith("Agreed")] == []


def test_operations_audit_themselves_whoever_calls_them(app, make_review, make_person):
    review = make_review()
    by = load_viewer(make_person(name="Fay"))
    operations.set_anonymity(review, Anonymity.ANONYMOUS, by=by)
    operations.close_to_answers(review, by=by)
    operations.open_to_answers(review, by=by)
    guest = operations.join_as_guest(review, Side.PARTNERSHIP, None, by=by)
    operations.save_response(guest, {("confidence", "B"): 5}, {}, None, by=by)
    operations.agree_review(review, by=by, next_review_on=date(2025, 9, 1))
    db.session.commit()
    mine = [summary for _verb, actor, summary in trail() if actor.startswith("Fay")]
    assert mine == [
        "Chose what the group sees: anonymous",
        "Closed the review to new answers",
        "Opened the review to answers",
        "Joined for the partnership side",
        "Answered the questionnaire",
        "Agreed the regular review",
    ]
    assert db.session.get(Review, review.id).next_review_on == date(2025, 9, 1)
