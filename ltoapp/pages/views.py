"""The home page and the About page."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ltoapp.extensions import db
from ltoapp.relationships.models import Relationship

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    """Show the relationships, current ones first."""
    relationships = db.session.scalars(
        select(Relationship)
        .options(
            selectinload(Relationship.partnership),
            selectinload(Relationship.lto),
            selectinload(Relationship.reviews),
        )
        .order_by(Relationship.ended_on.is_not(None), Relationship.started_on.desc())
    ).all()
    return render_template("pages/home.html", relationships=relationships)


@bp.get("/about")
def about() -> str:
    """Explain what ltoapp is for and where the framework comes from."""
    return render_template("pages/about.html")
