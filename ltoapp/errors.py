"""The app's own error pages, and what each failure means to a person.

Every error answer is made here, registered once from the factory, so no view
catches a domain exception or a lost race itself. Pages use the base layout;
JSON callers (autosave, the live screen) get JSON with the same words.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from flask import (
    Flask,
    current_app,
    g,
    jsonify,
    render_template,
    request,
)
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError
from werkzeug.wrappers import Response

from ltoapp.access import current_viewer
from ltoapp.actions.models import Action
from ltoapp.extensions import db, limiter
from ltoapp.permissions import may_view_relationship
from ltoapp.reviews.models import Review
from ltoapp.reviews.operations import ReviewClosed

#: What each status says in a few plain words, for pages and JSON alike.
MESSAGES = {
    400: "Something in what was sent was not right.",
    403: "You cannot do that here.",
    404: "There is no page here, or it is not one you can see.",
    405: "This page cannot be opened that way.",
    409: "Someone else changed this at the same moment.",
    413: "What was sent is too long to take in one go.",
    429: "Too many tries in a short time.",
    500: "Something went wrong on our side.",
}
EXPIRED_FORM = "This page was open a long time — press Send again."
CLOSED_REVIEW = "This review has been agreed, so nothing in it can change any more."

#: Posted fields never written back into a page: a password stays with its owner.
NOT_CARRIED = ("csrf_token", "password")


def register_error_handlers(app: Flask) -> None:
    """Answer every failure with the app's own page (or JSON), never a bare one."""
    app.register_error_handler(CSRFError, expired_form)
    app.register_error_handler(ReviewClosed, review_closed)
    # A lost race: someone else's save committed between our read and write.
    app.register_error_handler(StaleDataError, lost_race)
    app.register_error_handler(IntegrityError, lost_race)
    app.register_error_handler(OperationalError, lost_race)
    app.register_error_handler(InternalServerError, internal_error)
    app.register_error_handler(SecurityError, untrusted_host)
    app.register_error_handler(HTTPException, http_error)


def wants_json() -> bool:
    """Say whether the caller reads JSON rather than a page."""
    if request.path.endswith((".json", "/draft")):
        return True
    accept = request.accept_mimetypes
    return accept.best == "application/json"


