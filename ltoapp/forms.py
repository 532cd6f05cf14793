"""The one base class of every form: what holds for every field people type in."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import DateField, Field, StringField
from wtforms.validators import StopValidation

from ltoapp.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters


def refuse(field: Field, problem: str | None) -> bool:
    """Show a rule's problem beside a field; say whether there was one."""
    if problem is None:
        return False
    field.errors = [*field.errors, problem]
    return True


def refuse_control_characters(form: FlaskForm, field: Field) -> None:
    """Refuse NUL and other control characters, with a message by the field.

    It stops the field's other checks: one that asks the database (is this
    name taken?) would fail on PostgreSQL, which refuses NUL outright.
    """
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise StopValidation(CONTROL_CHARACTERS_MESSAGE)


#: No date in the app is sensibly outside these years; dates far beyond them
#: broke date arithmetic later (a next review past the year 9999).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def refuse_absurd_dates(form: FlaskForm, field: Field) -> None:
    """Refuse a date centuries away, whatever the field; its rules say more."""
    if isinstance(field.data, date) and not (
        EARLIEST_DATE <= field.data <= LATEST_DATE
    ):
        raise StopValidation(
            f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}."
        )


class Form(FlaskForm):
    """Every ltoapp form: text refuses control characters, dates stay sensible.

    Wired here once rather than on each field, so that no text field (names,
    comments, actions, answers, emails, passwords) can be forgotten;
    ``tests/test_input.py`` checks that every form derives from this class.
    """

    class Meta:
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            # Flask-WTF reads a JSON body as form data. No ltoapp form is sent
            # as JSON, and such a body carries what no browser form can: lists,
            # numbers, lone surrogates that cannot be written back into the
            # page (a 500 when the form was shown again). So it is not read:
            # the form is empty and says what is missing.
            if formdata is _Auto and request.method != "GET" and request.is_json:
                return ImmutableMultiDict()
            return super().wrap_formdata(form, formdata)

        def bind_field(self, form: Any, unbound_field: Any, options: Any) -> Field:
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField) and field.short_name != "csrf_token":
                field.validators = [*field.validators, refuse_control_characters]
            elif isinstance(field, DateField):
                field.validators = [*field.validators, refuse_absurd_dates]
            return field
