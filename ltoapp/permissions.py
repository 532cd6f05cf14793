"""Who may see and do what: every access rule of ltoapp, in one place.

A relationship, its reviews, responses and actions are visible to
administrators, to the facilitators assigned to it, and to current members of
its partnership and of its LTO. Everyone else is told it does not exist.
A guest who joined one review by its code may answer only in that review.

The rules are plain functions over a :class:`~ltoapp.accounts.viewer.Viewer`
and objects with the attributes they read, so they are tested without a
request. They filter queries by a relationship's columns and read a review
only through the attributes above, so they sit just above relationships:
reviews, actions, reports, the pages and the web layer may all ask them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sqlalchemy import ColumnElement, false, or_, true

from ltoapp.accounts.viewer import Viewer
from ltoapp.framework.disclosure import Audience, Disclosure, disclose
from ltoapp.relationships.models import Relationship

if TYPE_CHECKING:
    from ltoapp.reviews.models import Anonymity


class RelationshipLike(Protocol):
    id: int
    partnership_id: int
    lto_id: int


class ReviewLike(Protocol):
    id: int
    relationship: RelationshipLike
    #: None once the review is closed to new answers.
    join_code: str | None
    anonymity: Anonymity

    @property
    def is_agreed(self) -> bool: ...


def may_view_relationship(viewer: Viewer, relationship: RelationshipLike) -> bool:
    """Administrators, its facilitators and either side's members see it."""
    return (
        viewer.is_administrator
        or relationship.id in viewer.facilitated_relationship_ids
        or relationship.partnership_id in viewer.partnership_ids
        or relationship.lto_id in viewer.lto_ids
    )


def may_run_reviews(viewer: Viewer, relationship: RelationshipLike) -> bool:
    """Administrators and the assigned facilitators open, close and agree reviews."""
    return (
        viewer.is_administrator
        or relationship.id in viewer.facilitated_relationship_ids
    )


def may_start_review(viewer: Viewer, relationship: RelationshipLike) -> bool:
    """Anyone who can see a relationship may start a review of it.

    Partnerships are resident-led: they need no one's permission to look at
    their own relationship.
    """
    return may_view_relationship(viewer, relationship)


def guest_participant_id(viewer: Viewer, review: ReviewLike) -> int | None:
    """Return the guest's participant in this review, if they joined it."""
    return viewer.guest_participants.get(review.id)


def takes_part_in(viewer: Viewer, review: ReviewLike) -> bool:
    """Say whether the viewer takes part in this review as themselves.

    A guest who joined it by code does, and so does anyone signed in who
    sees its relationship; whether it still takes answers is asked apart.
    """
    return guest_participant_id(viewer, review) is not None or (
        viewer.is_signed_in and may_view_relationship(viewer, review.relationship)
    )


def may_answer_review(viewer: Viewer, review: ReviewLike) -> bool:
    """People of the relationship, and guests who joined it, answer while it is open.

    Closing a review to new answers (its join code goes) or agreeing it stops
    everyone answering, guests and members alike.
    """
    if review.is_agreed or review.join_code is None:
        return False
    return takes_part_in(viewer, review)


def may_manage_organisations(viewer: Viewer) -> bool:
    """Only administrators add partnerships, LTOs and relationships."""
    return viewer.is_administrator


def may_manage_people(viewer: Viewer) -> bool:
    """Only administrators list, export and erase people."""
    return viewer.is_administrator


def may_reset_password(viewer: Viewer) -> bool:
    """Only administrators make reset links, so only they reset an administrator.

    A reset link sets the password of an account that has one: whoever may
    make it may become that person.
    """
    return viewer.is_administrator


def may_invite(viewer: Viewer) -> bool:
    """Administrators and facilitators invite people into organisations."""
    return viewer.is_administrator or viewer.is_facilitator


def may_read_audit(viewer: Viewer) -> bool:
    """Only administrators read the audit trail."""
    return viewer.is_administrator


def visible_relationships(viewer: Viewer) -> ColumnElement[bool]:
    """A WHERE clause keeping only the relationships the viewer may see.

    An administrator sees the whole programme; everyone else their own.
    """
    return true() if viewer.is_administrator else own_relationships(viewer)


def own_relationships(viewer: Viewer) -> ColumnElement[bool]:
    """A WHERE clause keeping the relationships the viewer belongs to.

    A member of either side or an assigned facilitator; unlike
    :func:`visible_relationships`, an administrator's own are not the whole
    programme.
    """
    if not viewer.is_signed_in:
        return false()
    return or_(
        Relationship.id.in_(viewer.facilitated_relationship_ids),
        Relationship.partnership_id.in_(viewer.partnership_ids),
        Relationship.lto_id.in_(viewer.lto_ids),
        false(),
    )


