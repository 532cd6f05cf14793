"""Reviews, the people taking part in them and what they answered."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    orm,
    text,
)
from sqlalchemy.orm import Load, Mapped, joinedload, mapped_column

from ltoapp.db import enum_type, now_utc
from ltoapp.extensions import db
from ltoapp.relationships.models import with_sides
from ltoapp.reviews.reveal import FIRST_STAGE, RevealStage

if TYPE_CHECKING:
    from ltoapp.accounts.models import Person
    from ltoapp.actions.models import Action
    from ltoapp.relationships.models import Relationship


class Side(enum.Enum):
    """Which side of the relationship someone speaks for."""

    PARTNERSHIP = "partnership"
    LTO = "lto"
    NEUTRAL = "neutral"


class ReviewStatus(enum.Enum):
    """Where a review is in its life; an agreed review is read-only."""

    OPEN = "open"
    DISCUSSION = "discussion"
    AGREED = "agreed"


#: The reviews still being held, for ix_reviews_not_agreed (and its migration).
NOT_AGREED = "status <> 'agreed'"


class Anonymity(enum.Enum):
    """What the group may see of individual answers (the facilitator always can)."""

    NAMED = "named"
    ANONYMOUS = "anonymous"
    AGGREGATES = "aggregates"


class StepState(enum.Enum):
    DONE = "done"
    SKIPPED = "skipped"


class Review(db.Model):
    """One run of a workflow for a relationship on a date."""

    __tablename__ = "reviews"
    __table_args__ = (
        # A relationship's reviews are always read in date order (its page,
        # carried actions, the timeline): the index hands them over sorted.
        Index("ix_reviews_relationship_id_held_on", "relationship_id", "held_on"),
        # The reviews not yet agreed are a handful among a programme's ten
        # years: the due list, the overview, home and reminders ask which
        # relationships have one under way, and without this index each
        # question read every review ever held.
        # A relationship's latest review of a status, one index step away:
        # the due list works out every relationship's next review from its
        # latest agreed one, ordered and counted by the database.
        Index(
            "ix_reviews_relationship_id_status_held_on",
            "relationship_id",
            "status",
            "held_on",
            "id",
        ),
        # The programme overview counts agreed reviews by workflow and day,
        # read from the index alone in its order.
        Index("ix_reviews_status_workflow_held_on", "status", "workflow", "held_on"),
        Index(
            "ix_reviews_not_agreed",
            "relationship_id",
            postgresql_where=text(NOT_AGREED),
            sqlite_where=text(NOT_AGREED),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: reviews are the relationship's story; they are never removed
    # as a side effect.
    # Indexed by ix_reviews_relationship_id_held_on, which leads with it.
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="RESTRICT")
    )
    #: The key of the workflow definition this review follows.
    workflow: Mapped[str] = mapped_column(String(40))
    held_on: Mapped[date]
    status: Mapped[ReviewStatus] = mapped_column(
        enum_type(ReviewStatus, "review_status"), default=ReviewStatus.OPEN
    )
    # SET NULL: erasing a facilitator keeps the review.
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    #: The short code people type to join; None once the review stops taking
    #: answers, so an old code leads nowhere.
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    anonymity: Mapped[Anonymity] = mapped_column(
        enum_type(Anonymity, "anonymity"), default=Anonymity.ANONYMOUS
    )
    #: How much of the results the room has been shown (the staged reveal);
    #: every screen in the room follows it. See reviews/reveal.py.
    reveal_stage: Mapped[RevealStage] = mapped_column(
        enum_type(RevealStage, "reveal_stage"), default=FIRST_STAGE
    )
    #: The step the group was last on, so that a review resumes there.
    current_step: Mapped[str | None] = mapped_column(String(40))
    #: Agreed in the next steps; the review after this one is due then.
    next_review_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    agreed_at: Mapped[datetime | None]
    agreed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )

    # orm.relationship(), because this attribute's name shadows the function.
    relationship: Mapped[Relationship] = orm.relationship(back_populates="reviews")
    facilitator: Mapped[Person | None] = orm.relationship(foreign_keys=[facilitator_id])
    agreed_by: Mapped[Person | None] = orm.relationship(foreign_keys=[agreed_by_id])
    step_progress: Mapped[list[StepProgress]] = orm.relationship(
        back_populates="review",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StepProgress.id",
    )
    prompt_answers: Mapped[list[PromptAnswer]] = orm.relationship(
        back_populates="review",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PromptAnswer.id",
    )
    participants: Mapped[list[Participant]] = orm.relationship(
        back_populates="review",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Participant.id",
    )
    actions: Mapped[list[Action]] = orm.relationship(
        back_populates="review",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Action.id",
    )

    @property
    def is_agreed(self) -> bool:
        return self.status is ReviewStatus.AGREED

    @property
    def takes_answers(self) -> bool:
        """Whether people may still join and answer: open, with a join code."""
        return not self.is_agreed and self.join_code is not None

    def __repr__(self) -> str:
        return f"<Review {self.id} {self.workflow} {self.held_on}>"


class Participant(db.Model):
    """Someone taking part in one review, speaking for one side.

    A participant with a person is someone signed in; one without is a guest
    who joined by the review's code.
    """

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("review_id", "person_id"),
        UniqueConstraint("review_id", "join_token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[Side] = mapped_column(enum_type(Side, "side"))
    #: What the participant chose to be called; empty means anonymous.
    display_name: Mapped[str | None] = mapped_column(String(80))
    # SET NULL: erasing a person keeps their ratings, unlinked from them.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    #: True when the facilitator typed this person's answers in from paper.
    on_paper: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The random token of the join form a guest sent, so that a double tap
    #: on "Start answering" finds the participant the first tap made.
    join_token: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    review: Mapped[Review] = orm.relationship(back_populates="participants")
    person: Mapped[Person | None] = orm.relationship()
    response: Mapped[Response | None] = orm.relationship(
        back_populates="participant",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    draft: Mapped[ResponseDraft | None] = orm.relationship(
        back_populates="participant",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Response(db.Model):
    """One participant's ratings and comments in a review."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    other_comments: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    participant: Mapped[Participant] = orm.relationship(back_populates="response")
    ratings: Mapped[list[Rating]] = orm.relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Rating.id",
    )
    comments: Mapped[list[QuestionComment]] = orm.relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="QuestionComment.id",
    )


