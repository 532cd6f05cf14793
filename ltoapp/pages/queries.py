"""What the home page shows a person: the reviews to join and the actions they own."""

from __future__ import annotations

from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload

from ltoapp.accounts.permissions import Viewer
from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship
from ltoapp.reviews.models import Review, ReviewStatus


def reviews_to_join(viewer: Viewer) -> list[Review]:
    """Return the reviews not yet agreed of the relationships the person belongs to.

    "Belongs" means a member of either side or an assigned facilitator; an
    administrator's dashboard is not every review in the programme.
    """
    if not viewer.is_signed_in:
        return []
    mine = or_(
        Relationship.id.in_(viewer.facilitated_relationship_ids),
        Relationship.partnership_id.in_(viewer.partnership_ids),
        Relationship.lto_id.in_(viewer.lto_ids),
        false(),
    )
    return list(
        db.session.scalars(
            select(Review)
            .join(Relationship, Review.relationship_id == Relationship.id)
            .where(mine, Review.status != ReviewStatus.AGREED)
            .options(
                selectinload(Review.relationship).selectinload(
                    Relationship.partnership
                ),
                selectinload(Review.relationship).selectinload(Relationship.lto),
            )
            .order_by(Review.held_on, Review.id)
        )
    )
