"""Default settings. Nothing secret lives here.

Settings are read in this order, later ones winning: these defaults,
``instance/config.py`` when it exists, then ``DATABASE_URL`` and ``SECRET_KEY``
from the environment, then the mapping passed to ``create_app``.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root: ``node_modules`` lives beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: What the interface calls itself, in plain words: residents never see
#: "ltoapp". Kept apart from the programme's labels below.
PRODUCT_NAME = "Relationship reviews"

#: Who to ask for another format or to report an accessibility problem
#: (the accessibility statement); without one, people are told to ask their rep.
ACCESSIBILITY_CONTACT_EMAIL: str | None = None

#: Words the interface uses for the programme's roles, so that another
#: programme can use ltoapp in its own language (report §7.4, Recommendation 5).
LABELS = {
    "programme": "Big Local",
    "partnership": "partnership",
    "partnerships": "partnerships",
    "lto": "LTO",
    "ltos": "LTOs",
    "lto_long": "locally trusted organisation",
    "rep": "rep",
    "funder": "Local Trust",
}

SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

#: Extra folders of workflow definition files, read after the shipped ones.
WORKFLOW_DIRECTORIES: list[str] = []

#: Answers may be long but not unbounded.
COMMENT_MAX_LENGTH = 2000

#: Divergence thresholds (DESIGN.md §3): a question is worth talking about when
#: the partnership and LTO medians differ by this much, or when everyone's
#: ratings span this range.
DIVERGENCE_SIDE_GAP = 3
DIVERGENCE_RANGE = 5
# The smallest group shown is not a setting: it is part of the disclosure
# rule (ltoapp/framework/disclosure.py), whose reasons depend on it.
#: A person's ratings are a flat profile when all lie within this many points.
FLAT_PROFILE_SPREAD = 1

NODE_MODULES = PROJECT_ROOT / "node_modules"
ASSETS_AUTO_BUILD = True
#: The version is in the bundle's file name, so no query string is needed.
ASSETS_URL_EXPIRE = False
#: Keep Chart.js's licence banner in the minified bundle.
RJSMIN_KEEP_BANG_COMMENTS = True

#: Compressed by the app itself (Flask-Compress), so a plain gunicorn sends a
#: phone a quarter of the bytes. Brotli first: every current browser asks for
#: it over HTTPS and it is smaller than gzip; gzip for everything else.
COMPRESS_ALGORITHM = ["br", "gzip"]
COMPRESS_BR_LEVEL = 5

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
#: A form's CSRF token lasts a working day, not Flask-WTF's one hour: a review
#: runs through an afternoon with its pages left open between talks, and a
#: token expiring mid-workshop would make people send their answers twice.
#: The token is still tied to the browser's session, which is what stops a
#: forged post; a longer life does not let another site guess it.
WTF_CSRF_TIME_LIMIT = 8 * 3600

#: Rate limits (Flask-Limiter syntax), per client address.
SIGN_IN_RATE_LIMIT = "10 per minute"
PASSWORD_RESET_RATE_LIMIT = "5 per minute"
#: Join codes (``ltoapp/reviews/limits.py`` has the arithmetic). Posts per
#: address are generous, because a whole workshop joins from one church-hall
#: address; only failed tries count towards the other two.
JOIN_RATE_LIMIT = "600 per minute"
JOIN_FAILED_RATE_LIMIT = "30 per minute"
JOIN_FAILED_GLOBAL_LIMIT = "300 per minute"
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True

#: The largest request taken, in bytes: a whole questionnaire with every
#: comment at its longest is about 25 kB, so this is generous, and anything
#: bigger is answered with the "too long" page rather than read into memory.
MAX_CONTENT_LENGTH = 512 * 1024

#: How long links stay valid, in seconds.
INVITATION_MAX_AGE = 7 * 24 * 3600
PASSWORD_RESET_MAX_AGE = 2 * 3600

#: Where links printed by ``flask users ...`` point.
BASE_URL = "http://127.0.0.1:5000"

#: The site's own host name, for absolute links (join, reset and emailed
#: links) whatever Host a request claims. ``wsgi.py`` refuses to start
#: without it or ``TRUSTED_HOSTS`` (a list of host names; others get 400).
SERVER_NAME = None
TRUSTED_HOSTS = None
#: How many reverse proxies in front of ltoapp set X-Forwarded-For and
#: X-Forwarded-Proto (docs/deploy.md: one nginx). 0 trusts no header.
PROXY_HOPS = 1

#: Without a mail server, links are shown to whoever made them, to pass on.
MAIL_SERVER = None
MAIL_PORT = 587
MAIL_USE_TLS = True
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_FROM = "Relationship reviews <no-reply@localhost>"

#: The Content-Security-Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: Settings for serving in production behind HTTPS (``wsgi.py``).
PRODUCTION_SETTINGS = {
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "PREFERRED_URL_SCHEME": "https",
    "ASSETS_AUTO_BUILD": False,
}
