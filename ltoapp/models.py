"""Import every model so that SQLAlchemy and Alembic see the whole schema."""

from ltoapp.accounts.models import (
    FacilitatorAssignment,
    Invitation,
    Membership,
    Person,
    Role,
)
from ltoapp.actions.models import Action, ActionStatus, ActionUpdate
from ltoapp.audit.models import AuditEntry, AuditVerb
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reminders.models import ReminderKind, ReminderOptOut, SentReminder
from ltoapp.reviews.models import (
    Anonymity,
    Participant,
    PromptAnswer,
    QuestionComment,
    Rating,
    Response,
    Review,
    ReviewStatus,
    Side,
    StepProgress,
    StepState,
)

__all__ = [
    "LTO",
    "Action",
    "ActionStatus",
    "ActionUpdate",
    "Anonymity",
    "AuditEntry",
    "AuditVerb",
    "FacilitatorAssignment",
    "Invitation",
    "Membership",
    "Participant",
    "Partnership",
    "Person",
    "PromptAnswer",
    "QuestionComment",
    "Rating",
    "Relationship",
    "ReminderKind",
    "ReminderOptOut",
    "Response",
    "Review",
    "ReviewStatus",
    "Role",
    "SentReminder",
    "Side",
    "StepProgress",
    "StepState",
]
