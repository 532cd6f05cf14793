"""Workflows as data: loading and checking them, their prompts, and their pages."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from markupsafe import escape

from ltoapp import create_app
from ltoapp.config import LABELS
from ltoapp.workflows import (
    DEFINITIONS_DIR,
    Step,
    WorkflowError,
    answers_from_form,
    build_step_form_class,
    form_data_from_answers,
    load_workflows,
    summarise,
    wording,
)
from ltoapp.workflows.balance import governance_imbalances
from ltoapp.workflows.engine import StepKind, lessons_prompts, parse_workflow
from ltoapp.workflows.suggestion import suggest_workflow

WORKFLOWS = load_workflows()
BALANCE = WORKFLOWS["troubleshooting"].prompt("governance_balance")


@pytest.fixture(scope="module")
def web_app() -> Flask:
    """An app for forms and templates; no database is touched."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    # The integrator registers these for the whole app; here, for the test only.
    app.jinja_env.globals["wording"] = wording
    app.jinja_env.globals["labels"] = LABELS
    return app


# --- The shipped workflows ---------------------------------------------------


def test_the_five_workflows_load_in_their_order():
    assert list(WORKFLOWS) == [
        "induction",
        "regular_review",
        "troubleshooting",
        "legacy_planning",
        "exit_interview",
    ]
    assert [w.order for w in WORKFLOWS.values()] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("key", list(WORKFLOWS))
def test_every_workflow_ends_with_its_next_steps(key):
    workflow = WORKFLOWS[key]
    kinds = [step.kind for step in workflow.steps]
    assert kinds[-1] == StepKind.NEXT_STEPS
    assert kinds.count(StepKind.NEXT_STEPS) == 1
    assert workflow.next_steps.skippable is False
    assert workflow.summary.startswith("Use it")
    assert workflow.record_title


@pytest.mark.parametrize("key", list(WORKFLOWS))
def test_every_results_step_reads_an_earlier_ratings_step(key):
    workflow = WORKFLOWS[key]
    results = [s for s in workflow.steps if s.kind == StepKind.RESULTS]
    assert results, "every workflow shows the group its results"
    for step in results:
        source = workflow.step(step.ratings_step)
        assert source.kind == StepKind.RATINGS
        assert workflow.step_index(source.key) < workflow.step_index(step.key)


@pytest.mark.parametrize(
    ("key", "columns", "anonymity", "months"),
    [
        ("induction", [("C",)], "anonymous", 6),
        ("regular_review", [("A", "B", "C")], "anonymous", 6),
        ("troubleshooting", [("B", "C")], "aggregates", 2),
        ("legacy_planning", [("B", "C")], "anonymous", 6),
        ("exit_interview", [("A", "B")], "anonymous", 3),
    ],
)
def test_each_workflow_asks_the_columns_it_needs(key, columns, anonymity, months):
    workflow = WORKFLOWS[key]
    assert [step.columns for step in workflow.rating_steps()] == columns
    assert workflow.default_anonymity == anonymity
    assert workflow.next_steps.next_review_months == months


def test_induction_reads_as_a_draft_memorandum_with_the_roles_matrix():
    induction = WORKFLOWS["induction"]
    assert induction.record_title == "Draft memorandum of understanding"
    roles = induction.prompt("who_does_what")
    assert roles.kind == "matrix"
    assert len(roles.rows) == 11
    assert [c.key for c in roles.columns] == ["lead", "support", "notes"]
    assert [o.key for o in roles.columns[0].options] == [
        "partnership",
        "lto",
        "shared",
        "other",
    ]
    row_labels = [wording(row.label, LABELS) for row in roles.rows]
    assert "Paying invoices, and how fast" in row_labels
    assert "Recruiting workers, with the partnership on the interview panel" in (
        row_labels
    )
    people = [wording(r.label, LABELS) for r in induction.prompt("people").rows]
    assert "The rep" in people
    assert "Person at the LTO who pays invoices" in people


