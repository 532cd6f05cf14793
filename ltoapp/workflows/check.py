"""Checking a review before it is agreed: what will be frozen, and what is missing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ltoapp.actions import rules as action_rules
from ltoapp.actions.queries import carried_actions
from ltoapp.reviews import presenters, queries
from ltoapp.reviews.models import Review, StepState
from ltoapp.workflows.engine import StepKind, Workflow
from ltoapp.workflows.prompts import wording


@dataclass(frozen=True)
class Gap:
    """Something missing from a review about to be agreed, and where to fix it."""

    message: str
    #: The step whose page fixes it (None: nothing in the review fixes it).
    step_key: str | None = None
    #: The part of that page, as an id to link to.
    anchor: str | None = None


def gaps_before_agreeing(
    *,
    asks_ratings: bool,
    answered_by_side: Mapping[str, int],
    side_names: Mapping[str, str],
    undecided: int,
    unfinished_steps: list[tuple[str, str]],
    action_count: int,
    next_review_on: date | None,
    suggested_next_review: date,
    ratings_step_key: str | None,
    carried_step_key: str | None,
    next_steps_key: str,
) -> list[Gap]:
    """List what a group should know is missing before it freezes a review.

    None of these stop agreeing: a small group may have good reasons. They are
    the things people regretted after the record was frozen: one voice taken
    for the group's, one side not heard at all, carried actions left without a
    decision, a review ending with no next step or no date.
    ``unfinished_steps`` are (key, title) of steps neither done nor skipped;
    ``answered_by_side`` counts who sent their answers, by side key.
    """
    gaps: list[Gap] = []
    if asks_ratings:
        total = sum(answered_by_side.values())
        if total == 0:
            gaps.append(
                Gap(
                    "Nobody has answered the questionnaire, "
                    "so the record will have no ratings.",
                    ratings_step_key,
                )
            )
        elif total == 1:
            gaps.append(
                Gap(
                    "Only one person answered the questionnaire: the results "
                    "are one person's view, not the group's.",
                    ratings_step_key,
                )
            )
        if total > 0:
            for side in ("partnership", "lto"):
                if answered_by_side.get(side, 0) == 0:
                    gaps.append(
                        Gap(
                            f"Nobody from the {side_names[side]} side answered "
                            "the questionnaire.",
                            ratings_step_key,
                        )
                    )
    if undecided:
        gaps.append(
            Gap(
                f"{undecided} carried "
                f"{'action has' if undecided == 1 else 'actions have'} no decision: "
                f"{'it stays' if undecided == 1 else 'they stay'} open and "
                "will come back at the next review.",
                carried_step_key,
            )
        )
    for key, title in unfinished_steps:
        gaps.append(Gap(f"The step “{title}” was neither finished nor skipped.", key))
    if action_count == 0:
        gaps.append(
            Gap(
                "No actions are agreed. Every review should end with at least "
                "one clear next step.",
                next_steps_key,
                "new-action",
            )
        )
    if next_review_on is None:
        gaps.append(
            Gap(
                "No date is set for the next review. If you agree now, it will be "
                f"{suggested_next_review:%-d %B %Y}.",
                next_steps_key,
                "next-review",
            )
        )
    return gaps


def review_check(
    review: Review, workflow: Workflow, labels: Mapping[str, str], suggested: date
) -> dict:
    """Gather what the check page shows: what is kept, what is missing."""
    by_side = queries.answered_by_side(review.id)
    carried = carried_actions(review)
    undecided_ids = action_rules.carry_forward(carried, review.id).undecided
    progress = {p.step_key: p for p in review.step_progress}
    skipped = [
        (step, progress[step.key].skip_reason)
        for step in workflow.steps
        if step.key in progress and progress[step.key].state is StepState.SKIPPED
    ]
    unfinished = [
        (step.key, wording(step.title, labels))
        for step in workflow.steps[:-1]
        if step.key not in progress
    ]
    ratings = workflow.rating_steps()
    carried_step = next(
        (s.key for s in workflow.steps if s.kind == StepKind.CARRIED_ACTIONS), None
    )
    return {
        "answered_by_side": by_side,
        "side_names": presenters.side_names(labels),
        "ratings_step_key": ratings[0].key if ratings else None,
        "carried_step_key": carried_step,
        "undecided": [a for a in carried if a.id in undecided_ids],
        "skipped": skipped,
        "suggested_next_review": suggested,
        "gaps": gaps_before_agreeing(
            asks_ratings=bool(ratings),
            answered_by_side=by_side,
            side_names={"partnership": labels["partnership"], "lto": labels["lto"]},
            undecided=len(undecided_ids),
            unfinished_steps=unfinished,
            action_count=len(review.actions),
            next_review_on=review.next_review_on,
            suggested_next_review=suggested,
            ratings_step_key=ratings[0].key if ratings else None,
            carried_step_key=carried_step,
            next_steps_key=workflow.next_steps.key,
        ),
    }
