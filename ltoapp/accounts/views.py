"""Signing in and out, invitations, passwords, and administering people."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ltoapp.access import GUEST_SESSION_KEY, current_viewer, require
from ltoapp.accounts import operations, tokens
from ltoapp.accounts.forms import (
    ChangePasswordForm,
    ForgottenPasswordForm,
    InvitationForm,
    PasswordForm,
    SignInForm,
)
from ltoapp.accounts.mail import (
    mail_configured,
    send_invitation,
    send_password_reset,
)
from ltoapp.accounts.models import Person, Role
from ltoapp.extensions import db, limiter
from ltoapp.permissions import may_invite, may_manage_people, may_reset_password
from ltoapp.relationships.models import LTO, Partnership, Relationship
from ltoapp.reports import personal_data

bp = Blueprint("accounts", __name__)

#: One message for a wrong password and an unknown email, so that neither
#: tells a stranger who has an account.
SIGN_IN_FAILED = "The email address or password is not right."


def _rate_limit(setting: str):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def safe_next(target: str | None) -> str | None:
    """Accept only a path on this site as the place to go after signing in."""
    if not target:
        return None
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return None
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@_rate_limit("SIGN_IN_RATE_LIMIT")
def sign_in() -> str | Response:
    """Sign in with an email address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        person = operations.authenticate(form.email.data, form.password.data)
        if person is not None:
            guests = session.get(GUEST_SESSION_KEY)
            session.clear()
            if guests:
                session[GUEST_SESSION_KEY] = guests
            login_user(person)
            return redirect(
                safe_next(request.args.get("next")) or url_for("pages.home")
            )
        failed = True
    form_errors = [SIGN_IN_FAILED] if failed else []
    status = 422 if (form.errors or failed) else 200
    return render_template(
        "accounts/sign_in.html", form=form, form_errors=form_errors
    ), status


@bp.post("/sign-out")
def sign_out() -> Response:
    """Sign out and forget everything in the session."""
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response:
    """Choose a password to accept an invitation."""
    invitation = tokens.invitation_from_token(
        token,
        current_app.config["SECRET_KEY"],
        current_app.config["INVITATION_MAX_AGE"],
    )
    if invitation is None:
        return render_template("accounts/link_not_valid.html"), 404
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            person = operations.accept_invitation(invitation, form.password.data)
        except operations.InvitationRefused:
            return render_template("accounts/link_not_valid.html"), 404
        db.session.commit()
        session.clear()
        login_user(person)
        flash(f"Welcome, {person.name}. Your account is ready.", "success")
        return redirect(url_for("pages.home"))
    return render_template(
        "accounts/accept_invitation.html", form=form, invitation=invitation
    ), (422 if form.errors else 200)


