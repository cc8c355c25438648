"""The timeline of a draft as an officer reads it back: never a date gone by for a plan still to come."""

from __future__ import annotations

from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN
from tests.support import Desk

# The desk's clock starts on 25 November 2026, in the third quarter of financial year 2026/27.
LIVE_PLAN = "Our leisure centres went live as a staff mutual in April and it is going well"


def _change_timeline(desk: Desk, plan: str) -> None:
    desk.open(JANE)
    desk.say(JANE, plan)
    desk.choose(JANE, "Change something")
    desk.choose(JANE, "Timeline")


def test_a_financial_year_under_way_reads_as_its_last_month(desk: Desk) -> None:
    _change_timeline(desk, JANE_PLAN)
    assert "Timeline: March 2027" in desk.say(JANE, "sometime in 2026/27")[0].text


def test_a_date_gone_by_for_a_plan_to_come_is_asked_again(desk: Desk) -> None:
    _change_timeline(desk, JANE_PLAN)
    reply = desk.say(JANE, "April 2026")[0].text
    assert "already gone by" in reply and "When do you now expect it" in reply
    assert "Timeline: April 2027" in desk.say(JANE, "April 2027")[0].text


def test_a_live_plan_shows_when_it_went_live(desk: Desk) -> None:
    desk.open(JANE)
    summary = desk.say(JANE, LIVE_PLAN)[0].text
    assert "Stage: Live and running" in summary and "Timeline: April 2026" in summary


def test_a_live_plan_may_be_given_a_date_gone_by(desk: Desk) -> None:
    _change_timeline(desk, LIVE_PLAN)
    assert "Timeline: June 2025" in desk.say(JANE, "June 2025")[0].text


def test_choosing_a_stage_still_to_come_drops_a_date_gone_by(desk: Desk) -> None:
    desk.open(JANE)
    desk.say(JANE, LIVE_PLAN)
    desk.choose(JANE, "Change something")
    desk.choose(JANE, "Stage")
    summary = desk.choose(JANE, "Exploring options")[0].text
    assert "Stage: Exploring options" in summary and "Timeline: not known yet" in summary


def test_a_correction_saying_too_adds_services_and_one_without_replaces_them(desk: Desk) -> None:
    officer = "morag.campbell@fife.gov.uk"
    desk.open(officer)
    first = "We're looking at an ALEO for our leisure centres, cabinet paper in the spring"
    assert "Service: Leisure centres and sport" in "\n".join(m.text for m in desk.say(officer, first))
    added = "\n".join(m.text for m in desk.say(officer, "no, it's libraries too"))
    assert "Service: Leisure centres and sport and Libraries" in added
    replaced = "\n".join(m.text for m in desk.say(officer, "sorry, it's museums"))
    assert "Service: Museums, arts and heritage" in replaced and "Leisure" not in replaced


def test_a_long_correction_of_the_service_corrects_the_draft_and_a_long_new_plan_is_asked_about(
    desk: Desk,
) -> None:
    officer = "rob.king@york.gov.uk"
    desk.open(officer)
    desk.say(officer, "We're setting up a trading company for our leisure centres next year")
    corrected = "\n".join(m.text for m in desk.say(officer, "it's mainly the museums and the city archive"))
    assert "Service: Museums, arts and heritage" in corrected and "Leisure" not in corrected
    another = desk.say(officer, "We are also thinking of a shared service for our library service with Leeds")
    assert another[0].text.startswith("We're still writing a plan")


def test_where_was_i_is_answered_from_where_the_officer_is(desk: Desk) -> None:
    officer = "rob.king@york.gov.uk"
    desk.open(officer)
    desk.say(officer, "We're setting up a trading company for our leisure centres next year")
    replies = desk.say(officer, "sorry, got pulled into a meeting. where was I?")
    assert "Looks right" in [b.label for b in replies[-1].buttons]


def test_an_aside_mid_draft_is_answered_kindly_and_the_draft_is_kept(desk: Desk) -> None:
    officer = "rob.king@york.gov.uk"
    desk.open(officer)
    desk.say(officer, "We're setting up a trading company for our leisure centres next year")
    replies = desk.say(officer, "ugh, sorry, got pulled into a meeting")
    assert replies[0].text.startswith("No problem, take your time")
    assert "Service: Leisure centres and sport" in "\n".join(m.text for m in replies)
    assert "Looks right" in [b.label for b in replies[-1].buttons]


def test_a_service_the_reader_does_not_know_is_said_so_with_the_groups_and_a_way_out(desk: Desk) -> None:
    officer = "fiona.reid@fife.gov.uk"
    desk.open(officer)
    desk.say(officer, "Members want to look at bringing some of our ALEO services back in house")
    replies = desk.say(officer, "The observatory and the lifeguards")
    assert replies[0].text.startswith("I don't know that service by that name")
    assert "type cancel" in replies[0].text
    assert "Leisure and culture" in [b.label for b in replies[-1].buttons]
    # 'Looks right' names no service: never taken for one
    assert "Is it one of these?" not in "\n".join(m.text for m in desk.say(officer, "looks right"))


PEST_CONTROL = (
    "I manage our pest control and dog warden service and we're looking at whether a neighbouring "
    "authority could deliver it for us under an SLA from 2027/28. No decision yet."
)


def test_a_field_changed_in_words_changes_that_field_of_the_only_plan(desk: Desk) -> None:
    officer = "tom.hughes@wrexham.gov.uk"
    desk.open(officer)
    desk.describe_and_confirm(officer, PEST_CONTROL)
    timeline = "\n".join(m.text for m in desk.say(officer, "can I change the timeline to 2028?"))
    assert "Editing plan 1." in timeline and "Timeline: 2028" in timeline
    assert "Service: Environmental health" in timeline and "Stage: Exploring options" in timeline
    assert desk.choose(officer, "Looks right")[0].text.startswith("Plan 1 is updated")
    stage = "\n".join(m.text for m in desk.say(officer, "change the stage to business case"))
    assert "Stage: Options appraisal or business case" in stage
    assert "Service: Environmental health" in stage  # never a service guessed from 'business'
    asked = desk.say(officer, "Looks right") + desk.say(officer, "update the service of plan 1")
    assert asked[-1].text.startswith("Which service is this about?")


def test_a_stage_typed_at_the_stage_question_sets_the_stage_alone(desk: Desk) -> None:
    officer = "tom.hughes@wrexham.gov.uk"
    desk.open(officer)
    desk.say(officer, PEST_CONTROL)
    desk.choose(officer, "Change something")
    desk.choose(officer, "Stage")
    summary = "\n".join(m.text for m in desk.say(officer, "business case"))
    assert "Stage: Options appraisal or business case" in summary
    assert "Service: Environmental health" in summary