def error_response(
    status: int,
    message: str | None = None,
    template: str | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """Make the answer for a status: a page in the base layout, or JSON."""
    message = message or MESSAGES.get(status, MESSAGES[400])
    if wants_json():
        response = jsonify(saved=False, error=status, message=message)
    else:
        response = current_app.make_response(
            render_template(
                template or f"errors/{status if status in MESSAGES else 400}.html",
                status=status,
                message=message,
                **context,
            )
        )
    response.status_code = status
    response.headers.update(headers or {})
    # An error answer is never kept: the next try should reach the app.
    response.cache_control.no_store = True
    return response


def http_error(error: HTTPException) -> Response:
    """Answer a Werkzeug HTTP error (404, 405, 413, 429, ...) with our page."""
    status = error.code or 500
    if status >= 500:
        return internal_error(error)
    if status == 404 and (closed := _agreed_review_behind()) is not None:
        return review_closed(ReviewClosed(closed))
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    context: dict[str, Any] = {}
    if status == 429:
        context["wait"] = _seconds_to_wait()
        headers["Retry-After"] = str(context["wait"])
    return error_response(status, headers=headers, **context)


def untrusted_host(error: SecurityError) -> Response:
    """Refuse a request for a host name this site does not answer to.

    No page in the layout can be made: every link in it would be built for
    the forged host, and Flask has no URL adapter for one it does not trust.
    """
    response = Response(
        "This address is not one this site answers to.\n",
        status=400,
        mimetype="text/plain",
    )
    response.cache_control.no_store = True
    return response


def _agreed_review_behind() -> int | None:
    """Return the review a refused change was for, if it was refused as agreed.

    Views answer 404 to a change nobody may make; when the reason is that the
    review was agreed while the page was open, and the person may see it,
    saying so (and where the record is) helps more than "not found".
    """
    args = request.view_args or {}
    if request.method != "POST":
        return None
    if isinstance(args.get("review_id"), int):
        review = db.session.get(Review, args["review_id"])
    elif isinstance(args.get("action_id"), int):
        action = db.session.get(Action, args["action_id"])
        review = action.review if action is not None else None
    else:
        return None
    if review is None or not review.is_agreed:
        return None
    if not may_view_relationship(current_viewer(), review.relationship):
        return None
    return review.id


def _seconds_to_wait() -> int:
    """Say how long until the limit that was hit lets the next try through."""
    limit = limiter.current_limit
    if limit is None:
        return 60
    # Rounded as Flask-Limiter rounds its Retry-After header, so both agree.
    return max(int(limit.reset_at - time.time()), 1)


def expired_form(error: CSRFError) -> Response:
    """Show a form whose token expired again, with what was typed and a new token.

    The posted fields go back into a form that sends them to the same address,
    so pressing Send again finishes what the person started. Passwords are
    not written into the page; the form they came from asks for them again.
    """
    db.session.rollback()
    fields = [
        (name, value)
        for name, values in request.form.lists()
        if not any(word in name for word in NOT_CARRIED)
        for value in values
    ]
    typed = [value for name, value in fields if _looks_typed(name, value)]
    return error_response(
        400,
        EXPIRED_FORM,
        template="errors/expired_form.html",
        fields=fields,
        typed=typed,
        action=request.full_path if request.query_string else request.path,
        dropped_password=any("password" in name for name in request.form),
    )


def _looks_typed(name: str, value: str) -> bool:
    # Words a person typed, not the keys, numbers and tokens that buttons,
    # choices and hidden fields send: those are carried but not shown.
    text = value.strip()
    if "token" in name or not text:
        return False
    return not all(ch.isalnum() or ch in "_-" for ch in text)


def review_closed(error: ReviewClosed) -> Response:
    """Say that the review was agreed meanwhile, and where its record is."""
    db.session.rollback()
    review_id = error.args[0] if error.args else None
    return error_response(
        409, CLOSED_REVIEW, template="errors/closed.html", review_id=review_id
    )


def lost_race(error: Exception) -> Response:
    """Try a save once more after losing a race; if it loses again, say so.

    Two people saving at the same moment: one commits, the other's write finds
    the row changed (StaleDataError), the row already there (IntegrityError on
    a unique rule), or the database busy. Trying the view once more sees the
    winner's save, so it ends as that view's own conflict page with both
    versions, or, for a repeated tap, as the same answer the first tap got.
    """
    db.session.rollback()
    retryable = (
        request.method == "POST" and request.endpoint in current_app.view_functions
    )
    if isinstance(error, OperationalError) and not _busy(error):
        return internal_error(InternalServerError(original_exception=error))
    if not retryable or g.get("ltoapp_retried_race"):
        # Logged in full: a unique rule broken twice may be a bug, not a race.
        current_app.logger.error(
            "Conflict on %s %s", request.method, request.path, exc_info=error
        )
        return error_response(409, template="errors/409.html")
    g.ltoapp_retried_race = True
    current_app.logger.info(
        "Lost a race on %s %s; trying again", request.method, request.path
    )
    view = current_app.view_functions[request.endpoint]
    try:
        answer = current_app.ensure_sync(view)(**(request.view_args or {}))
    # Whatever the second try raises is answered as the first would have been.
    except Exception as again:
        return current_app.make_response(current_app.handle_user_exception(again))
    return current_app.make_response(answer)


def _busy(error: OperationalError) -> bool:
    # SQLite answers "database is locked" when another writer held on too long.
    return "locked" in str(error.orig) or "deadlock" in str(error.orig)


def internal_error(error: HTTPException) -> Response:
    """Roll back, apologise, and name a reference that is also in the log."""
    db.session.rollback()
    reference = secrets.token_hex(4).upper()
    original = getattr(error, "original_exception", None) or error
    current_app.logger.error(
        "Error reference %s on %s %s",
        reference,
        request.method,
        request.path,
        exc_info=(type(original), original, original.__traceback__),
    )
    return error_response(
        500,
        f"{MESSAGES[500]} Reference {reference}.",
        reference=reference,
    )
