"""Security headers sent with every response."""

from __future__ import annotations

from flask import Flask
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
        return response
