"""A health check for the reverse proxy and the process supervisor."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ltoapp.extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/health")
@limiter.exempt
def check() -> tuple[dict[str, str], int]:
    """Say whether this instance can serve: it is running and reaches its database."""
    # A proxy asks every few seconds, so the check stays one round trip: it
    # never touches the tables, and never counts against a rate limit.
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
