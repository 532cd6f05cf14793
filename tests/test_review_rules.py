"""Pure functions behind drafts, paper entry, exports and the results tables."""

from __future__ import annotations

import pytest

from ltoapp.csv_writer import neutralise, write_csv
from ltoapp.framework import load_framework
from ltoapp.framework.analysis import CellSummary, RatingRecord
from ltoapp.framework.disclosure import Audience, disclose
from ltoapp.reviews.export import aggregate_rows, individual_rows
from ltoapp.reviews.forms import DraftRejected, clean_draft
from ltoapp.reviews.paper_forms import parse_paper_rating
from ltoapp.reviews.presenters import cell_text, gap_text
from ltoapp.reviews.queries import ParticipantAnswers

FRAMEWORK = load_framework()
LABELS = {"partnership": "partnership", "lto": "LTO"}
RATINGS = frozenset({"rating-confidence-B", "rating-skills-B"})
TEXTS = frozenset({"comment-confidence", "other_comments"})


def test_a_draft_keeps_what_was_answered_and_drops_the_rest():
    draft = clean_draft(
        {
            "csrf_token": "abc",
            "rating-confidence-B": "7",
            "rating-skills-B": "",
            "comment-confidence": "Good start",
            "other_comments": "",
        },
        RATINGS,
        TEXTS,
        max_length=20,
    )
    assert draft == {"rating-confidence-B": "7", "comment-confidence": "Good start"}


def test_a_draft_keeps_dont_know():
    assert clean_draft({"rating-skills-B": "dk"}, RATINGS, TEXTS, 20) == {
        "rating-skills-B": "dk"
    }


@pytest.mark.parametrize(
    "submitted",
    [
        {"rating-confidence-B": "11"},
        {"rating-confidence-B": "0"},
        {"rating-happiness-B": "5"},
        {"comment-confidence": "x" * 21},
    ],
)
def test_a_draft_that_does_not_fit_is_refused_whole(submitted):
    with pytest.raises(DraftRejected):
        clean_draft(submitted, RATINGS, TEXTS, max_length=20)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("", ""),
        ("  ", ""),
        ("1", 1),
        ("10", 10),
        (" 7 ", 7),
        ("d", None),
        ("DK", None),
        ("?", None),
        ("x", None),
    ],
)
def test_paper_ratings_are_read_as_typed(typed, read):
    assert parse_paper_rating(typed) == read


@pytest.mark.parametrize("typed", ["0", "11", "seven", "5.5", "-3"])
def test_paper_ratings_outside_the_scale_are_refused(typed):
    with pytest.raises(ValueError):
        parse_paper_rating(typed)


@pytest.mark.parametrize(
    ("values", "dont_know", "text"),
    [
        ((), 0, "–"),
        ((), 2, "–, 2 don't know"),
        ((6,), 0, "6"),
        ((7, 7), 0, "7"),
        ((3, 4, 9), 0, "4 (3–9)"),
        ((3, 4), 1, "3.5 (3–4), 1 don't know"),
    ],
)
def test_cells_are_written_as_median_range_and_dont_know(values, dont_know, text):
    assert cell_text(CellSummary("confidence", "B", values, dont_know)) == text


def test_a_gap_without_both_sides_is_a_dash():
    assert gap_text(None) == "–"
    assert gap_text(3.0) == "3"
    assert gap_text(2.5) == "2.5"


FACILITATOR = disclose(Audience.FACILITATOR, "named", {})


def participant(number, name, ratings, side="partnership"):
    return ParticipantAnswers(number, number * 10, side, name, False, ratings, False)


