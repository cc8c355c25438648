"""What the bot understands from an officer's sentence or two."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Timeline, profile_from_text, understand

TODAY = date(2026, 11, 25)


def areas(text: str) -> list[str]:
    return [a.code for a in understand(text, today=TODAY).service_areas]


def model(text: str) -> str | None:
    found = understand(text, today=TODAY).delivery_model
    return found.code if found else None


def stage(text: str) -> str | None:
    found = understand(text, today=TODAY).stage
    return found.code if found else None


def test_the_headline_example() -> None:
    u = understand(
        "We're looking at spinning our leisure centres out into a staff mutual, business case stage, "
        "hoping to go live next April",
        today=TODAY,
    )
    assert [a.code for a in u.service_areas] == ["leisure_centres"]
    assert u.delivery_model is not None and u.delivery_model.code == "staff_mutual"
    assert u.stage is not None and u.stage.code == "business_case"
    assert u.timeline == Timeline(2027, 4)


@pytest.mark.parametrize(
    ("text", "expected_areas", "expected_model", "expected_stage"),
    [
        (
            "Bringing bin collection back in house when the Veolia contract ends in March 2028",
            ["waste_collection"],
            "insourcing",
            None,
        ),
        (
            "Setting up a Teckal company for home care and reablement, TUPE transfer of staff in 6 months",
            ["home_care"],
            "local_authority_trading_company",
            "transition",
        ),
        (
            "We want to transfer two community libraries to parish councils via CAT",
            ["libraries"],
            "community_asset_transfer",
            None,
        ),
        (
            "Exploring a shared revs and bens service with the district councils, options appraisal done",
            ["revenues_benefits"],
            "shared_service",
            "business_case",
        ),
        (
            "Our IT and HR are going into a shared service with Kent, consultation starts Q3 2027",
            ["ict_digital", "hr_payroll"],
            "shared_service",
            "consultation",
        ),
        (
            "Considering a CIC for our day services for adults with learning disabilities",
            ["adult_day_services", "learning_disability_services"],
            "community_interest_company",
            "exploring",
        ),
        (
            "Procurement for a new highways term contract, go live 2027/28",
            ["highways_maintenance"],
            None,
            "procurement",
        ),
        (
            "We're thinking about a JV for our street lighting and parking enforcement",
            ["street_lighting", "parking"],
            "joint_venture",
            "exploring",
        ),
        (
            "Our pools and gyms are going to a leisure trust in early 2027",
            ["leisure_centres"],
            "charitable_trust",
            None,
        ),
        (
            "Exploring an LATC for SEND transport and home to school transport",
            ["home_to_school_transport"],
            "local_authority_trading_company",
            "exploring",
        ),
        (
            "Re-procuring the drug and alcohol and sexual health contracts",
            ["drug_alcohol", "sexual_health"],
            None,
            "procurement",
        ),
        (
            "We have an ALMO managing council housing and want to bring it back in house",
            ["housing_management"],
            "insourcing",
            None,
        ),
        (
            "Looking at a social enterprise for our youth services and children's centres",
            ["youth_services", "early_years"],
            "social_enterprise",
            "exploring",
        ),
        (
            "Building control shared service with three neighbouring councils went live in 2019",
            ["building_control"],
            "shared_service",
            "live",
        ),
        (
            "Our museums and archives are moving to a charitable trust",
            ["museums_arts_culture"],
            "charitable_trust",
            None,
        ),
        (
            "Outsource catering and school meals, ITT issued last week",
            ["catering_school_meals"],
            "private_outsourcing",
            "procurement",
        ),
        (
            "Early days, but we may contract out our FM and office cleaning",
            ["facilities_management"],
            "private_outsourcing",
            "exploring",
        ),
        (
            "Mutualising our ASC reablement team; staff consultation is under way",
            ["adult_social_care", "home_care"],
            "staff_mutual",
            "consultation",
        ),
        (
            "Refuse and recycling rounds to be run by our wholly owned company",
            ["waste_collection"],
            "local_authority_trading_company",
            None,
        ),
        (
            "Grounds maintenance and grass cutting outsourced to a private contractor since 2018",
            ["grounds_maintenance"],
            "private_outsourcing",
            None,
        ),
        (
            "Our revenues service has been with Capita since 2012 and we want to bring it back in-house",
            ["revenues_benefits"],
            "insourcing",
            None,
        ),
        (
            "Looking to share a head of planning and building control with our neighbour",
            ["planning", "building_control"],
            "shared_service",
            None,
        ),
    ],
)
def test_realistic_officer_sentences(
    text: str, expected_areas: list[str], expected_model: str | None, expected_stage: str | None
) -> None:
    assert sorted(areas(text)) == sorted(expected_areas)
    if expected_model is not None:
        assert model(text) == expected_model
    if expected_stage is not None:
        assert stage(text) == expected_stage


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LEISURE CENTRES!!! spin-out??", "leisure_centres"),
        ("our sports centre", "leisure_centres"),
        ("the leisure estate", "leisure_centres"),
        ("bin collections", "waste_collection"),
        ("revs & bens", "revenues_benefits"),
        ("ICT", "ict_digital"),
        ("domiciliary care", "home_care"),
        ("household waste recycling centres", "waste_disposal"),
        ("our libary service", "libraries"),
        ("the leasure centre", "leisure_centres"),
        ("street cleansing", "street_cleansing"),
        ("crematorium and cemeteries", "cemeteries_crematoria"),
    ],
)
def test_synonyms_acronyms_plurals_and_typos(text: str, expected: str) -> None:
    assert expected in areas(text)


@pytest.mark.parametrize(
    ("text", "expected_model"),
    [
        ("we plan to outsource it", "private_outsourcing"),
        ("contract out the service", "private_outsourcing"),
        ("bring it back in-house", "insourcing"),
        ("in-source the contract", "insourcing"),
        ("set up a LATC", "local_authority_trading_company"),
        ("a Teckal company", "local_authority_trading_company"),
        ("a JV with a private partner", "joint_venture"),
        ("become a community interest company", "community_interest_company"),
        ("mutualise the service", "staff_mutual"),
        ("share a service with our neighbouring council", "shared_service"),
        ("spin out the team", "staff_mutual"),
    ],
)
def test_delivery_model_phrases(text: str, expected_model: str) -> None:
    assert model(text) == expected_model


def test_library_of_policies_is_hr_not_libraries() -> None:
    assert areas("We're building a library of HR policies to share") == ["hr_payroll"]


def test_park_and_ride_is_transport_not_parks() -> None:
    found = areas("Outsourcing our park and ride service")
    assert "parks_green_spaces" not in found
    assert found == ["passenger_transport"]


def test_recycling_staff_is_not_waste() -> None:
    assert areas("We are recycling staff into new roles after the restructure") == []


def test_it_as_a_pronoun_is_not_ict() -> None:
    assert areas("It is early days and it may not happen") == []


def test_council_finances_are_not_the_finance_service() -> None:
    assert areas("Given the pressure on council finances we need to act") == []


def test_planning_a_change_is_not_the_planning_service() -> None:
    assert areas("We are planning to outsource something") == []


@pytest.mark.parametrize(
    "text",
    [
        "our contract is failing",
        "Our waste contract is failing and members want options",
        "the contract has problems",
        "the leisure contract is up in 2027",
        "our contract runs out in Q2 2028",
        "highways term contract expiring next summer",
    ],
)
def test_a_contract_in_trouble_or_ending_is_not_a_procurement(text: str) -> None:
    assert stage(text) != "procurement"


@pytest.mark.parametrize(
    "text",
    [
        "Our street lights contract is going out to tender",
        "the waste treatment contracts are being re-procured with the county",
        "ITT for the new cleaning contract went out last week",
    ],
)
def test_a_contract_being_let_is_a_procurement(text: str) -> None:
    assert stage(text) == "procurement"


def test_go_live_hopes_do_not_mean_the_plan_is_live() -> None:
    assert stage("We are hoping to go live next year") != "live"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "🙂🙂🙂",
        "Bore da, sut mae pawb?",
        "\u4f60\u597d\uff0c\u4e16\u754c",
        "   ",
    ],
)
def test_no_service_words_means_nothing_confident(text: str) -> None:
    # Welsh chat says no service; Welsh service names do ("canolfannau hamdden", leisure centres).
    u = understand(text, today=TODAY)
    assert u.service_areas == ()
    assert u.timeline is None


def test_at_most_three_areas_best_first_with_confidences_in_range() -> None:
    u = understand(
        "Libraries, museums, leisure centres, parks and grounds maintenance into one charitable trust",
        today=TODAY,
    )
    assert len(u.service_areas) == 3
    confidences = [a.confidence for a in u.service_areas]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 < c <= 1.0 for c in confidences)


@pytest.mark.random_data
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_understood_without_crashing(text: str) -> None:
    u = understand(text, today=TODAY)
    assert len(u.service_areas) <= 3
    for scored in (*u.service_areas, u.delivery_model, u.stage):
        assert scored is None or 0.0 <= scored.confidence <= 1.0


# The day the sentences below were written, in the third quarter of financial year 2026/27.
DEC = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "expected_stage", "expected_timeline"),
    [
        (
            "Our leisure trust went live in April and is doing well",
            "live",
            Timeline(2026, 4),
        ),
        ("we transferred the service to the mutual last year", "live", Timeline(2025, None)),
        ("Youth service has been running as a mutual since 2024", "live", Timeline(2024, None)),
        ("the new libraries trust launched in May", "live", Timeline(2026, 5)),
        ("building control shared service launched last summer", "live", Timeline(2026, 6)),
        ("we moved the service to a charitable trust 18 months ago", "live", Timeline(2025, 6)),
        ("the trust was set up in 2019 and runs all six pools", "live", Timeline(2019, None)),
        (
            "business case for a leisure trust, hoping to go live in 2026/27",
            "business_case",
            Timeline(2027, 3),
        ),
        ("exploring a shared revs and bens service, target fy27", "exploring", Timeline(2027, 3)),
        ("staff consultation under way, TUPE transfer in 26/27", "consultation", Timeline(2027, 3)),
        # The cabinet date says when members decide, not when the change happens: no timeline.
        ("options appraisal done last spring, cabinet in Q1 next year", "business_case", None),
        (
            "out to tender for the highways term contract, new provider from Q2 FY 2027/28",
            "procurement",
            Timeline(2027, 7),
        ),
        ("we want the new company up and running in 26/27", None, Timeline(2027, 3)),
        ("we havent launched in may as planned", None, Timeline(2027, 5)),
    ],
)
def test_stage_and_timeline_as_an_officer_would_read_them(
    text: str, expected_stage: str | None, expected_timeline: Timeline | None
) -> None:
    u = understand(text, today=DEC)
    assert (u.stage.code if u.stage else None) == expected_stage
    assert u.timeline == expected_timeline


@pytest.mark.parametrize(
    "text",
    [
        "business case stage, go live April 2026",
        "staff consultation on the mutual began in april",
        "scoping a trust for 2025/26",
    ],
)
def test_a_plan_not_yet_live_never_gets_a_past_timeline(text: str) -> None:
    u = understand(text, today=DEC)
    assert u.stage is not None and u.stage.code != "live"
    assert u.timeline is None or not u.timeline.is_past(DEC)


def test_a_live_plan_keeps_its_go_live_date_over_a_later_contract_date() -> None:
    u = understand("Our shared HR service went live in April 2025; the contract runs to 2030", today=DEC)
    assert u.stage is not None and u.stage.code == "live"
    assert u.timeline == Timeline(2025, 4)


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("MoW contract ends next year", "community_meals"),
        ("lib svc to a trust", "libraries"),
        ("fleet mgmt re-procurement", "fleet_management"),
        ("Rheoli adeiladu: joint service", "building_control"),
    ],
)
def test_acronyms_clipped_words_and_welsh_names_are_read(text: str, area: str) -> None:
    assert [s.code for s in understand(text, today=TODAY).service_areas][:1] == [area]


def test_an_acronym_in_lower_case_is_an_everyday_word() -> None:
    assert "community_meals" not in {
        s.code for s in understand("we mow the verges", today=TODAY).service_areas
    }


@pytest.mark.parametrize("text", ["Got it, cheers", "got it", "It's fine, do it", "Can you do it?"])
def test_the_pronoun_it_is_never_ict(text: str) -> None:
    assert understand(text, today=TODAY).service_areas == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soft-market testing for the catering contract", "exploring"),
        ("Members have asked officers to look at alternative delivery models for leisure", "exploring"),
        ("anyone done MOW as a social enterprise?", "exploring"),
        ("Full Business Case to Cabinet in March for the home care company", "business_case"),
        ("IJB paper going in Feb on bringing care at home in house", "business_case"),
        # The consultation TUPE requires comes once the transfer is decided: staff are being moved.
        ("TUPE consultation with staff moving to the shared service", "transition"),
        ("gone out to market for street lighting maintenance", "procurement"),
        ("preferred bidder stage for the waste contract", "procurement"),
        ("Cabinet approved the leisure trust in November, now setting up", "transition"),
        ("Library service transferred to a mutual in 2019", "live"),
        ("Culture service in the leisure and culture trust since 2015", "live"),
        ("we in-sourced the cleaning last year", "live"),
        ("since the spin-out in 2019 it's been great", "live"),
        ("Cabinet is recommended to agree the preferred delivery model for waste", "business_case"),
        ("Chief exec has asked me to look into a mutual for youth services", "exploring"),
        ("New trust launches in April; staff TUPE in progress", "transition"),
        ("Company's been incorporated; staff move over in April", "transition"),
        ("in the market for a new leisure operator", "procurement"),
        ("Two years into our shared service", "live"),
    ],
)
def test_stages_in_council_words(text: str, expected: str) -> None:
    assert stage(text) == expected


def test_a_question_to_peers_does_not_hide_the_stage_it_names() -> None:
    text = "Our D&A contract ends in 2027 and we want to go out to tender. Has anyone?"
    assert stage(text) == "procurement"


def test_a_past_date_in_a_plan_still_to_come_does_not_make_it_live() -> None:
    assert stage("We outsourced leisure in 2015 and now want to bring it back in house") == "exploring"


def test_a_single_weak_word_is_guessed_when_the_model_is_unsure(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stands in for the learned model finding no area with confidence (as on a plan it has never seen).
    monkeypatch.setattr("matching.understanding._learned_areas", lambda text: [])
    assert areas("Anyone moved their cleaning to a trust?") == ["facilities_management"]
    assert areas("Anyone moved theirs to a trust?") == []
    # Telling a name from a plan keeps to the confident phrases, and so does ranking with nobody to confirm.
    assert not understand("cleaning", today=TODAY, learned=False).service_areas
    assert not profile_from_text(1, 1, "Anyone moved their cleaning to a trust?", today=TODAY).service_areas


@pytest.mark.parametrize(
    "text",
    [
        "Community learning and development: CLD moving into the culture trust",
        "community learning & development team to a SCIO",
        "CLD service - shared with the neighbouring council",
    ],
)
def test_community_learning_and_development_is_adult_learning_not_hr(text: str) -> None:
    found = [s.code for s in understand(text, today=TODAY).service_areas]
    assert found[:1] == ["adult_learning"] and "hr_payroll" not in found


def test_learning_and_development_for_staff_is_still_hr() -> None:
    text = "Our learning and development team for staff training is being outsourced"
    assert [s.code for s in understand(text, today=TODAY).service_areas][:1] == ["hr_payroll"]
