"""The one rule every change to a review obeys: an agreed review is a record."""

from __future__ import annotations

from ltoapp.reviews.models import Review


class ReviewClosed(Exception):
    """The review is agreed, so nothing in it can change any more."""


def ensure_open(review: Review) -> None:
    """Refuse any change to an agreed review (the error pages say why)."""
    if review.is_agreed:
        raise ReviewClosed(review.id)
