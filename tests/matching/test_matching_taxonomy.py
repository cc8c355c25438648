"""The taxonomy officers pick from: enough service areas, the agreed codes, plain names."""

from collections.abc import Callable

import pytest

from matching import taxonomy

EXPECTED_MODELS = {
    "staff_mutual",
    "social_enterprise",
    "charitable_trust",
    "community_interest_company",
    "shared_service",
    "joint_venture",
    "local_authority_trading_company",
    "private_outsourcing",
    "community_asset_transfer",
    "insourcing",
}


def test_at_least_thirty_service_areas_with_unique_codes() -> None:
    areas = taxonomy.service_areas()
    assert len(areas) >= 30
    assert len({a.code for a in areas}) == len(areas)


def test_every_area_has_a_group_a_name_and_lower_case_phrases() -> None:
    for area in taxonomy.service_areas():
        assert area.name and area.group
        assert area.phrases
        assert all(p == p.lower() for p in area.phrases), area.code


def test_service_areas_span_the_main_lgsl_groups() -> None:
    groups = {a.group for a in taxonomy.service_areas()}
    for group in (
        "Leisure and culture",
        "Health and social care",
        "Environmental protection",
        "Housing",
        "Transport and infrastructure",
        "Education and skills",
        "Business and economy",
        "Council and government",
    ):
        assert group in groups


def test_delivery_models_are_exactly_the_agreed_codes() -> None:
    assert {m.code for m in taxonomy.delivery_models()} == EXPECTED_MODELS


def test_stages_are_in_order() -> None:
    assert [s.code for s in taxonomy.stages()] == [
        "exploring",
        "business_case",
        "consultation",
        "procurement",
        "transition",
        "live",
    ]


def test_lookup_by_code() -> None:
    assert taxonomy.service_area("leisure_centres").name == "Leisure centres and sport"
    assert taxonomy.delivery_model("staff_mutual").name == "Staff mutual"
    assert taxonomy.stage("business_case").name == "Options appraisal or business case"


@pytest.mark.parametrize("lookup", [taxonomy.service_area, taxonomy.delivery_model, taxonomy.stage])
def test_unknown_code_raises_key_error(lookup: Callable[[str], object]) -> None:
    with pytest.raises(KeyError):
        lookup("no_such_code")


def test_officer_acronyms_are_listed() -> None:
    phrases = {p for m in taxonomy.delivery_models() for p in m.phrases}
    assert {"cic", "latc", "teckal company", "jv"} <= phrases
    area_phrases = {p for a in taxonomy.service_areas() for p in a.phrases}
    assert {"asc", "fm", "ict", "revs and bens", "pools and gyms", "bin collection", "refuse"} <= area_phrases
