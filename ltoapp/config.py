"""Default settings. Nothing secret lives here.

Settings are read in this order, later ones winning: these defaults,
``instance/config.py`` when it exists, then ``DATABASE_URL`` and ``SECRET_KEY``
from the environment, then the mapping passed to ``create_app``.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root: ``node_modules`` lives beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Words the interface uses for the programme's roles, so that another
#: programme can use ltoapp in its own language (report §7.4, Recommendation 5).
LABELS = {
    "app_name": "ltoapp",
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

#: Answers may be long but not unbounded.
COMMENT_MAX_LENGTH = 2000

#: Divergence thresholds (DESIGN.md §3): a question is worth talking about when
#: the partnership and LTO medians differ by this much, or when everyone's
#: ratings span this range.
DIVERGENCE_SIDE_GAP = 3
DIVERGENCE_RANGE = 5
#: A person's ratings are a flat profile when all lie within this many points.
FLAT_PROFILE_SPREAD = 1

NODE_MODULES = PROJECT_ROOT / "node_modules"
ASSETS_AUTO_BUILD = True
#: The version is in the bundle's file name, so no query string is needed.
ASSETS_URL_EXPIRE = False
#: Keep Chart.js's licence banner in the minified bundle.
RJSMIN_KEEP_BANG_COMMENTS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
