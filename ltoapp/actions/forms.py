"""The form for adding an agreed action."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ltoapp.reviews.models import Side


def owner_side_choices(labels: dict[str, str]) -> list[SelectChoice]:
    """Who can own an action, in the programme's words."""
    return [
        SelectChoice(Side.PARTNERSHIP.value, f"The {labels['partnership']}"),
        SelectChoice(Side.LTO.value, f"The {labels['lto']}"),
        SelectChoice(Side.NEUTRAL.value, f"The {labels['rep']} or facilitator"),
    ]


class ActionForm(FlaskForm):
    description = TextAreaField(
        "What will be done?",
        validators=[
            DataRequired("Say what will be done."),
            Length(max=1000, message="Keep the action to 1000 characters or fewer."),
        ],
    )
    owner_side = RadioField(
        "Who will do it?", validators=[DataRequired("Choose who will do it.")]
    )
    owner_name = StringField(
        "Named person (optional)",
        description="The person who will make sure it happens.",
        validators=[Optional(), Length(max=120)],
    )
    due_on = DateField(
        "By when? (optional)",
        validators=[Optional()],
        description="A date helps the next review pick it up.",
    )
    source = HiddenField()
