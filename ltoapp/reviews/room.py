"""What the room's projected screen shows at each stage of the reveal.

The live results (``results.live_results``) hold everything; these plain
functions take out what the room has not been shown yet, so neither the page
nor its JSON carries a figure before the facilitator reveals it, and they
word the "worth talking about" cards for a hall.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ltoapp.reviews.presenters import rating_text
from ltoapp.reviews.reveal import RevealStage

#: The table cells each part of the reveal shows.
_SIDE_CELLS = ("partnership", "lto", "neutral", "gap")
_NOT_SHOWN = "\u2013"


def higher_side(medians: Mapping[str, float | None]) -> str | None:
    """Return the side whose middle rating is higher, or None when level or unknown.

    >>> higher_side({"partnership": 7, "lto": 4})
    'partnership'
    >>> higher_side({"partnership": 5, "lto": 5}) is None
    True
    """
    partnership, lto = medians.get("partnership"), medians.get("lto")
    if partnership is None or lto is None or partnership == lto:
        return None
    return "partnership" if partnership > lto else "lto"


def _format(value: float | None) -> str:
    return "no rating" if value is None else rating_text(value)


def card_sentence(
    medians: Mapping[str, float | None], labels: Mapping[str, str]
) -> str:
    """Say each side's middle rating and which side sees it higher, in one line.

    >>> card_sentence({"partnership": 8, "lto": 4.5},
    ...               {"partnership": "partnership", "lto": "LTO"})
    'Partnership 8, LTO 4.5: the partnership sees it higher.'
    """
    names = {"partnership": labels["partnership"], "lto": labels["lto"]}
    figures = (
        f"{names['partnership'].capitalize()} {_format(medians.get('partnership'))}, "
        f"{names['lto']} {_format(medians.get('lto'))}"
    )
    higher = higher_side(medians)
    if higher is None:
        if None in (medians.get("partnership"), medians.get("lto")):
            return f"{figures}."
        return f"{figures}: both sides see it the same."
    return f"{figures}: the {names[higher]} sees it higher."


def everyone_sentence(chart: Mapping[str, Any]) -> str:
    """Say where everyone's middle rating is highest and lowest, for a caption."""
    pairs = [
        (label, value)
        for label, value in zip(
            chart["labels"], chart["datasets"][0]["values"], strict=True
        )
        if value is not None
    ]
    if not pairs:
        return "Nobody has given a rating yet."
    high = max(pairs, key=lambda pair: pair[1])
    low = min(pairs, key=lambda pair: pair[1])
    if high[1] == low[1]:
        return (
            f"Everyone's middle rating is {rating_text(high[1])} "
            "on every question answered."
        )
    return (
        f"Everyone's middle rating is highest for {high[0]} ({rating_text(high[1])}) "
        f"and lowest for {low[0]} ({rating_text(low[1])})."
    )


def _blank_chart(chart: dict[str, Any]) -> None:
    for dataset in chart["datasets"]:
        dataset["values"] = [None] * len(dataset["values"])


def for_the_room(
    live: Mapping[str, Any], stage: RevealStage, labels: Mapping[str, str]
) -> dict[str, Any]:
    """Return the live results as far as the room has been shown them.

    Counts are always shown. Everyone's medians appear from the "everyone"
    stage, each side's from the "sides" stage, the questions worth talking
    about (with each side's middle rating and which side sees it higher) at
    the last stage. What is not shown yet is blanked, not left out, so the
    page keeps its shape and its JSON fills it in place.
    """
    shown = copy.deepcopy(dict(live))
    shown["stage"] = stage.value
    shown["everyone_summary"] = everyone_sentence(shown["everyone_chart"])
    if not stage.shows(RevealStage.EVERYONE):
        _blank_chart(shown["everyone_chart"])
        shown["everyone_summary"] = ""
        for row in shown["rows"]:
            row["cells"]["everyone"] = _NOT_SHOWN
    if not stage.shows(RevealStage.SIDES):
        _blank_chart(shown["chart"])
        shown["summary"] = ""
        for row in shown["rows"]:
            row["divergent"] = False
            for part in _SIDE_CELLS:
                row["cells"][part] = _NOT_SHOWN
    if stage.shows(RevealStage.TALK):
        for item in shown["divergent"]:
            item["sentence"] = card_sentence(item.get("medians", {}), labels)
            item["higher"] = higher_side(item.get("medians", {}))
    else:
        shown["divergent"] = []
    return shown
