"""The anonymity matrix: every output that shows ratings or comments, for every
anonymity, viewer and shape of group, asserting what each may and may not see.

Every rule in ``app.url_map`` is listed either in :data:`RATING_ROUTES` or in
:data:`NO_RATINGS`, so a new page showing ratings cannot escape the matrix
(as ``test_access.py`` does for access).

The people who must stay hidden ("the lone", one or two of them on a side)
rate 10 on every question and are called Zebedee; everyone else rates
from 2 to 7. So a 10 in any figure, or the spread 8 (10 - 2), means the
hidden person's rating leaked; a 9.5 is the median of a side of two (9, 10).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from flask import url_for

from ltoapp.access import GUEST_SESSION_KEY
from ltoapp.accounts.viewer import ANONYMOUS
from ltoapp.extensions import db
from ltoapp.framework import load_framework
from ltoapp.reviews import operations
from ltoapp.reviews.models import Anonymity, ReviewStatus, Side
from ltoapp.reviews.reveal import RevealStage
from ltoapp.workflows import StepKind
from ltoapp.workflows.registry import workflow_named
from tests.conftest import sign_in

#: Endpoints that show ratings or comments, and how to reach them.
RATING_ROUTES = {
    "reviews.results": lambda r: url_for("reviews.results", review_id=r.id),
    # A guest's phone shows the group's results after sending.
    "reviews.thanks": lambda r: url_for("reviews.thanks", review_id=r.id),
    "reviews.print_results": lambda r: url_for("reviews.print_results", review_id=r.id),
    "reviews.responses": lambda r: url_for("reviews.responses", review_id=r.id),
    "reviews.results_csv": lambda r: url_for("reviews.results_csv", review_id=r.id),
    "reviews.live": lambda r: url_for("reviews.live", review_id=r.id),
    "reviews.live_data": lambda r: url_for("reviews.live_data", review_id=r.id),
    "workflows.step": lambda r: url_for(
        "workflows.step", review_id=r.id, step_key=results_step(r)
    ),
    "workflows.record": lambda r: url_for("workflows.record", review_id=r.id),
    "relationships.timeline": lambda r: url_for(
        "relationships.timeline", relationship_id=r.relationship_id
    ),
    "reports.ratings_csv": lambda r: url_for(
        "reports.ratings_csv", relationship_id=r.relationship_id
    ),
    "reports.relationship_json": lambda r: url_for(
        "reports.relationship_json", relationship_id=r.relationship_id
    ),
}
#: Projected or handed round: the room's group view, whoever opens them.
ROOM_ROUTES = {"reviews.live", "reviews.live_data", "reviews.print_results"}
#: The shared record and what leaves the app: what a member sees, whoever looks.
MEMBER_ROUTES = {
    "workflows.record",
    "relationships.timeline",
    "reports.ratings_csv",
    "reports.relationship_json",
}
#: Only agreed reviews are on the timeline.
AGREED_ROUTES = {"relationships.timeline"}

#: Every other endpoint, and why it shows no rating or comment.
NO_RATINGS = {
    "static": "files",
    "pages.home": "lists relationships and reviews, no ratings",
    "pages.about": "text",
    "health.check": "a status",
    "accounts.sign_in": "a form",
    "accounts.sign_out": "a form",
    "accounts.accept_invitation": "a form",
    "accounts.reset_password": "a form",
    "accounts.forgotten_password": "a form",
    "accounts.invite": "a form",
    "accounts.people": "people, not answers",
    "accounts.person": "a person's account and memberships",
    "accounts.export_person": "an account holder's own data, not reviews",
    "accounts.erase_person": "a form",
    "accounts.reset_link": "a form",
    "relationships.new_partnership": "a form",
    "relationships.new_lto": "a form",
    "relationships.new_relationship": "a form",
    "relationships.show": "reviews listed with counts",
    "relationships.assign_facilitator": "a form",
    "relationships.audit": "who did what, never answers",
    "reviews.start": "a form",
    "reviews.show": "counts of answers",
    "reviews.respond": "the person's own answers only",
    "reviews.reveal": "a form",
    "reviews.stage_data": "the stage of the reveal",
    "reviews.join": "a form",
    "reviews.join_review": "a form",
    "reviews.set_next_review": "a form",
    "reviews.agree": "a form",
    "reviews.set_anonymity": "a form",
    "reviews.close_answers": "a form",
    "reviews.open_answers": "a form",
    "reviews.slip": "the code and link",
    "reviews.save_draft": "the person's own draft",
    "reviews.paper_questionnaire": "a blank questionnaire",
    "reviews.enter_paper": "a blank form",
    "workflows.save_step": "a form",
    "actions.add": "a form",
    "actions.remove": "a form",
    "actions.log": "actions",
    "actions.show": "an action and its history",
    "actions.update": "a form",
    "actions.decide": "a form",
    "reports.due": "dates",
    "reports.overview": "counts, never ratings",
    "reports.actions_csv": "actions",
    "accounts.account": "a person's own password form",
    "accounts.sign_out_everywhere": "a form",
    "pages.accessibility": "text",
    "relationships.next_lto": "a form",
    "reminders.settings": "a person's own reminder choices",
    "reminders.stop": "a confirmation",
    "reminders.confirm_stop": "a form",
    "workflows.check": "how many answered on each side, never ratings",
}

#: Group shapes: (side, how many, rating). The lone people rate 10.
SHAPES = {
    "whole group of one": [(Side.LTO, 1, 10)],
    "a side of one": [(Side.PARTNERSHIP, 3, None), (Side.LTO, 1, 10)],
    "a side of two": [(Side.PARTNERSHIP, 3, None), (Side.LTO, 2, None)],
    "a neutral of one": [
        (Side.PARTNERSHIP, 3, None),
        (Side.LTO, 3, None),
        (Side.NEUTRAL, 1, 10),
    ],
    "sides of three and more": [
        (Side.PARTNERSHIP, 3, None),
        (Side.LTO, 4, None),
        (Side.NEUTRAL, 3, None),
    ],
}
#: Ratings of people who need no hiding, by side; a side of two rates 9 and 10.
VALUES = {"partnership": [2, 3, 4], "lto": [5, 6, 7, 7], "neutral": [4, 5, 6]}
LONE_COMMENT = "Only I saw the funding letter"
VIEWERS = ("facilitator", "member", "guest")
#: Figures that can only come from the hidden people's ratings.
LEAKS = {"10", "9.5", "8"}


def results_step(review) -> str:
    workflow = workflow_named(review.workflow)
    return next(s.key for s in workflow.steps if s.kind == StepKind.RESULTS)


def build(review, shape: str) -> None:
    """Answer the review as the shape says, Zebedee for the people to hide."""
    keys = [question.key for question in load_framework().questions]
    for side, count, rating in SHAPES[shape]:
        for index in range(count):
            lone = rating is not None or (shape == "a side of two" and side is Side.LTO)
            if shape == "a side of two" and side is Side.LTO:
                value = (9, 10)[index]
            else:
                value = rating if rating is not None else VALUES[side.value][index]
            operations.record_response(
                review,
                side,
                f"Zebedee {index}" if lone else f"Person {side.value} {index}",
                ratings={(key, "B"): value for key in keys},
                comments={"confidence": LONE_COMMENT} if lone and index == 0 else {},
                other_comments=None,
                by=ANONYMOUS,
            )
    db.session.commit()


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _numbers(text: str) -> set[str]:
    return {n[:-2] if n.endswith(".0") else n for n in NUMBER.findall(text)}


def figures(endpoint: str, body: str) -> set[str]:
    """Every rating figure an output shows, as text."""
    found: set[str] = set()
    if endpoint.endswith("csv"):
        for row in csv.DictReader(io.StringIO(body)):
            for column in ("rating", "median", "lowest", "highest", "spread"):
                found |= _numbers(row.get(column) or "")
        return found
    if endpoint.endswith("json"):
        data = json.loads(body)
        if endpoint == "reviews.live_data":
            for row in data["rows"]:
                for part in ("partnership", "lto", "neutral", "everyone", "gap"):
                    found |= _numbers(row["cells"][part].split(",")[0])
            for dataset in data["chart"]["datasets"]:
                found |= {f"{v:g}" for v in dataset["values"] if v is not None}
            for item in data["divergent"]:
                found |= _numbers(" ".join(item["reasons"]))
            return found
        for review in data["reviews"]:
            for cell in review["ratings_aggregates"]:
                for key in ("median", "lowest", "highest", "spread"):
                    if cell[key] is not None:
                        found.add(f"{cell[key]:g}")
            for person in review["responses"] or []:
                found |= {
                    str(r["value"]) for r in person["ratings"] if r["value"] is not None
                }
        return found
    cells = re.findall(r'<td class="numeric"[^>]*>(.*?)</td>', body, re.S)
    for cell in cells:
        text = re.sub(r"<[^>]+>", "", cell)
        found |= _numbers(re.sub(r"\d+ don't know", "", text))
    for chart in re.findall(
        r'<script type="application/json" id="[^"]*">(.*?)</script>', body, re.S
    ):
        for dataset in json.loads(chart).get("datasets", []):
            found |= {f"{v:g}" for v in dataset["values"] if v is not None}
    for reasons in re.findall(r'<ul class="reasons">(.*?)</ul>', body, re.S):
        found |= _numbers(re.sub(r"<[^>]+>", "", reasons))
    # The sentence under each radar (its title names dates and questions).
    for caption in re.findall(
        r'<figcaption[^>]*class="chart__caption">\s*<span class="chart__title">.*?'
        r"</span>(.*?)</figcaption>",
        body,
        re.S,
    ):
        text = re.sub(r"<[^>]+>", "", caption).replace("out of 10", "")
        found |= _numbers(re.sub(r"\d+ answers? (?:was|were) 'don't know'", "", text))
    return found


def lone_comment_label(endpoint: str, body: str) -> str | None:
    """How the hidden person's comment is labelled, if it is shown at all."""
    if endpoint.endswith("json") and endpoint != "reviews.live_data":
        for review in json.loads(body)["reviews"]:
            for person in review["responses"] or []:
                if LONE_COMMENT in person["comments"].values():
                    return person["side"] or ""
        return None
    match = re.search(
        re.escape(LONE_COMMENT) + r'</q>(?: <span class="comments__who">\(([^)]*)\))?',
        body,
    )
    return None if match is None else (match.group(1) or "")


