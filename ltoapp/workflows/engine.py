"""Workflows as data: read, check and hold the five guided conversations.

Each workflow is one TOML file in ``definitions/`` whose name is the
workflow's key. A file is checked completely when it is loaded, so a mistake
stops the app at start-up with a message naming the file and the field
(``troubleshooting.toml: steps[3].prompts[2].options needs at least two
options``) instead of breaking a page in front of residents. Lists in those
paths count from 1, as people do.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ltoapp.framework import load_framework
from ltoapp.framework.definition import COLUMN_KEYS, Question
from ltoapp.workflows.kinds import parse_prompt
from ltoapp.workflows.prompts import Prompt
from ltoapp.workflows.tables import Table, WorkflowError

DEFINITIONS_DIR = Path(__file__).with_name("definitions")

#: Who sees individual answers: everyone's name; answers without names; or
#: only the group's aggregates (the default for troubleshooting, DESIGN.md §7).
ANONYMITY = ("named", "anonymous", "aggregates")


#: When the start page suggests a workflow (``workflows/suggestion.py``): for
#: a relationship with no review yet, when a review is due, and once the
#: relationship has ended. A workflow file claims at most one; each belongs to
#: at most one workflow.
SUGGESTED_WHEN = ("first_review", "review_due", "relationship_ended")


class StepKind:
    """The stable ids of the kinds of step a workflow file may use."""

    EXPLANATION = "explanation"
    RATINGS = "ratings"
    RESULTS = "results"
    CARRIED_ACTIONS = "carried_actions"
    PROMPTS = "prompts"
    NEXT_STEPS = "next_steps"

    ALL = (EXPLANATION, RATINGS, RESULTS, CARRIED_ACTIONS, PROMPTS, NEXT_STEPS)


@dataclass(frozen=True)
class Step:
    """One page of a guided conversation.

    Which fields matter depends on ``kind``: ``points`` for an explanation;
    ``columns``, ``column_wording`` and ``required_columns`` for ratings;
    ``ratings_step`` for results; ``prompts`` for prompts; and
    ``next_review_months`` for the next steps.
    """

    key: str
    kind: str
    title: str
    intro: str = ""
    skippable: bool = True
    points: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    #: This workflow's question for a column, e.g. C in legacy planning.
    #: A column without wording here uses the framework's own question.
    column_wording: dict[str, str] = field(default_factory=dict)
    #: This workflow's wording of a framework statement, by question key, e.g.
    #: induction's looking ahead ("The LTO gives ...") rather than back.
    question_wording: dict[str, str] = field(default_factory=dict)
    required_columns: tuple[str, ...] = ()
    ratings_step: str = ""
    prompts: tuple[Prompt, ...] = ()
    next_review_months: int = 6
    #: Whether this step shows the partnership's lessons from its last exit
    #: interview (the answers of prompts with ``lessons = true``).
    shows_lessons: bool = False

    def prompt(self, key: str) -> Prompt:
        """Return the prompt of this step with this key."""
        for prompt in self.prompts:
            if prompt.key == key:
                return prompt
        raise KeyError(key)

    def asks_framework_question(self, column: str) -> bool:
        """Say whether this step asks a column in the framework's own words.

        A column with this workflow's own wording (legacy planning's "support
        after the programme") asks something else, so it is not comparable
        with other reviews' answers to that column.
        """
        return column in self.columns and column not in self.column_wording

    def question_text(self, question: Question, labels: Mapping[str, str]) -> str:
        """Return this step's wording of a framework statement, or the framework's."""
        statement = self.question_wording.get(question.key, question.statement)
        return statement.format_map(labels)

    def column_question(self, column: str, default: str) -> str:
        """Return this step's question for a column, or the framework's."""
        return self.column_wording.get(column, default)


@dataclass(frozen=True)
class Workflow:
    """A guided conversation: its steps in order, ending with next steps."""

    key: str
    name: str
    #: One sentence: when to use this workflow.
    summary: str
    order: int
    default_anonymity: str
    steps: tuple[Step, ...]
    #: The heading of the agreed record, e.g. "Draft memorandum of understanding".
    record_title: str
    #: Agreeing it asks whether the relationship ends (the exit interview).
    asks_if_relationship_ends: bool = False
    #: One of :data:`SUGGESTED_WHEN`, or "" when the workflow is never suggested.
    suggested_when: str = ""

    def step(self, key: str) -> Step:
        """Return the step with this key."""
        return self.steps[self.step_index(key)]

    def step_index(self, key: str) -> int:
        """Return the position of a step, counting from 0."""
        for index, step in enumerate(self.steps):
            if step.key == key:
                return index
        raise KeyError(key)

    def step_of_kind(self, kind: str) -> Step | None:
        """Return the first step of this kind, if the workflow has one."""
        return next((step for step in self.steps if step.kind == kind), None)

    def rating_steps(self) -> tuple[Step, ...]:
        """Return the steps that ask for framework ratings."""
        return tuple(step for step in self.steps if step.kind == StepKind.RATINGS)

    def rates_relationship(self, column: str) -> bool:
        """Say whether this workflow rates a column as the framework asks it."""
        return any(step.asks_framework_question(column) for step in self.rating_steps())

    def prompts(self) -> tuple[tuple[Step, Prompt], ...]:
        """Return every prompt of the workflow with the step it belongs to."""
        return tuple((step, prompt) for step in self.steps for prompt in step.prompts)

    def prompt(self, key: str) -> Prompt:
        """Return a prompt by its key, which is unique in the workflow."""
        for _step, prompt in self.prompts():
            if prompt.key == key:
                return prompt
        raise KeyError(key)

    @property
    def next_steps(self) -> Step:
        """Return the final step: the agreed actions and the next review date."""
        return self.steps[-1]


# --- Reading one file ---------------------------------------------------------


def _explanation(table: Table, common: dict) -> Step:
    return Step(**common, points=table.texts("points"))


def _ratings(table: Table, common: dict) -> Step:
    columns = _columns(table, "columns")
    if not columns:
        raise table.error("columns", "needs at least one of A, B, C")
    wording_table = table.table("column_wording")
    column_wording = {}
    for column in list(wording_table.data):
        if column not in columns:
            raise wording_table.error(column, "is not one of this step's columns")
        column_wording[column] = wording_table.text(column)
    statements_table = table.table("question_wording")
    known = load_framework().question_keys
    question_wording = {}
    for key in list(statements_table.data):
        if key not in known:
            raise statements_table.error(key, "is not a question of the framework")
        question_wording[key] = statements_table.text(key)
    required = _columns(table, "required_columns")
    for column in required:
        if column not in columns:
            raise table.error(
                "required_columns", f"'{column}' is not one of this step's columns"
            )
    return Step(
        **common,
        columns=columns,
        column_wording=column_wording,
        question_wording=question_wording,
        required_columns=required,
    )


def _columns(table: Table, name: str) -> tuple[str, ...]:
    value = table.raw(name)
    if value is None:
        return ()
    if not isinstance(value, list) or any(c not in COLUMN_KEYS for c in value):
        raise table.error(name, "must be a list of the columns A, B and C")
    if len(set(value)) != len(value):
        raise table.error(name, "names a column twice")
    # Keep the framework's order, whatever order the file lists them in.
    return tuple(c for c in COLUMN_KEYS if c in value)


def _results(table: Table, common: dict) -> Step:
    return Step(**common, ratings_step=table.key("ratings_step"))


def _carried_actions(table: Table, common: dict) -> Step:
    return Step(**common)


def _prompts(table: Table, common: dict) -> Step:
    prompt_tables = table.tables("prompts")
    if not prompt_tables:
        raise table.error("prompts", "needs at least one prompt")
    return Step(**common, prompts=tuple(parse_prompt(t) for t in prompt_tables))


def _next_steps(table: Table, common: dict) -> Step:
    return Step(
        **common,
        next_review_months=table.integer(
            "next_review_months", default=6, minimum=1, maximum=24
        ),
    )


_STEP_READERS = {
    StepKind.EXPLANATION: _explanation,
    StepKind.RATINGS: _ratings,
    StepKind.RESULTS: _results,
    StepKind.CARRIED_ACTIONS: _carried_actions,
    StepKind.PROMPTS: _prompts,
    StepKind.NEXT_STEPS: _next_steps,
}

#: Ratings and next steps are the point of a review, so by default they must
#: be done; everything else may be skipped when time runs short.
_NOT_SKIPPABLE_BY_DEFAULT = {StepKind.RATINGS, StepKind.NEXT_STEPS}


def parse_step(table: Table) -> Step:
    """Read one step table, dispatching on its ``kind``."""
    kind = table.one_of("kind", StepKind.ALL, default=None)
    common = {
        "key": table.key(),
        "kind": kind,
        "title": table.text("title"),
        "intro": table.text("intro", default=""),
        "skippable": table.flag(
            "skippable", default=kind not in _NOT_SKIPPABLE_BY_DEFAULT
        ),
        "shows_lessons": table.flag("shows_lessons", default=False),
    }
    if kind == StepKind.NEXT_STEPS and common["skippable"]:
        raise table.error("skippable", "must be false: next steps cannot be skipped")
    step = _STEP_READERS[kind](table, common)
    table.done()
    return step


def parse_workflow(
    document: dict, file: str, labels: Mapping[str, str] | None = None
) -> Workflow:
    """Build a :class:`Workflow` from a parsed TOML document, checking every field.

    ``file`` is the file's name, used in error messages; its stem must be
    the workflow's key. With ``labels``, every text is filled in the
    programme's words as it is read.
    """
    top = Table(document, file, "", labels)
    key = top.key()
    if Path(file).stem != key:
        raise top.error("key", f"'{key}' must match the file name ({file})")
    step_tables = top.tables("steps")
    if not step_tables:
        raise top.error("steps", "needs at least one step")
    steps = [parse_step(table) for table in step_tables]

    seen_steps: dict[str, Step] = {}
    seen_prompts: set[str] = set()
    for table, step in zip(step_tables, steps, strict=True):
        if step.key in seen_steps:
            raise table.error("key", f"'{step.key}' is used by an earlier step")
        if step.kind == StepKind.RESULTS:
            source = seen_steps.get(step.ratings_step)
            if source is None or source.kind != StepKind.RATINGS:
                raise table.error(
                    "ratings_step",
                    f"'{step.ratings_step}' is not the key of an earlier ratings step",
                )
        for prompt_table, prompt in zip(
            table.tables("prompts"), step.prompts, strict=True
        ):
            # Answers and the next induction look prompts up by key alone.
            if prompt.key in seen_prompts:
                raise prompt_table.error(
                    "key", f"'{prompt.key}' is used by an earlier prompt"
                )
            seen_prompts.add(prompt.key)
        seen_steps[step.key] = step

    next_steps = [s for s in steps if s.kind == StepKind.NEXT_STEPS]
    if steps[-1].kind != StepKind.NEXT_STEPS or len(next_steps) != 1:
        raise top.error(
            "steps", "must end with one 'next_steps' step, and have no other"
        )

    workflow = Workflow(
        key=key,
        name=top.text("name"),
        summary=top.text("summary"),
        order=top.integer("order", default=100, minimum=0, maximum=10_000),
        default_anonymity=top.one_of("default_anonymity", ANONYMITY, "anonymous"),
        steps=tuple(steps),
        record_title=top.text("record_title"),
        asks_if_relationship_ends=top.flag("asks_if_relationship_ends", default=False),
        suggested_when=top.one_of("suggested_when", ("", *SUGGESTED_WHEN), ""),
    )
    top.done()
    return workflow


def read_workflow(path: Path, labels: Mapping[str, str] | None = None) -> Workflow:
    """Read and check one workflow file, in the programme's words if given."""
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise WorkflowError(f"{path.name}: not valid TOML: {error}") from error
    return parse_workflow(document, path.name, labels)