def test_induction_asks_which_support_is_not_wanted_by_framework_question():
    from ltoapp.framework import load_framework

    not_wanted = WORKFLOWS["induction"].prompt("not_wanted")
    assert [o.key for o in not_wanted.options] == list(load_framework().question_keys)
    paid = WORKFLOWS["induction"].prompt("extra_support_paid")
    assert {"inside_contribution", "separate_agreement", "third_party"} <= {
        o.key for o in paid.options
    }


def test_legacy_planning_asks_about_support_after_the_programme():
    ratings = WORKFLOWS["legacy_planning"].step("ratings")
    assert ratings.column_question("C", "Where do we want it to be?") == (
        "What support will we need after the programme?"
    )
    # Its B asks about support, not the relationship: it says so, and so it is
    # kept out of the relationship's ratings over time.
    assert ratings.column_question("B", "Where is it now?") == (
        "What support does the {lto} give now?"
    )
    assert not WORKFLOWS["legacy_planning"].rates_relationship("B")
    scenarios = WORKFLOWS["legacy_planning"].prompt("future_scenarios")
    assert len(scenarios.rows) == 6
    assert len(scenarios.columns) == 6


def test_troubleshooting_has_the_barriers_and_the_governance_balance():
    troubleshooting = WORKFLOWS["troubleshooting"]
    assert len(troubleshooting.prompt("barriers").options) == 11
    balance = troubleshooting.prompt("governance_balance")
    assert balance.kind == "scale"
    assert [r.key for r in balance.rows] == [
        "power",
        "autonomy",
        "responsibility",
        "accountability",
        "risk_holding",
    ]
    assert [m.key for m in balance.measures] == ["now", "should"]
    assert (balance.left, balance.right) == ("{partnership}", "{lto}")
    assert "as long as it's legal" in " ".join(
        troubleshooting.step("ground_rules").points
    )


def test_exit_interview_passes_lessons_to_the_next_lto():
    exit_interview = WORKFLOWS["exit_interview"]
    lessons = exit_interview.prompt("lessons_for_next_lto")
    assert lessons.kind == "text"
    handover = exit_interview.prompt("handover_checklist")
    assert len(handover.rows) == 9
    assert [o.key for o in handover.columns[0].options] == [
        "done",
        "in_hand",
        "not_started",
        "not_needed",
    ]


def test_regular_review_starts_with_the_actions_carried_from_last_time():
    review = WORKFLOWS["regular_review"]
    assert review.steps[0].kind == StepKind.CARRIED_ACTIONS
    assert review.step("finance").skippable is True
    assert review.step("ratings").skippable is False
    assert review.step("ratings").required_columns == ("B",)


def test_wording_uses_the_programmes_own_labels():
    labels = LABELS | {"lto": "host", "partnership": "resident board"}
    summary = WORKFLOWS["induction"].summary
    assert wording(summary, labels).startswith("Use it when a new host starts")
    # A label missing from the mapping is left visible rather than crashing.
    assert wording("Ask the {rep}", {}) == "Ask the {rep}"


# --- Broken workflow files ---------------------------------------------------

SAMPLE = """
key = "sample"
name = "Sample"
summary = "Use it to test the engine."
order = 9
record_title = "Record of the sample"

[[steps]]
key = "welcome"
kind = "explanation"
title = "Welcome"

[[steps]]
key = "ratings"
kind = "ratings"
title = "Ratings"
columns = ["B"]

[[steps]]
key = "results"
kind = "results"
title = "Results"
ratings_step = "ratings"

[[steps]]
key = "talk"
kind = "prompts"
title = "Talk"

[[steps.prompts]]
key = "how_often"
kind = "choice"
label = "How often?"
options = [{ key = "often", label = "Often" }, { key = "rarely", label = "Rarely" }]

[[steps]]
key = "next_steps"
kind = "next_steps"
title = "Next steps"
skippable = false
"""


def write(directory: Path, text: str, name: str = "sample.toml") -> Path:
    path = directory / name
    path.write_text(text)
    return path


