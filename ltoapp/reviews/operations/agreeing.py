"""Agreeing a review, which may end its relationship (an exit interview).

It changes a relationship too, and ``ltoapp.relationships.operations``
starts reviews through this package: the package imports this module last.
Callers commit.
"""

from __future__ import annotations

from datetime import date

from ltoapp.accounts.models import Person
from ltoapp.accounts.viewer import Viewer
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.db import now_utc
from ltoapp.extensions import db
from ltoapp.relationships import operations as relationship_operations
from ltoapp.reviews.models import Review, ReviewStatus
from ltoapp.reviews.operations.closed import ensure_open
from ltoapp.reviews.operations.running import audit_review
from ltoapp.workflows.registry import workflow_named


def agree_review(
    review: Review,
    *,
    by: Viewer,
    next_review_on: date | None = None,
    relationship_ends_on: date | None = None,
) -> None:
    """Agree the review: from now on it is a read-only record.

    The join code goes, so the review takes no more answers. Without a date
    of the next review chosen, ``next_review_on`` (the workflow's interval)
    becomes it. An exit interview may agree that the relationship ends on
    ``relationship_ends_on``; :class:`EndingRejected` says why it cannot, and
    the caller rolls back. Both changes are audited.
    """
    ensure_open(review)
    if review.next_review_on is None:
        review.next_review_on = next_review_on
    review.status = ReviewStatus.AGREED
    review.agreed_at = now_utc()
    review.agreed_by = db.session.get(Person, by.person_id) if by.person_id else None
    review.join_code = None
    db.session.flush()
    workflow = workflow_named(review.workflow)
    audit_review(by, review, f"Agreed the {workflow.name.lower()}", AuditVerb.AGREED)
    if relationship_ends_on is not None:
        relationship = relationship_operations.end_relationship(
            review.relationship, relationship_ends_on
        )
        record(
            by,
            AuditVerb.CHANGED,
            "relationship",
            relationship.id,
            f"Ended the relationship on {relationship.ended_on.isoformat()}",
            relationship.id,
        )