def load_workflows(
    directories: Sequence[Path] = (DEFINITIONS_DIR,),
    labels: Mapping[str, str] | None = None,
) -> dict[str, Workflow]:
    """Read every ``*.toml`` workflow in the directories, by key.

    Workflows are ordered by their ``order`` and then their key. A later
    directory may add workflows (a programme's own, or a test's), but two
    files with the same key are a mistake, not an override.
    """
    found: dict[str, tuple[Path, Workflow]] = {}
    for directory in directories:
        for path in sorted(Path(directory).glob("*.toml")):
            workflow = read_workflow(path, labels)
            if workflow.key in found:
                earlier = found[workflow.key][0]
                raise WorkflowError(
                    f"{path.name}: key '{workflow.key}' is already used by {earlier}"
                )
            found[workflow.key] = (path, workflow)
    claimed: dict[str, Path] = {}
    for path, workflow in found.values():
        when = workflow.suggested_when
        if when and when in claimed:
            raise WorkflowError(
                f"{path.name}: suggested_when '{when}' is already claimed by "
                f"{claimed[when].name}"
            )
        claimed[when] = path
    ordered = sorted(found.values(), key=lambda item: (item[1].order, item[1].key))
    return {workflow.key: workflow for _path, workflow in ordered}


def suggested_for(workflows: Mapping[str, Workflow], when: str) -> Workflow | None:
    """Return the workflow whose file says it is suggested ``when``, if any."""
    return next((w for w in workflows.values() if w.suggested_when == when), None)


def lessons_prompts(workflows: Mapping[str, Workflow]) -> list[tuple[str, str]]:
    """Return (workflow key, prompt key) for every prompt marked ``lessons``."""
    return [
        (workflow.key, prompt.key)
        for workflow in workflows.values()
        for _step, prompt in workflow.prompts()
        if prompt.lessons
    ]
