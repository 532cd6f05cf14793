"""The pages the benchmark measures: one line each.

A new page joins the benchmark with one more line in :data:`PAGES`: a name and
a function from the loaded data set's :class:`~bench.data.Targets` to its path.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.data import Targets
from ltoapp.reviews.reveal import RevealStage

UrlBuilder = Callable[[Targets], str]

#: name → path, measured in this order, each next to :data:`BARE`.
PAGES: dict[str, UrlBuilder] = {
    "home": lambda t: "/",
    "relationship": lambda t: f"/relationships/{t.relationship_id}",
    "review": lambda t: f"/reviews/{t.review_id}",
    "review record": lambda t: f"/reviews/{t.review_id}/record",
    "group results": lambda t: f"/reviews/{t.review_id}/results",
    "live view data": lambda t: f"/reviews/{t.review_id}/live.json",
    "timeline": lambda t: f"/relationships/{t.relationship_id}/timeline",
    "action log": lambda t: f"/relationships/{t.relationship_id}/actions",
    "programme overview": lambda t: "/programme",
    "reviews due": lambda t: "/reviews/due",
    # A review being held: the facilitator's checks and screen, and what each
    # phone and results page polls for the room's reveal stage.
    "check before agree": lambda t: f"/reviews/{t.burst_review_id}/check",
    "facilitator screen": lambda t: f"/reviews/{t.burst_review_id}/live",
    "reveal stage": lambda t: f"/reviews/{t.burst_review_id}/stage.json",
}

#: What the facilitator's screen polls during a workshop burst, by review id.
POLL: Callable[[int], str] = lambda review_id: f"/reviews/{review_id}/live.json"  # noqa: E731

#: Flask and gunicorn alone: the route only ``bench.wsgi`` adds.
BARE = "/_bench/bare"


def REVEAL(browser, review_id: int, stage: int) -> None:
    """Press the facilitator's reveal button for ``stage`` (0 = counts only)."""
    value = [stage.value for stage in RevealStage][stage]
    token, _ = browser.csrf_token(f"/reviews/{review_id}/live")
    status, _, _, _ = browser.request(
        f"/reviews/{review_id}/reveal", {"csrf_token": token, "stage": value}
    )
    if status != 302:
        raise RuntimeError(f"moving the reveal to {value} answered {status}")
