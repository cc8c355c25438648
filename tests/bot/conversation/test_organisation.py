"""The organisation question's pieces: its buttons' actions, and telling a plan from a name."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.actions import (
    MAX_ENCODED,
    Action,
    AnotherOrganisation,
    ChooseOrganisation,
    KeepOrganisationName,
    RetypeOrganisation,
    decode,
    encode,
)
from bot.conversation.organisation import could_be_a_name, reads_as_plan
from bot.domain.directory import CouncilDirectory

TODAY = date(2026, 12, 3)

ON_THE_WIRE: dict[str, Action] = {
    "organisation:council:WYE": ChooseOrganisation("WYE"),
    "organisation:another": AnotherOrganisation(),
    "organisation:keep": KeepOrganisationName(),
    "organisation:retype": RetypeOrganisation(),
}


@pytest.mark.parametrize(("text", "action"), ON_THE_WIRE.items())
def test_organisation_buttons_encode_as_they_decode(text: str, action: Action) -> None:
    assert decode(text) == action and encode(action) == text


@pytest.mark.random_data
@given(st.from_regex(r"[A-Z0-9]{1,10}", fullmatch=True))
def test_any_council_code_survives_the_wire(code: str) -> None:
    assert decode(encode(ChooseOrganisation(code))) == ChooseOrganisation(code)


@pytest.mark.parametrize(
    "text",
    [
        "organisation:council:",
        "organisation:council:wye",  # codes are capitals
        "organisation:council:WYE:1",
        "organisation:council:" + "A" * 11,
        "organisation:council:W E",
        "organisation:keep:Acme",  # the typed name never travels in a button
        "organisation:",
        "organisation",
    ],
)
def test_tampered_organisation_actions_decode_to_nothing(text: str) -> None:
    assert decode(text) is None


def test_every_council_can_be_offered_as_a_button() -> None:
    for council in CouncilDirectory.builtin():
        assert len(encode(ChooseOrganisation(council.code))) <= MAX_ENCODED
        assert len(council.name) <= 75  # Slack's limit on a button's text


@pytest.mark.parametrize(
    "text",
    [
        "We're outsourcing our libraries",
        "Our libraries may become a charitable trust",
        "thinking of a staff mutual",
        "bringing waste back in house",
        "Libraries and leisure centres into a trust",
        "We are thinking about changing how we run things here and across the county next year",
        "Wyre Forest " + "x" * 120,
    ],
)
def test_a_plan_is_recognised_as_one(text: str) -> None:
    assert reads_as_plan(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "Wyre Forest District Council",
        "WFDC",
        "LB Camden",
        "Riverside Leisure Trust",  # names a service and a trust, but is written as a name
        "Birmingham Children's Trust",
        "Greater Manchester Combined Authority",
        "Acme",
        "hello",
    ],
)
def test_a_name_is_not_taken_for_a_plan(text: str) -> None:
    assert not reads_as_plan(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    ["looks ok", "never mind, leave it", "yes", "not sure", 'what does "active" mean in my plans',
     "why do you need that", "I'd rather not say"],
)  # fmt: skip
def test_a_nod_a_brush_off_or_a_question_is_never_taken_for_a_name(text: str) -> None:
    assert not could_be_a_name(text)


@pytest.mark.parametrize(
    "text", ["Somerset Council", "Mendip", "Riverside Leisure Trust", "Yorkshire Purchasing Organisation"]
)
def test_names_can_be_names(text: str) -> None:
    assert could_be_a_name(text)
