"""Who is asking: the :class:`Viewer` every access rule and operation reads.

It sits low in the accounts package, needing only people and their
memberships, so every record package may take a viewer (``by: Viewer``) and
the rules that read relationships and reviews (:mod:`ltoapp.permissions`) can
sit above them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Integer, cast, null, select, union_all

from ltoapp.accounts.models import FacilitatorAssignment, Membership, Person, Role
from ltoapp.extensions import db


@dataclass(frozen=True)
class Viewer:
    """Everything the access rules need to know about whoever is asking."""

    person_id: int | None = None
    role: Role | None = None
    partnership_ids: frozenset[int] = frozenset()
    lto_ids: frozenset[int] = frozenset()
    facilitated_relationship_ids: frozenset[int] = frozenset()
    #: Review id → participant id, for each review joined as a guest by code.
    guest_participants: Mapping[int, int] = field(default_factory=dict)

    @property
    def is_signed_in(self) -> bool:
        return self.person_id is not None

    @property
    def belongs_anywhere(self) -> bool:
        """Whether the viewer is a member or facilitator of anything.

        Nothing is the viewer's own otherwise (an administrator often belongs
        nowhere), so there is nothing to ask the database about.
        """
        return bool(
            self.partnership_ids or self.lto_ids or self.facilitated_relationship_ids
        )

    @property
    def is_administrator(self) -> bool:
        return self.role is Role.ADMINISTRATOR

    @property
    def is_facilitator(self) -> bool:
        return self.role is Role.FACILITATOR


ANONYMOUS = Viewer()


def load_viewer(
    person: Person | None, guest_participants: Mapping[int, int] | None = None
) -> Viewer:
    """Gather what the rules need about a signed-in person or a guest."""
    guests = dict(guest_participants or {})
    if person is None:
        return Viewer(guest_participants=guests)
    # One statement on every signed-in page: current memberships and the
    # relationships facilitated, as (partnership, LTO, relationship) rows.
    nothing = cast(null(), Integer)
    rows = db.session.execute(
        union_all(
            select(Membership.partnership_id, Membership.lto_id, nothing).where(
                Membership.person_id == person.id, Membership.left_on.is_(None)
            ),
            select(nothing, nothing, FacilitatorAssignment.relationship_id).where(
                FacilitatorAssignment.person_id == person.id
            ),
        )
    ).all()
    return Viewer(
        person_id=person.id,
        role=person.role,
        partnership_ids=frozenset(p for p, _, _ in rows if p is not None),
        lto_ids=frozenset(lto for _, lto, _ in rows if lto is not None),
        facilitated_relationship_ids=frozenset(r for _, _, r in rows if r is not None),
        guest_participants=guests,
    )