def test_the_sample_is_valid(tmp_path):
    write(tmp_path, SAMPLE)
    assert list(load_workflows([tmp_path])) == ["sample"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'title = "Welcome"\n',
            "",
            "sample.toml: steps[1].title is missing",
        ),
        (
            'kind = "explanation"',
            'kind = "lecture"',
            "sample.toml: steps[1].kind must be one of: explanation, ratings",
        ),
        (
            'kind = "choice"',
            'kind = "slider"',
            "sample.toml: steps[4].prompts[1].kind must be one of: text, choice",
        ),
        (
            'options = [{ key = "often", label = "Often" }, { key = "rarely", label = "Rarely" }]',
            'options = [{ key = "often", label = "Often" }]',
            "sample.toml: steps[4].prompts[1].options needs at least two options",
        ),
        (
            'options = [{ key = "often", label = "Often" }, { key = "rarely", label = "Rarely" }]',
            'options = [{ key = "often", label = "Often" }, { key = "often", label = "Again" }]',
            "sample.toml: steps[4].prompts[1].options[2].key 'often' is used twice",
        ),
        (
            'key = "talk"',
            'key = "welcome"',
            "sample.toml: steps[4].key 'welcome' is used by an earlier step",
        ),
        (
            'key = "talk"',
            'key = "Talk it over"',
            "sample.toml: steps[4].key 'Talk it over' must use only lowercase",
        ),
        (
            'title = "Welcome"',
            'title = "Welcome to the {council}"',
            "sample.toml: steps[1].title uses an unknown placeholder {council}",
        ),
        (
            'label = "How often?"',
            'label = "How often {lto?"',
            "sample.toml: steps[4].prompts[1].label has a brace",
        ),
        (
            "skippable = false",
            "skippable = true",
            "sample.toml: steps[5].skippable must be false: next steps cannot be skipped",
        ),
        (
            'kind = "next_steps"\ntitle = "Next steps"\nskippable = false',
            'kind = "explanation"\ntitle = "The end"',
            "sample.toml: steps must end with one 'next_steps' step",
        ),
        (
            'ratings_step = "ratings"',
            'ratings_step = "scores"',
            "sample.toml: steps[3].ratings_step 'scores' is not the key of an earlier ratings step",
        ),
        (
            'ratings_step = "ratings"',
            'ratings_step = "welcome"',
            "sample.toml: steps[3].ratings_step 'welcome' is not the key of an earlier ratings step",
        ),
        (
            'columns = ["B"]',
            'columns = ["B", "D"]',
            "sample.toml: steps[2].columns must be a list of the columns A, B and C",
        ),
        (
            'columns = ["B"]',
            'columns = ["B"]\nrequired_columns = ["C"]',
            "sample.toml: steps[2].required_columns 'C' is not one of this step's columns",
        ),
        (
            'title = "Talk"',
            'title = "Talk"\nskipable = true',
            "sample.toml: steps[4].skipable is not a field this table can have",
        ),
        (
            'title = "Talk"',
            'title = "Talk"\n[[steps.prompts]]\nkey = "how_often"\nkind = "text"\nlabel = "Again"',
            "sample.toml: steps[4].prompts[2].key 'how_often' is used by an earlier prompt",
        ),
        (
            "order = 9",
            'order = "ninth"',
            "sample.toml: order must be a whole number",
        ),
        (
            'record_title = "Record of the sample"',
            'record_title = "Record"\ndefault_anonymity = "secret"',
            "sample.toml: default_anonymity must be one of: named, anonymous, aggregates",
        ),
        (
            'record_title = "Record of the sample"',
            'record_title = "Record of the sample"\ntitle = ',
            "sample.toml: not valid TOML",
        ),
    ],
)
def test_broken_workflow_files_name_the_file_and_the_field(tmp_path, old, new, message):
    assert old in SAMPLE
    write(tmp_path, SAMPLE.replace(old, new, 1))
    with pytest.raises(WorkflowError) as error:
        load_workflows([tmp_path])
    assert message in str(error.value)


