"""Reading ratings as DESIGN.md §3 says: divergence, flat profiles, gaps, change.

Every expected value here is worked out by hand in the table, never by the code
under test.
"""

from __future__ import annotations

import pytest

from ltoapp.framework import load_framework
from ltoapp.framework.analysis import RatingRecord, summarise_cells
from ltoapp.framework.sides import (
    SIDES,
    AspirationGap,
    Change,
    aspiration_gaps,
    change_since,
    flat_profiles,
    question_divergence,
    summarise_by_side,
)

KEYS = load_framework().question_keys


def rated(
    side: str, column: str, question: str, values: list[int | None], first: int = 1
) -> list[RatingRecord]:
    """One rating each from people numbered ``first`` onwards on one side."""
    return [
        RatingRecord(first + number, side, question, column, value)
        for number, value in enumerate(values)
    ]


def sides(
    question: str,
    partnership: list[int | None],
    lto: list[int | None],
    neutral: list[int | None] | None = None,
    column: str = "B",
) -> list[RatingRecord]:
    """Ratings on one question from each side, every person a different id."""
    return (
        rated("partnership", column, question, partnership, first=1)
        + rated("lto", column, question, lto, first=101)
        + rated("neutral", column, question, neutral or [], first=201)
    )


def profile(
    participant: int, column: str, values: list[int | None]
) -> list[RatingRecord]:
    """One person's ratings in one column, on the questions in framework order."""
    return [
        RatingRecord(participant, "partnership", key, column, value)
        for key, value in zip(KEYS[: len(values)], values, strict=True)
    ]


# --- summarise_by_side ------------------------------------------------------


def test_every_side_is_present_even_with_no_ratings():
    by_side = summarise_by_side([], KEYS, ["A", "B"])
    assert list(by_side) == ["partnership", "lto", "neutral"] == list(SIDES)
    for cells in by_side.values():
        assert len(cells) == 20
        assert cells[("confidence", "B")].median is None
        assert cells[("confidence", "B")].dont_know == 0


def test_each_side_is_summarised_apart():
    ratings = sides("confidence", [4, 9, None], [2, 7, 3], [None, None])
    by_side = summarise_by_side(ratings, KEYS, ["B"])
    partnership = by_side["partnership"][("confidence", "B")]
    assert (partnership.values, partnership.median, partnership.dont_know) == (
        (4, 9),
        6.5,
        1,
    )
    lto = by_side["lto"][("confidence", "B")]
    assert (lto.values, lto.median, lto.dont_know) == ((2, 3, 7), 3, 0)
    neutral = by_side["neutral"][("confidence", "B")]
    assert (neutral.values, neutral.median, neutral.dont_know) == ((), None, 2)


@pytest.mark.parametrize(
    ("values", "median"),
    [
        ([5], 5),
        ([4, 9], 6.5),
        ([2, 7, 3], 3),
        ([1, 2, 8, 10], 5),
        ([6, None, 7], 6.5),
        ([None, None], None),
    ],
)
def test_a_sides_median_with_odd_and_even_counts(values, median):
    ratings = rated("partnership", "B", "skills", values)
    cell = summarise_by_side(ratings, KEYS, ["B"])["partnership"][("skills", "B")]
    assert cell.median == median


# --- divergence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("partnership", "lto", "neutral", "side_gap", "spread", "reasons"),
    [
        # Side gap exactly at the threshold is flagged; just below is not.
        ([4], [7], [], 3, 3, ("The partnership and the LTO see this 3 points apart",)),
        (
            [3, 4],
            [7],
            [],
            3.5,
            4,
            ("The partnership and the LTO see this 3.5 points apart",),
        ),
        ([4, 5], [7], [], 2.5, 3, ()),
        ([5], [7], [], 2, 2, ()),
        # Range exactly at the threshold is flagged; just below is not.
        ([3, 8], [5, 6], [], 0, 5, ("Ratings span 5 points, from 3 to 8",)),
        ([3, 7], [5], [], 0, 4, ()),
        # Both at once.
        (
            [2],
            [8],
            [],
            6,
            6,
            (
                "The partnership and the LTO see this 6 points apart",
                "Ratings span 6 points, from 2 to 8",
            ),
        ),
        # Neutral people count in the range across everyone.
        ([5], [6], [1], 1, 5, ("Ratings span 5 points, from 1 to 6",)),
        # One side absent: no side gap, only the range can flag.
        ([2, 9], [], [], None, 7, ("Ratings span 7 points, from 2 to 9",)),
        ([4, 6], [None], [], None, 2, ()),
        ([], [1, 8], [], None, 7, ("Ratings span 7 points, from 1 to 8",)),
        # "Don't know" is never read as a number (it is not 0).
        ([9, None], [8], [None], 1, 1, ()),
        # Everyone said "don't know".
        ([None], [None, None], [None], None, None, ()),
    ],
)
def test_divergence_thresholds(partnership, lto, neutral, side_gap, spread, reasons):
    ratings = sides("confidence", partnership, lto, neutral)
    [result] = [
        r
        for r in question_divergence(ratings, KEYS, "B")
        if r.question_key == "confidence"
    ]
    assert result.column == "B"
    assert result.side_gap == side_gap
    assert result.spread == spread
    assert result.reasons == reasons
    assert result.flagged is bool(reasons)


