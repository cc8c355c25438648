"""Bad input gets a clear reply every time, nothing is lost, and no traceback reaches the officer."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine as Database

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


@pytest.mark.parametrize("words", ["🙂🙂🙂", "hello", "thanks!", "我们正在考虑外包图书馆服务"])
def test_short_unknown_input_gets_short_help(desk: Desk, database: Database, words: str) -> None:
    desk.open(JANE)
    reply = desk.say(JANE, words)
    assert [m.text[:40] for m in reply] == ["Sorry, I didn't follow that. To describe"]
    assert count(database, "conversation") == 0


@pytest.mark.parametrize(
    "words",
    [
        "We are thinking about changing how we run things here, possibly next year 🙂",
        "Rydym yn ystyried trosglwyddo ein canolfannau hamdden i ymddiriedolaeth elusennol",
    ],
)
def test_a_description_without_a_recognisable_service_asks_for_one(desk: Desk, words: str) -> None:
    desk.open(JANE)
    question = desk.say(JANE, words)[-1]
    assert question.text == "I couldn't tell which service this is about. Which is closest?"
    assert len(question.buttons) >= 40
    chosen = encode(SetDraftField(DraftField.AREAS, "libraries"))
    library = next(b for b in question.buttons if b.action == chosen)
    asked_model = desk.act(JANE, library.action)[-1]
    assert asked_model.text == "What kind of change are you considering?"
    summary = desk.choose(JANE, "Not sure yet")[-1].text
    assert "Service: Libraries" in summary and "Kind of change: not known yet" in summary


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
    again = desk.say(JANE, "new plan")
    assert again[0].text == "You have an unfinished plan. Here it is again:"
    assert "Options appraisal" in desk.say(JANE, "some other words")[-1].text
    desk.choose(JANE, "Looks right")
    assert count(database, "plan") == 1


def test_unknown_commands_and_missing_plan_numbers(desk: Desk) -> None:
    desk.open(JANE)
    assert "You don't have a plan 4" in desk.say(JANE, "pause 4")[0].text
    assert "Which plan? For example: withdraw 1" in desk.say(JANE, "withdraw")[0].text
    assert desk.say(JANE, "cancel")[0].text == "There's nothing to cancel."


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
