"""A person's choice of reminders, and the link in every mail that stops one kind."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ltoapp.accounts import tokens
from ltoapp.extensions import db
from ltoapp.reminders import operations, queries
from ltoapp.reminders.forms import ReminderSettingsForm
from ltoapp.reminders.models import ReminderKind
from ltoapp.reminders.rules import KIND_NAMES

bp = Blueprint("reminders", __name__)


@bp.app_template_global()
def stopped_reminders(person_id: int) -> list[str]:
    """Name the kinds of reminder a person stopped, for their page in People."""
    stopped = {kind for _, kind in queries.opted_out({person_id})}
    return [name for kind, name in KIND_NAMES.items() if kind in stopped]


@bp.route("/reminders", methods=["GET", "POST"])
@login_required
def settings() -> str | Response:
    """Let the person choose which kinds of reminder they get by email."""
    stopped = {kind for _, kind in queries.opted_out({current_user.id})}
    form = ReminderSettingsForm(
        data={"kinds": [kind.value for kind in KIND_NAMES if kind not in stopped]}
    )
    if form.validate_on_submit():
        wanted = {ReminderKind(value) for value in form.kinds.data or []}
        operations.set_opt_outs(current_user, set(KIND_NAMES) - wanted)
        db.session.commit()
        flash("Your choice of email reminders is saved.", "success")
        return redirect(url_for("reminders.settings"))
    return render_template("reminders/settings.html", form=form), (
        422 if form.errors else 200
    )


def _opt_out_or_404(token: str) -> tuple | None:
    found = tokens.opt_out_from_token(token, current_app.config["SECRET_KEY"])
    if found is None:
        return None
    person, kind = found
    try:
        return person, ReminderKind(kind)
    except ValueError:
        return None


@bp.get("/reminders/stop/<token>")
def stop(token: str) -> tuple[str, int] | str:
    """Ask to confirm stopping one kind of reminder, from a link in a mail."""
    # A button, not the link itself, stops them: mail scanners open links.
    found = _opt_out_or_404(token)
    if found is None:
        return render_template("accounts/link_not_valid.html"), 404
    person, kind = found
    return render_template(
        "reminders/stop.html", person=person, kind_name=KIND_NAMES.get(kind, "")
    )


@bp.post("/reminders/stop/<token>")
def confirm_stop(token: str) -> tuple[str, int] | str:
    """Stop one kind of reminder for the person the link was sent to."""
    found = _opt_out_or_404(token)
    if found is None:
        return render_template("accounts/link_not_valid.html"), 404
    person, kind = found
    operations.opt_out(person, kind)
    db.session.commit()
    return render_template("reminders/stopped.html", kind_name=KIND_NAMES.get(kind, ""))
