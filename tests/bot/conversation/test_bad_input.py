"""Bad input gets a clear reply every time, nothing is lost, and no traceback reaches the officer."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine as Database

from bot import wording
from bot.clock import ManualClock
from bot.conversation.actions import AnswerProposal, ConfirmDraft, DraftField, SetDraftField, encode
from bot.core import Core
from bot.delivery.notifier import Address, RecordingNotifier
from bot.messages import Identity, Message
from bot.settings import Settings
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN
from tests.support import Desk, count


def test_empty_message_is_answered(desk: Desk) -> None:
    desk.open(JANE)
    for empty in ("", "   ", "\n\t", "\x00\x07"):
        assert desk.say(JANE, empty)[0].text.startswith("Your message was empty.")


def test_too_long_message_is_given_back_and_not_saved(desk: Desk, database: Database) -> None:
    desk.open(JANE)
    long_text = "Our leisure centres " + "and much more detail " * 250
    reply = desk.say(JANE, long_text)[0].text
    assert f"{len(long_text.strip()):,} characters" in reply and "up to 4,000" in reply
    assert long_text.strip() in reply  # given back so it can be shortened
    assert count(database, "plan") == 0 and count(database, "conversation") == 0


def test_control_characters_are_removed_and_other_scripts_kept(desk: Desk) -> None:
    desk.open(JANE)
    desk.say(JANE, "Our leisure centres\x1b[31m \u202estaff mutual\u202c, with 🏊 and Canolfan Hamdden ✨")
    desk.choose(JANE, "Looks right")
    exported = desk.say(JANE, "export")[0].attachment
    assert exported is not None
    assert "Our leisure centres[31m staff mutual, with 🏊 and Canolfan Hamdden ✨" in exported.content
    assert "\\u001b" not in exported.content and "\\u202e" not in exported.content


@pytest.mark.parametrize(
    ("words", "reply"),
    [
        ("🙂🙂🙂", "I'm not sure what you mean. You can describe a plan"),
        ("hello", "Hello. Tell me about a service change you're planning"),
        ("thanks!", "You're welcome. I'll message you here if I find"),
        ("我们正在考虑外包图书馆服务", "I'm not sure what you mean. You can describe a plan"),
    ],
)
def test_short_unknown_input_says_what_the_officer_can_do(
    desk: Desk, database: Database, words: str, reply: str
) -> None:
    desk.open(JANE)
    replies = desk.say(JANE, words)
    assert [m.text[: len(reply)] for m in replies] == [reply]
    assert not replies[0].buttons
    assert count(database, "conversation") == 0  # no draft was started


def test_a_welsh_description_is_answered_in_plain_words_not_with_a_list(
    desk: Desk, database: Database
) -> None:
    desk.open(JANE)
    replies = desk.say(
        JANE, "Rydym yn ystyried trosglwyddo ein canolfannau hamdden i ymddiriedolaeth elusennol"
    )
    assert [m.text[:40] for m in replies] == ["Diolch. I can only read English for now,"]
    assert count(database, "conversation") == 0


def test_a_description_without_a_recognisable_service_offers_a_few_groups(desk: Desk) -> None:
    desk.open(JANE)
    groups = desk.say(JANE, "We are thinking about changing how we run things here, possibly next year 🙂")[
        -1
    ]
    assert groups.text.startswith("Which service is this about? Tell me in a few words")
    assert 2 <= len(groups.buttons) <= 8
    more = desk.choose(JANE, "More…")[-1]
    assert 2 <= len(more.buttons) <= 8
    assert {b.label for b in more.buttons}.isdisjoint(b.label for b in groups.buttons[:-1])
    desk.choose(JANE, "Back")
    libraries = desk.choose(JANE, "Leisure and culture")[-1]
    assert libraries.text == "Leisure and culture: which of these is it?"
    assert [b.label for b in libraries.buttons][:2] == ["Leisure centres and sport", "Libraries"]
    asked_model = desk.choose(JANE, "Libraries")[-1]
    assert asked_model.text == "What kind of change are you considering for libraries?"
    assert len(asked_model.buttons) <= 8
    summary = desk.choose(JANE, "Not sure yet")[-1].text
    assert "Service: Libraries" in summary and "Kind of change: not known yet" in summary


def test_an_unsure_service_is_offered_as_a_few_likely_ones_and_something_else(desk: Desk) -> None:
    desk.open(JANE)
    question = desk.say(JANE, "We want to hand the public loos over to a community group next year")[-1]
    assert question.text == "I couldn't tell which service this is about. Is it one of these?"
    assert 2 <= len(question.buttons) <= 6 and question.buttons[-1].label == "Something else"
    groups = desk.choose(JANE, "Something else")[-1]
    assert groups.text.startswith("Tell me the service in a few words")
    assert 2 <= len(groups.buttons) <= 8


def test_a_few_words_for_the_service_are_understood_instead_of_a_choice(desk: Desk) -> None:
    desk.open(JANE)
    desk.say(JANE, "We are thinking about a staff mutual for one of our services next year")
    summary = desk.say(JANE, "it's the libraries")[-1]
    assert "Service: Libraries" in summary.text and "Kind of change: Staff mutual" in summary.text
    assert summary.buttons[0].label == "Looks right"


def test_stale_or_forged_choices_change_nothing(desk: Desk, database: Database) -> None:
    desk.open(JANE)
    for action in (
        encode(ConfirmDraft()),
        encode(AnswerProposal(999, accept=True)),
        "proposal:x:accept",  # forged: no action encodes to this
        "nonsense",
        encode(SetDraftField(DraftField.AREAS, "moon")),
    ):
        assert desk.act(JANE, action)[0].text == "That choice is no longer available. Nothing has changed."
    desk.say(JANE, JANE_PLAN)
    libraries = encode(SetDraftField(DraftField.AREAS, "libraries"))
    assert desk.act(JANE, libraries)[0].text.startswith("That choice is no longer")
    assert count(database, "plan") == 0


def test_a_command_in_the_middle_of_an_intake_keeps_the_draft(desk: Desk, database: Database) -> None:
    desk.open(JANE)
    desk.say(JANE, JANE_PLAN)
    helped = desk.say(JANE, "help")
    assert helped[0].text.startswith("Here is what you can do")
    assert helped[-1].buttons[0].label == "Looks right"  # the draft is shown again
    switch = desk.say(JANE, "new plan")[-1]
    assert (
        switch.text == "We're still writing a plan. Drop it and start another, or keep going with this one?"
    )
    again = desk.choose(JANE, "Keep going")
    assert again[-1].buttons[0].label == "Looks right"
    unclear = desk.say(JANE, "some other words")
    assert unclear[0].text.startswith("I didn't catch which you mean")
    assert "Options appraisal" in unclear[-1].text
    desk.choose(JANE, "Looks right")
    assert count(database, "plan") == 1


def test_unknown_commands_and_missing_plan_numbers(desk: Desk) -> None:
    desk.open(JANE)
    assert "You don't have a plan 4" in desk.say(JANE, "pause 4")[0].text
    assert desk.say(JANE, "withdraw")[0].text == "You have no plans that this applies to."
    assert desk.say(JANE, "cancel")[0].text == "There's nothing to cancel."


def test_a_command_without_a_number_means_the_only_plan_it_can(desk: Desk) -> None:
    desk.open(JANE)
    desk.describe_and_confirm(JANE, "We're spinning our leisure centres out into a staff mutual next April")
    assert desk.say(JANE, "pause")[0].text.startswith("Paused plan 1")
    assert desk.say(JANE, "pause")[0].text.startswith("Plan 1 is already paused")
    assert desk.say(JANE, "resume")[0].text.startswith("Resumed plan 1")
    desk.describe_and_confirm(JANE, "We're looking at a shared service for our libraries with a neighbour")
    assert desk.say(JANE, "pause 2")[0].text.startswith("Paused plan 2")
    assert desk.say(JANE, "pause")[0].text.startswith("Paused plan 1")  # the only active one
    assert "Which plan? For example: withdraw 1" in desk.say(JANE, "withdraw")[0].text
    desk.say(JANE, "withdraw 2")
    desk.choose(JANE, "Withdraw it")
    assert desk.say(JANE, "withdraw")[0].text.startswith("Withdraw plan 1?")  # asked, never done at once


class ExplodingNotifier(RecordingNotifier):
    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        if "Saved as plan" in message.text:
            raise ConnectionError("platform said no")
        super().send(recipient, message, address=address)


def test_a_failed_delivery_does_not_stop_the_others(
    database: Database, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = ExplodingNotifier()
    desk = Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)
    desk.open(JANE)
    with caplog.at_level(logging.WARNING):
        replies = desk.describe_and_confirm(JANE, JANE_PLAN)
    assert any("No comparable plan yet" in m.text for m in replies)
    assert "delivery failed" in caplog.text and "Fairbrook" not in caplog.text


def test_an_unexpected_error_gives_a_reference_and_no_details(
    desk: Desk, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    desk.open(JANE)
    desk.say(JANE, JANE_PLAN)
    with database.begin() as connection:  # the database goes wrong under the bot's feet
        connection.exec_driver_sql("DROP TABLE audit_event")
    with caplog.at_level(logging.ERROR):
        reply = desk.choose(JANE, "Looks right")
    assert len(reply) == 1 and reply[0].text.startswith("Sorry, something went wrong on our side")
    reference = reply[0].text.rsplit(" ", 1)[-1].rstrip(".")
    assert reference in caplog.text
    assert "Fairbrook" not in caplog.text and "audit_event" not in reply[0].text
    assert count(database, "plan") == 0  # nothing half-done


def test_a_choice_can_be_typed_by_its_label_or_its_number(desk: Desk, database: Database) -> None:
    desk.open(JANE)
    desk.say(JANE, JANE_PLAN)
    assert desk.say(JANE, "2")[-1].text == "What would you like to change?"  # the second choice
    assert desk.say(JANE, "Back")[-1].buttons[0].label == "Looks right"
    assert desk.say(JANE, "the second one")[-1].text == "What would you like to change?"
    assert desk.say(JANE, "back")[-1].buttons[0].label == "Looks right"
    assert desk.say(JANE, "9")[0].text.startswith("I didn't catch which you mean")  # there is no ninth
    assert desk.say(JANE, "looks right.")[0].text == "Saved as plan 1. Only you can see it."
    assert count(database, "plan") == 1


def test_yes_or_no_to_the_likely_services_is_understood(desk: Desk) -> None:
    desk.open(JANE)
    question = desk.say(JANE, "the lending service → CIO trust, OBC stage, FY27")[-1]
    assert [b.label for b in question.buttons] == ["Libraries", "Something else"]
    assert "Service: Libraries" in desk.say(JANE, "yes")[-1].text  # the one likely service
    desk.say(JANE, "cancel")
    desk.say(JANE, "the lending service → CIO trust, OBC stage, FY27")
    assert desk.say(JANE, "no")[-1].text.startswith("Tell me the service in a few words")  # the groups


def test_withdrawing_a_missing_plan_mid_draft_says_so_and_goes_back_to_the_draft(desk: Desk) -> None:
    officer = "gareth.hughes@rctcbc.gov.uk"
    desk.open(officer)
    desk.say(officer, "Waste collection, thinking of a shared service with Merthyr. Very early.")
    shown = desk.say(officer, "I'd like to delete plan 1")
    assert shown[0].text == wording.NO_SUCH_PLAN.format(number=1)
    assert shown[-1].text.startswith("Here's what I understood")  # the draft, still there
    assert "Saved as plan 1" in "\n".join(m.text for m in desk.choose(officer, "Looks right"))