def test_the_file_name_must_match_the_key(tmp_path):
    write(tmp_path, SAMPLE, name="other.toml")
    with pytest.raises(WorkflowError, match=r"^other\.toml: key 'sample' must match"):
        load_workflows([tmp_path])


def test_two_files_may_not_share_a_key(tmp_path):
    write(tmp_path, (DEFINITIONS_DIR / "induction.toml").read_text(), "induction.toml")
    with pytest.raises(WorkflowError, match="key 'induction' is already used by"):
        load_workflows([DEFINITIONS_DIR, tmp_path])


def test_two_files_may_not_claim_the_same_suggestion(tmp_path):
    claiming = SAMPLE.replace(
        'record_title = "Record of the sample"',
        'record_title = "Record of the sample"\nsuggested_when = "review_due"',
    )
    write(tmp_path, claiming)
    with pytest.raises(
        WorkflowError,
        match=r"sample\.toml: suggested_when 'review_due' is already claimed by "
        r"regular_review\.toml",
    ):
        load_workflows([DEFINITIONS_DIR, tmp_path])


def test_the_workflow_files_declare_their_roles():
    roles = {key: workflow.suggested_when for key, workflow in WORKFLOWS.items()}
    assert roles == {
        "induction": "first_review",
        "regular_review": "review_due",
        "troubleshooting": "",
        "legacy_planning": "",
        "exit_interview": "relationship_ended",
    }
    assert lessons_prompts(WORKFLOWS) == [("exit_interview", "lessons_for_next_lto")]
    showing = [
        (key, step.key)
        for key, workflow in WORKFLOWS.items()
        for step in workflow.steps
        if step.shows_lessons
    ]
    assert showing == [("induction", "welcome")]


def test_a_sixth_workflow_is_a_new_file_not_new_code(tmp_path):
    write(tmp_path, SAMPLE)
    workflows = load_workflows([DEFINITIONS_DIR, tmp_path])
    assert list(workflows)[-1] == "sample"
    assert len(workflows) == 6
    assert workflows["sample"].step("talk").prompt("how_often").options[1].label == (
        "Rarely"
    )


# --- Prompt kinds --------------------------------------------------------------

PROMPTS_STEP = """
key = "all_kinds"
kind = "prompts"
title = "Every kind of prompt"

[[prompts]]
key = "notes"
kind = "text"
label = "What happened?"
max_length = 40
{required}

[[prompts]]
key = "meetings"
kind = "choice"
label = "How often will the {{lto}} come to {{partnership}} meetings?"
options = [{{ key = "every", label = "Every meeting" }}, {{ key = "sometimes", label = "Sometimes" }}]
{required}

[[prompts]]
key = "barriers"
kind = "checklist"
label = "Which barriers apply?"
other_text = true
options = [{{ key = "trust", label = "Loss of trust" }}, {{ key = "invoices", label = "Late invoices" }}, {{ key = "churn", label = "Churn" }}]
{required}

[[prompts]]
key = "closeness"
kind = "scale"
label = "How close is the {{lto}}?"
left = "{{partnership}}"
right = "{{lto}}"
points = 5
{required}

[[prompts]]
key = "balance"
kind = "scale"
label = "Governance balance"
left = "{{partnership}}"
right = "{{lto}}"
rows = [{{ key = "power", label = "Power" }}, {{ key = "risk_holding", label = "Risk-holding" }}]
measures = [{{ key = "now", label = "Where it sits now" }}, {{ key = "should", label = "Where it should sit" }}]
{required}

[[prompts]]
key = "roles"
kind = "matrix"
label = "Who does what"
rows = [{{ key = "invoices", label = "Paying invoices" }}, {{ key = "leases", label = "Leases" }}]
columns = [
  {{ key = "lead", label = "Lead side", type = "choice", options = [{{ key = "partnership", label = "The {{partnership}}" }}, {{ key = "lto", label = "The {{lto}}" }}] }},
  {{ key = "notes", label = "Notes", type = "text" }},
]
{required}
"""


