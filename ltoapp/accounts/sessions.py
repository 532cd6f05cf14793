"""Which person a session cookie names, and only while that session may last."""

from __future__ import annotations

from ltoapp.accounts.models import Person
from ltoapp.extensions import db
from ltoapp.ids import parse_id


def person_for_session(session_id: str) -> Person | None:
    """Return the active person a session id ("<id>:<version>") names, or None.

    The version must be the person's current one: a password change or reset,
    erasure or "Sign out everywhere" moves it on, which ends every session
    made before. An id without a version (made before versions existed) or
    one that a column cannot hold names nobody.
    """
    person_part, _, version_part = (session_id or "").partition(":")
    person_id, version = parse_id(person_part), parse_id(version_part)
    if person_id is None or version is None:
        return None
    person = db.session.get(Person, person_id)
    if person is None or not person.is_active or person.session_version != version:
        return None
    return person
