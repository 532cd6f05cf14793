"""Where open actions are decided in every workflow, and the record's way back."""

from __future__ import annotations

from datetime import date

import pytest

from ltoapp.accounts.models import Role
from ltoapp.accounts.viewer import ANONYMOUS, load_viewer
from ltoapp.actions.models import ActionStatus
from ltoapp.actions.operations import add_action
from ltoapp.extensions import db
from ltoapp.reviews import operations as review_operations
from ltoapp.reviews.models import Side
from ltoapp.workflows import StepKind, load_workflows
from tests.conftest import sign_in

WORKFLOWS = load_workflows()
WITHOUT_CARRIED_STEP = [
    key
    for key, workflow in WORKFLOWS.items()
    if not any(step.kind == StepKind.CARRIED_ACTIONS for step in workflow.steps)
]


@pytest.fixture
def earlier_actions(make_relationship, make_review, make_person):
    """An agreed review left two actions open; the rep runs the next review."""
    relationship = make_relationship()
    first = make_review(relationship=relationship, held_on=date(2024, 3, 1))
    actions = [
        add_action(first, "Pay the invoices on time", Side.LTO, by=ANONYMOUS),
        add_action(first, "Write the spending plan", Side.PARTNERSHIP, by=ANONYMOUS),
    ]
    rep = make_person(role=Role.FACILITATOR, facilitates=(relationship,))
    review_operations.agree_review(first, by=load_viewer(rep))
    db.session.commit()
    return relationship, actions, rep


@pytest.mark.parametrize("workflow_key", WITHOUT_CARRIED_STEP)
def test_next_steps_record_what_happened_to_open_actions(
    client, earlier_actions, make_review, workflow_key
):
    relationship, actions, rep = earlier_actions
    review = make_review(
        workflow_key, relationship=relationship, held_on=date(2024, 9, 1)
    )
    sign_in(client, rep)
    url = f"/reviews/{review.id}/steps/next_steps"
    page = client.get(url).get_data(as_text=True)
    assert "Open actions from earlier reviews" in page
    assert f'action="/reviews/{review.id}/carried/{actions[0].id}"' in page

    decided = client.post(
        f"/reviews/{review.id}/carried/{actions[0].id}",
        data={
            f"action-{actions[0].id}-decision": "done",
            f"action-{actions[0].id}-version": str(actions[0].version),
        },
    )

    assert decided.status_code == 302
    assert decided.location == f"{url}#action-{actions[0].id}"
    db.session.expire_all()
    assert db.session.get(type(actions[0]), actions[0].id).status is ActionStatus.DONE
    page = client.get(url).get_data(as_text=True)
    assert "1 of 2 decided" in page


def test_a_bad_decision_on_next_steps_is_shown_there(
    client, earlier_actions, make_review
):
    relationship, actions, rep = earlier_actions
    review = make_review(
        "troubleshooting", relationship=relationship, held_on=date(2024, 9, 1)
    )
    sign_in(client, rep)
    answer = client.post(
        f"/reviews/{review.id}/carried/{actions[1].id}",
        data={f"action-{actions[1].id}-decision": "dropped"},
    )
    assert answer.status_code == 422
    assert "Open actions from earlier reviews" in answer.get_data(as_text=True)


@pytest.mark.parametrize("agreed", [False, True])
def test_the_record_leads_back_to_its_relationship_and_prints(
    client, earlier_actions, make_review, agreed
):
    relationship, _actions, rep = earlier_actions
    review = make_review(relationship=relationship, held_on=date(2024, 9, 1))
    if agreed:
        review_operations.agree_review(review, by=load_viewer(rep))
        db.session.commit()
    sign_in(client, rep)
    page = client.get(f"/reviews/{review.id}/record").get_data(as_text=True)
    assert f'href="/relationships/{relationship.id}">Back to {relationship.title}' in (
        page
    )
    assert "data-print hidden>Print the record</button>" in page
    assert "browser's Print command" in page


def test_the_join_slip_and_printed_results_have_a_print_button(
    client, earlier_actions, make_review
):
    relationship, _actions, rep = earlier_actions
    review = make_review(relationship=relationship, held_on=date(2024, 9, 1))
    sign_in(client, rep)
    slip = client.get(f"/reviews/{review.id}/slip").get_data(as_text=True)
    assert "data-print hidden>Print the slip</button>" in slip
    results = client.get(f"/reviews/{review.id}/results/print").get_data(as_text=True)
    assert "data-print hidden>Print the results</button>" in results
