"""Every state change writes its own audit entry, whoever calls the operation."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import select

from ltoapp.accounts.models import Role
from ltoapp.actions.models import ActionStatus
from ltoapp.actions.operations import ActionConflict, ActionState
from ltoapp.audit.models import AuditEntry
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews.models import Review


def entries(subject_type: str) -> list[tuple[str, str, str]]:
    rows = db.session.scalars(
        select(AuditEntry).filter_by(subject_type=subject_type).order_by(AuditEntry.id)
    )
    return [(e.verb.value, e.actor_label, e.summary) for e in rows]


ADMIN = "Alex Admin (administrator)"


def test_adding_partnerships_ltos_and_relationships_is_audited(admin_client):
    admin_client.post("/partnerships/new", data={"name": " Eastside Big Local "})
    admin_client.post("/ltos/new", data={"name": "Eastside Trust"})
    partnership = db.session.scalar(select(Partnership))
    lto = db.session.scalar(select(LTO))
    admin_client.post(
        "/relationships/new",
        data={
            "partnership_id": partnership.id,
            "lto_id": lto.id,
            "started_on": "2024-04-01",
        },
    )
    relationship = db.session.scalar(select(Relationship))
    assert entries("partnership") == [
        ("created", ADMIN, "Added the partnership Eastside Big Local")
    ]
    assert entries("lto") == [
        ("created", ADMIN, "Added the organisation Eastside Trust")
    ]
    [(verb, actor, summary)] = entries("relationship")
    assert (verb, actor) == ("created", ADMIN)
    assert "started 2024-04-01" in summary
    entry = db.session.scalar(select(AuditEntry).filter_by(subject_type="relationship"))
    assert entry.relationship_id == relationship.id


def test_assigning_a_facilitator_is_audited(
    admin_client, make_person, make_relationship
):
    relationship = make_relationship()
    rep = make_person(role=Role.FACILITATOR, name="Ruth")
    admin_client.post(
        f"/relationships/{relationship.id}/facilitators", data={"person_id": rep.id}
    )
    [(verb, actor, summary)] = entries("facilitator")
    assert (verb, actor) == ("created", ADMIN)
    assert summary.startswith("Ruth now facilitates the relationship of")
    page = admin_client.get(f"/relationships/{relationship.id}/audit").get_data(
        as_text=True
    )
    assert "Ruth now facilitates" in page


@pytest.fixture
def running_review(admin_client, make_relationship):
    relationship = make_relationship()
    admin_client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-03-01", "workflow": "regular_review"},
    )
    return db.session.scalar(select(Review))


def test_saving_step_answers_skipping_and_the_next_review_are_audited(
    admin_client, running_review
):
    review = running_review
    admin_client.post(
        f"/reviews/{review.id}/steps/finance",
        data={"go": "skip", "skip_reason": "The finance officer could not come."},
    )
    admin_client.post(
        f"/reviews/{review.id}/next-review", data={"next_review_on": "2025-09-01"}
    )
    summaries = [summary for _verb, _actor, summary in entries("review")]
    assert "Skipped the step 'finance': The finance officer could not come." in (
        summaries
    )
    assert "Set the next review to 2025-09-01" in summaries
    assert all(actor == ADMIN for _verb, actor, _summary in entries("review"))


def test_saving_a_steps_answers_is_audited_once_per_change(
    admin_client, make_relationship
):
    relationship = make_relationship()
    admin_client.post(
        f"/relationships/{relationship.id}/reviews/new",
        data={"held_on": "2025-03-01", "workflow": "exit_interview"},
    )
    review = db.session.scalar(select(Review))
    url = f"/reviews/{review.id}/steps/lessons"
    data = {"go": "save", "prompt-lessons_for_next_lto": "Keep the chair informed."}
    admin_client.post(url, data=data)
    saved = [s for _v, _a, s in entries("review") if s.startswith("Saved the answers")]
    assert saved == ["Saved the answers of the step 'lessons': lessons_for_next_lto"]
    # Saving the same answer again changes nothing, so it writes nothing.
    version = review.prompt_answers[0].version
    admin_client.post(url, data=data | {"version-lessons_for_next_lto": str(version)})
    saved = [s for _v, _a, s in entries("review") if s.startswith("Saved the answers")]
    assert len(saved) == 1


def test_an_action_conflict_survives_a_context_manager():
    # A frozen-dataclass exception became FrozenInstanceError here, because
    # leaving a context manager sets the exception's __traceback__.
    @contextmanager
    def passing():
        yield

    state = ActionState(ActionStatus.OPEN, date(2025, 1, 1), None)
    with pytest.raises(ActionConflict) as raised, passing():
        raise ActionConflict(7, state, state, 3)
    assert (raised.value.action_id, raised.value.version) == (7, 3)


def test_invitations_and_erasure_audit_themselves_without_a_request(
    app, make_person, make_lto
):
    # A command or a test calling the operations leaves the same trail as the
    # views do: the entry is part of the operation, not of the page.
    from ltoapp.accounts import operations as account_operations
    from ltoapp.accounts.viewer import load_viewer
    from ltoapp.reports import personal_data

    admin = make_person(Role.ADMINISTRATOR, name="Alex Admin")
    by = load_viewer(admin)
    lto = make_lto()
    invited = account_operations.invite(
        "Priya Shah", "priya@example.org", Role.MEMBER, lto, by=by
    )
    again = account_operations.invite(
        "Priya Shah", "priya@example.org", Role.MEMBER, make_lto(), by=by
    )
    assert invited.invitation.invited_by == admin
    assert again.invitation is not None  # never accepted, so a new link
    member = make_person(name="Sam Member")
    added = account_operations.invite("Sam", member.email, Role.MEMBER, lto, by=by)
    assert added.invitation is None
    personal_data.erase_person(invited.person, by=by)
    assert entries("person") == [
        ("created", ADMIN, "Invited Priya Shah as member"),
        ("created", ADMIN, "Invited Priya Shah as member"),
        ("changed", ADMIN, "Added Sam Member's existing account to an organisation"),
        ("deleted", ADMIN, "Erased personal data"),
    ]
