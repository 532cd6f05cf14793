"""No ``{placeholder}`` ever reaches a person, whatever the programme calls its roles.

Every step and the record of every workflow, its exports and the pages around
it are rendered with the default labels and with another programme's, and
searched for a label left unfilled.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import load_viewer
from ltoapp.config import LABELS
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Review
from ltoapp.workflows import load_workflows
from tests.conftest import sign_in
from tests.test_reviews import complete_answers
from tests.test_workflow_runs import sample_answers

WORKFLOWS = load_workflows()
PLACEHOLDER = re.compile(r"\{(?:" + "|".join(LABELS) + r")\}")

OTHER_PROGRAMME = LABELS | {
    "programme": "Community Chest",
    "partnership": "residents' board",
    "partnerships": "residents' boards",
    "lto": "host body",
    "ltos": "host bodies",
    "lto_long": "host organisation",
    "rep": "adviser",
    "funder": "the Fund",
}


def assert_no_placeholder(text: str, where: str) -> None:
    found = PLACEHOLDER.findall(text)
    assert not found, f"{where} shows {sorted(set(found))}"


@pytest.mark.parametrize("labels", [LABELS, OTHER_PROGRAMME], ids=["default", "other"])
@pytest.mark.parametrize("workflow_key", list(WORKFLOWS))
def test_every_step_record_and_export_is_in_the_programmes_words(
    make_app, make_relationship, make_person, workflow_key, labels
):
    relationship = make_relationship()
    facilitator = make_person(role=Role.FACILITATOR, facilitates=(relationship,))
    client = make_app(LABELS=labels).test_client()
    sign_in(client, facilitator)
    workflow = WORKFLOWS[workflow_key]
    client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-03-01", "workflow": workflow_key},
    )
    review = db.session.scalar(select(Review).filter_by(workflow=workflow_key))
    client.post(f"/reviews/{review.id}/respond", data=complete_answers())

    pages = [f"/relationships/{relationship.id}/reviews/new"]
    for step in workflow.steps:
        url = f"/reviews/{review.id}/steps/{step.key}"
        data = {"go": "save"}
        for prompt in step.prompts:
            data |= sample_answers(prompt)
        if step.prompts:
            client.post(url, data=data)
        pages.append(url)
    actionable = [p for _s, p in workflow.prompts() if p.actionable]
    for source in ["question:networks"] + [f"prompt:{p.key}" for p in actionable]:
        client.post(
            f"/reviews/{review.id}/actions",
            data={"description": "Follow up", "owner_side": "lto", "source": source},
        )
        pages.append(
            f"/reviews/{review.id}/steps/{workflow.next_steps.key}?source={source}"
        )
    pages += [
        f"/reviews/{review.id}",
        f"/reviews/{review.id}/record",
        f"/reviews/{review.id}/results",
        f"/reviews/{review.id}/results/print",
        f"/reviews/{review.id}/results.csv",
        f"/reviews/{review.id}/respond",
        f"/reviews/{review.id}/paper",
        f"/reviews/{review.id}/live",
        f"/reviews/{review.id}/live.json",
        f"/relationships/{relationship.id}",
        f"/relationships/{relationship.id}/timeline",
        f"/relationships/{relationship.id}/actions",
        f"/relationships/{relationship.id}/actions.csv",
        f"/relationships/{relationship.id}/ratings.csv",
        f"/relationships/{relationship.id}/relationship.json",
        "/",
    ]
    pages += [f"/actions/{action.id}" for action in review.actions]
    check_pages(client, pages)

    review_operations.agree_review(
        db.session.get(Review, review.id), by=load_viewer(facilitator)
    )
    db.session.commit()
    check_pages(client, [f"/reviews/{review.id}/record", f"/reviews/{review.id}"])


def check_pages(client, pages: list[str]) -> None:
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_no_placeholder(response.get_data(as_text=True), page)
