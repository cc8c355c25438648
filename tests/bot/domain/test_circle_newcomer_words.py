"""A later officer's place in a formed circle, and the members' question about them, answered in words as
well as with buttons: by number, by "join the circle" or "welcome them", or a bare yes when one thing
waits; with several waiting the officer is asked which, and a command or question is understood first."""

from __future__ import annotations

from bot import wording
from bot.conversation.actions import AnswerWelcome, decode
from bot.messages import Message
from tests.bot.domain.test_circle_newcomers import EVE, EVERYONE, formed_then_eve, named_in, welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV
from tests.support import Desk

FAY = ("fay.tremble@york.gov.uk", "Fay Tremble", "Steward of Catalogues", "City of York Council")
FAY_PLAN = "Our libraries could become a staff mutual, business case, 2027"


def text_of(replies: list[Message]) -> str:
    return "\n".join(message.text for message in replies)


def welcome_buttons(message: Message) -> list[str]:
    """The labels of the buttons that say yes to a later officer asking to join."""
    return [b.label for b in message.buttons if isinstance(decode(b.action), AnswerWelcome)]


def test_a_later_officer_joins_in_words_and_members_answer_by_number_or_in_words(desk: Desk) -> None:
    formed_then_eve(desk)  # Eve: her place in the circle is #1; a pair with Dev waits too, as #2
    eve = EVE[0]
    which = desk.say(eve, "yes")
    assert which[0].text == wording.WHICH_MATCH.format(numbers="#1, #2")
    assert [welcome_questions(desk.inbox(email)) for email in (ANNA, BEN, CARA)] == [[], [], []]

    asked = desk.say(eve, "Join the circle, please")
    assert asked[0].text.startswith("Thanks: yes to possible match #1. I've asked the circle's members")
    assert [len(welcome_questions(desk.inbox(email))) for email in (ANNA, BEN, CARA, DEV)] == [1, 1, 1, 0]

    before = len(desk.inbox(eve))
    assert desk.say(BEN, "not now #2")[0].text == wording.CIRCLE_WELCOME_NOT_NOW.format(match=2)
    assert len(desk.inbox(eve)) == before  # Eve hears nothing of a not now
    welcomed = desk.say(ANNA, "Yes, happy for them to join")
    assert welcomed[0].text.startswith(
        "Thanks: here is the officer who joined your circle (possible match #2)"
    )
    assert named_in(welcomed[0].text, besides=ANNA) == {eve}
    assert named_in(desk.inbox(eve)[-1].text, besides=eve) == {ANNA}
    assert named_in(text_of(desk.say(CARA, "yes to #1")), besides=CARA) == {eve}

    assert desk.say(ANNA, "welcome them")[0].text == wording.NO_MATCH_AWAITS  # answered already
    assert named_in(desk.texts(BEN), besides=BEN) == {ANNA, CARA}
    assert named_in(desk.texts(eve), besides=eve) == {ANNA, CARA}
    # Until Eve's request closes, a not now is not final: "yes #2" is a yes after all, as for a pair.
    after_all = desk.say(BEN, "yes #2")
    assert after_all[0].text.startswith("Thanks: here is the officer who joined your circle (possible match")
    assert named_in(desk.texts(BEN), besides=BEN) == {ANNA, CARA, eve}
    assert named_in(desk.texts(eve), besides=eve) == {ANNA, BEN, CARA}


def test_a_later_officer_says_not_now_in_words_and_nobody_is_asked(desk: Desk) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    before = {email: len(desk.inbox(email)) for email in (ANNA, BEN, CARA, DEV)}
    assert desk.say(eve, "not now #1")[0].text == wording.CIRCLE_NOT_NOW.format(match=1)
    assert {email: len(desk.inbox(email)) for email in before} == before
    assert desk.say(eve, "join")[0].text.startswith("Thanks: yes to possible match #2")  # now only Dev's pair


def test_a_command_or_question_is_understood_before_a_members_question_takes_it(desk: Desk) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    desk.say(eve, "join the circle")
    overview = desk.say(ANNA, "my plans")[0].text
    assert overview.startswith("Your plans") and eve not in named_in(overview, besides=ANNA)
    circle = text_of(desk.say(ANNA, "what's a circle?"))
    assert eve not in named_in(circle, besides=ANNA)
    assert welcome_questions(desk.inbox(ANNA))  # still waiting: neither answered the question
    assert named_in(text_of(desk.say(ANNA, "yes")), besides=ANNA) == {eve}  # the one thing waiting


def test_two_later_officers_asking_to_join_one_circle_are_told_apart_by_their_buttons(desk: Desk) -> None:
    formed_then_eve(desk)
    eve, fay = EVE[0], FAY[0]
    email, name, title, _ = FAY
    desk.open(email, name=name, title=title)
    desk.describe_and_confirm(email, FAY_PLAN)
    desk.say(eve, "join the circle")
    desk.say(fay, "join the circle")
    assert len(welcome_questions(desk.inbox(ANNA))) == 2
    for words in ("yes #2", "yes", "welcome them"):
        assert desk.say(ANNA, words)[0].text == wording.CIRCLE_WELCOME_WHICH.format(match=2)
    assert named_in(desk.texts(ANNA), besides=ANNA) <= {email for email, *_ in EVERYONE if email != eve}
    assert fay not in desk.texts(ANNA)
    desk.choose(ANNA, wording.WELCOME_YES)  # the latest question: Fay's
    assert fay in desk.texts(ANNA) and eve not in named_in(desk.texts(ANNA), besides=ANNA)
    assert named_in(text_of(desk.say(ANNA, "welcome them")), besides=ANNA) == {eve}  # now only Eve's waits


def test_my_plans_shows_a_members_waiting_question_with_a_say_yes_that_answers_it(desk: Desk) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    assert welcome_buttons(desk.say(ANNA, "my plans")[0]) == []
    desk.say(eve, "join the circle")
    [overview] = desk.say(ANNA, "my plans")
    assert wording.CIRCLE_WELCOME_LINE.format(match=2) in overview.text
    assert named_in(overview.text, besides=ANNA) == {BEN, CARA}  # the circle, never who asks to join
    assert welcome_buttons(overview) == [wording.CIRCLE_WELCOME_SAY_YES.format(match=2)]
    assert wording.CIRCLE_WELCOME_LINE.format(match=2) not in desk.say(DEV, "my plans")[0].text  # not asked

    welcomed = desk.choose(ANNA, wording.CIRCLE_WELCOME_SAY_YES.format(match=2))
    assert named_in(welcomed[0].text, besides=ANNA) == {eve}
    [after] = desk.say(ANNA, "my plans")
    assert wording.CIRCLE_WELCOME_LINE.format(match=2) not in after.text and "Eve Quorn" in after.text
    assert welcome_buttons(after) == []
    assert wording.CIRCLE_WELCOME_LINE.format(match=2) in desk.say(BEN, "my plans")[0].text  # Ben's waits