def test_divergence_counts_dont_know_overall_and_by_side():
    ratings = sides("skills", [None, 4], [None, None], [None])
    [result] = [
        r for r in question_divergence(ratings, KEYS, "B") if r.question_key == "skills"
    ]
    assert result.overall.dont_know == 4
    assert result.overall.values == (4,)
    assert result.by_side["partnership"].dont_know == 1
    assert result.by_side["lto"].dont_know == 2
    assert result.by_side["lto"].median is None
    assert result.by_side["neutral"].dont_know == 1
    assert result.side_gap is None
    assert not result.flagged


def test_all_dont_know_is_counted_and_not_flagged():
    ratings = sides("funding", [None, None], [None], [None])
    [result] = [
        r
        for r in question_divergence(ratings, KEYS, "B")
        if r.question_key == "funding"
    ]
    assert result.overall.median is None
    assert result.overall.dont_know == 4
    assert (result.side_gap, result.spread, result.flagged) == (None, None, False)


def test_divergence_reads_only_the_column_asked_for():
    ratings = sides("confidence", [1], [10], column="A") + sides(
        "confidence", [5], [6], column="B"
    )
    [result] = [
        r
        for r in question_divergence(ratings, KEYS, "B")
        if r.question_key == "confidence"
    ]
    assert (result.side_gap, result.spread, result.flagged) == (1, 1, False)


def test_flagged_questions_come_first_by_side_gap_then_range():
    ratings = (
        sides("confidence", [5], [6])  # gap 1, range 1
        + sides("skills", [2], [6])  # gap 4, range 4: flagged
        + sides("aspiration", [1, 9], [5])  # gap 0 (5 v 5), range 8: flagged
        + sides("spaces", [3], [9])  # gap 6, range 6: flagged
        + sides("workers", [2, 8], [])  # gap None, range 6: flagged
        + sides("funding", [4], [7])  # gap 3, range 3: flagged
        # networks: nobody rated it
        + sides("governance", [4], [7], [10])  # gap 3, range 6: flagged
        + sides("decisions", [4], [7])  # gap 3, range 3: ties with funding
        + sides("sustainable", [1, 6], [2, 5])  # gap 0 (3.5 v 3.5), range 5
    )
    results = question_divergence(ratings, KEYS, "B")
    assert [r.question_key for r in results] == [
        "spaces",
        "skills",
        "governance",
        "funding",
        "decisions",
        "aspiration",
        "sustainable",
        "workers",
        "confidence",
        "networks",
    ]
    assert [r.flagged for r in results] == [True] * 8 + [False] * 2
    assert [r.question_key for r in flagged_questions(ratings, KEYS, "B")] == [
        "spaces",
        "skills",
        "governance",
        "funding",
        "decisions",
        "aspiration",
        "sustainable",
        "workers",
    ]


def flagged_questions(*arguments, **options):
    return [r for r in question_divergence(*arguments, **options) if r.flagged]


def test_unflagged_questions_keep_framework_order():
    results = question_divergence(sides("sustainable", [5], [5]), KEYS, "B")
    assert [r.question_key for r in results] == list(KEYS)
    assert flagged_questions([], KEYS, "B") == []


def test_thresholds_and_side_names_can_be_configured():
    ratings = sides("confidence", [5], [7]) + sides("skills", [5], [6])
    names = {"partnership": "resident board", "lto": "host organisation"}
    flagged = flagged_questions(
        ratings,
        KEYS,
        "B",
        side_gap_threshold=1,
        range_threshold=10,
        side_names=names,
    )
    assert [(r.question_key, r.reasons) for r in flagged] == [
        (
            "confidence",
            ("The resident board and the host organisation see this 2 points apart",),
        ),
        (
            "skills",
            ("The resident board and the host organisation see this 1 point apart",),
        ),
    ]


