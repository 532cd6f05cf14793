"""Import every model so that SQLAlchemy and Alembic see the whole schema."""

from ltoapp.accounts.models import Person
from ltoapp.actions.models import Action, ActionStatus
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reviews.models import (
    Participant,
    QuestionComment,
    Rating,
    Response,
    Review,
    ReviewStatus,
    Side,
)

__all__ = [
    "LTO",
    "Action",
    "ActionStatus",
    "Participant",
    "Partnership",
    "Person",
    "QuestionComment",
    "Rating",
    "Relationship",
    "Response",
    "Review",
    "ReviewStatus",
    "Side",
]
