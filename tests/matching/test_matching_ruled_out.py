"""What a plan says it is not is no evidence for it: "ferries, not tourism", "a mutual, not a trust"."""

from datetime import date

import pytest

from matching import understand

TODAY = date(2026, 12, 5)


def read(text: str) -> tuple[list[str], str | None, str | None]:
    understood = understand(text, today=TODAY)
    return (
        [area.code for area in understood.service_areas],
        understood.delivery_model.code if understood.delivery_model else None,
        understood.stage.code if understood.stage else None,
    )


@pytest.mark.parametrize(
    ("text", "ruled_out"),
    [
        ("the service is ferries not tourism", "tourism"),
        ("it's the school crossing patrols, not school meals", "catering_school_meals"),
        ("leisure centres rather than libraries", "libraries"),
        ("home care, as opposed to the care homes", "residential_care"),
    ],
)
def test_a_service_ruled_out_is_not_read(text: str, ruled_out: str) -> None:
    assert ruled_out not in read(text)[0]


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("actually it's a staff mutual not a trust", "staff_mutual"),
        ("not a charitable trust after all, a staff mutual for the libraries", "staff_mutual"),
        ("rather than retendering, we'll bring the leisure centres back in house", "insourcing"),
        ("bring the leisure centres back in house rather than retender", "insourcing"),
        ("We won't outsource the parking: a shared service with the county", "shared_service"),
    ],
)
def test_a_kind_of_change_ruled_out_gives_way_to_the_one_meant(text: str, model: str) -> None:
    assert read(text)[1] == model


def test_not_yet_tendering_still_means_outsourcing_but_not_the_tender_stage() -> None:
    areas, model, stage = read("We haven't gone out to tender yet for the waste collection contract")
    assert areas == ["waste_collection"]
    assert model == "private_outsourcing"
    assert stage != "procurement"


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("not just libraries, the museums too, into a trust", ["libraries", "museums_arts_culture"]),
        ("not sure whether the leisure centres go to a trust or a mutual", ["leisure_centres"]),
        ("a not-for-profit company for the leisure centres", ["leisure_centres"]),
    ],
)
def test_words_near_a_negation_that_rule_nothing_out_are_read_as_before(text: str, areas: list[str]) -> None:
    assert read(text)[0] == areas


def test_ferries_are_passenger_transport() -> None:
    areas = read("could the inter-island ferries be run by an arm's length company")[0]
    assert areas == ["passenger_transport"]
