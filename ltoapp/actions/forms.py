"""Forms for adding an agreed action, changing it, and deciding about it later."""

from __future__ import annotations

from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ltoapp.actions.models import ActionStatus
from ltoapp.actions.rules import DECISION_NAMES, STATUS_NAMES, Decision
from ltoapp.forms import Form
from ltoapp.reviews.models import Side


def owner_side_choices(labels: dict[str, str]) -> list[SelectChoice]:
    """Who can own an action, in the programme's words."""
    return [
        SelectChoice(Side.PARTNERSHIP.value, f"The {labels['partnership']}"),
        SelectChoice(Side.LTO.value, f"The {labels['lto']}"),
        SelectChoice(Side.NEUTRAL.value, f"The {labels['rep']}"),
    ]


class ActionForm(Form):
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
    owner_person_id = SelectField(
        "Named person (optional)",
        description="The person who will make sure it happens. "
        "Their home page lists the actions they own.",
        choices=[],
        default="",
        validate_choice=True,
    )
    owner_name = StringField(
        "Or someone else (optional)",
        description="Someone who does not use the app; beside a named person, "
        "a team or role to note, for example 'Finance team'.",
        validators=[Optional(), Length(max=120)],
    )
    due_on = DateField(
        "By when? (optional)",
        validators=[Optional()],
        description="A date helps the next review pick it up.",
    )
    source = HiddenField()


def owner_person_choices(people) -> list[SelectChoice]:
    """The people of a relationship who can own an action, and "nobody named"."""
    return [SelectChoice("", "Nobody named")] + [
        SelectChoice(str(person.id), person.name) for person in people
    ]


class ActionUpdateForm(Form):
    status = RadioField(
        "Where is this action now?",
        choices=[SelectChoice(s.value, STATUS_NAMES[s]) for s in ActionStatus],
        validators=[DataRequired("Choose where the action is now.")],
    )
    due_on = DateField("By when? (optional)", validators=[Optional()])
    note = TextAreaField(
        "Note",
        description="What happened, or why it changed. Needed if it is dropped.",
        validators=[Length(max=1000, message="Keep the note to 1000 characters.")],
    )
    #: The action's version when the form was opened; a stale save is refused.
    version = HiddenField()


class CarriedDecisionForm(Form):
    decision = RadioField(
        "What happened?",
        choices=[SelectChoice(d.value, DECISION_NAMES[d]) for d in Decision],
        validators=[DataRequired("Choose what happened to the action.")],
    )
    due_on = DateField(
        "New date (if still open)",
        validators=[Optional()],
        description="When it should now be done.",
    )
    note = TextAreaField(
        "Note (needed if dropped)",
        description="Why it was dropped, or anything the next review should know.",
        validators=[Length(max=1000, message="Keep the note to 1000 characters.")],
    )
    version = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        """Ask for a new date when carried, and a reason when dropped."""
        valid = super().validate(extra_validators)
        decision = self.decision.data
        if (
            decision == Decision.CARRIED.value
            and self.due_on.data is None
            and not self.due_on.errors
        ):
            self.due_on.errors = ["Enter the new date for the action still open."]
            valid = False
        if decision == Decision.DROPPED.value and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, "Say why the action is dropped."]
            valid = False
        return valid
