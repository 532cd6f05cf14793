"""Keep each relationship's next review due date on the relationship.

The due list, the home and the overview order, page and count current
relationships by when their next review is due. Worked out from the reviews
for each of those questions, it read every current relationship's latest
agreed review, so those pages grew with the programme; stored and indexed,
they read one page. After every flush that adds a review, changes what
decides the date (its status, day or agreed next review) or moves a
relationship's start, the relationships touched are worked out again by the
rule itself, :func:`ltoapp.relationships.rules.next_review_due`: no write
path (agreeing, reopening, editing the next steps, a restore) can leave a
stale date behind, and no second copy of the rule exists in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from datetime import date
from itertools import chain

from sqlalchemy import (
    bindparam,
    event,
    inspect,
    select,
    true,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, UOWTransaction, scoped_session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ltoapp.relationships.models import Relationship
from ltoapp.relationships.rules import next_review_due
from ltoapp.reviews.models import Review, ReviewStatus

#: What of a review decides when its relationship's next review is due.
REVIEW_DECIDES = ("status", "held_on", "next_review_on", "relationship_id")


def refresh_next_reviews_due(
    connection: Connection, relationship_ids: Collection[int] | None = None
) -> dict[int, date]:
    """Work out when each relationship's next review is due and store it.

    Every relationship when ``relationship_ids`` is None (a bulk load).
    Returns the dates that changed, by relationship id.
    """
    table = Relationship.__table__
    chosen = true() if relationship_ids is None else table.c.id.in_(relationship_ids)
    agreed: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for relationship_id, held_on, next_on in connection.execute(
        select(Review.relationship_id, Review.held_on, Review.next_review_on)
        .join_from(Review, table)
        .where(chosen, Review.status == ReviewStatus.AGREED)
        .order_by(Review.relationship_id, Review.held_on, Review.id)
    ):
        agreed[relationship_id].append((held_on, next_on))
    changed = {}
    for relationship_id, started_on, stored in connection.execute(
        select(table.c.id, table.c.started_on, table.c.next_review_due_on).where(chosen)
    ):
        due_on = next_review_due(started_on, agreed[relationship_id])
        if due_on != stored:
            changed[relationship_id] = due_on
    if changed:
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("relationship"))
            .values(next_review_due_on=bindparam("due_on")),
            [{"relationship": key, "due_on": day} for key, day in changed.items()],
        )
    return changed


def _changed(instance: object, names: tuple[str, ...]) -> bool:
    attributes = inspect(instance).attrs
    return any(attributes[name].history.has_changes() for name in names)


def _touched(session: Session) -> Iterator[int | None]:
    """The relationships whose next review this flush may have moved."""
    for instance in chain(session.new, session.dirty, session.deleted):
        if isinstance(instance, Review):
            if instance in session.dirty and not _changed(instance, REVIEW_DECIDES):
                continue
            # A review moved to another relationship moves both dates.
            yield from inspect(instance).attrs.relationship_id.history.sum()
            yield instance.relationship_id
        # A new relationship's first date is its column default already.
        elif (
            isinstance(instance, Relationship)
            and instance in session.dirty
            and _changed(instance, ("started_on",))
        ):
            yield instance.id


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    touched = set(_touched(session)) - {None}
    if not touched:
        return
    changed = refresh_next_reviews_due(session.connection(), touched)
    # The relationships already loaded show the new date without a reload.
    for relationship_id, due_on in changed.items():
        loaded = session.identity_map.get(identity_key(Relationship, relationship_id))
        if loaded is not None:
            set_committed_value(loaded, "next_review_due_on", due_on)


def keep_next_reviews_due(session: scoped_session) -> None:
    """Keep relationships' next review dates on every flush of ``session``."""
    if not event.contains(session, "after_flush", _after_flush):
        event.listen(session, "after_flush", _after_flush)
