"""A partnership's change of LTO: its new relationship and that one's induction.

It records relationships and starts a review, so it sits in reviews, above
relationships; the relationship operations it calls audit themselves. Callers
commit.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from ltoapp.accounts.models import FacilitatorAssignment, Person
from ltoapp.extensions import db
from ltoapp.relationships.models import LTO, Relationship
from ltoapp.relationships.operations import create_lto, create_relationship
from ltoapp.reviews.operations import start_review

if TYPE_CHECKING:
    from ltoapp.accounts.viewer import Viewer
    from ltoapp.reviews.models import Review
    from ltoapp.workflows import Workflow


def change_lto(
    previous: Relationship,
    lto: LTO | str,
    started_on: date,
    induction: Workflow,
    started_by: Person | None = None,
    *,
    by: Viewer,
) -> Review:
    """Carry a partnership from an ended relationship to its new LTO.

    Records the new LTO (by name, when it is new) and the new relationship,
    keeps the same facilitators (the rep knows the story), and starts the new
    relationship's induction, whose first page shows the exit interview's
    lessons. Returns the induction. The new LTO and relationship are audited
    as they are created.
    """
    if isinstance(lto, str):
        lto = create_lto(lto, by=by)
    relationship = create_relationship(previous.partnership, lto, started_on, by=by)
    assigned = db.session.scalars(
        select(FacilitatorAssignment).filter_by(relationship_id=previous.id)
    )
    for assignment in assigned:
        db.session.add(
            FacilitatorAssignment(person=assignment.person, relationship=relationship)
        )
    db.session.flush()
    return start_review(
        relationship, started_on, induction, facilitator=started_by, by=by
    )
