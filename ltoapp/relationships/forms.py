"""Forms for creating partnerships, LTOs and relationships."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ltoapp.extensions import db
from ltoapp.forms import Form
from ltoapp.relationships.models import LTO, Partnership


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
        default=date.today,
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
