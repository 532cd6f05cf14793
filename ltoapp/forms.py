"""The one base class of every form: what holds for every field people type in."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import ValidationError

from ltoapp.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters


def refuse_control_characters(form: FlaskForm, field: Field) -> None:
    """Refuse NUL and other control characters, with a message by the field."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE)


class Form(FlaskForm):
    """Every ltoapp form: each text field refuses control characters.

    Wired here once rather than on each field, so that no text field (names,
    comments, actions, answers, emails, passwords) can be forgotten;
    ``tests/test_input.py`` checks that every form derives from this class.
    """

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: Any) -> Field:
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField) and field.short_name != "csrf_token":
                field.validators = [*field.validators, refuse_control_characters]
            return field
