"""ltoapp: guided conversations for partnerships and their LTOs."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from ltoapp.errors import register_error_handlers
from ltoapp.ids import IdConverter
from ltoapp.security import register_security_headers


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure an ltoapp application."""
    app = Flask(__name__, instance_relative_config=True)
    # Before any route exists, so every ``<int:...>`` is an id a column holds.
    app.url_map.converters["int"] = IdConverter
    load_config(app, config)
    register_extensions(app)
    register_security_headers(app)
    register_error_handlers(app)
    register_blueprints(app)
    register_template_globals(app)
    register_commands(app)
    return app


def load_config(app: Flask, config: Mapping[str, Any] | None) -> None:
    """Apply defaults, instance config, environment, then the given mapping."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object("ltoapp.config")
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        f"sqlite:///{Path(app.instance_path) / 'ltoapp.sqlite3'}"
    )
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))

    from ltoapp.framework import load_framework
    from ltoapp.workflows import registry

    # Validate the content files at start-up, so a mistake stops the app
    # with a message naming the file rather than breaking a page later.
    load_framework()
    registry.init_app(app)


def instance_secret_key(instance_path: Path) -> str:
    """Return the secret key kept in the instance folder, creating it once."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def register_extensions(app: Flask) -> None:
    from ltoapp import models  # noqa: F401 - every model known to Alembic
    from ltoapp.bundles import register_bundles, register_static_delivery
    from ltoapp.extensions import (
        assets,
        compress,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
    )
    from ltoapp.reviews.schedule import keep_next_reviews_due

    db.init_app(app)
    keep_next_reviews_due(db.session)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).with_name("migrations")),
        render_as_batch=True,
    )
    csrf.init_app(app)
    assets.init_app(app)
    register_bundles(assets)
    compress.init_app(app)
    register_static_delivery(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_person(session_id: str):
        from ltoapp.accounts.sessions import person_for_session

        return person_for_session(session_id)


def register_blueprints(app: Flask) -> None:
    from ltoapp.accounts.views import bp as accounts_bp
    from ltoapp.actions.views import bp as actions_bp
    from ltoapp.health import bp as health_bp
    from ltoapp.pages.views import bp as pages_bp
    from ltoapp.relationships.views import bp as relationships_bp
    from ltoapp.reminders.views import bp as reminders_bp
    from ltoapp.reports.views import bp as reports_bp

    # Each reviews view module adds its routes to the one reviews blueprint.
    from ltoapp.reviews import (  # noqa: F401
        answer_views,
        paper_views,
        results_views,
        reveal_views,
        views,
    )
    from ltoapp.reviews.blueprint import bp as reviews_bp
    from ltoapp.workflows.views import bp as workflows_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(relationships_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(workflows_bp)
    app.register_blueprint(actions_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(reminders_bp)


def register_template_globals(app: Flask) -> None:
    from ltoapp import formatting
    from ltoapp.bundles import page_has_charts, wants_charts
    from ltoapp.extensions import assets
    from ltoapp.framework import load_framework
    from ltoapp.workflows import wording
    from ltoapp.workflows.balance import worth_talking_about

    app.add_template_filter(formatting.long_date)
    app.add_template_filter(formatting.date_time)
    app.add_template_filter(formatting.side_name)
    app.add_template_filter(formatting.the_side)
    app.add_template_filter(formatting.owner_words)
    app.add_template_filter(formatting.answer_summary)
    app.add_template_filter(formatting.workflow_name)
    app.add_template_filter(formatting.status_name)
    app.add_template_global(formatting.field_attributes)
    app.add_template_global(wording)
    app.add_template_global(wants_charts)
    app.add_template_global(page_has_charts)
    app.add_template_global(worth_talking_about)

    @app.template_global()
    def bundle_urls(name: str) -> list[str]:
        """Return the URLs of a Flask-Assets bundle for a page's head."""
        if app.config["ASSETS_AUTO_BUILD"]:
            return assets[name].urls()
        # Built once before the server starts, so the URLs cannot change;
        # asking Flask-Assets again on every page cost a fifth of a render.
        kept = app.extensions.setdefault("ltoapp_bundle_urls", {})
        if name not in kept:
            kept[name] = assets[name].urls()
        return kept[name]

    @app.context_processor
    def inject_programme() -> dict[str, Any]:
        return {
            "labels": app.config["LABELS"],
            "product_name": app.config["PRODUCT_NAME"],
            "framework": load_framework(),
        }


def register_commands(app: Flask) -> None:
    from ltoapp.cli import backup_cli, demo_cli, reminders_cli, users_cli

    app.cli.add_command(backup_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(reminders_cli)
