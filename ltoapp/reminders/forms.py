"""The form on which a person chooses which reminders they get by email."""

from __future__ import annotations

from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from ltoapp.forms import Form
from ltoapp.reminders.rules import KIND_NAMES


class ReminderSettingsForm(Form):
    kinds = SelectMultipleField(
        "Email me when there is",
        choices=[SelectChoice(kind.value, name) for kind, name in KIND_NAMES.items()],
        description="Untick what you do not want by email.",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        # Unticking everything is a valid choice: no reminders at all.
        validate_choice=True,
    )
