"""``flask`` commands for looking after an ltoapp installation."""

from __future__ import annotations

import json
import smtplib

import click
from flask import current_app, url_for
from flask.cli import AppGroup

from ltoapp.accounts import operations as account_operations
from ltoapp.accounts import tokens
from ltoapp.accounts.forms import PASSWORD_MIN_LENGTH
from ltoapp.accounts.mail import mail_configured, send_mail
from ltoapp.accounts.models import Invitation
from ltoapp.clock import today
from ltoapp.demo import database_is_empty, load_demo
from ltoapp.extensions import db
from ltoapp.reminders import operations as reminder_operations
from ltoapp.reminders.mail import compose
from ltoapp.reports.backup import BackupError, export_database, import_database

demo_cli = AppGroup("demo", help="Demonstration data.")
users_cli = AppGroup("users", help="People and their accounts.")


@demo_cli.command("load")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Only load the demo into a database that has no partnerships yet.",
)
def load_demo_command(if_empty: bool) -> None:
    """Load the demonstration data; running it again adds nothing twice."""
    if if_empty and not database_is_empty():
        click.echo("The database already has data; the demo was not loaded.")
        return
    added = load_demo()
    db.session.commit()
    click.echo(f"Demo loaded: {added} new relationship(s).")


@users_cli.command("create-admin")
@click.option("--name", prompt="Name")
@click.option("--email", prompt="Email address")
def create_admin(name: str, email: str) -> None:
    """Add an administrator; the password is asked for, never passed as an argument."""
    if account_operations.person_by_email(email) is not None:
        raise click.ClickException(f"Someone with the email {email} already exists.")
    while True:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        if len(password) >= PASSWORD_MIN_LENGTH:
            break
        click.echo(f"Use at least {PASSWORD_MIN_LENGTH} characters.")
    person = account_operations.create_administrator(name, email, password)
    db.session.commit()
    click.echo(f"Administrator {person.name} <{person.email}> can now sign in.")


def _external_url(endpoint: str, **values: str) -> str:
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


@users_cli.command("invitation-link")
@click.argument("email")
def invitation_link(email: str) -> None:
    """Print a fresh invitation link for someone already invited."""
    person = account_operations.person_by_email(email)
    if person is None:
        raise click.ClickException(f"Nobody has the email {email}.")
    if not account_operations.never_had_password(person):
        # An invitation only sets a first password; use reset-link instead.
        raise click.ClickException(
            f"{email} already has an account: use `users reset-link` instead."
        )
    invitation = Invitation(person=person)
    db.session.add(invitation)
    db.session.commit()
    token = tokens.invitation_token(invitation, current_app.config["SECRET_KEY"])
    click.echo(_external_url("accounts.accept_invitation", token=token))


@users_cli.command("reset-link")
@click.argument("email")
def reset_link(email: str) -> None:
    """Print a link with which someone can choose a new password."""
    person = account_operations.person_by_email(email)
    if person is None or person.erased_at is not None:
        raise click.ClickException(f"Nobody has the email {email}.")
    token = tokens.reset_token(person, current_app.config["SECRET_KEY"])
    click.echo(_external_url("accounts.reset_password", token=token))


backup_cli = AppGroup("backup", help="Export and import the whole database.")


@backup_cli.command("export")
@click.argument("file", type=click.File("w"))
def export_command(file) -> None:
    """Write the whole database to FILE as JSON ('-' for the terminal)."""
    with db.engine.connect() as connection:
        document = export_database(connection, db.metadata)
    json.dump(document, file, indent=1, sort_keys=True, ensure_ascii=False)
    file.write("\n")
    rows = sum(len(rows) for rows in document["tables"].values())
    click.echo(f"Exported {rows} rows from {len(document['tables'])} tables.", err=True)


@backup_cli.command("import")
@click.argument("file", type=click.File("r"))
def import_command(file) -> None:
    """Restore a backup from FILE into an empty, migrated database."""
    document = json.load(file)
    try:
        with db.engine.begin() as connection:
            counts = import_database(connection, db.metadata, document)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Imported {sum(counts.values())} rows into {len(counts)} tables.")


reminders_cli = AppGroup("reminders", help="Reminders by email.")


@reminders_cli.command("send")
def send_reminders() -> None:
    """Email the reminders due today; run again, it sends nothing new (for cron)."""
    config = current_app.config
    if not mail_configured(config):
        click.echo(
            "No mail server is set (MAIL_SERVER): nothing was sent. "
            "People see their reminders on their home page."
        )
        return
    day = today()
    sent = 0
    # Links in the mails point at the site, not at this command's machine.
    with current_app.test_request_context(base_url=config["BASE_URL"]):
        for mail in reminder_operations.plan_mails(day):
            subject, text, html = compose(mail, day)
            try:
                send_mail(config, mail.person.email, subject, text, html)
            except (OSError, smtplib.SMTPException) as error:
                raise click.ClickException(
                    f"The mail server did not take the mail to {mail.person.email}"
                    f" ({error}). {sent} sent; run again to send the rest."
                ) from error
            # Recorded and committed mail by mail: if the server fails half
            # way, the next run sends only what did not go.
            reminder_operations.record_sent(mail, day)
            db.session.commit()
            sent += 1
    click.echo(f"Sent {sent} reminder email(s).")
