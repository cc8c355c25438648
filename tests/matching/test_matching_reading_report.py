"""The reader's report: recall per service area, worst first, and found-rates of model and stage."""

from __future__ import annotations

import pytest

from matching.evaluate import EvalPlan
from matching.reading_report import Reading, read, reading_table, report

PLANS = [
    EvalPlan("a", "X", "libs to a trust", frozenset({"libraries"}), "charitable_trust", "business_case"),
    EvalPlan("b", "Y", "book vans", frozenset({"libraries"}), "staff_mutual", None),
    EvalPlan("c", "Z", "the tip", frozenset({"waste_disposal"}), None, "exploring"),
    EvalPlan("d", "W", "MOW", frozenset({"catering_school_meals", "adult_social_care"})),
]

# A fake reader: what it makes of each fixture text, so the report is tested apart from the real one.
READINGS = {
    "libs to a trust": Reading(("libraries",), "charitable_trust", "business_case"),
    "book vans": Reading(("passenger_transport", "libraries"), "shared_service", None),
    "the tip": Reading((), None, "procurement"),
    "MOW": Reading(("adult_social_care",), None, None),
}


def test_areas_are_listed_worst_first_with_recall_top_and_wrong_claims() -> None:
    result = report(PLANS, READINGS.__getitem__)
    assert [a.code for a in result.areas] == [
        "waste_disposal",
        "catering_school_meals",
        "libraries",
        "adult_social_care",
    ]
    by_code = {a.code: a for a in result.areas}
    assert (by_code["libraries"].recall, by_code["libraries"].top_rate) == (1.0, 0.5)
    assert by_code["waste_disposal"].recall == 0.0
    assert by_code["catering_school_meals"].top_rate == 1.0  # its plan's first reading is a gold area
    assert "passenger_transport" not in by_code  # no gold plans, only a wrong claim
    assert result.plans_with_a_gold_area_found == 3


def test_model_and_stage_rates_count_all_plans_and_precision_only_where_labelled() -> None:
    result = report(PLANS, READINGS.__getitem__)
    assert (result.model.found, result.model.labelled, result.model.found_labelled) == (2, 2, 2)
    assert result.model.precision == 0.5
    assert result.stage.found_rate == 0.5
    assert result.stage.labelled_found_rate == 1.0 and result.stage.precision == 0.5


def test_table_shows_the_worst_areas_and_dashes_where_nothing_is_labelled() -> None:
    unlabelled = [EvalPlan(p.id, p.org, p.text, p.areas) for p in PLANS]
    text = reading_table(report(unlabelled, READINGS.__getitem__), worst=2)
    assert "catering_school_meals" in text and "waste_disposal" in text
    assert "libraries" not in text
    assert "3/4 plans" in text
    assert text.splitlines()[-2].split()[-2:] == ["-", "-"]
    assert "libraries" in reading_table(report(unlabelled, READINGS.__getitem__), worst=0)


def test_the_real_reader_finds_an_area_a_model_and_a_stage() -> None:
    reading = read("We are moving our libraries to a charitable trust; the business case goes to cabinet.")
    assert "libraries" in reading.areas
    assert reading.model is not None and reading.stage is not None


@pytest.mark.parametrize("worst", [1, 3])
def test_table_lists_exactly_the_asked_number_of_areas(worst: int) -> None:
    text = reading_table(report(PLANS, READINGS.__getitem__), worst=worst)
    codes = {a for p in PLANS for a in p.areas}
    assert sum(line.split()[0] in codes for line in text.splitlines() if line.split()) == worst
