"""Security headers sent with every response."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response


def register_security_headers(app: Flask) -> None:
    """Add the CSP and the other protective headers to every response."""

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault(
            "Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"]
        )
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":
            # Pages show what a signed-in person or a guest may see: a shared
            # computer's browser must not keep them for the next person.
            # Only the versioned static files may be kept.
            headers["Cache-Control"] = "no-store"
        return response


def require_fixed_host(config: Mapping[str, Any]) -> None:
    """Refuse to serve in production unless links cannot take a forged Host.

    With ``SERVER_NAME`` set, absolute links (join links, reset links, emailed
    links) use it whatever Host a request claims; with ``TRUSTED_HOSTS`` set,
    a request naming another host is refused with 400 before any page.
    """
    if not config.get("SERVER_NAME") and not config.get("TRUSTED_HOSTS"):
        raise RuntimeError(
            "Set SERVER_NAME (for example 'reviews.example.org') or TRUSTED_HOSTS "
            "in instance/config.py: otherwise a forged Host header would reach "
            "the links ltoapp makes (docs/deploy.md)."
        )


def behind_proxy(app: Flask) -> None:
    """Trust the forwarded client address and scheme from the documented proxies.

    ``PROXY_HOPS`` proxies (docs/deploy.md: one nginx) set X-Forwarded-For and
    X-Forwarded-Proto, which rate limits and links need; any further
    addresses a client adds itself are ignored. X-Forwarded-Host is never
    trusted: links use ``SERVER_NAME``, not what a request claims.
    """
    if hops := app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)
