"""Changes a facilitator makes to a review as it runs: start, open, close, reveal.

Callers commit. Every change writes its own audit entry, by ``by``.
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select

from ltoapp.accounts.models import Person
from ltoapp.accounts.viewer import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import Anonymity, Review, ReviewStatus, with_relationship
from ltoapp.reviews.operations.closed import ensure_open
from ltoapp.reviews.reveal import RevealStage
from ltoapp.workflows import Workflow

#: Join codes avoid characters people confuse: 0/O, 1/I/l.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Long enough that guessing is hopeless at the rate limits allowed
#: (``ltoapp/reviews/limits.py`` has the arithmetic), short enough to type.
JOIN_CODE_LENGTH = 9


def new_join_code() -> str:
    """Return a random join code that no open review uses."""
    while True:
        code = "".join(
            secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH)
        )
        if db.session.scalar(select(Review.id).filter_by(join_code=code)) is None:
            return code


def normalise_join_code(typed: str) -> str:
    """Read a code as people type it: any case, spaces and dashes ignored."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def review_by_join_code(typed: str) -> Review | None:
    """Find the review a code opens, if it still takes answers."""
    code = normalise_join_code(typed)
    if not code:
        return None
    review = db.session.scalar(
        select(Review).filter_by(join_code=code).options(*with_relationship())
    )
    if review is None or not review.takes_answers:
        return None
    return review


def audit_review(
    by: Viewer, review: Review, summary: str, verb=AuditVerb.CHANGED
) -> None:
    record(by, verb, "review", review.id, summary, review.relationship_id)


def start_review(
    relationship: Relationship,
    held_on: date,
    workflow: Workflow,
    facilitator: Person | None = None,
    *,
    by: Viewer,
) -> Review:
    """Open a new review of a relationship for responses, with a join code.

    The review starts on the workflow's first step, with the workflow's
    default anonymity (troubleshooting shows the group aggregates only).
    """
    review = Review(
        relationship=relationship,
        workflow=workflow.key,
        held_on=held_on,
        status=ReviewStatus.OPEN,
        facilitator=facilitator,
        join_code=new_join_code(),
        anonymity=Anonymity(workflow.default_anonymity),
        current_step=workflow.steps[0].key,
    )
    db.session.add(review)
    db.session.flush()
    audit_review(
        by,
        review,
        f"Started a {workflow.name.lower()} held on {held_on.isoformat()}",
        AuditVerb.CREATED,
    )
    return review


def close_to_answers(review: Review, *, by: Viewer) -> None:
    """Stop a review taking answers: its code goes, so the link leads nowhere.

    The review moves on to discussion. Answers already sent are kept, and the
    facilitator may still type in answers given on paper.
    """
    ensure_open(review)
    review.join_code = None
    review.status = ReviewStatus.DISCUSSION
    db.session.flush()
    audit_review(by, review, "Closed the review to new answers")


def open_to_answers(review: Review, *, by: Viewer) -> str:
    """Let a closed review take answers again, under a new code; return the code.

    The old code stays dead, so a slip handed out before closing cannot
    reopen it. A review that is already open keeps its code.
    """
    ensure_open(review)
    if review.join_code is None:
        review.join_code = new_join_code()
    review.status = ReviewStatus.OPEN
    db.session.flush()
    audit_review(by, review, "Opened the review to answers")
    return review.join_code


def set_anonymity(review: Review, anonymity: Anonymity, *, by: Viewer) -> None:
    """Choose what the group sees of individual answers."""
    ensure_open(review)
    review.anonymity = anonymity
    db.session.flush()
    audit_review(by, review, f"Chose what the group sees: {anonymity.value}")


#: What the audit trail says the room was shown, stage by stage.
STAGE_SUMMARIES = {
    RevealStage.COUNTS: "Showed the room the counts only",
    RevealStage.EVERYONE: "Showed the room everyone's ratings together",
    RevealStage.SIDES: "Showed the room the sides compared",
    RevealStage.TALK: "Showed the room what is worth talking about",
}


def set_reveal_stage(review: Review, stage: RevealStage, *, by: Viewer) -> bool:
    """Move the staged reveal to ``stage`` and note it in the audit trail.

    The facilitator may go back as well as forward (to hide the sides again
    while the group talks about everyone's ratings). Choosing the stage the
    room is already at changes nothing and is not logged; returns whether
    the stage changed. An agreed review shows everything and stays so.
    """
    ensure_open(review)
    if review.reveal_stage is stage:
        return False
    review.reveal_stage = stage
    audit_review(by, review, STAGE_SUMMARIES[stage])
    db.session.flush()
    return True


def set_next_review(review: Review, next_review_on: date | None, *, by: Viewer) -> None:
    """Record when the next review of the relationship is due (audited)."""
    ensure_open(review)
    if review.next_review_on == next_review_on:
        return
    review.next_review_on = next_review_on
    db.session.flush()
    when = next_review_on.isoformat() if next_review_on else "no date"
    audit_review(by, review, f"Set the next review to {when}")
