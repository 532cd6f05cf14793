"""Forms for signing in, inviting people and choosing passwords."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ltoapp.accounts.models import Role
from ltoapp.forms import Form

PASSWORD_MIN_LENGTH = 10


class SignInForm(Form):
    email = EmailField(
        "Email address", validators=[DataRequired("Enter your email address.")]
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password.")]
    )


class PasswordForm(Form):
    password = PasswordField(
        "Choose a password",
        description=(
            f"At least {PASSWORD_MIN_LENGTH} characters. "
            "A few words you will remember works well."
        ),
        validators=[
            DataRequired("Choose a password."),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=200,
                message=(
                    f"Your password needs at least {PASSWORD_MIN_LENGTH} characters."
                ),
            ),
        ],
    )
    confirm = PasswordField(
        "Type the password again",
        validators=[
            DataRequired("Type the password again."),
            EqualTo("password", message="The two passwords are not the same."),
        ],
    )


class ChangePasswordForm(PasswordForm):
    current_password = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your current password.")],
    )


class ForgottenPasswordForm(Form):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.org."),
        ],
    )


class InvitationForm(Form):
    name = StringField(
        "Their name",
        validators=[DataRequired("Enter the person's name."), Length(max=120)],
    )
    email = EmailField(
        "Their email address",
        validators=[
            DataRequired("Enter the person's email address."),
            Email("Enter an email address like name@example.org."),
            Length(max=254),
        ],
    )
    organisation = SelectField("Joining", validators=[Optional()])
    title = StringField(
        "Their role there (optional)",
        description=(
            "For example chair, treasurer, finance officer or community worker."
        ),
        validators=[Optional(), Length(max=120)],
    )
    role = SelectField(
        "What they can do",
        choices=[
            SelectChoice(
                Role.MEMBER.value, "Member: sees their organisation's relationships"
            )
        ],
        default=Role.MEMBER.value,
    )

    def offer(
        self,
        organisations: list[SelectChoice],
        roles: list[SelectChoice],
        *,
        organisation_required: bool,
    ) -> None:
        """Offer the organisations and roles this inviter may choose from.

        A facilitator invites people only into the organisations they work
        with, so for them choosing one is required.
        """
        self.organisation.choices = organisations
        self.role.choices = roles
        if organisation_required:
            self.organisation.validators = [
                DataRequired("Choose who they are joining.")
            ]


class AssignFacilitatorForm(Form):
    person_id = SelectField("Facilitator", coerce=int)
