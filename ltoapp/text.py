"""Text that people type: what the app stores, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import unicodedata

#: Line breaks and tabs are text; every other control character is not.
_ALLOWED_CONTROLS = frozenset("\t\n\r")

CONTROL_CHARACTERS_MESSAGE = (
    "This has characters that are not text, perhaps from copying and pasting. "
    "Type it again without them."
)


def has_control_characters(text: str) -> bool:
    """Say whether text holds a character no one means to type.

    NUL and the other control characters (PostgreSQL refuses NUL outright, so
    it was a 500 there and silently stored on SQLite), and lone surrogates,
    which no UTF-8 database can store.
    """
    return any(
        unicodedata.category(character) in ("Cc", "Cs")
        and character not in _ALLOWED_CONTROLS
        for character in text
    )
