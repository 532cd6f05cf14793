"""The app as ``wsgi.py`` serves it in production, plus a bare route.

The bare route exists only here, never in the product: it measures what Flask
and gunicorn cost on their own, so that each page's speed can be read as a
share of it.
"""

from __future__ import annotations

import gc

from ltoapp import create_app
from ltoapp.config import PRODUCTION_SETTINGS

BENCH_SETTINGS = {
    # Every simulated guest comes from 127.0.0.1, as a whole workshop comes
    # from one church-hall address, and the benchmark runs the same joins again
    # and again. The limits stay on (their cost is part of every request) but
    # are raised far above the load, so that the figures measure the app and
    # not the limiter turning people away.
    "JOIN_RATE_LIMIT": "100000 per minute",
    "JOIN_FAILED_RATE_LIMIT": "100000 per minute",
    "JOIN_FAILED_GLOBAL_LIMIT": "100000 per minute",
    "SIGN_IN_RATE_LIMIT": "1000 per minute",
    # The benchmark talks plain HTTP to 127.0.0.1, with no TLS proxy in front:
    # a browser (and urllib) would not send a Secure cookie back over it.
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    "PREFERRED_URL_SCHEME": "http",
}

app = create_app(PRODUCTION_SETTINGS | BENCH_SETTINGS)


@app.get("/_bench/bare")
def bare() -> str:
    """Answer at once, touching nothing."""
    return "ok"


# As wsgi.py does, for the same reason: what start-up made, out of the
# collector's full passes.
gc.freeze()
