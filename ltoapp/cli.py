"""``flask`` commands for looking after an ltoapp installation."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ltoapp.demo import database_is_empty, load_demo
from ltoapp.extensions import db

demo_cli = AppGroup("demo", help="Demonstration data.")


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
