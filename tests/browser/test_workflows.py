"""Each of the five workflows completed on a phone, checking every step with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ltoapp.config import LABELS
from ltoapp.workflows import StepKind, load_workflows
from tests.browser.test_questionnaire import choose, visit
from tests.test_workflow_runs import sample_answers

pytestmark = pytest.mark.browser

# Read in the default programme's words, as the app reads them.
WORKFLOWS = load_workflows(labels=LABELS)


def fill_prompt(page, prompt) -> list[str]:
    """Answer a prompt through its controls; return the text typed."""
    typed = []
    for name, value in sample_answers(prompt).items():
        values = value if isinstance(value, list) else [value]
        for one in values:
            control = page.locator(f'[name="{name}"]').first
            folded = control.locator("xpath=ancestor::details[1]")
            if folded.count() and not control.is_visible():
                # A matrix shown one row at a time: open the row, as people do.
                folded.locator("summary").click()
            kind = control.get_attribute("type")
            if kind in ("radio", "checkbox"):
                target = page.locator(f'[name="{name}"][value="{one}"]')
                page.locator(f'label[for="{target.get_attribute("id")}"]').click()
            elif control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(one)
            else:
                control.fill(one)
                typed.append(one)
    return typed


@pytest.mark.parametrize("workflow_key", list(WORKFLOWS))
def test_complete_a_workflow_on_a_phone(
    live_server, phone, sign_in_facilitator, make_relationship, workflow_key
):
    workflow = WORKFLOWS[workflow_key]
    relationship = make_relationship()
    page = phone
    sign_in_facilitator(page, relationship)
    page.goto(f"{live_server}/relationships/{relationship.id}/reviews/new")
    page.get_by_label(workflow.name, exact=False).first.check()
    page.get_by_label("Date of the review").fill("2025-03-14")
    visit(page, f"phone-{workflow_key}-start")
    page.get_by_role("button", name="Start the review").click()

    typed = []
    for number, step in enumerate(workflow.steps, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(step.title)
        expect(page.locator(".progress__summary")).to_contain_text(
            f"Step {number} of {len(workflow.steps)}"
        )
        visit(page, f"phone-{workflow_key}-{number:02d}-{step.key}")
        if step.kind == StepKind.RATINGS:
            page.get_by_role("link", name="Answer for yourself").click()
            # On a phone the questionnaire comes one question at a time.
            for key in ("confidence", "skills", "aspiration", "spaces", "workers",
                        "funding", "networks", "governance", "decisions", "sustainable"):  # fmt: skip
                for column in step.columns:
                    choose(page, key, column, 6)
                page.get_by_role("button", name="Next", exact=True).click()
            page.get_by_role("button", name="Check your answers").click()
            page.get_by_role("button", name="Send my answers").click()
            # "Answer for yourself" comes back to the step.
            expect(page.get_by_role("heading", level=1)).to_have_text(step.title)
        if step.kind == StepKind.NEXT_STEPS:
            page.get_by_label("What will be done?").fill(
                "Meet again with the finance officer"
            )
            page.get_by_label("The LTO").check()
            page.get_by_role("button", name="Add the action").click()
            expect(page.locator(".action-list")).to_contain_text(
                "Meet again with the finance officer"
            )
            visit(page, f"phone-{workflow_key}-next-steps-done")
            page.get_by_role("button", name="Agree the review").click()
            # A check of what will be frozen comes first, with what is missing.
            expect(page.get_by_role("heading", level=1)).to_have_text(
                "Check the review before you agree it"
            )
            if workflow.rating_steps():
                expect(page.locator(".check__gaps")).to_contain_text(
                    "Only one person answered the questionnaire"
                )
            if workflow.asks_if_relationship_ends:
                # Ending it is tried in test_change_of_lto; this one goes on.
                page.get_by_label("No, not yet").check()
            visit(page, f"phone-{workflow_key}-check")
            page.get_by_role("button", name="Agree and freeze the record").click()
            break
        for prompt in step.prompts:
            typed += fill_prompt(page, prompt)
        page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(workflow.record_title)
    record = page.locator("article.record")
    for text in typed:
        expect(record).to_contain_text(text)
    expect(record).to_contain_text("Meet again with the finance officer")
    expect(record).to_contain_text("Agreed by")
    visit(page, f"phone-{workflow_key}-record")
