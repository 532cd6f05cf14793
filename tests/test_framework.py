"""The framework as data, and the pure functions that read ratings."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ltoapp.config import LABELS
from ltoapp.framework import FrameworkError, load_framework
from ltoapp.framework.analysis import (
    RatingRecord,
    columns_with_answers,
    compare_columns,
    describe_results,
    summarise_cells,
)
from ltoapp.framework.definition import FRAMEWORK_FILE, parse_framework

FRAMEWORK = load_framework()
KEYS = FRAMEWORK.question_keys


def test_the_framework_has_the_reports_ten_questions_in_four_groups():
    assert len(FRAMEWORK.questions) == 10
    assert [q.number for q in FRAMEWORK.questions] == list(range(1, 11))
    groups = [q.group.key for q in FRAMEWORK.questions]
    assert groups == ["social"] * 3 + ["economic"] * 3 + ["cultural"] * 3 + [
        "sustainability"
    ]
    assert FRAMEWORK.questions[0].text(LABELS) == (
        "The LTO has given residents confidence and a voice"
    )
    assert [c.key for c in FRAMEWORK.columns] == ["A", "B", "C"]
    assert FRAMEWORK.column("C").line == "dashed"


def test_labels_change_the_wording():
    labels = LABELS | {"lto": "host organisation", "partnership": "resident board"}
    assert FRAMEWORK.questions[0].text(labels).startswith("The host organisation has")
    assert "resident board" in FRAMEWORK.intro_text(labels)


def _document() -> dict:
    with FRAMEWORK_FILE.open("rb") as file:
        return tomllib.load(file)


def _broken(change) -> dict:
    document = _document()
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["questions"][2].pop("statement"),
            "questions[3] needs a non-empty 'statement'",
        ),
        (
            lambda d: d["questions"][0].update(group="moral"),
            "questions[1].group 'moral' is not a declared group",
        ),
        (
            lambda d: d["questions"][1].update(key="confidence"),
            "duplicate questions key(s): confidence",
        ),
        (
            lambda d: d["columns"][0].update(key="Z"),
            "columns[1].key must be one of A, B, C",
        ),
        (
            lambda d: d["columns"][2].update(line="dotted"),
            "columns[3].line must be one of solid, dashed",
        ),
        (
            lambda d: d["columns"][1].update(role="later"),
            "columns[2].role must be one of at_first, now, wanted",
        ),
        (
            lambda d: d["columns"][0].update(role="now"),
            "each column role (at_first, now, wanted) must belong to exactly one column",
        ),
        (
            lambda d: d["columns"][2].pop("role"),
            "columns[3] needs a non-empty 'role'",
        ),
        (lambda d: d.pop("intro"), "the top level needs a non-empty 'intro'"),
        (lambda d: d.update(questions=[]), "no questions declared"),
    ],
)
def test_a_malformed_framework_file_names_the_field(change, message):
    with pytest.raises(FrameworkError) as error:
        parse_framework(_broken(change), Path("framework.toml"))
    assert str(error.value) == f"framework.toml: {message}"


def records(column: str, values: dict[str, int | None], participant: int = 1):
    return [
        RatingRecord(participant, "partnership", key, column, value)
        for key, value in values.items()
    ]


def test_cells_take_the_median_and_range_and_count_dont_know_apart():
    ratings = (
        records("B", {"confidence": 2, "skills": None}, participant=1)
        + records("B", {"confidence": 9, "skills": 4}, participant=2)
        + records("B", {"confidence": 5, "skills": None}, participant=3)
    )
    cells = summarise_cells(ratings, KEYS, ["A", "B"])
    confidence = cells[("confidence", "B")]
    assert (confidence.median, confidence.minimum, confidence.maximum) == (5, 2, 9)
    assert confidence.spread == 7
    skills = cells[("skills", "B")]
    assert skills.values == (4,)
    assert skills.dont_know == 2
    assert cells[("networks", "A")].median is None
    assert len(cells) == 20


def test_an_even_number_of_ratings_has_a_half_point_median():
    ratings = records("B", {"confidence": 6}, 1) + records("B", {"confidence": 9}, 2)
    assert summarise_cells(ratings, KEYS, ["B"])[("confidence", "B")].median == 7.5


def test_columns_with_answers_include_a_column_of_only_dont_know():
    ratings = records("A", {"confidence": None}) + records("B", {"skills": 3})
    cells = summarise_cells(ratings, KEYS, ["A", "B", "C"])
    assert columns_with_answers(cells, ["A", "B", "C"]) == ["A", "B"]


def test_compare_columns_counts_higher_lower_and_same():
    ratings = records("A", {"confidence": 3, "skills": 5, "spaces": 6, "workers": 2})
    ratings += records("B", {"confidence": 7, "skills": 5, "spaces": 4})
    cells = summarise_cells(ratings, KEYS, ["A", "B"])
    change = compare_columns(cells, KEYS, "B", "A")
    assert (change.higher, change.lower, change.same) == (1, 1, 1)


def test_describe_results_names_highest_lowest_and_change_without_judging():
    at_first = dict.fromkeys(KEYS, 4)
    now = dict.fromkeys(KEYS, 6) | {"workers": 9, "networks": 2, "skills": 4}
    cells = summarise_cells(
        records("A", at_first) + records("B", now), KEYS, ["A", "B"]
    )
    sentence = describe_results(cells, FRAMEWORK)
    assert sentence == (
        "Now, the highest rating is 9 out of 10 for 'Employing workers' and the "
        "lowest is 2 for 'Networks'; compared with at first, 8 questions are rated "
        "higher now, 1 lower and 1 the same."
    )
    for judgement in ("better", "worse", "improv", "good", "bad"):
        assert judgement not in sentence


def test_describe_results_mentions_dont_know_and_ties():
    now = dict.fromkeys(KEYS, 5) | {"funding": None}
    cells = summarise_cells(records("B", now), KEYS, ["A", "B"])
    assert describe_results(cells, FRAMEWORK) == (
        "Now, every rated question sits at 5 out of 10; 1 answer was 'don't know'."
    )


def test_describe_results_with_no_ratings():
    cells = summarise_cells([], KEYS, ["A", "B"])
    assert describe_results(cells, FRAMEWORK) == "No ratings have been given yet."


def test_the_framework_file_says_which_column_is_now():
    framework = load_framework()
    assert framework.column(framework.now).name == "Now"
    assert framework.column(framework.at_first).name == "At first"
    assert framework.column(framework.wanted).name == "Where we want it to be"