def expected(endpoint: str, viewer: str, mode: str) -> dict[str, bool]:
    """What a viewer may see on one output, said in the matrix's own words."""
    audience = viewer
    if endpoint in ROOM_ROUTES:
        audience = "room"
    elif endpoint in MEMBER_ROUTES and viewer == "facilitator":
        audience = "member"
    facilitator = audience == "facilitator"
    group_view = audience in ("guest", "room")
    return {
        # Each person's own ratings, hidden ones included.
        "individuals": facilitator or (audience == "member" and mode != "aggregates"),
        "names": facilitator or (mode == "named" and not group_view),
        "flat": facilitator,
        # A side label that would name the person.
        "lone_label": facilitator or (mode == "named" and not group_view),
    }


@pytest.fixture
def clients(app, make_review, make_person):
    """A review, and a client for each viewer of it."""
    review = make_review(held_on=date(2024, 3, 1))
    relationship = review.relationship
    facilitator = make_person(name="Fran", facilitates=(relationship,))
    member = make_person(name="Maureen", member_of=(relationship.partnership,))
    guest = operations.join_as_guest(review, Side.PARTNERSHIP, "Gus", by=ANONYMOUS)
    db.session.commit()
    made = {}
    for viewer in VIEWERS:
        client = app.test_client()
        if viewer == "facilitator":
            sign_in(client, facilitator)
        elif viewer == "member":
            sign_in(client, member)
        else:
            with client.session_transaction() as session:
                session[GUEST_SESSION_KEY] = {str(review.id): guest.id}
        made[viewer] = client
    return review, made


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    listed = set(RATING_ROUTES) | set(NO_RATINGS)
    assert endpoints - listed == set(), "add these to the disclosure matrix"
    assert listed - endpoints == set(), "these are listed but no longer exist"
    assert set(RATING_ROUTES).isdisjoint(NO_RATINGS)