def prompts_step(required: bool) -> Step:
    """Return a step holding one prompt of every kind, parsed as a file would be."""
    text = PROMPTS_STEP.format(required="required = true" if required else "")
    document = tomllib.loads(SAMPLE)
    document["steps"][3] = tomllib.loads(text)
    return parse_workflow(document, "sample.toml").step("all_kinds")


OPTIONAL = prompts_step(required=False)
REQUIRED = prompts_step(required=True)


def submit(app: Flask, step: Step, data: dict) -> tuple[bool, object]:
    with app.test_request_context(method="POST", data=data):
        form = build_step_form_class(step, LABELS)()
        return form.validate(), form


@pytest.mark.parametrize(
    ("prompt_key", "data", "answer"),
    [
        ("notes", {"prompt-notes": "  Line one\r\nLine two  "}, "Line one\nLine two"),
        ("notes", {"prompt-notes": "   "}, None),
        ("meetings", {"prompt-meetings": "sometimes"}, "sometimes"),
        (
            "barriers",
            {"prompt-barriers": ["churn", "trust"]},
            {"chosen": ["trust", "churn"], "other": ""},
        ),
        (
            "barriers",
            {"prompt-barriers-other": "The worker's own plans"},
            {"chosen": [], "other": "The worker's own plans"},
        ),
        ("closeness", {"prompt-closeness": "4"}, 4),
        (
            "balance",
            {
                "prompt-balance-power-now": "4",
                "prompt-balance-power-should": "2",
                "prompt-balance-risk_holding-now": "1",
            },
            {"power": {"now": 4, "should": 2}, "risk_holding": {"now": 1}},
        ),
        (
            "roles",
            {
                "prompt-roles-invoices-lead": "lto",
                "prompt-roles-invoices-notes": "Within 10 days",
                "prompt-roles-leases-lead": "",
            },
            {"invoices": {"lead": "lto", "notes": "Within 10 days"}},
        ),
        ("roles", {}, None),
    ],
)
def test_a_posted_form_becomes_an_answer_and_comes_back(
    web_app, prompt_key, data, answer
):
    valid, form = submit(web_app, OPTIONAL, data)
    assert valid, form.errors
    answers = answers_from_form(OPTIONAL, form)
    assert answers.get(prompt_key) == answer

    # Coming back later: the stored answers fill the form again.
    with web_app.test_request_context(method="GET"):
        again = build_step_form_class(OPTIONAL, LABELS)(
            data=form_data_from_answers(OPTIONAL, answers)
        )
        assert answers_from_form(OPTIONAL, again) == answers


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("prompt-notes", "Enter an answer for 'What happened?'."),
        (
            "prompt-meetings",
            "Choose one option for 'How often will the LTO come to partnership meetings?'.",
        ),
        ("prompt-barriers", "Tick at least one option for 'Which barriers apply?'."),
        ("prompt-closeness", "Choose a position for 'How close is the LTO?'."),
        (
            "prompt-balance-power-should",
            "Choose a position for 'Power (where it should sit)' in 'Governance balance'.",
        ),
        (
            "prompt-roles-leases-lead",
            "Choose the lead side for 'Leases' in 'Who does what'.",
        ),
    ],
)
def test_required_prompts_say_which_question_needs_an_answer(web_app, field, message):
    valid, form = submit(web_app, REQUIRED, {})
    assert not valid
    assert form[field].errors == [message]
    # Free-text cells of a matrix are never required.
    assert not form["prompt-roles-leases-notes"].errors


