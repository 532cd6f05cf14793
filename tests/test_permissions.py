"""The access rules, as plain functions over a viewer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ltoapp.accounts.models import Role
from ltoapp.accounts.permissions import (
    ANONYMOUS,
    Viewer,
    may_answer_review,
    may_invite,
    may_manage_organisations,
    may_run_reviews,
    may_view_relationship,
)

RELATIONSHIP = SimpleNamespace(id=7, partnership_id=70, lto_id=700)
OPEN_REVIEW = SimpleNamespace(id=3, relationship=RELATIONSHIP, is_agreed=False)
AGREED_REVIEW = SimpleNamespace(id=4, relationship=RELATIONSHIP, is_agreed=True)

VIEWERS = {
    "anonymous": ANONYMOUS,
    "guest": Viewer(guest_participants={3: 99}),
    "partnership member": Viewer(
        person_id=1, role=Role.MEMBER, partnership_ids=frozenset({70})
    ),
    "lto member": Viewer(person_id=2, role=Role.MEMBER, lto_ids=frozenset({700})),
    "other member": Viewer(
        person_id=3, role=Role.MEMBER, partnership_ids=frozenset({71})
    ),
    "facilitator": Viewer(
        person_id=4, role=Role.FACILITATOR, facilitated_relationship_ids=frozenset({7})
    ),
    "other facilitator": Viewer(person_id=5, role=Role.FACILITATOR),
    "administrator": Viewer(person_id=6, role=Role.ADMINISTRATOR),
}


@pytest.mark.parametrize(
    ("viewer", "view", "run", "answer_open", "answer_agreed", "manage", "invite"),
    [
        ("anonymous", False, False, False, False, False, False),
        ("guest", False, False, True, False, False, False),
        ("partnership member", True, False, True, False, False, False),
        ("lto member", True, False, True, False, False, False),
        ("other member", False, False, False, False, False, False),
        ("facilitator", True, True, True, False, False, True),
        ("other facilitator", False, False, False, False, False, True),
        ("administrator", True, True, True, False, True, True),
    ],
)
def test_who_may_do_what(viewer, view, run, answer_open, answer_agreed, manage, invite):
    who = VIEWERS[viewer]
    assert may_view_relationship(who, RELATIONSHIP) is view
    assert may_run_reviews(who, RELATIONSHIP) is run
    assert may_answer_review(who, OPEN_REVIEW) is answer_open
    assert may_answer_review(who, AGREED_REVIEW) is answer_agreed
    assert may_manage_organisations(who) is manage
    assert may_invite(who) is invite


def test_a_guest_of_one_review_cannot_answer_another():
    other_review = SimpleNamespace(id=5, relationship=RELATIONSHIP, is_agreed=False)
    assert may_answer_review(VIEWERS["guest"], other_review) is False
