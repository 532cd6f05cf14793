"""The access matrix: every route, for every kind of visitor.

Every rule in ``app.url_map`` must have an entry here, so a new page cannot
escape the check. Outcomes: 200 shown, 302 redirected (usually to sign in),
404 told it does not exist.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from ltoapp.access import GUEST_SESSION_KEY
from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.actions.operations import add_action
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Anonymity, Review, Side
from tests.conftest import sign_in

ROLES = (
    "anonymous",
    "guest",
    "partnership_member",
    "lto_member",
    "unrelated_member",
    "facilitator",
    "unassigned_facilitator",
    "administrator",
)


def outcomes(
    anonymous, guest, partnership_member, lto_member, unrelated_member,
    facilitator, unassigned_facilitator, administrator,
):  # fmt: skip
    return dict(zip(ROLES, (
        anonymous, guest, partnership_member, lto_member, unrelated_member,
        facilitator, unassigned_facilitator, administrator,
    ), strict=True))  # fmt: skip


EVERYONE = outcomes(*[200] * 8)
SIGNED_IN = outcomes(302, 302, 200, 200, 200, 200, 200, 200)
RELATIONSHIP = outcomes(302, 302, 200, 200, 404, 200, 404, 200)
ADMIN_ONLY = outcomes(302, 302, 404, 404, 404, 404, 404, 200)
ADMIN_ONLY_POST = outcomes(302, 302, 404, 404, 404, 404, 404, 302)
#: Only the relationship's facilitator and administrators run a review.
RUN = outcomes(302, 302, 404, 404, 404, 200, 404, 200)
RUN_POST = outcomes(302, 302, 404, 404, 404, 302, 404, 302)

#: endpoint → (method, outcome per role)
MATRIX = {
    "static": ("GET", EVERYONE),
    "pages.home": ("GET", SIGNED_IN),
    "pages.about": ("GET", EVERYONE),
    "pages.accessibility": ("GET", EVERYONE),
    "health.check": ("GET", EVERYONE),
    "accounts.sign_in": ("GET", outcomes(200, 200, 302, 302, 302, 302, 302, 302)),
    "accounts.sign_out": ("POST", outcomes(*[302] * 8)),
    "accounts.accept_invitation": ("GET", outcomes(*[404] * 8)),
    "accounts.reset_password": ("GET", outcomes(*[404] * 8)),
    "accounts.forgotten_password": ("GET", EVERYONE),
    "accounts.invite": ("GET", outcomes(302, 302, 404, 404, 404, 200, 200, 200)),
    "accounts.account": ("GET", SIGNED_IN),
    "accounts.sign_out_everywhere": ("POST", outcomes(*[302] * 8)),
    "accounts.people": ("GET", ADMIN_ONLY),
    "accounts.person": ("GET", ADMIN_ONLY),
    "accounts.export_person": ("GET", ADMIN_ONLY),
    "accounts.erase_person": ("POST", ADMIN_ONLY_POST),
    "accounts.reset_link": ("POST", ADMIN_ONLY),
    "relationships.new_partnership": ("GET", ADMIN_ONLY),
    "relationships.new_lto": ("GET", ADMIN_ONLY),
    "relationships.new_relationship": ("GET", ADMIN_ONLY),
    "relationships.show": ("GET", RELATIONSHIP),
    # The relationship here is current, so those who may record its next LTO
    # are sent back to its page (test_change_of_lto covers an ended one).
    "relationships.next_lto": ("GET", RUN_POST),
    "relationships.assign_facilitator": ("POST", ADMIN_ONLY_POST),
    "relationships.audit": ("GET", ADMIN_ONLY),
    "reviews.start": ("GET", RELATIONSHIP),
    "reviews.show": ("GET", RELATIONSHIP),
    # Anonymous: a page saying how to carry on (a guest on another device).
    "reviews.respond": ("GET", outcomes(403, 200, 200, 200, 404, 200, 404, 200)),
    "reviews.results": ("GET", RELATIONSHIP),
    "reviews.thanks": ("GET", outcomes(404, 200, 404, 404, 404, 404, 404, 404)),
    "reviews.join": ("GET", EVERYONE),
    "reviews.join_review": ("GET", outcomes(200, 302, 302, 302, 200, 302, 200, 302)),
    "reviews.set_next_review": (
        "POST",
        outcomes(302, 302, 422, 422, 404, 422, 404, 422),
    ),
    "reviews.agree": ("POST", outcomes(302, 302, 404, 404, 404, 302, 404, 302)),
    "reviews.set_anonymity": (
        "POST",
        outcomes(302, 302, 404, 404, 404, 422, 404, 422),
    ),
    "reviews.close_answers": ("POST", RUN_POST),
    "reviews.open_answers": ("POST", RUN_POST),
    "reviews.slip": ("GET", RUN),
    # Posted empty: refused (400), so a stored draft is never emptied.
    "reviews.save_draft": ("POST", outcomes(404, 400, 400, 400, 404, 400, 404, 400)),
    "reviews.live": ("GET", RUN),
    "reviews.live_data": ("GET", RUN),
    "reviews.reveal": ("POST", RUN_POST),
    # The stage the room is at: whoever may see the review's results, guests too.
    "reviews.stage_data": ("GET", outcomes(404, 200, 200, 200, 404, 200, 404, 200)),
    # The world's review is anonymous: the group sees answers without names.
    "reviews.responses": ("GET", RELATIONSHIP),
    "reviews.results_csv": ("GET", RELATIONSHIP),
    "reviews.print_results": ("GET", RELATIONSHIP),
    "reviews.paper_questionnaire": ("GET", RELATIONSHIP),
    "reviews.enter_paper": ("GET", RUN),
    "workflows.step": ("GET", RELATIONSHIP),
    "workflows.save_step": ("POST", outcomes(302, 302, 302, 302, 404, 302, 404, 302)),
    "workflows.record": ("GET", RELATIONSHIP),
    "workflows.check": ("GET", RUN),
    "actions.add": ("POST", outcomes(302, 302, 422, 422, 404, 422, 404, 422)),
    "actions.remove": ("POST", outcomes(302, 302, 302, 302, 404, 302, 404, 302)),
    "actions.log": ("GET", RELATIONSHIP),
    "actions.show": ("GET", RELATIONSHIP),
    # Posted empty: the form is shown again with its errors.
    "actions.update": ("POST", outcomes(302, 302, 422, 422, 404, 422, 404, 422)),
    # The world's action is not carried from an earlier review, so there is
    # nothing to decide about it in this review.
    "actions.decide": ("POST", outcomes(302, 302, 404, 404, 404, 404, 404, 404)),
    "relationships.timeline": ("GET", RELATIONSHIP),
    "reports.due": ("GET", SIGNED_IN),
    "reports.overview": ("GET", ADMIN_ONLY),
    "reminders.settings": ("GET", SIGNED_IN),
    "reminders.stop": ("GET", outcomes(*[404] * 8)),
    "reminders.confirm_stop": ("POST", outcomes(*[404] * 8)),
    "reports.actions_csv": ("GET", RELATIONSHIP),
    "reports.ratings_csv": ("GET", RELATIONSHIP),
    "reports.relationship_json": ("GET", RELATIONSHIP),
}


@pytest.fixture
def world(make_relationship, make_review, make_person, make_partnership):
    """One relationship with an open review and a guest, and people around it."""
    relationship = make_relationship(started_on=date(2020, 1, 1))
    unrelated = make_relationship(partnership=make_partnership(name="Elsewhere"))
    review = make_review(relationship=relationship)
    guest = review_operations.join_as_guest(
        review, Side.PARTNERSHIP, "Guest", by=ANONYMOUS
    )
    action = add_action(review, "Write to the council", Side.LTO, by=ANONYMOUS)
    db.session.commit()
    people = {
        "partnership_member": make_person(member_of=(relationship.partnership,)),
        "lto_member": make_person(member_of=(relationship.lto,)),
        "unrelated_member": make_person(member_of=(unrelated.partnership,)),
        "facilitator": make_person(role=Role.FACILITATOR, facilitates=(relationship,)),
        "unassigned_facilitator": make_person(role=Role.FACILITATOR),
        "administrator": make_person(role=Role.ADMINISTRATOR),
    }
    target = make_person(name="Someone to look up")
    return {
        "values": {
            "relationship_id": relationship.id,
            "review_id": review.id,
            "person_id": target.id,
            "token": "not-a-real-token",
            "code": review.join_code,
            "step_key": "open_actions",
            "action_id": action.id,
            "filename": "css/app.css",
        },
        "people": people,
        "guest": (review.id, guest.id),
    }


def client_for(app: Flask, role: str, world: dict):
    client = app.test_client()
    if role == "guest":
        review_id, participant_id = world["guest"]
        with client.session_transaction() as session:
            session[GUEST_SESSION_KEY] = {str(review_id): participant_id}
    elif role != "anonymous":
        sign_in(client, world["people"][role])
    return client


def url_for_rule(rule, values: dict) -> str:
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<int:{argument}>", str(values[argument]))
        path = path.replace(f"<path:{argument}>", str(values[argument]))
        path = path.replace(f"<{argument}>", str(values[argument]))
    return path


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - MATRIX.keys() == set(), "add these routes to the access matrix"
    assert MATRIX.keys() - endpoints == set(), "these routes no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, world, role):
    client = client_for(app, role, world)
    seen = {}
    # These change what follows (the action goes, the review is agreed, the
    # looked-up person is erased, the visitor signs out): they come last.
    last = (
        "reviews.close_answers",
        "reviews.open_answers",
        "actions.remove",
        "reviews.agree",
        "accounts.erase_person",
        "accounts.sign_out",
    )
    rules = sorted(
        app.url_map.iter_rules(),
        key=lambda r: (
            r.endpoint in last,
            last.index(r.endpoint) if r.endpoint in last else 0,
            r.endpoint,
        ),
    )
    for rule in rules:
        method, expected = MATRIX[rule.endpoint]
        url = url_for_rule(rule, world["values"])
        response = client.open(url, method=method)
        response.close()
        seen[rule.endpoint] = response.status_code
        if response.status_code == 302 and expected[role] == 302:
            location = response.headers["Location"]
            assert "/sign-in" in location or not location.startswith("http"), location
    wanted = {endpoint: MATRIX[endpoint][1][role] for endpoint in seen}
    assert seen == wanted


@pytest.mark.parametrize(
    "role", ["anonymous", "unrelated_member", "unassigned_facilitator"]
)
def test_outsiders_cannot_post_to_a_relationship(app, world, role):
    client = client_for(app, role, world)
    values = world["values"]
    for url in (
        f"/relationships/{values['relationship_id']}/reviews/new",
        f"/reviews/{values['review_id']}/respond",
        f"/relationships/{values['relationship_id']}/facilitators",
    ):
        response = client.post(url, data={"held_on": "2025-01-01", "person_id": "1"})
        # 403: the questionnaire's "how to carry on" page for the anonymous.
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/sign-in" in response.headers["Location"]
    review = db.session.get(Review, values["review_id"])
    assert len(review.participants) == 1
    assert len(review.relationship.reviews) == 1


#: Pages and exports that would show one person's ratings.
INDIVIDUAL_ENDPOINTS = ("responses", "live", "live.json")


@pytest.mark.parametrize(
    ("role", "sees_individuals"),
    [
        ("guest", False),
        ("partnership_member", False),
        ("lto_member", False),
        ("facilitator", True),
        ("administrator", True),
    ],
)
def test_aggregates_only_never_shows_an_individuals_ratings(
    app, world, make_response, role, sees_individuals
):
    review = db.session.get(Review, world["values"]["review_id"])
    review.anonymity = Anonymity.AGGREGATES
    db.session.commit()
    make_response(review=review, now={"confidence": 7}, display_name="Pat")
    client = client_for(app, role, world)
    for endpoint in INDIVIDUAL_ENDPOINTS:
        response = client.get(f"/reviews/{review.id}/{endpoint}")
        if sees_individuals:
            assert response.status_code == 200, endpoint
        else:
            assert response.status_code in (302, 404), endpoint
            if response.status_code == 302:
                assert "/sign-in" in response.location
    export = client.get(f"/reviews/{review.id}/results.csv")
    if role == "guest":
        assert export.status_code == 302
        return
    header = export.get_data(as_text=True).splitlines()[0]
    if sees_individuals:
        assert header.startswith("participant,side,name")
        assert "Pat" in export.get_data(as_text=True)
    else:
        assert header.startswith("question,question_text,column,who")
        assert "Pat" not in export.get_data(as_text=True)
    results = client.get(f"/reviews/{review.id}/results").get_data(as_text=True)
    assert ("Each person's answers" in results) is sees_individuals


# Issue 11: the invitation, session and host-header cases.


def _visit_every_route(app, client, world) -> dict[str, int]:
    seen = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("accounts.sign_out", "accounts.erase_person"):
            continue
        method, _ = MATRIX[rule.endpoint]
        response = client.open(url_for_rule(rule, world["values"]), method=method)
        response.close()
        seen[rule.endpoint] = response.status_code
    return seen


def test_a_session_whose_version_moved_on_is_anonymous_everywhere(app, world):
    administrator = world["people"]["administrator"]
    stale = client_for(app, "administrator", world)
    administrator.end_sessions()
    db.session.commit()
    anonymous = client_for(app, "anonymous", world)
    assert _visit_every_route(app, stale, world) == _visit_every_route(
        app, anonymous, world
    )


def test_a_forged_host_reaches_no_route(make_app, world):
    app = make_app(TRUSTED_HOSTS=["reviews.example.org", "localhost"])
    client = app.test_client()
    sign_in(client, world["people"]["administrator"])
    for rule in app.url_map.iter_rules():
        method, _ = MATRIX[rule.endpoint]
        response = client.open(
            url_for_rule(rule, world["values"]),
            method=method,
            headers={"Host": "evil.example"},
        )
        response.close()
        assert response.status_code == 400, rule.endpoint


def test_session_and_invitation_posts_need_a_csrf_token(make_app, world):
    protected = make_app(WTF_CSRF_ENABLED=True)
    facilitator = world["people"]["facilitator"]
    administrator = world["people"]["administrator"]
    version = facilitator.session_version
    client = sign_in(protected.test_client(), facilitator)
    for url, data in (
        ("/account/sign-out-everywhere", {}),
        (
            "/account",
            {
                "current_password": "correct horse battery",
                "password": "a brand new password",
                "confirm": "a brand new password",
            },
        ),
        ("/invitations/new", {"name": "X", "email": administrator.email}),
        (f"/people/{administrator.id}/reset-link", {}),
    ):
        assert client.post(url, data=data).status_code == 400, url
    db.session.expire_all()
    assert db.session.get(type(facilitator), facilitator.id).session_version == version