def test_writing_in_other_answers_a_required_checklist(web_app):
    valid, form = submit(web_app, REQUIRED, {"prompt-barriers-other": "Something"})
    assert not valid
    assert not form["prompt-barriers"].errors


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"prompt-meetings": "never<script>"},
            "prompt-meetings",
            "The answer given for 'How often will the LTO come to partnership "
            "meetings?' is not one of the options. Choose one of the options shown.",
        ),
        (
            {"prompt-barriers": ["trust", "bribery"]},
            "prompt-barriers",
            "The answer given for 'Which barriers apply?' is not one of the options.",
        ),
        (
            {"prompt-closeness": "9"},
            "prompt-closeness",
            "The answer given for 'How close is the LTO?' is not one of the options.",
        ),
        (
            {"prompt-balance-power-now": "x"},
            "prompt-balance-power-now",
            "The answer given for 'Power (where it sits now)' in 'Governance balance'",
        ),
        (
            {"prompt-roles-invoices-lead": "council"},
            "prompt-roles-invoices-lead",
            "The answer given for 'Lead side for Paying invoices' in 'Who does what'",
        ),
        (
            {"prompt-notes": "x" * 41},
            "prompt-notes",
            "Keep the answer to 'What happened?' to 40 characters or fewer.",
        ),
    ],
)
def test_tampered_or_too_long_answers_give_a_clear_error(web_app, data, field, message):
    valid, form = submit(web_app, OPTIONAL, data)
    assert not valid
    assert form[field].errors
    assert form[field].errors[0].startswith(message)


@pytest.mark.parametrize(
    ("prompt_key", "answer", "summary"),
    [
        ("notes", "First line\n\nSecond line", "First line Second line"),
        ("meetings", "every", "Every meeting"),
        (
            "barriers",
            {"chosen": ["trust", "churn"], "other": "Worker plans"},
            "Loss of trust; Churn; Other: Worker plans",
        ),
        ("closeness", 1, "1 of 5, at the partnership end"),
        ("closeness", 2, "2 of 5, towards the partnership"),
        ("closeness", 3, "3 of 5, in the middle"),
        ("closeness", 4, "4 of 5, towards the LTO"),
        (
            "balance",
            {"power": {"now": 5, "should": 3}},
            "Power: where it sits now 5 of 5, at the LTO end; "
            "Power: where it should sit 3 of 5, in the middle",
        ),
        (
            "roles",
            {"invoices": {"lead": "lto", "notes": "Fast"}},
            "Paying invoices: lead side The LTO, notes Fast",
        ),
        ("roles", None, ""),
    ],
)
def test_answers_are_summarised_in_one_line(prompt_key, answer, summary):
    assert summarise(OPTIONAL.prompt(prompt_key), answer, LABELS) == summary


def test_field_names_follow_prompt_row_and_column_keys():
    form_class = build_step_form_class(WORKFLOWS["induction"].step("roles"), LABELS)
    names = set(vars(form_class))
    assert "prompt-who_does_what-invoices-lead" in names
    assert "prompt-who_does_what-invoices-support" in names
    assert "prompt-who_does_what-meetings-notes" in names
    assert "prompt-invoice_speed" in names


# --- Rendering -----------------------------------------------------------------

HOSTILE = "<script>alert('x')</script>\nSecond line"


def sample_answer(prompt):
    """Return an answer to any prompt, with hostile text wherever text is free."""
    if prompt.kind == "text":
        return HOSTILE
    if prompt.kind == "choice":
        return prompt.options[-1].key
    if prompt.kind == "checklist":
        return {
            "chosen": [prompt.options[0].key],
            "other": HOSTILE if prompt.other_text else "",
        }
    if prompt.kind == "scale":
        if not prompt.rows:
            return 2
        if not prompt.measures:
            return {row.key: 2 for row in prompt.rows}
        return {row.key: {m.key: 2 for m in prompt.measures} for row in prompt.rows}
    return {
        row.key: {
            column.key: column.options[0].key if column.type == "choice" else HOSTILE
            for column in prompt.columns
        }
        for row in prompt.rows
    }


RENDER = (
    '{% from "workflows/_prompts.html" import prompt_input, prompt_answer %}'
    "{% for prompt in step.prompts %}"
    "{{ prompt_input(prompt, form, labels) }}"
    "{{ prompt_answer(prompt, answers.get(prompt.key), labels) }}"
    "{% endfor %}"
)