def test_individual_rows_one_per_participant_question_and_column():
    people = [
        participant(1, "Pat", {("confidence", "B"): 7, ("skills", "B"): None}),
        participant(2, "=cmd()", {}, side="lto"),
    ]
    rows = individual_rows(people, FRAMEWORK, ["B", "C"], LABELS, FACILITATOR)
    assert len(rows) == 2 * 10 * 2
    assert rows[0] == (
        "1",
        "partnership",
        "Pat",
        "confidence",
        "The LTO has given residents confidence and a voice",
        "B",
        "7",
    )
    assert rows[1][5:] == ("C", "")
    assert rows[2][3:] == (
        "skills",
        "Mentored residents and grown skills",
        "B",
        "don't know",
    )
    # The rows carry the name as given; the one CSV writer quotes it.
    assert rows[20][:3] == ("2", "LTO", "=cmd()")
    assert "'=cmd()" in write_csv(("a", "b", "c"), [rows[20][:3]])


def test_individual_rows_leave_names_out_unless_named():
    people = [participant(1, "Pat", {("confidence", "B"): 7})]
    shown = disclose(Audience.MEMBER, "anonymous", {"partnership": 3})
    rows = individual_rows(people, FRAMEWORK, ["B"], LABELS, shown)
    assert {row[2] for row in rows} == {""}
    assert {row[1] for row in rows} == {"partnership"}


def test_individual_rows_leave_out_the_side_that_would_name_the_person():
    people = [participant(1, "Pat", {("confidence", "B"): 7}, side="lto")]
    shown = disclose(Audience.MEMBER, "anonymous", {"partnership": 3, "lto": 1})
    rows = individual_rows(people, FRAMEWORK, ["B"], LABELS, shown)
    assert {row[1:3] for row in rows} == {("", "")}


def test_aggregate_rows_never_show_one_persons_rating():
    records = [
        RatingRecord(1, "partnership", "confidence", "B", 3),
        RatingRecord(2, "partnership", "confidence", "B", 5),
        RatingRecord(5, "partnership", "confidence", "B", 6),
        RatingRecord(3, "lto", "confidence", "B", 9),
        RatingRecord(4, "neutral", "confidence", "B", None),
    ]
    counts = {"partnership": 3, "lto": 1, "neutral": 1}
    shown = disclose(Audience.MEMBER, "aggregates", counts)
    rows = aggregate_rows(records, FRAMEWORK, ["B"], LABELS, shown)
    # The LTO and neutral sides have one person each: a row of their own
    # would be that person's answer, so only everyone and the partnership
    # show. Everyone minus the partnership would be those two, so everyone
    # shows its median only; three partnership numbers give a spread, not
    # their lowest and highest.
    assert len(rows) == 10 * 2
    confidence = {row[3]: row[4:] for row in rows if row[0] == "confidence"}
    assert confidence == {
        "everyone": ("", "5.5", "", "", "", "0"),
        "partnership": ("3", "5", "", "", "3", "0"),
    }
    everything = aggregate_rows(
        records,
        FRAMEWORK,
        ["B"],
        LABELS,
        disclose(Audience.FACILITATOR, "aggregates", counts),
    )
    assert {row[3] for row in everything} == {
        "everyone",
        "partnership",
        "LTO",
        "neutral",
    }
    confidence = {row[3]: row[4:] for row in everything if row[0] == "confidence"}
    assert confidence["everyone"] == ("4", "5.5", "3", "9", "6", "1")


@pytest.mark.parametrize(
    "typed", ["=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]
)
def test_the_csv_writer_quotes_anything_a_spreadsheet_would_run(typed):
    assert neutralise(typed) == f"'{typed}"
    assert write_csv(("name",), [(typed,)]).splitlines()[1].startswith(("\"'", "'"))


def test_the_csv_writer_leaves_numbers_and_plain_text_alone():
    assert [neutralise(v) for v in (-3, 2.5, "Pat", "a=b", None)] == [
        -3,
        2.5,
        "Pat",
        "a=b",
        "",
    ]


def test_csv_has_a_header_then_rows():
    text = write_csv(("a", "b"), [("1", "two, three")])
    assert text.splitlines() == ["a,b", '1,"two, three"']
