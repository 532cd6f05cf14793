"""Reading the two sides apart and a relationship over time (DESIGN.md §3).

Where :mod:`ltoapp.framework.analysis` summarises everyone's ratings, this
module compares the partnership's with the LTO's (divergence, flat profiles),
the "now" with the wanted (aspiration gaps), and one review with the last
(change). Like the summaries, it reads medians and ranges, never one score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ltoapp.framework.analysis import (
    CellSummary,
    RatingRecord,
    format_number,
    summarise_cells,
)

#: The sides someone can speak for (``reviews.models.Side`` values), in the order
#: results show them.
SIDES = ("partnership", "lto", "neutral")

#: How reasons name each side unless the caller passes the configured labels.
DEFAULT_SIDE_NAMES = {"partnership": "partnership", "lto": "LTO", "neutral": "neutral"}

#: With only one or two numbers there is no profile to read: two equal ratings
#: say nothing about whether someone has priorities.
FLAT_PROFILE_MINIMUM = 3


def summarise_by_side(
    ratings: Iterable[RatingRecord],
    question_keys: Sequence[str],
    columns: Sequence[str],
) -> dict[str, dict[tuple[str, str], CellSummary]]:
    """Summarise each side's ratings apart: one set of cells per side.

    Every side in :data:`SIDES` is present, with every question and column, even
    when nobody from that side has rated anything, so callers never have to ask
    whether a side exists. Ratings from any other side are left out.
    """
    grouped: dict[str, list[RatingRecord]] = {side: [] for side in SIDES}
    for rating in ratings:
        if rating.side in grouped:
            grouped[rating.side].append(rating)
    return {
        side: summarise_cells(found, question_keys, columns)
        for side, found in grouped.items()
    }


@dataclass(frozen=True)
class Divergence:
    """How far apart people see one question in one column.

    ``side_gap`` is the absolute difference between the partnership side's and
    the LTO side's medians, or None when either side gave no number. ``reasons``
    says in plain English why the question is flagged, and is empty when not.
    """

    question_key: str
    column: str
    overall: CellSummary
    #: Left out of the hash: a dict cannot be hashed, and equal objects still
    #: hash alike without it.
    by_side: dict[str, CellSummary] = field(hash=False)
    side_gap: float | None
    flagged: bool
    reasons: tuple[str, ...]

    @property
    def spread(self) -> int | None:
        """The range across everyone, whichever side they speak for."""
        return self.overall.spread


def _points(value: float) -> str:
    return f"{format_number(value)} {'point' if value == 1 else 'points'}"


def question_divergence(
    ratings: Iterable[RatingRecord],
    question_keys: Sequence[str],
    column: str,
    side_gap_threshold: float = 3,
    range_threshold: float = 5,
    side_names: Mapping[str, str] | None = None,
) -> list[Divergence]:
    """Say, question by question, how far apart people see one column.

    A question is flagged as worth talking about when the medians of the
    partnership side and the LTO side are at least ``side_gap_threshold`` apart,
    or when everyone's ratings (neutral people included) span at least
    ``range_threshold`` points. "Don't know" answers are counted in the cells but
    never used as numbers. When a side gave no number the side gap is None and
    only the range can flag the question.

    Flagged questions come first, largest side gap first (an unknown gap after
    any known one), then largest range, then framework order; the rest follow
    in framework order. ``side_names`` maps sides to the configured labels used
    in the reasons.
    """
    ratings = list(ratings)
    return judge_divergence(
        summarise_cells(ratings, question_keys, [column]),
        summarise_by_side(ratings, question_keys, [column]),
        question_keys,
        column,
        side_gap_threshold=side_gap_threshold,
        range_threshold=range_threshold,
        side_names=side_names,
    )


def judge_divergence(
    overall: Mapping[tuple[str, str], CellSummary],
    by_side: Mapping[str, Mapping[tuple[str, str], CellSummary]],
    question_keys: Sequence[str],
    column: str,
    side_gap_threshold: float = 3,
    range_threshold: float = 5,
    side_names: Mapping[str, str] | None = None,
) -> list[Divergence]:
    """Apply the rule of :func:`question_divergence` to cells already summarised.

    The cells may be those a viewer is allowed to see
    (``disclosure.ShownCell``): a side whose median is withheld gives no side
    gap, a spread withheld flags nothing, and a range whose ends are withheld
    is described without them, so no reason says more than the figures do.
    """
    names = DEFAULT_SIDE_NAMES | dict(side_names or {})
    results = []
    for question in question_keys:
        cell = (question, column)
        sides = {side: cells[cell] for side, cells in by_side.items()}
        partnership = sides["partnership"].median if "partnership" in sides else None
        lto = sides["lto"].median if "lto" in sides else None
        side_gap = (
            None
            if partnership is None or lto is None
            else float(abs(partnership - lto))
        )
        everyone = overall[cell]
        spread = everyone.spread
        reasons = []
        if side_gap is not None and side_gap >= side_gap_threshold:
            reasons.append(
                f"The {names['partnership']} and the {names['lto']} see this "
                f"{_points(side_gap)} apart"
            )
        if spread is not None and spread >= range_threshold:
            if everyone.minimum is None:
                reasons.append(f"Ratings span {_points(spread)}")
            else:
                reasons.append(
                    f"Ratings span {_points(spread)}, from {everyone.minimum} "
                    f"to {everyone.maximum}"
                )
        results.append(
            Divergence(
                question_key=question,
                column=column,
                overall=everyone,
                by_side=sides,
                side_gap=side_gap,
                flagged=bool(reasons),
                reasons=tuple(reasons),
            )
        )
    flagged = [result for result in results if result.flagged]
    # sorted() is stable, so ties keep framework order.
    flagged.sort(
        key=lambda result: (
            -1 if result.side_gap is None else result.side_gap,
            -1 if result.spread is None else result.spread,
        ),
        reverse=True,
    )
    return flagged + [result for result in results if not result.flagged]


def flat_profiles(
    ratings: Iterable[RatingRecord], column: str, spread: int = 1
) -> list[int]:
    """Return the ids, sorted, of people whose ratings in one column are flat.

    Someone's profile is flat when all their numeric ratings in ``column`` lie
    within ``spread`` points of each other and they gave at least
    :data:`FLAT_PROFILE_MINIMUM` numbers. "Don't know" answers are ignored: they
    are neither a number nor a sign of priorities. A flat profile is a gentle
    prompt for the facilitator, not a fault.
    """
    values: dict[int, list[int]] = {}
    for rating in ratings:
        if rating.column != column or rating.value is None:
            continue
        values.setdefault(rating.participant_id, []).append(rating.value)
    return sorted(
        participant
        for participant, found in values.items()
        if len(found) >= FLAT_PROFILE_MINIMUM and max(found) - min(found) <= spread
    )


@dataclass(frozen=True)
class AspirationGap:
    """How far where people want a question to be sits from where it is now.

    ``gap`` is ``wanted - now``: negative when people want less than there is
    now. Neither sign is better; some needs grow while others recede.
    """

    question_key: str
    now: float
    wanted: float
    gap: float


def _median(
    cells: Mapping[tuple[str, str], CellSummary], question: str, column: str
) -> float | None:
    # A column nobody summarised has no median, rather than being an error: a
    # workflow may not ask that column at all.
    cell = cells.get((question, column))
    return cell.median if cell is not None else None


def aspiration_gaps(
    cells: Mapping[tuple[str, str], CellSummary],
    question_keys: Sequence[str],
    *,
    now: str,
    wanted: str,
) -> list[AspirationGap]:
    """Return, per question, the median of column ``wanted`` minus that of ``now``.

    Only questions with a median in both columns are included. The largest gaps
    either way come first, since that is where next steps come from; ties keep
    framework order. The gaps are never called good or bad.
    """
    gaps = []
    for question in question_keys:
        now_median = _median(cells, question, now)
        wanted_median = _median(cells, question, wanted)
        if now_median is None or wanted_median is None:
            continue
        gap = wanted_median - now_median
        gaps.append(AspirationGap(question, now_median, wanted_median, gap))
    # sorted() is stable, so equal gaps stay in framework order.
    return sorted(gaps, key=lambda gap: abs(gap.gap), reverse=True)


@dataclass(frozen=True)
class Change:
    """One question's median at the previous review and at this one.

    ``difference`` is ``after - before``, or None when either is missing. It is
    a fact to talk about, never a verdict.
    """

    question_key: str
    before: float | None
    after: float | None
    difference: float | None


def change_since(
    previous_cells: Mapping[tuple[str, str], CellSummary],
    current_cells: Mapping[tuple[str, str], CellSummary],
    question_keys: Sequence[str],
    column: str,
) -> list[Change]:
    """Compare one column's medians with the previous review of the relationship.

    The report compares "now" with "now" at the previous review. One
    :class:`Change` per question, in framework order rather than by size, so
    nothing reads as a ranking. A question missing, or only "don't know", in
    either review has None where its median would be and no difference; pass
    an empty mapping when there was no previous review.
    """
    changes = []
    for question in question_keys:
        before = _median(previous_cells, question, column)
        after = _median(current_cells, question, column)
        difference = None if before is None or after is None else after - before
        changes.append(Change(question, before, after, difference))
    return changes