def runs_reviews_of(viewer: Viewer, relationship: RelationshipLike) -> bool:
    """Whether the viewer is a facilitator assigned to this relationship.

    Their open reviews are reviews they are running, not reviews to join.
    """
    return relationship.id in viewer.facilitated_relationship_ids


def may_edit_review(viewer: Viewer, review: ReviewLike) -> bool:
    """People signed in who see the relationship record the group's answers.

    Guests answer only their own questionnaire; nobody edits an agreed review.
    """
    return (
        not review.is_agreed
        and viewer.is_signed_in
        and may_view_relationship(viewer, review.relationship)
    )


def may_agree_review(viewer: Viewer, review: ReviewLike) -> bool:
    """Only a facilitator of the relationship or an administrator agrees a review."""
    return not review.is_agreed and may_run_reviews(viewer, review.relationship)


def may_update_action(viewer: Viewer, review: ReviewLike) -> bool:
    """People signed in who see the relationship change an action's status.

    This holds for the actions of agreed reviews too: the review's answers
    are fixed, but what happened to its actions is a living log, with every
    change recorded as a new entry in the action's history.
    """
    return viewer.is_signed_in and may_view_relationship(viewer, review.relationship)


def may_export_relationship(viewer: Viewer, relationship: RelationshipLike) -> bool:
    """People signed in who see a relationship may download its records."""
    return viewer.is_signed_in and may_view_relationship(viewer, relationship)


def may_see_due_reviews(viewer: Viewer) -> bool:
    """Everyone signed in sees when reviews are due, of the relationships they see.

    The list is limited by :func:`visible_relationships`: a member sees their
    own relationships' dates, an administrator the programme's.
    """
    return viewer.is_signed_in


def may_see_programme_overview(viewer: Viewer) -> bool:
    """Only administrators see the programme overview (counts, never rankings)."""
    return viewer.is_administrator


def may_manage_review(viewer: Viewer, review: ReviewLike) -> bool:
    """Facilitators and administrators run a review until it is agreed.

    They open and close it to answers, choose what the group sees of
    individual answers, and type in answers given on paper.
    """
    return not review.is_agreed and may_run_reviews(viewer, review.relationship)


def audience_for(viewer: Viewer, review: ReviewLike) -> Audience | None:
    """Say as whom the viewer sees this review's results, or None if not at all.

    What each audience may see is decided by :mod:`ltoapp.framework.disclosure`.
    """
    if may_run_reviews(viewer, review.relationship):
        return Audience.FACILITATOR
    if may_view_relationship(viewer, review.relationship):
        return Audience.MEMBER
    if guest_participant_id(viewer, review) is not None:
        return Audience.GUEST
    return None


def _disclosure(viewer: Viewer, review: ReviewLike) -> Disclosure | None:
    # These answers do not depend on who has answered, so no counts are needed.
    audience = audience_for(viewer, review)
    return None if audience is None else disclose(audience, review.anonymity.value, {})


def may_see_individuals(viewer: Viewer, review: ReviewLike) -> bool:
    """Whether the viewer may see each person's ratings, not only the group's.

    The facilitator and administrators always may. The people of the
    relationship may unless the review shows the group aggregates only.
    """
    disclosure = _disclosure(viewer, review)
    return disclosure is not None and disclosure.individuals


def may_see_names(viewer: Viewer, review: ReviewLike) -> bool:
    """Whether the viewer may see who gave which answers and comments.

    The facilitator and administrators always may; the group only when the
    review is "named".
    """
    disclosure = _disclosure(viewer, review)
    return disclosure is not None and disclosure.names


def may_see_flat_profiles(viewer: Viewer, review: ReviewLike) -> bool:
    """Only the facilitator and administrators see who gave a flat profile.

    It is a gentle prompt for whoever runs the session, never shown to the group.
    """
    disclosure = _disclosure(viewer, review)
    return disclosure is not None and disclosure.flat_profiles


def may_record_next_lto(viewer: Viewer, relationship: RelationshipLike) -> bool:
    """Whoever runs a relationship's reviews records the partnership's next LTO.

    The rep who agreed the exit interview carries the story over; an
    administrator may do it too. (Only once the relationship has ended.)
    """
    return may_run_reviews(viewer, relationship)
