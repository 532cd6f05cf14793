"""How an action's dates are said on the page: presentation over the rules.

The rules say what is open and overdue; this says it in the words every page
uses, with the template filter's date format.
"""

from __future__ import annotations

from datetime import date

from ltoapp.actions.models import ActionStatus
from ltoapp.actions.rules import is_open
from ltoapp.formatting import long_date


def due_in_words(status: ActionStatus, due_on: date | None, today: date) -> str:
    """Say when an action is due, marking overdue in words rather than colour."""
    if due_on is None:
        return "No date agreed"
    if not is_open(status):
        return f"Was due {long_date(due_on)}"
    if due_on < today:
        return f"Overdue: was due {long_date(due_on)}"
    if due_on == today:
        return "Due today"
    return f"Due {long_date(due_on)}"
