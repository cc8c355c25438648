"""An officer who asks how many others plan something, then describes their own plan of it without naming
the service again, gets a draft of what they asked about: the question is the context of the next message."""

from __future__ import annotations

from bot import wording
from bot.messages import Message
from tests.support import Desk

ASKER = "sam.okafor@lambeth.gov.uk"
ASK = "Is anybody else looking at moving their leisure centres into a staff mutual?"
GOING_ON = "We're writing the business case now, hoping to go live in April 2028."
SUMMARY = "Here's what I understood:"


def all_text(messages: list[Message]) -> str:
    return "\n".join(m.text + "\n" + "\n".join(b.label for b in m.buttons) for m in messages)


def asked(desk: Desk) -> list[Message]:
    desk.open(ASKER)
    return desk.say(ASKER, ASK)


def test_the_answer_offers_a_plan_of_what_was_asked_about(desk: Desk) -> None:
    shown = all_text(asked(desk))
    assert wording.LANDSCAPE_PLAN_TOO in shown
    assert wording.LANDSCAPE_PLAN_BUTTON in shown


def test_words_going_on_from_the_question_describe_a_plan_of_it(desk: Desk) -> None:
    asked(desk)
    shown = all_text(desk.say(ASKER, GOING_ON))
    assert SUMMARY in shown
    assert "Service: Leisure centres and sport" in shown
    assert "Kind of change: Staff mutual" in shown
    assert "Timeline: April 2028" in shown
    assert "Saved as plan 1" in all_text(desk.choose(ASKER, "Looks right"))


def test_the_button_or_a_yes_starts_the_plan_from_the_question(desk: Desk) -> None:
    asked(desk)
    shown = all_text(desk.choose(ASKER, wording.LANDSCAPE_PLAN_BUTTON))
    assert SUMMARY in shown
    assert "Service: Leisure centres and sport" in shown and "Kind of change: Staff mutual" in shown
    desk.say(ASKER, "cancel")

    desk.say(ASKER, ASK)
    by_word = all_text(desk.say(ASKER, "yes"))
    assert by_word == shown  # the same question either way


def test_a_no_is_taken_kindly_and_starts_nothing(desk: Desk) -> None:
    asked(desk)
    assert [m.text for m in desk.say(ASKER, "no")] == [wording.LANDSCAPE_PLAN_NOT]
    assert wording.NOTHING_TO_CANCEL in all_text(desk.say(ASKER, "cancel"))


def test_a_plan_naming_its_own_service_is_read_alone(desk: Desk) -> None:
    asked(desk)
    separately = "Separately, we are outsourcing our payroll to a private provider next year"
    shown = all_text(desk.say(ASKER, separately))
    assert "Leisure" not in shown
    assert "Kind of change: Outsourcing to a private provider" in shown


def test_a_question_in_between_keeps_the_context(desk: Desk) -> None:
    asked(desk)
    desk.say(ASKER, "Is this confidential?")
    shown = all_text(desk.say(ASKER, GOING_ON))
    assert "Service: Leisure centres and sport" in shown


def test_a_second_question_without_a_service_is_about_the_first(desk: Desk) -> None:
    first = asked(desk)
    again = desk.say(ASKER, "And how many other councils is that?")
    header = wording.LANDSCAPE_HEADER_ASKED[:30]
    assert [m.text for m in again if m.text.startswith(header)] == [
        m.text for m in first if m.text.startswith(header)
    ]


def test_the_context_lasts_one_message_and_its_button_then_changes_nothing(desk: Desk) -> None:
    asked(desk)
    desk.say(ASKER, "thanks")
    assert [m.text for m in desk.choose(ASKER, wording.LANDSCAPE_PLAN_BUTTON)] == [wording.NOT_A_CHOICE]
    shown = all_text(desk.say(ASKER, GOING_ON))
    assert "Service: Leisure centres and sport" not in shown


def test_no_offer_to_an_officer_who_has_a_plan_of_it(desk: Desk) -> None:
    desk.open(ASKER)
    desk.describe_and_confirm(ASKER, "Our leisure centres may become a staff mutual; business case by March")
    assert wording.LANDSCAPE_PLAN_TOO not in all_text(desk.say(ASKER, ASK))


def test_no_offer_in_the_middle_of_writing_a_plan(desk: Desk) -> None:
    desk.open(ASKER)
    desk.say(ASKER, "We are thinking of outsourcing our parks maintenance")
    shown = all_text(desk.say(ASKER, ASK))
    assert wording.LANDSCAPE_PLAN_TOO not in shown
    assert wording.STILL_WRITING in shown


def test_a_short_stage_and_date_going_on_from_the_question_describe_a_plan_of_it(desk: Desk) -> None:
    officer = "priya.shah@cardiff.gov.uk"
    desk.open(officer)
    desk.say(officer, "Which other Welsh councils are putting leisure into a trust?")
    shown = all_text(desk.say(officer, "we're at options appraisal, hoping for April 2027"))
    assert "Service: Leisure centres and sport" in shown
    assert "Kind of change: Charitable trust" in shown
    assert "Timeline: April 2027" in shown
