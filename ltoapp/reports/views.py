"""Reports: what is due, the programme overview, and records to download."""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import login_required

from ltoapp.access import current_viewer, relationship_or_404, require
from ltoapp.clock import today
from ltoapp.permissions import (
    may_export_relationship,
    may_see_due_reviews,
    may_see_programme_overview,
    visible_relationships,
)
from ltoapp.relationships.models import Relationship
from ltoapp.reports import exports, queries
from ltoapp.reports.rules import TIMING_NAMES
from ltoapp.workflows.registry import current_workflows

bp = Blueprint("reports", __name__)


def _download(body: str, mimetype: str, relationship: Relationship, what: str):
    name = re.sub(r"[^a-z0-9]+", "-", relationship.title.lower()).strip("-")
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}-{what}"',
            "Cache-Control": "no-store",
        },
    )


def _exportable(relationship_id: int) -> Relationship:
    relationship = relationship_or_404(relationship_id)
    require(may_export_relationship(current_viewer(), relationship))
    return relationship


@bp.get("/reviews/due")
@login_required
def due() -> str:
    """List when each relationship's next review is due, overdue first."""
    viewer = current_viewer()
    require(may_see_due_reviews(viewer))
    page = request.args.get("page", 1, type=int)
    return render_template(
        "reports/due.html",
        due=queries.due_page(visible_relationships(viewer), today(), page),
        timing_names=TIMING_NAMES,
    )


@bp.get("/programme")
@login_required
def overview() -> str:
    """Show counts across the programme: reviews done and due, actions open."""
    require(may_see_programme_overview(current_viewer()))
    return render_template(
        "reports/overview.html",
        overview=queries.programme_overview(list(current_workflows()), today()),
        today=today(),
    )


@bp.get("/relationships/<int:relationship_id>/actions.csv")
@login_required
def actions_csv(relationship_id: int):
    """Download a relationship's actions and their history as CSV."""
    relationship = _exportable(relationship_id)
    body = exports.actions_csv(
        exports.load_reviews(relationship.id), current_app.config["LABELS"]
    )
    return _download(body, "text/csv", relationship, "actions.csv")


@bp.get("/relationships/<int:relationship_id>/ratings.csv")
@login_required
def ratings_csv(relationship_id: int):
    """Download a relationship's ratings as CSV, as each review's anonymity allows."""
    relationship = _exportable(relationship_id)
    body = exports.ratings_csv(exports.load_reviews(relationship.id))
    return _download(body, "text/csv", relationship, "ratings.csv")


@bp.get("/relationships/<int:relationship_id>/relationship.json")
@login_required
def relationship_json(relationship_id: int):
    """Download one relationship's whole record as a JSON document."""
    relationship = _exportable(relationship_id)
    document = exports.relationship_document(
        relationship, exports.load_reviews(relationship.id)
    )
    body = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True)
    current_app.logger.info("Relationship %s exported as JSON", relationship.id)
    return _download(body, "application/json", relationship, "record.json")
