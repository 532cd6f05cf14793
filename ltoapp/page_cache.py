"""Pages rendered once and served again for as long as nothing has changed.

The programme has one revision number, a single row that every transaction
which writes anything moves on as part of its own commit. A page is kept
under that number, today's date, who is asking and its address. When anyone
writes anything, the number moves and every kept page is simply never asked
for again, so a kept page can be stale by no more than the time it takes to
read the number. Because the number lives in the database, several app
instances with caches of their own (or one shared cache in Redis) stay right.

Who is asking is part of the key, so a kept page is only ever served to the
person (or guest) it was rendered for, after the same permission checks
passed for them at the same revision. The page's CSRF token is the one part
that belongs to a browser session rather than to the person; it is swapped
for the current session's token each time the page is served.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, make_response, request, session
from flask.globals import request_ctx
from flask_wtf.csrf import generate_csrf
from sqlalchemy import DDL, CheckConstraint, Connection, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from ltoapp.accounts.access import guest_participants
from ltoapp.db import Base
from ltoapp.extensions import cache, db
from ltoapp.reports.clock import today

#: Stands in for the CSRF token in a kept page; it cannot occur in HTML or JSON.
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
#: Session info flag: this transaction has written something.
WROTE = "ltoapp_wrote"


class ProgrammeRevision(Base):
    """How many times the programme's data has changed: always one row."""

    __tablename__ = "programme_revision"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        # A backup holds the programme, not the cache's bookkeeping.
        {"info": {"backup": False}},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    number: Mapped[int] = mapped_column(default=0, server_default="0")


event.listen(
    ProgrammeRevision.__table__,
    "after_create",
    DDL("INSERT INTO programme_revision (id, number) VALUES (1, 0)"),
)


def move_revision_on(connection: Connection | Session) -> None:
    """Move the programme's revision on, in the caller's transaction."""
    connection.execute(
        update(ProgrammeRevision)
        .where(ProgrammeRevision.id == 1)
        .values(number=ProgrammeRevision.number + 1)
    )


def current_revision() -> int | None:
    """Return the programme's latest committed revision (None without the row)."""
    # On every view of a kept page, so as cheap as it can be: Core, not the
    # ORM, and a connection of its own in autocommit, which spares the
    # BEGIN and ROLLBACK round trips a transaction would cost.
    with db.engine.connect().execution_options(
        isolation_level="AUTOCOMMIT"
    ) as connection:
        return connection.scalar(select(ProgrammeRevision.number))


@event.listens_for(Session, "after_flush")
def _remember_flush(session: Session, flush_context: Any) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _remember_bulk_write(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@event.listens_for(Session, "before_commit")
def _move_revision_on_with_writes(session: Session) -> None:
    if session.info.get(WROTE) or session.new or session.dirty or session.deleted:
        move_revision_on(session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_writes(session: Session) -> None:
    session.info.pop(WROTE, None)


#: What a release renders pages from: code, templates, content and styles.
RELEASE_SUFFIXES = frozenset({".py", ".html", ".toml", ".js", ".css"})
#: Built from the sources above, and differently by each build.
BUILT_DIRECTORIES = frozenset({"gen", ".webassets-cache", "__pycache__"})


def _sources_digest(directories: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(directory.rglob("*")):
            if (
                path.suffix in RELEASE_SUFFIXES
                and path.is_file()
                and not BUILT_DIRECTORIES.intersection(path.parts)
            ):
                digest.update(str(path.relative_to(directory)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def release_fingerprint(directories: Iterable[Path], labels: Mapping) -> str:
    """Return a digest of everything that shapes a rendered page but the data.

    A new release, other workflows or other programme labels give another
    fingerprint, so pages kept in a shared cache by the previous release
    (which may link to styles it no longer has) are never served by this one.
    """
    digest = hashlib.sha256(_sources_digest(directories).encode())
    digest.update(json.dumps(dict(labels), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def init_app(app: Flask) -> None:
    """Work out the app's release fingerprint once, for every page's key."""
    directories = [Path(__file__).parent] + [
        Path(directory) for directory in app.config.get("WORKFLOW_DIRECTORIES", ())
    ]
    app.extensions["ltoapp_release"] = release_fingerprint(
        directories, app.config["LABELS"]
    )


def page_key(release: str, revision: int, day: str, viewer: str, address: str) -> str:
    """Return the cache key of one page as one viewer sees it at one revision."""
    digest = hashlib.sha256(f"{release}|{revision}|{day}|{viewer}|{address}".encode())
    return f"page:{digest.hexdigest()}"


def _viewer_identity() -> str | None:
    # Read from the signed session rather than by loading the person: that
    # query was most of what a kept page cost. It is safe because the person
    # the session names was loaded, checked active and allowed to see the
    # page when it was kept, at this same revision, and deactivating or
    # erasing them is a write, which moves the revision on.
    person_id = session.get("_user_id")
    guests = sorted(guest_participants().items())
    if person_id is None and not guests:
        return None
    return f"{person_id}|{guests}"


def _cacheable_viewer() -> str | None:
    """Return who is asking, if this request may be served a kept page."""
    # A message waiting to be flashed must be shown by a fresh render, which
    # also takes it off the session.
    if request.method != "GET" or "_flashes" in session:
        return None
    return _viewer_identity()


def _key_for(viewer: str) -> str | None:
    revision = current_revision()
    if revision is None:
        return None
    return page_key(
        current_app.extensions["ltoapp_release"],
        revision,
        today().isoformat(),
        viewer,
        request.url,
    )


#: Headers a kept page is not served with again: they belong to one response.
ONE_RESPONSE_HEADERS = frozenset({"content-length", "set-cookie"})

KeptPage = tuple[list[tuple[str, str]], str]


def _served(kept: KeptPage) -> Response:
    headers, body = kept
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, generate_csrf())
    return current_app.response_class(body, headers=headers)


def _keepable(response: Response) -> KeptPage | None:
    if response.status_code != 200 or response.direct_passthrough:
        return None
    # A page that showed a flashed message must not show it again.
    if request_ctx.flashes:
        return None
    body = response.get_data(as_text=True)
    token = g.get(current_app.config["WTF_CSRF_FIELD_NAME"])
    if token:
        body = body.replace(token, CSRF_PLACEHOLDER)
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in ONE_RESPONSE_HEADERS
    ]
    return headers, body


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve a read-only page from the cache while the programme is unchanged.

    Only for views that change nothing, whose page depends on nothing but the
    database, today's date, who is asking and the address (host and query
    included: a review's page shows an absolute join link). Put it outside
    ``login_required``: a page is only kept after the view's own checks let
    it render, and only served again to the same viewer.
    """

    @functools.wraps(view)
    def cached_view(**kwargs: Any) -> Any:
        viewer = _cacheable_viewer()
        key = _key_for(viewer) if viewer is not None else None
        if key is not None and (kept := cache.get(key)) is not None:
            return _served(kept)
        response = make_response(view(**kwargs))
        # Signing in from a remembered cookie, say, changes who is asking
        # during the render: such a page is not kept under the old viewer.
        # A write during the render needs no check: what the page read is at
        # least as new as the revision in its key, which no view asks for
        # once the write has moved the revision on.
        if (
            key is not None
            and _cacheable_viewer() == viewer
            and (kept := _keepable(response)) is not None
        ):
            cache.set(key, kept)
        return response

    return cached_view