@pytest.mark.parametrize("mode", [a.value for a in Anonymity])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_anonymity_matrix(app, clients, mode, shape):
    review, made = clients
    review.anonymity = Anonymity(mode)
    # Everything revealed to the room: the most there is to leak.
    review.reveal_stage = RevealStage.TALK
    db.session.commit()
    build(review, shape)
    problems = []
    seen = {}
    for endpoint, make_url in RATING_ROUTES.items():
        with app.test_request_context():
            url = make_url(review)
        if endpoint in AGREED_ROUTES:
            review.status = ReviewStatus.AGREED
            db.session.commit()
        for viewer in VIEWERS:
            response = made[viewer].get(url)
            body = response.get_data(as_text=True)
            where = f"{endpoint} as {viewer}"
            seen[(endpoint, viewer)] = (response.status_code, body)
            if response.status_code != 200:
                # Never shown: nothing to leak. The access matrix owns who may.
                assert response.status_code in (302, 404), where
                continue
            may = expected(endpoint, viewer, mode)
            shown = figures(endpoint, body)
            leaks = shown & LEAKS
            if shape != "sides of three and more" and not may["individuals"] and leaks:
                problems.append(f"{where}: shows {sorted(leaks)}")
            if "Zebedee" in body and not may["names"]:
                problems.append(f"{where}: shows a name")
            if ("data-flat" in body or "For you as facilitator" in body) and not may[
                "flat"
            ]:
                problems.append(f"{where}: shows flat profiles")
            label = lone_comment_label(endpoint, body)
            if shape != "sides of three and more" and label and not may["lone_label"]:
                problems.append(f"{where}: labels the lone comment {label!r}")
        if endpoint in AGREED_ROUTES:
            review.status = ReviewStatus.OPEN
            db.session.commit()
    assert problems == []

    # What each may see, too.
    lone = shape != "sides of three and more"
    status, body = seen[("reviews.responses", "facilitator")]
    assert status == 200
    assert ("Zebedee 0" in body) is lone
    status, body = seen[("reviews.responses", "member")]
    assert status == (404 if mode == "aggregates" else 200)
    if mode == "named" and lone:
        assert "Zebedee 0" in body
    if shape == "whole group of one":
        for viewer in ("facilitator", "member"):
            assert "data-no-group" in seen[("reviews.results", viewer)][1]
    if shape == "a neutral of one":
        # Issue 12, finding 4: one neutral answer no longer hides the sides.
        for endpoint in ("reviews.results", "workflows.step", "reviews.print_results"):
            body = seen[(endpoint, "member")][1]
            assert 'data-side-cell="confidence-partnership">3' in body, endpoint
            if mode == "aggregates" or endpoint == "reviews.print_results":
                assert 'data-side-cell="confidence-neutral">–' in body, endpoint
        live = json.loads(seen[("reviews.live_data", "facilitator")][1])
        assert live["rows"][0]["cells"]["gap"] == "3"
        assert live["rows"][0]["cells"]["neutral"] == "–"
