"""Forms for creating partnerships, LTOs and relationships."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import (
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ltoapp.clock import today
from ltoapp.extensions import db
from ltoapp.forms import Form
from ltoapp.relationships.models import LTO, Partnership, Relationship


class PartnershipForm(Form):
    name = StringField(
        "Name",
        validators=[DataRequired("Enter the partnership's name."), Length(max=120)],
        description="As people locally know it, for example 'Westfield Big Local'.",
    )
    area = StringField(
        "Area (optional)",
        validators=[Optional(), Length(max=120)],
        description="The neighbourhood or estate the partnership serves.",
    )

    def validate_name(self, field: StringField) -> None:
        name = field.data.strip()
        exists = db.session.scalar(select(Partnership.id).filter_by(name=name))
        if exists:
            raise ValidationError(f"There is already a partnership called {name}.")


class LTOForm(Form):
    name = StringField(
        "Name",
        validators=[DataRequired("Enter the organisation's name."), Length(max=120)],
    )
    description = TextAreaField(
        "What kind of organisation is it? (optional)",
        validators=[Optional(), Length(max=2000)],
        description=(
            "For example a community development trust, a housing association "
            "or a council for voluntary service."
        ),
    )

    def validate_name(self, field: StringField) -> None:
        name = field.data.strip()
        exists = db.session.scalar(select(LTO.id).filter_by(name=name))
        if exists:
            raise ValidationError(f"There is already an organisation called {name}.")


class RelationshipForm(Form):
    partnership_id = SelectField(
        "Partnership", coerce=int, validators=[DataRequired("Choose the partnership.")]
    )
    lto_id = SelectField(
        "Organisation",
        coerce=int,
        validators=[DataRequired("Choose the organisation.")],
    )
    started_on = DateField(
        "When did it start?",
        default=today,
        validators=[DataRequired("Enter the date the relationship started.")],
        description="If you are not sure of the day, the first of the month is fine.",
    )

    def fill_choices(self) -> None:
        """Offer every partnership and LTO, by name."""
        self.partnership_id.choices = [SelectChoice(0, "Choose a partnership")] + [
            SelectChoice(p.id, p.name)
            for p in db.session.scalars(select(Partnership).order_by(Partnership.name))
        ]
        self.lto_id.choices = [SelectChoice(0, "Choose an organisation")] + [
            SelectChoice(lto.id, lto.name)
            for lto in db.session.scalars(select(LTO).order_by(LTO.name))
        ]


class EndingForm(Form):
    """Asked when an exit interview is agreed: does the relationship end?"""

    #: "Yes" unless said otherwise: an exit interview usually means an ending.
    ends = RadioField(
        "Does the relationship end?",
        choices=[
            SelectChoice("yes", "Yes, it ends"),
            SelectChoice("no", "No, not yet"),
        ],
        default="yes",
    )
    ended_on = DateField(
        "On which day does it end?",
        default=today,
        validators=[Optional()],
        description="The last day the organisation acts for the partnership.",
    )

    def validate(self, extra_validators=None) -> bool:
        # Optional() stops the date's own checks when it is empty, so the
        # "yes needs a date" rule is checked here, with its error beside the box.
        valid = super().validate(extra_validators)
        if self.ends.data == "yes" and self.ended_on.data is None:
            if not self.ended_on.errors:
                self.ended_on.errors = [
                    "Enter the day the relationship ends, or say no."
                ]
            return False
        return valid


class NextLTOForm(Form):
    """Record the organisation a partnership works with after its last one."""

    lto_id = SelectField(
        "Which organisation is the new one?",
        coerce=int,
        validators=[Optional()],
        description="Choose it from the list, or type its name below if it is new.",
    )
    new_lto_name = StringField(
        "Or the name of an organisation not in the list",
        validators=[Optional(), Length(max=120)],
    )
    started_on = DateField(
        "When does it start?",
        validators=[DataRequired("Enter the date the new relationship starts.")],
        description="If you are not sure of the day, the first of the month is fine.",
    )

    def fill_choices(self, previous: Relationship) -> None:
        """Offer every LTO but the one that left, by name."""
        self.previous = previous
        exclude = previous.lto
        self.lto_id.choices = [SelectChoice(0, "Choose an organisation")] + [
            SelectChoice(lto.id, lto.name)
            for lto in db.session.scalars(select(LTO).order_by(LTO.name))
            if lto.id != exclude.id
        ]

    def validate_started_on(self, field: DateField) -> None:
        ended_on = self.previous.ended_on
        if field.data and ended_on and field.data < ended_on:
            raise ValidationError(
                "The new relationship starts on or after the old one ended, "
                f"on {ended_on.day} {ended_on:%B %Y}."
            )

    def validate(self, extra_validators=None) -> bool:
        # Both fields are optional on their own, but one of them is needed.
        valid = super().validate(extra_validators)
        if not (self.new_lto_name.data or "").strip() and not self.lto_id.data:
            self.lto_id.errors = [
                "Choose the new organisation, or type its name if it is not listed."
            ]
            return False
        return valid

    def validate_new_lto_name(self, field: StringField) -> None:
        name = (field.data or "").strip()
        if name and self.lto_id.data:
            raise ValidationError("Choose an organisation or type a name, not both.")
        if name and db.session.scalar(select(LTO.id).filter_by(name=name)):
            raise ValidationError(
                f"There is already an organisation called {name}: choose it above."
            )
