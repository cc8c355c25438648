"""The one reminder before expiry for a place in a formed circle: to the later officer yet to answer, and
to each member yet to answer about them, once, in the same words whatever anyone else did."""

from __future__ import annotations

from datetime import timedelta

from bot import wording
from bot.clock import ManualClock
from bot.conversation.actions import AnswerWelcome, decode
from bot.domain.summaries import long_date
from bot.messages import Message
from tests.bot.domain.test_circle_newcomers import EVE, formed_then_eve, named_in
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV
from tests.conftest import START
from tests.support import Desk

NEARLY_LAPSED = timedelta(days=12, hours=12)  # within the default two days of the 14 days to answer
EXPIRES = long_date((START + timedelta(days=14)).date())


def reminders_in(messages: list[Message], opening: str) -> list[Message]:
    return [m for m in messages if m.text.startswith(opening)]


PLACE = "A reminder: possible match #1 for your plan 1, a place in a circle"
WELCOME = "A reminder: a council with a comparable plan would like to join your circle"


def test_a_later_officer_yet_to_answer_is_reminded_once_and_can_answer_from_it(
    desk: Desk, clock: ManualClock
) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    before = len(desk.inbox(eve))
    clock.advance(NEARLY_LAPSED)
    desk.engine.remind()
    desk.engine.remind()  # once only
    [reminder] = reminders_in(desk.inbox(eve)[before:], PLACE)
    assert reminder.text == wording.CIRCLE_PLACE_REMINDER.format(match=1, number=1, expires=EXPIRES)
    assert [b.label for b in reminder.buttons] == [wording.JOIN_CIRCLE, wording.NOT_NOW]
    assert named_in(desk.texts(eve), besides=eve) == set()
    assert desk.act(eve, reminder.buttons[0].action)[0].text.startswith("Thanks: yes to possible match #1.")
    # the members were asked with less than two days to run: the question said when it closes
    desk.engine.remind()
    for email in (ANNA, BEN, CARA, DEV):
        assert reminders_in(desk.inbox(email), WELCOME) == []


def test_a_later_officer_who_answered_is_not_reminded(desk: Desk, clock: ManualClock) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    desk.say(eve, "not now #1")
    clock.advance(NEARLY_LAPSED)
    desk.engine.remind()
    assert reminders_in(desk.inbox(eve), PLACE) == []


def test_members_yet_to_answer_about_a_later_officer_are_reminded_once_in_the_same_words(
    desk: Desk, clock: ManualClock
) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    desk.say(eve, "join the circle")
    desk.say(ANNA, "welcome them")  # Eve is welcomed by Anna; Ben and Cara say nothing
    clock.advance(NEARLY_LAPSED)
    desk.engine.remind()
    desk.engine.remind()  # once only
    told = {email: reminders_in(desk.inbox(email), WELCOME) for email in (ANNA, BEN, CARA, DEV)}
    assert [len(told[email]) for email in (ANNA, BEN, CARA, DEV)] == [0, 1, 1, 0]
    for email, number in ((BEN, 2), (CARA, 1)):
        [reminder] = told[email]
        # only their own number and the closing date: nothing of Anna's yes, nor of who Eve is
        assert reminder.text == wording.CIRCLE_WELCOME_REMINDER.format(match=number, expires=EXPIRES)
        assert [b.label for b in reminder.buttons] == [wording.WELCOME_YES, wording.NOT_NOW]
        assert isinstance(decode(reminder.buttons[0].action), AnswerWelcome)
        assert eve not in named_in(desk.texts(email), besides=email)
    assert reminders_in(desk.inbox(eve), PLACE) == []  # she answered
    welcomed = desk.act(CARA, told[CARA][0].buttons[0].action)
    assert named_in(welcomed[0].text, besides=CARA) == {eve}


def test_a_member_who_answered_is_not_reminded_and_nobody_is_after_the_later_officer_steps_back(
    desk: Desk, clock: ManualClock
) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    desk.say(eve, "join the circle")
    desk.say(BEN, "not now #2")
    desk.say(eve, "withdraw 1")
    assert "Plan 1 is withdrawn" in desk.choose(eve, "Withdraw it")[0].text
    clock.advance(NEARLY_LAPSED)
    desk.engine.remind()
    assert all(reminders_in(desk.inbox(e), WELCOME) == [] for e in (ANNA, BEN, CARA, DEV))