PROMPT_STEPS = [
    pytest.param(workflow.key, step.key, id=f"{workflow.key}-{step.key}")
    for workflow in WORKFLOWS.values()
    for step in workflow.steps
    if step.kind == StepKind.PROMPTS
]


@pytest.mark.parametrize(("workflow_key", "step_key"), PROMPT_STEPS)
def test_every_shipped_prompt_renders_with_user_text_escaped(
    web_app, workflow_key, step_key
):
    step = WORKFLOWS[workflow_key].step(step_key)
    answers = {prompt.key: sample_answer(prompt) for prompt in step.prompts}
    with web_app.test_request_context(method="GET"):
        form = build_step_form_class(step, LABELS)(
            data=form_data_from_answers(step, answers)
        )
        html = web_app.jinja_env.from_string(RENDER).render(
            step=step, form=form, answers=answers
        )
    assert "<script>" not in html
    assert "style=" not in html
    assert "<table" not in html
    if any(p.kind in ("text", "matrix") for p in step.prompts):
        assert "&lt;script&gt;" in html
    for prompt in step.prompts:
        legend = escape(wording(prompt.label, LABELS))
        assert f'<legend class="label prompt__legend">{legend}' in html
    # No placeholder reaches the page unreplaced.
    assert "{lto}" not in html and "{partnership}" not in html


def test_matrix_cells_have_labels_that_name_their_row(web_app):
    step = WORKFLOWS["induction"].step("roles")
    with web_app.test_request_context(method="GET"):
        form = build_step_form_class(step, LABELS)()
        html = web_app.jinja_env.from_string(RENDER).render(
            step=step, form=form, answers={}
        )
    assert (
        '<label class="label matrix-row__label" for="prompt-who_does_what-invoices-lead">'
        'Who leads<span class="visually-hidden"> for Paying invoices, and how fast</span>'
    ) in html
    assert '<legend class="matrix-row__legend">Leases and buildings</legend>' in html
    assert "No answer recorded." in html


def test_errors_are_shown_beside_the_field_with_an_id_to_link_to(web_app):
    with web_app.test_request_context(method="POST", data={}):
        form = build_step_form_class(REQUIRED, LABELS)()
        assert not form.validate()
        html = web_app.jinja_env.from_string(RENDER).render(
            step=REQUIRED, form=form, answers={}
        )
    assert '<p class="field-error" id="prompt-notes-error">' in html
    assert 'aria-describedby="prompt-notes-error"' in html
    assert 'id="prompt-roles-leases-lead-error"' in html
    assert "Choose a position for &#39;Power (where it sits now)&#39;" in html
    assert 'aria-invalid="true"' in html


def test_a_scale_answer_is_described_in_words_and_pictured(web_app):
    balance = WORKFLOWS["troubleshooting"].prompt("governance_balance")
    html = web_app.jinja_env.from_string(
        '{% from "workflows/_prompts.html" import prompt_answer %}'
        "{{ prompt_answer(prompt, answer, labels) }}"
    ).render(prompt=balance, answer={"power": {"now": 4, "should": 2}})
    assert "4 of 5, towards the LTO" in html
    assert "2 of 5, towards the partnership" in html
    assert html.count("scale-visual__point--chosen") == 2


# --- Governance balance ----------------------------------------------------------


