"""The access rules, as plain functions over a viewer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS, Viewer
from ltoapp.permissions import (
    may_answer_review,
    may_invite,
    may_manage_organisations,
    may_manage_review,
    may_run_reviews,
    may_see_flat_profiles,
    may_see_individuals,
    may_see_names,
    may_view_relationship,
)
from ltoapp.reviews.models import Anonymity

RELATIONSHIP = SimpleNamespace(id=7, partnership_id=70, lto_id=700)


def review(id=3, agreed=False, join_code="KX7P3M", anonymity=Anonymity.ANONYMOUS):
    return SimpleNamespace(
        id=id,
        relationship=RELATIONSHIP,
        is_agreed=agreed,
        join_code=None if agreed else join_code,
        anonymity=anonymity,
    )


OPEN_REVIEW = review()
AGREED_REVIEW = review(id=4, agreed=True)

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
    assert may_answer_review(VIEWERS["guest"], review(id=5)) is False


@pytest.mark.parametrize("viewer", ["guest", "partnership member", "facilitator"])
def test_nobody_answers_a_review_closed_to_answers(viewer):
    closed = review(join_code=None)
    assert may_answer_review(VIEWERS[viewer], closed) is False


@pytest.mark.parametrize(
    ("viewer", "manage", "flat"),
    [
        ("anonymous", False, False),
        ("guest", False, False),
        ("partnership member", False, False),
        ("lto member", False, False),
        ("other member", False, False),
        ("facilitator", True, True),
        ("other facilitator", False, False),
        ("administrator", True, True),
    ],
)
def test_who_runs_a_review(viewer, manage, flat):
    who = VIEWERS[viewer]
    assert may_manage_review(who, OPEN_REVIEW) is manage
    assert may_manage_review(who, AGREED_REVIEW) is False
    assert may_see_flat_profiles(who, OPEN_REVIEW) is flat


# Per anonymity (named, anonymous, aggregates): (individuals seen, names seen).
@pytest.mark.parametrize(
    ("viewer", "named", "anonymous", "aggregates"),
    [
        ("anonymous", (False, False), (False, False), (False, False)),
        ("guest", (False, False), (False, False), (False, False)),
        ("partnership member", (True, True), (True, False), (False, False)),
        ("lto member", (True, True), (True, False), (False, False)),
        ("other member", (False, False), (False, False), (False, False)),
        ("facilitator", (True, True), (True, True), (True, True)),
        ("other facilitator", (False, False), (False, False), (False, False)),
        ("administrator", (True, True), (True, True), (True, True)),
    ],
)
def test_what_each_anonymity_shows(viewer, named, anonymous, aggregates):
    who = VIEWERS[viewer]
    for anonymity, expected in (
        (Anonymity.NAMED, named),
        (Anonymity.ANONYMOUS, anonymous),
        (Anonymity.AGGREGATES, aggregates),
    ):
        shown = review(anonymity=anonymity)
        assert (may_see_individuals(who, shown), may_see_names(who, shown)) == expected


@pytest.mark.parametrize(
    ("ties", "belongs"),
    [
        ({}, False),
        ({"partnership_ids": frozenset({1})}, True),
        ({"lto_ids": frozenset({2})}, True),
        ({"facilitated_relationship_ids": frozenset({3})}, True),
    ],
)
def test_a_viewer_belongs_somewhere_through_any_one_tie(ties, belongs):
    # The home asks the database about a person's own relationships only
    # when they have one: each tie alone must count.
    viewer = Viewer(person_id=1, role=Role.ADMINISTRATOR, **ties)
    assert viewer.belongs_anywhere is belongs