# --- flat profiles ------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "flat"),
    [
        ([5, 6, 5, 6], True),  # within exactly 1 point
        ([7, 7, 7], True),
        ([5, 7, 6], False),  # 2 points apart
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], False),
        ([5, 5], False),  # fewer than 3 numbers: no profile to read
        ([5, 5, None, None, None], False),  # don't know does not make up the count
        ([4, None, 5, 4], True),  # don't know is ignored, not read as 0
        ([None] * 10, False),
        ([], False),
    ],
)
def test_flat_profile(values, flat):
    assert flat_profiles(profile(7, "B", values), "B") == ([7] if flat else [])


def test_flat_profile_spread_can_be_widened():
    ratings = profile(3, "B", [5, 7, 6])
    assert flat_profiles(ratings, "B", spread=2) == [3]
    assert flat_profiles(ratings, "B", spread=1) == []


def test_flat_profiles_are_per_person_per_column_and_sorted():
    ratings = (
        profile(12, "B", [6, 6, 6, 6])
        + profile(4, "B", [3, 4, 3])
        + profile(8, "B", [2, 9, 5])
        + profile(8, "A", [5, 5, 5])
        + profile(4, "A", [1, 10, 5])
    )
    assert flat_profiles(ratings, "B") == [4, 12]
    assert flat_profiles(ratings, column="A") == [8]
    assert flat_profiles(ratings, column="C") == []


# --- gap to aspiration ----------------------------------------------------------


def test_aspiration_gaps_sort_by_size_either_way_then_framework_order():
    ratings = (
        rated("partnership", "B", "confidence", [4])
        + rated("partnership", "C", "confidence", [8])  # +4
        + rated("partnership", "B", "skills", [7])
        + rated("partnership", "C", "skills", [5])  # -2
        + rated("partnership", "B", "aspiration", [3, 4])
        + rated("partnership", "C", "aspiration", [9])  # 9 - 3.5 = +5.5
        + rated("partnership", "B", "spaces", [6])
        + rated("partnership", "C", "spaces", [6])  # 0
        + rated("partnership", "B", "workers", [5])
        + rated("partnership", "C", "workers", [None])  # no C median
        + rated("partnership", "C", "funding", [7])  # no B median
        + rated("partnership", "B", "networks", [2])
        + rated("partnership", "C", "networks", [6])  # +4, ties with confidence
        + rated("lto", "B", "governance", [9])
        + rated("lto", "C", "governance", [3])  # -6
    )
    cells = summarise_cells(ratings, KEYS, ["A", "B", "C"])
    assert aspiration_gaps(cells, KEYS, now="B", wanted="C") == [
        AspirationGap("governance", 9, 3, -6),
        AspirationGap("aspiration", 3.5, 9, 5.5),
        AspirationGap("confidence", 4, 8, 4),
        AspirationGap("networks", 2, 6, 4),
        AspirationGap("skills", 7, 5, -2),
        AspirationGap("spaces", 6, 6, 0),
    ]


def test_aspiration_gaps_need_both_columns():
    cells = summarise_cells(rated("lto", "B", "confidence", [4]), KEYS, ["B"])
    assert aspiration_gaps(cells, KEYS, now="B", wanted="C") == []


# --- change since the last review -----------------------------------------------


def test_change_since_compares_now_with_now_and_leaves_gaps_empty():
    previous = summarise_cells(
        rated("partnership", "B", "confidence", [4, 6])  # 5
        + rated("partnership", "B", "skills", [7])
        + rated("partnership", "B", "aspiration", [None])
        + rated("partnership", "B", "spaces", [3])
        + rated("partnership", "C", "workers", [9]),  # not the column compared
        ["confidence", "skills", "aspiration", "spaces"],
        ["B"],
    )
    current = summarise_cells(
        rated("lto", "B", "confidence", [8])
        + rated("lto", "B", "skills", [4, 5])  # 4.5
        + rated("lto", "B", "aspiration", [6])
        + rated("lto", "B", "spaces", [None])
        + rated("lto", "B", "workers", [5])
        + rated("lto", "A", "funding", [2]),  # not the column compared
        KEYS,
        ["A", "B"],
    )
    assert change_since(previous, current, KEYS[:6], "B") == [
        Change("confidence", 5, 8, 3),
        Change("skills", 7, 4.5, -2.5),
        Change("aspiration", None, 6, None),
        Change("spaces", 3, None, None),
        Change("workers", None, 5, None),
        Change("funding", None, None, None),
    ]


def test_change_with_no_previous_review_or_another_column():
    current = summarise_cells(
        rated("lto", "A", "confidence", [2]) + rated("lto", "B", "confidence", [7]),
        KEYS,
        ["A", "B"],
    )
    assert change_since({}, current, ["confidence"], "B") == [
        Change("confidence", None, 7, None)
    ]
    assert change_since(current, current, ["confidence"], column="A") == [
        Change("confidence", 2, 2, 0)
    ]
