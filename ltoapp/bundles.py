"""The CSS and JavaScript bundles, built by Flask-Assets from npm packages."""

from __future__ import annotations

from flask_assets import Bundle, Environment

from ltoapp.config import NODE_MODULES


def register_bundles(assets: Environment) -> None:
    """Declare one minified, cache-busted bundle each for scripts and styles.

    The Flask-Assets environment outlives any one app (tests make many), so
    the bundles are registered once.
    """
    if "scripts" in assets:
        return
    assets.register(
        "scripts",
        Bundle(
            str(NODE_MODULES / "chart.js" / "dist" / "chart.umd.js"),
            "js/charts.js",
            "js/timeline.js",
            "js/autosave.js",
            "js/live.js",
            "js/print.js",
            filters="rjsmin",
            output="gen/app.%(version)s.js",
        ),
    )
    assets.register(
        "styles",
        Bundle(
            "css/app.css",
            "css/workflows.css",
            "css/timeline.css",
            "css/results.css",
            filters="cssmin",
            output="gen/app.%(version)s.css",
        ),
    )
