"""The reviews blueprint, which every reviews view module adds its routes to.

Apart from the views so that no view module imports another; the factory
imports each view module before registering it.
"""

from __future__ import annotations

from flask import Blueprint

from ltoapp.reviews.presenters import rating_text

bp = Blueprint("reviews", __name__)
# Every rating on a results page is written by the same rule, whether the
# figure comes from Python or is written in a template.
bp.add_app_template_filter(rating_text, "rating")
