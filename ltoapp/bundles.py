"""The CSS and JavaScript bundles, built by Flask-Assets from npm packages."""

from __future__ import annotations

import subprocess

from flask import Flask, g, request
from flask_assets import Bundle, Environment
from markupsafe import Markup
from webassets.exceptions import FilterError
from webassets.filter import Filter, register_filter
from werkzeug.wrappers import Response

from ltoapp.config import NODE_MODULES

#: A bundle's file name carries a digest of its content, so a browser may keep
#: it for a year without asking again: a new release is a new name.
IMMUTABLE = "public, max-age=31536000, immutable"


class Esbuild(Filter):
    """Bundle an ES module and what it imports from node_modules with esbuild.

    Chart.js's npm package is written as ES modules that register what they
    draw, so esbuild can leave out the charts, scales and plugins the app never
    uses (bar, pie, time scales, ...). rjsmin cannot do that with the prebuilt
    UMD file, which holds all of them.
    """

    name = "esbuild"
    max_debug_level = None

    def input(self, _in, out, source_path: str, **kwargs) -> None:
        command = [
            str(NODE_MODULES / ".bin" / "esbuild"),
            source_path,
            "--bundle",
            "--minify",
            "--format=iife",
            "--target=es2018",
            # Keeps Chart.js's MIT licence banner in what browsers receive.
            "--legal-comments=inline",
            "--log-level=warning",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise FilterError(f"esbuild failed on {source_path}: {result.stderr}")
        out.write(result.stdout)


register_filter(Esbuild)


def register_bundles(assets: Environment) -> None:
    """Declare the minified, cache-busted bundles for scripts, charts and styles.

    Chart.js is more than half of all the JavaScript, so it is a bundle of its
    own that only pages drawing a chart load (see :func:`wants_charts`): a
    guest's join page and questionnaire on a phone never download it.

    The Flask-Assets environment outlives any one app (tests make many), so
    the bundles are registered once.
    """
    if "scripts" in assets:
        return
    assets.register(
        "scripts",
        Bundle(
            "js/charts.js",
            "js/timeline.js",
            "js/autosave.js",
            "js/questionnaire.js",
            "js/live.js",
            "js/print.js",
            filters="rjsmin",
            output="gen/app.%(version)s.js",
        ),
    )
    assets.register(
        "charts",
        Bundle(
            "js/chart-parts.mjs",
            filters="esbuild",
            output="gen/charts.%(version)s.js",
            # Rebuilt when the parts drawn or the npm package change, not only
            # when the entry file does.
            depends=[
                "js/chart-drawn.mjs",
                str(NODE_MODULES / "chart.js" / "package.json"),
            ],
        ),
    )
    assets.register(
        "styles",
        Bundle(
            "css/app.css",
            "css/workflows.css",
            "css/timeline.css",
            "css/results.css",
            "css/questionnaire.css",
            filters="cssmin",
            output="gen/app.%(version)s.css",
        ),
    )


def wants_charts() -> Markup:
    """Note that this page draws a chart, so the layout loads Chart.js.

    Called by the chart macros; the layout asks :func:`page_has_charts` at
    the end of the body, after the macros have run.
    """
    g.page_has_charts = True
    return Markup("")


def page_has_charts() -> bool:
    """Whether a chart macro ran while this page was rendered."""
    return bool(g.get("page_has_charts"))


def register_static_delivery(app: Flask) -> None:
    """Serve static files whole, and let browsers keep the bundles for a year.

    Flask streams static files from disk. Flask-Compress compresses a stream
    without closing the file behind it, so each file is read whole here first
    (the largest, Chart.js, is under 200 kB) and compressed as one body, with
    its length. A bundle's name changes with its content, so it is immutable.
    Register after Flask-Compress: after-request functions run last first.
    """
    generated = f"{app.static_url_path}/gen/"

    @app.after_request
    def deliver_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        response.direct_passthrough = False
        response.make_sequence()
        if request.path.startswith(generated):
            response.headers["Cache-Control"] = IMMUTABLE
        return response
