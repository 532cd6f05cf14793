"""Signed, expiring, single-use links for invitations and password resets."""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ltoapp.accounts.models import Invitation, Person
from ltoapp.extensions import db

INVITATION_SALT = "ltoapp-invitation"
RESET_SALT = "ltoapp-password-reset"


def _serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=salt)


def _password_fingerprint(person: Person) -> str:
    # A reset link carries a digest of the password hash it was made against:
    # once the password changes, the link stops working, so it works only once.
    return hashlib.sha256((person.password_hash or "").encode()).hexdigest()[:20]


def invitation_token(invitation: Invitation, secret_key: str) -> str:
    """Sign a token naming an invitation."""
    return _serializer(secret_key, INVITATION_SALT).dumps({"invitation": invitation.id})


def invitation_from_token(
    token: str, secret_key: str, max_age: int
) -> Invitation | None:
    """Return the open invitation a token names, or None if it is bad, old or used."""
    try:
        payload = _serializer(secret_key, INVITATION_SALT).loads(token, max_age=max_age)
    except BadSignature:
        return None
    invitation = db.session.get(Invitation, payload.get("invitation"))
    if invitation is None or invitation.accepted_at is not None:
        return None
    # An invitation only ever sets a first password: an account that has (or
    # had) one is never taken over by a link made for it.
    person = invitation.person
    if person.erased_at is not None or person.password_hash is not None:
        return None
    return invitation


def reset_token(person: Person, secret_key: str) -> str:
    """Sign a token to choose a new password, valid until the password changes."""
    return _serializer(secret_key, RESET_SALT).dumps(
        {"person": person.id, "fingerprint": _password_fingerprint(person)}
    )


def person_from_reset_token(token: str, secret_key: str, max_age: int) -> Person | None:
    """Return the person a reset token is for, or None if it is bad, old or used."""
    try:
        payload = _serializer(secret_key, RESET_SALT).loads(token, max_age=max_age)
    except BadSignature:
        return None
    person = db.session.get(Person, payload.get("person"))
    if person is None or person.erased_at is not None:
        return None
    if payload.get("fingerprint") != _password_fingerprint(person):
        return None
    return person


OPT_OUT_SALT = "ltoapp-reminder-opt-out"


def opt_out_token(person_id: int, kind: str, secret_key: str) -> str:
    """Sign a link that stops one kind of reminder for one person.

    It never expires: a reminder read months later must still stop the next.
    """
    return _serializer(secret_key, OPT_OUT_SALT).dumps(
        {"person": person_id, "kind": kind}
    )


def opt_out_from_token(token: str, secret_key: str) -> tuple[Person, str] | None:
    """Return the person and reminder kind an opt-out link names, or None."""
    try:
        payload = _serializer(secret_key, OPT_OUT_SALT).loads(token)
    except BadSignature:
        return None
    person = db.session.get(Person, payload.get("person"))
    if person is None or person.erased_at is not None:
        return None
    return person, str(payload.get("kind"))