class ResponseDraft(db.Model):
    """A questionnaire half filled in, saved as the participant goes.

    It is kept apart from :class:`Response` so that results never count it;
    sending the questionnaire turns it into the response and removes it.
    """

    __tablename__ = "response_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    #: The form as the browser last sent it: field name → value.
    answers: Mapped[dict[str, str]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    participant: Mapped[Participant] = orm.relationship(back_populates="draft")

    # Two taps on Send both remove the draft; the second finding it gone
    # already is the outcome wanted, not a lost update.
    __mapper_args__ = {"confirm_deleted_rows": False}  # noqa: RUF012 - read once by SQLAlchemy


class Rating(db.Model):
    """One question in one column: 1 to 10, or NULL for "don't know"."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("response_id", "question_key", "column"),
        CheckConstraint(
            "value IS NULL OR (value >= 1 AND value <= 10)", name="value_1_to_10"
        ),
        CheckConstraint("\"column\" IN ('A', 'B', 'C')", name="column_a_b_c"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    #: The stable key of the framework question, never its position.
    question_key: Mapped[str] = mapped_column(String(40))
    column: Mapped[str] = mapped_column(String(1))
    #: NULL records "don't know / not applicable"; it is never a number.
    value: Mapped[int | None]

    response: Mapped[Response] = orm.relationship(back_populates="ratings")


class QuestionComment(db.Model):
    """A participant's optional comment on one framework question."""

    __tablename__ = "question_comments"
    __table_args__ = (UniqueConstraint("response_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)

    response: Mapped[Response] = orm.relationship(back_populates="comments")


class StepProgress(db.Model):
    """That a step of a review was finished or skipped (and why)."""

    __tablename__ = "step_progress"
    __table_args__ = (UniqueConstraint("review_id", "step_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    step_key: Mapped[str] = mapped_column(String(40))
    state: Mapped[StepState] = mapped_column(enum_type(StepState, "step_state"))
    skip_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    review: Mapped[Review] = orm.relationship(back_populates="step_progress")


class PromptAnswer(db.Model):
    """The group's agreed answer to one prompt of a review."""

    __tablename__ = "prompt_answers"
    __table_args__ = (UniqueConstraint("review_id", "prompt_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    step_key: Mapped[str] = mapped_column(String(40))
    #: The stable key of the prompt in the workflow file.
    prompt_key: Mapped[str] = mapped_column(String(40))
    #: The answer in the shape its prompt kind defines (text, key, dict...).
    answer: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    # SET NULL: erasing a person keeps the group's answer.
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    #: Incremented on every save; a save based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1)

    review: Mapped[Review] = orm.relationship(back_populates="prompt_answers")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy


def with_relationship() -> list[Load]:
    """Loader options reading a review's relationship, and its two sides, with it.

    Every page of a review names its relationship and asks the rules about
    it, a guest's phone polling the stage included: one statement, not four.
    """
    return [joinedload(Review.relationship).options(*with_sides())]
