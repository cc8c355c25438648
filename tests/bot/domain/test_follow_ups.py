"""Three weeks after an introduction each side is asked once whether they talked; answers are counted."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import select

from bot.clock import ManualClock
from bot.conversation.actions import AnswerFollowUp, encode
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.messages import Message
from bot.settings import Settings
from bot.storage.database import make_engine
from bot.storage.models import FollowUp, FollowUpAnswer, MatchFeedback
from tests.bot.domain.test_double_opt_in import JANE, TOM, two_plans
from tests.conftest import DatabaseFactory, DeskFactory
from tests.support import Desk, at_once, count, session_on

FOLLOW_UP_DUE = timedelta(days=21, minutes=1)
ANSWERS = ["Yes, and it helped", "Yes, not much use", "Not yet", "No"]


def introduced(desk: Desk) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Introduce us")


def questions_to(desk: Desk, email: str) -> list[Message]:
    return [m for m in desk.inbox(email) if "Did you talk?" in m.text]


def test_each_side_is_asked_once_after_three_weeks(desk: Desk, clock: ManualClock) -> None:
    introduced(desk)
    clock.advance(timedelta(days=20, hours=23))
    assert desk.engine.follow_up() == 0
    clock.advance(FOLLOW_UP_DUE - timedelta(days=20, hours=23))
    assert desk.engine.follow_up() == 2
    assert desk.engine.follow_up() == 0
    clock.advance(timedelta(days=30))
    assert desk.engine.follow_up() == 0
    for email in (JANE, TOM):
        [question] = questions_to(desk, email)
        assert question.text.startswith("A quick question about possible match #1 for your plan 1: on 25")
        assert "on 25 November 2026 I introduced you to another officer. Did you talk?" in question.text
        assert "never shown to them or to anyone by name" in question.text
        assert [b.label for b in question.buttons] == ANSWERS


def test_the_number_of_days_is_a_setting(make_desk: DeskFactory, clock: ManualClock) -> None:
    desk = make_desk(follow_up_days=7)
    introduced(desk)
    clock.advance(timedelta(days=7, minutes=1))
    assert desk.engine.follow_up() == 2


def test_a_proposal_that_was_never_introduced_brings_no_question(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Not now")
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.tick()
    assert desk.engine.follow_up() == 0


def test_an_introduction_long_before_follow_ups_began_is_not_asked_about(
    desk: Desk, clock: ManualClock
) -> None:
    introduced(desk)
    clock.advance(timedelta(days=60))  # the jobs were stopped, or follow-ups were new
    assert desk.engine.follow_up() == 0


def test_an_answer_is_noted_once_and_thanked(desk: Desk, clock: ManualClock, database: Database) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    thanks = desk.choose(JANE, "Yes, and it helped")
    assert [m.text for m in thanks] == [
        "Thank you, that's good to hear. Noted, as a count only. I'll keep looking for others like it."
    ]
    again = desk.choose(JANE, "No")
    assert [m.text for m in again] == [
        "You've already answered about that introduction, thank you. Nothing has changed."
    ]
    assert "Jane" not in desk.texts(TOM).split("Did you talk?")[-1]  # Tom hears nothing of her answer
    with session_on(database) as session:
        answers = session.exec(select(FollowUp.answer).order_by(FollowUp.id)).all()
    assert answers == ["helped", None]


def test_someone_elses_question_is_not_a_choice(desk: Desk, clock: ManualClock, database: Database) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    [tom_asked] = questions_to(desk, TOM)
    reply = desk.act(JANE, tom_asked.buttons[0].action)  # Tom's button, sent by Jane
    assert [m.text for m in reply] == ["That choice is no longer available. Nothing has changed."]
    reply = desk.act(JANE, encode(AnswerFollowUp(999, FollowUpAnswer.NO)))
    assert [m.text for m in reply] == ["That choice is no longer available. Nothing has changed."]
    with session_on(database) as session:
        assert session.exec(select(FollowUp.answer)).all() == [None, None]


def test_answers_can_be_typed_while_a_question_waits(desk: Desk, clock: ManualClock) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    assert "Noted" in desk.say(JANE, "yes it helped")[0].text
    asked = desk.say(TOM, "yes")
    assert asked[0].text.startswith("Glad you talked. Did it help?")
    assert [b.label for b in asked[0].buttons] == ANSWERS[:2]
    noted = desk.say(TOM, "Not much use #1")
    assert "fewer matches like this one" in noted[0].text
    # Commands and questions still come first.
    assert desk.say(TOM, "my plans")[0].text.startswith("Your plans")
    assert "already answered" in desk.say(TOM, "not yet")[0].text


OWN_WORDS = [
    ("yes we met twice, really useful", "good to hear"),
    ("Had a call with her last week - very helpful, thanks", "good to hear"),
    ("We spoke but it wasn't much use to be honest", "fewer matches like this one"),
    ("Talked briefly, not that relevant in the end", "fewer matches like this one"),
    ("Haven't had a chance yet, sorry", "I won't ask about this introduction again"),
    ("We're meeting next week", "I won't ask about this introduction again"),
    ("No, they never replied", "Nobody is told"),
    ("nope", "Nobody is told"),
    ("Yes we spoke on Tuesday", "Glad you talked. Did it help?"),
    ("we had a good chat last week, they're a few months behind us", "good to hear"),
    ("We had a quick call, nothing decided", "Glad you talked. Did it help?"),
]


@pytest.mark.parametrize(("words", "reply"), OWN_WORDS)
def test_an_answer_in_the_officers_own_words_is_understood(
    desk: Desk, clock: ManualClock, words: str, reply: str
) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    assert reply in desk.say(JANE, words)[0].text


def test_own_words_are_not_taken_for_an_answer_when_nothing_is_asked_or_they_ask(
    desk: Desk, clock: ManualClock
) -> None:
    introduced(desk)
    assert "good to hear" not in desk.say(JANE, "that was really useful")[0].text
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    assert "Noted" not in desk.say(JANE, "Was it useful for the others?")[0].text
    # A plan is still a plan, and the question still waits for an answer.
    draft = desk.say(JANE, "We're also planning to bring our parks maintenance back in house next April")
    assert any("Here's what I understood" in m.text for m in draft)
    desk.choose(JANE, "Discard")
    assert "good to hear" in desk.say(JANE, "it was useful, thanks")[0].text


def test_not_yet_is_an_answer_and_not_asked_again(desk: Desk, clock: ManualClock) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    assert "I won't ask about this introduction again" in desk.say(JANE, "not yet")[0].text
    clock.advance(timedelta(days=21))
    assert desk.engine.follow_up() == 0


def test_a_typed_answer_with_nothing_asked_says_so(desk: Desk) -> None:
    introduced(desk)
    reply = desk.say(JANE, "yes it helped")
    assert reply[0].text.startswith("There's no question about an introduction waiting")


def test_not_much_use_is_remembered_for_matching(desk: Desk, clock: ManualClock, database: Database) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    desk.choose(TOM, "Yes, not much use")
    with session_on(database) as session:
        [feedback] = session.exec(select(MatchFeedback)).all()
    assert feedback.reason == "not_much_use" and feedback.service_areas == ["leisure_centres"]
    assert feedback.delivery_model == "staff_mutual"


def test_erasure_removes_the_officers_answers_and_keeps_the_others_as_a_count(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    desk.choose(JANE, "Yes, not much use")
    desk.choose(TOM, "Yes, and it helped")
    desk.say(JANE, "forget me")
    desk.choose(JANE, "Erase everything")
    assert count(database, "match_feedback") == 0
    with session_on(database) as session:
        rows = session.exec(select(FollowUp)).all()
    # Tom's answer stays, about an introduction that is gone: a count that names nobody.
    assert [(row.answer, row.introduction_id) for row in rows] == [("helped", None)]


def test_the_export_includes_the_officers_own_answers(desk: Desk, clock: ManualClock) -> None:
    introduced(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    desk.choose(JANE, "Not yet")
    exported = desk.say(JANE, "export")[-1].attachment
    assert exported is not None
    data = json.loads(exported.content)
    [answer] = data["follow_ups"]
    assert answer["possible_match_number"] == 1 and answer["your_answer"] == "not_yet"
    assert answer["asked_at"].startswith("2026-12-16")


def test_several_workers_ask_each_side_once(databases: DatabaseFactory, clock: ManualClock) -> None:
    url = databases.url()
    notifier = RecordingNotifier()
    engines = []
    for _ in range(3):
        engine = make_engine(url)
        databases.track(engine)
        engines.append(Core(engine, notifier, settings=Settings(database_url="sqlite://"), clock=clock))
    from bot.storage.database import upgrade

    upgrade(engines[0]._database)
    introduced(Desk(engines[0], notifier))
    clock.advance(FOLLOW_UP_DUE)
    asked = at_once(*(engine.follow_up for engine in engines))
    assert sorted(asked) == [0, 0, 2]
    assert len(questions_to(Desk(engines[0], notifier), JANE)) == 1
