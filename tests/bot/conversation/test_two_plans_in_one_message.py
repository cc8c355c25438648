"""Two plans in one message: the first is drafted alone, the second named, then drafted once it is done."""

from __future__ import annotations

from tests.bot.domain.test_double_opt_in import JANE
from tests.support import Desk

TWO_PLANS = (
    "We are moving our libraries to a trust. Separately, we're looking at outsourcing parking enforcement "
    "next year."
)


def test_each_plan_of_a_message_is_drafted_and_saved_on_its_own(desk: Desk) -> None:
    desk.open(JANE)
    first = desk.say(JANE, TWO_PLANS)[0].text
    assert "Service: Libraries\n" in first and "Kind of change: Charitable trust" in first
    assert "You also mentioned parking services and enforcement" in first
    saved = [m.text for m in desk.choose(JANE, "Looks right")]
    assert saved[0] == "Saved as plan 1. Only you can see it."
    second = next(text for text in saved if text.startswith("Here's what I understood"))
    assert "Service: Parking services and enforcement" in second
    assert "Kind of change: Outsourcing to a private provider" in second
    assert "You also mentioned" not in second
    desk.choose(JANE, "Looks right")
    listed = desk.say(JANE, "my plans")[0].text
    assert "1. Libraries: Charitable trust" in listed
    assert "2. Parking services and enforcement: Outsourcing to a private provider" in listed


def test_discarding_the_first_still_drafts_the_second(desk: Desk) -> None:
    desk.open(JANE)
    desk.say(JANE, TWO_PLANS)
    after = [m.text for m in desk.choose(JANE, "Discard")]
    assert any("Service: Parking services and enforcement" in text for text in after)


def test_one_change_for_two_services_is_one_plan(desk: Desk) -> None:
    desk.open(JANE)
    reply = desk.say(JANE, "Libraries to a trust. Museums to a trust too.")[0].text
    assert "Service: Libraries and museums" in reply.replace("Museums, arts and heritage", "museums")
    assert "You also mentioned" not in reply


def test_a_service_that_changed_years_ago_is_no_second_plan(desk: Desk) -> None:
    desk.open(JANE)
    reply = desk.say(
        JANE, "Outsourcing the parking enforcement contract. Our libraries went to a trust in 2019."
    )[0].text
    assert "You also mentioned" not in reply


def test_a_kind_of_change_corrected_just_after_saving_changes_that_plan_once_confirmed(desk: Desk) -> None:
    desk.open(JANE)
    desk.say(JANE, "Derby are considering a trust for museums, business case next spring")
    desk.choose(JANE, "Looks right")
    offered = desk.say(JANE, "actually it's a staff mutual not a trust")
    assert offered[0].text.startswith("I've taken that as more about plan 1")
    assert "Kind of change: Staff mutual" in offered[1].text
    assert "Charitable trust" in desk.say(JANE, "my plans")[0].text  # nothing changed before the yes
    desk.choose(JANE, "Looks right")
    listed = desk.say(JANE, "my plans")[0].text
    assert "1. Museums, arts and heritage: Staff mutual" in listed and "2." not in listed


def test_a_service_added_just_after_saving_joins_that_plan(desk: Desk) -> None:
    desk.open(JANE)
    desk.say(JANE, "Derby are considering a trust for museums, business case next spring")
    desk.choose(JANE, "Looks right")
    desk.say(JANE, "add libraries too")
    desk.choose(JANE, "Looks right")
    listed = desk.say(JANE, "my plans")[0].text
    assert "Libraries" in listed and "2." not in listed
