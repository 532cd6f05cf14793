"""Today's date, as the app sees it."""

from __future__ import annotations

from datetime import date

from flask import current_app


def today() -> date:
    """Return today, or the ``TODAY`` setting when one is given (demos, tests)."""
    fixed = current_app.config.get("TODAY")
    return fixed if isinstance(fixed, date) else date.today()