def balance(**rows: tuple[int | None, int | None]) -> dict:
    return {
        row: {
            measure: value
            for measure, value in zip(("now", "should"), values, strict=True)
            if value is not None
        }
        for row, values in rows.items()
    }


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({}, []),
        (None, []),
        (balance(power=(3, 2)), []),
        (
            balance(power=(5, 2)),
            [
                (
                    "gap",
                    ("power",),
                    "Worth talking about: power sits nearer the LTO than people "
                    "think it should (now 5, should be 2, of 5).",
                )
            ],
        ),
        (
            balance(risk_holding=(1, 3)),
            [
                (
                    "gap",
                    ("risk_holding",),
                    "Worth talking about: risk-holding sits nearer the partnership "
                    "than people think it should (now 1, should be 3, of 5).",
                )
            ],
        ),
        # Burdens with the partnership, enablers with the LTO.
        (
            balance(
                power=(4, None),
                autonomy=(5, None),
                accountability=(1, None),
                risk_holding=(2, None),
            ),
            [
                (
                    "pattern",
                    ("accountability", "risk_holding", "power", "autonomy"),
                    "Worth talking about: accountability and risk-holding sit with "
                    "the partnership while power and autonomy sit with the LTO. "
                    "The partnership carries the burdens without the power to match.",
                )
            ],
        ),
        # The reverse, as designed, but nobody says it should be so.
        (
            balance(
                power=(1, None),
                autonomy=(2, None),
                accountability=(5, None),
                risk_holding=(4, None),
            ),
            [("pattern", ("accountability", "risk_holding", "power", "autonomy"))],
        ),
        # The reverse, and everyone agrees that is where things should sit.
        (
            balance(
                power=(1, 1),
                autonomy=(2, 1),
                accountability=(5, 5),
                risk_holding=(4, 5),
            ),
            [],
        ),
        # One burden in the middle: no clear pattern.
        (
            balance(
                power=(1, 1),
                autonomy=(1, 1),
                accountability=(5, 5),
                risk_holding=(3, 3),
            ),
            [],
        ),
    ],
)
def test_governance_imbalances(answer, expected):
    found = governance_imbalances(BALANCE, answer)
    assert len(found) == len(expected)
    for imbalance, wanted in zip(found, expected, strict=True):
        # Some rows check only the kind and rows, not the whole message.
        assert (imbalance.kind, imbalance.rows, imbalance.message)[
            : len(wanted)
        ] == wanted


def test_governance_imbalances_speak_the_programmes_language():
    labels = LABELS | {"lto": "host", "partnership": "board"}
    [imbalance] = governance_imbalances(BALANCE, balance(power=(5, 1)), labels)
    assert "nearer the host" in imbalance.message


# --- Suggesting a workflow --------------------------------------------------------

TODAY = date(2024, 9, 15)


@pytest.mark.parametrize(
    ("facts", "key", "reason"),
    [
        ({}, "induction", "There has been no review yet"),
        (
            {"relationship_ended": True},
            "exit_interview",
            "The relationship has ended",
        ),
        (
            {"has_reviews": True, "last_review_on": date(2024, 1, 10)},
            "regular_review",
            "The last review was 8 months ago, so a regular review is due.",
        ),
        (
            {"has_reviews": True, "last_review_on": date(2024, 3, 15)},
            "regular_review",
            "The last review was 6 months ago, so a regular review is due.",
        ),
        (
            {"has_reviews": True, "last_review_on": date(2024, 6, 1)},
            "regular_review",
            "A regular review is not due yet: the last one was 3 months ago",
        ),
        (
            {"has_reviews": True, "last_review_on": date(2024, 9, 1)},
            "regular_review",
            "A regular review is not due yet: the last one was less than a month ago",
        ),
        (
            {
                "has_reviews": True,
                "last_review_on": date(2023, 1, 1),
                "relationship_ended": True,
            },
            "exit_interview",
            "The relationship has ended",
        ),
        (
            {
                "has_reviews": True,
                "last_review_on": date(2024, 9, 1),
                "relationship_ended": True,
                "has_exit_interview": True,
            },
            "exit_interview",
            "already had its exit interview",
        ),
    ],
)
def test_suggest_workflow(facts, key, reason):
    arguments = {
        "last_review_on": None,
        "relationship_ended": False,
        "today": TODAY,
    } | facts
    reviewed_with = []
    if arguments.pop("has_reviews", False):
        reviewed_with.append("regular_review")
    if arguments.pop("has_exit_interview", False):
        reviewed_with.append("exit_interview")
    suggested, why = suggest_workflow(
        load_workflows(), reviewed_with=reviewed_with, **arguments
    )
    assert suggested == key
    assert reason in why
    assert why.endswith(".")