@bp.route("/password/forgotten", methods=["GET", "POST"])
@_rate_limit("PASSWORD_RESET_RATE_LIMIT")
def forgotten_password() -> str | Response:
    """Ask for a link to choose a new password."""
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        person = operations.person_by_email(form.email.data)
        config = current_app.config
        if person is not None and person.erased_at is None and mail_configured(config):
            token = tokens.reset_token(person, config["SECRET_KEY"])
            link = url_for("accounts.reset_password", token=token, _external=True)
            send_password_reset(config, person.name, person.email, link)
        return render_template(
            "accounts/forgotten_password_sent.html", mail=mail_configured(config)
        )
    return render_template("accounts/forgotten_password.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@_rate_limit("PASSWORD_RESET_RATE_LIMIT")
def reset_password(token: str) -> str | Response:
    """Choose a new password from a reset link."""
    person = tokens.person_from_reset_token(
        token,
        current_app.config["SECRET_KEY"],
        current_app.config["PASSWORD_RESET_MAX_AGE"],
    )
    if person is None:
        return render_template("accounts/link_not_valid.html"), 404
    form = PasswordForm()
    if form.validate_on_submit():
        operations.reset_password(person, form.password.data)
        db.session.commit()
        logout_user()
        session.clear()
        flash("Your password has changed. Sign in with the new one.", "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form, person=person), (
        422 if form.errors else 200
    )


def _invitable_organisations() -> list[SelectChoice]:
    viewer = current_viewer()
    relationships = select(Relationship)
    if not viewer.is_administrator:
        relationships = relationships.where(
            Relationship.id.in_(viewer.facilitated_relationship_ids)
        )
    partnerships: dict[int, str] = {}
    ltos: dict[int, str] = {}
    if viewer.is_administrator:
        partnerships = {p.id: p.name for p in db.session.scalars(select(Partnership))}
        ltos = {lto.id: lto.name for lto in db.session.scalars(select(LTO))}
    else:
        for relationship in db.session.scalars(relationships):
            partnerships[relationship.partnership.id] = relationship.partnership.name
            ltos[relationship.lto.id] = relationship.lto.name
    labels = current_app.config["LABELS"]
    choices = [SelectChoice("", "No organisation")] if viewer.is_administrator else []
    choices += [
        SelectChoice(
            f"partnership-{id}", name, optgroup=labels["partnerships"].capitalize()
        )
        for id, name in sorted(partnerships.items(), key=lambda item: item[1])
    ]
    choices += [
        SelectChoice(f"lto-{id}", name, optgroup=labels["ltos"])
        for id, name in sorted(ltos.items(), key=lambda item: item[1])
    ]
    return choices


def _invitable_roles() -> list[SelectChoice]:
    labels = current_app.config["LABELS"]
    roles = [
        SelectChoice(
            Role.MEMBER.value, "Member: sees their organisation's relationships"
        )
    ]
    if current_viewer().is_administrator:
        roles += [
            SelectChoice(
                Role.FACILITATOR.value,
                f"Facilitator ({labels['rep']}): runs the reviews they are assigned to",
            ),
            SelectChoice(
                Role.ADMINISTRATOR.value, "Administrator: sees and manages everything"
            ),
        ]
    return roles


def _organisation(choice: str) -> Partnership | LTO | None:
    if not choice:
        return None
    kind, _, id = choice.partition("-")
    model = Partnership if kind == "partnership" else LTO
    return db.get_or_404(model, int(id))


@bp.route("/invitations/new", methods=["GET", "POST"])
@login_required
def invite() -> str | Response:
    """Invite someone to a partnership or LTO."""
    require(may_invite(current_viewer()))
    form = InvitationForm()
    form.offer(
        _invitable_organisations(),
        _invitable_roles(),
        organisation_required=not current_viewer().is_administrator,
    )
    if form.validate_on_submit():
        try:
            invited = operations.invite(
                form.name.data,
                form.email.data,
                Role(form.role.data),
                _organisation(form.organisation.data),
                title=form.title.data,
                by=current_viewer(),
            )
        except operations.InvitationRefused as refusal:
            db.session.rollback()
            form.email.errors.append(str(refusal))
            return render_template("accounts/invite.html", form=form), 422
        invitation = invited.invitation
        db.session.commit()
        if invitation is None:
            flash(
                f"{invited.person.name} already has an account, so no invitation "
                "is needed: they now belong there and sign in as usual.",
                "success",
            )
            return redirect(url_for("accounts.invite"))
        config = current_app.config
        token = tokens.invitation_token(invitation, config["SECRET_KEY"])
        link = url_for("accounts.accept_invitation", token=token, _external=True)
        emailed = send_invitation(
            config, invitation.person.name, invitation.person.email, link
        )
        return render_template(
            "accounts/invitation_sent.html",
            invitation=invitation,
            link=link,
            emailed=emailed,
        )
    return render_template("accounts/invite.html", form=form), (
        422 if form.errors else 200
    )


@bp.get("/people")
@login_required
def people() -> str:
    """List everyone known to ltoapp, for administrators."""
    require(may_manage_people(current_viewer()))
    everyone = db.session.scalars(select(Person).order_by(Person.name)).all()
    return render_template("accounts/people.html", people=everyone)


@bp.get("/people/<int:person_id>")
@login_required
def person(person_id: int) -> str:
    """Show one person's memberships and what can be done for them."""
    require(may_manage_people(current_viewer()))
    return render_template(
        "accounts/person.html", person=db.get_or_404(Person, person_id)
    )


@bp.get("/people/<int:person_id>/export.json")
@login_required
def export_person(person_id: int) -> Response:
    """Download everything held about one person, as JSON."""
    require(may_manage_people(current_viewer()))
    person = db.get_or_404(Person, person_id)
    response = current_app.json.response(personal_data.export_person(person))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="person-{person.id}.json"'
    )
    return response


@bp.post("/people/<int:person_id>/erase")
@login_required
def erase_person(person_id: int) -> Response:
    """Erase a person's identifying data, keeping their ratings unlinked."""
    require(may_manage_people(current_viewer()))
    person = db.get_or_404(Person, person_id)
    require(person.id != current_viewer().person_id)
    personal_data.erase_person(person, by=current_viewer())
    db.session.commit()
    flash("The person's name, email and password are erased.", "success")
    return redirect(url_for("accounts.person", person_id=person.id))


@bp.post("/people/<int:person_id>/reset-link")
@login_required
def reset_link(person_id: int) -> str:
    """Make a password reset link for an administrator to pass on."""
    person = db.get_or_404(Person, person_id)
    require(may_reset_password(current_viewer()))
    require(person.erased_at is None)
    token = tokens.reset_token(person, current_app.config["SECRET_KEY"])
    link = url_for("accounts.reset_password", token=token, _external=True)
    return render_template("accounts/person.html", person=person, reset_link=link)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> str | Response:
    """The person's own page: change their password, sign out everywhere."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            operations.reset_password(current_user, form.password.data)
            db.session.commit()
            # The change ended every session, this one too: sign in again here.
            login_user(current_user)
            flash(
                "Your password has changed. Any other device is signed out.", "success"
            )
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form), (
        422 if form.errors else 200
    )


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> Response:
    """End every session of the person on every device, except this one."""
    operations.end_sessions(current_user)
    db.session.commit()
    login_user(current_user)
    flash("Every other device is signed out. You are still signed in here.", "success")
    return redirect(url_for("accounts.account"))
