"""A later officer joins a formed circle on its members' yes: offered its four lines and size band, never
who; each member is asked with the later officer's four lines, never who; the two are introduced only
when both said yes, and a member's not now reads to everyone exactly like silence."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot import wording
from bot.clock import ManualClock
from bot.conversation.actions import AnswerWelcome, decode
from bot.messages import Message
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV, PEOPLE, circle_offers, four_councils
from tests.support import Desk, count, session_on

EVE = ("eve.quorn@bristol.gov.uk", "Eve Quorn", "Reader of Ledgers", "Bristol City Council")
EVERYONE = (*PEOPLE, EVE)
EVE_PLAN = "Our library service might become a staff mutual, options appraisal, 2027"


def named_in(text: str, *, besides: str) -> set[str]:
    """Whose name, title, email or council (other than `besides`'s) appears in the text."""
    return {
        email
        for email, name, title, council in EVERYONE
        if email != besides and any(secret in text for secret in (name, title, email, council))
    }


def welcome_questions(messages: list[Message]) -> list[Message]:
    return [m for m in messages if any(isinstance(decode(b.action), AnswerWelcome) for b in m.buttons)]


def formed_then_eve(desk: Desk) -> None:
    """Anna, Ben and Cara form the circle, Dev says not now; then Eve confirms a comparable plan."""
    four_councils(desk)
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    desk.choose(DEV, wording.NOT_NOW)
    email, name, title, _ = EVE
    desk.open(email, name=name, title=title)
    desk.describe_and_confirm(email, EVE_PLAN)


def test_a_later_officer_is_offered_a_formed_circle_and_meets_only_the_members_who_say_yes(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    [offer] = circle_offers(desk.inbox(eve))
    assert offer.text.startswith("Possible match #1 for your plan 1: a circle that has already formed")
    assert "fewer than 5 councils" in offer.text and "Service: Libraries" in offer.text
    assert named_in(desk.texts(eve), besides=eve) == set()
    assert count(database, "circle") == 1 and count(database, "circle_request") == 1

    asked = desk.choose(eve, wording.JOIN_CIRCLE)
    assert asked[0].text.startswith("Thanks: yes to possible match #1. I've asked the circle's members")
    questions = {email: welcome_questions(desk.inbox(email)) for email in (ANNA, BEN, CARA, DEV)}
    assert [len(questions[e]) for e in (ANNA, BEN, CARA, DEV)] == [1, 1, 1, 0]  # Dev never said yes
    for email in (ANNA, BEN, CARA):
        text = questions[email][0].text
        assert text.startswith("A council with a comparable plan would like to join your circle")
        assert "Stage: Options appraisal" in text or "Stage:" in text
        assert named_in(text, besides=email) == set()

    before = len(desk.inbox(eve))
    assert desk.choose(BEN, wording.NOT_NOW)[0].text.startswith("Understood: no introduction")
    assert len(desk.inbox(eve)) == before  # Eve hears nothing of a not now
    welcomed = desk.choose(ANNA, wording.WELCOME_YES)
    assert named_in(welcomed[0].text, besides=ANNA) == {eve}
    assert named_in(desk.inbox(eve)[-1].text, besides=eve) == {ANNA}

    clock.advance(timedelta(days=15))
    desk.engine.tick()
    assert named_in(desk.texts(eve), besides=eve) == {ANNA}  # only the member who said yes, ever
    assert wording.LAPSED.format(match=1, number=1) not in desk.texts(eve)  # welcomed: nothing lapses
    for email in (BEN, CARA, DEV):
        assert eve not in named_in(desk.texts(email), besides=email)
    assert "in a circle with Anna Zorblat" in desk.say(eve, "my plans")[0].text
    anna = desk.say(ANNA, "my plans")[0].text
    assert "Eve Quorn" in anna and "Eve Quorn" not in desk.say(BEN, "my plans")[0].text
    late = desk.choose(CARA, wording.WELCOME_YES)
    assert late[0].text == wording.CIRCLE_WELCOME_CLOSED.format(match=1)
    assert eve not in named_in(desk.texts(CARA), besides=CARA)


def test_a_later_officer_nobody_welcomes_hears_the_usual_lapse(desk: Desk, clock: ManualClock) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    desk.choose(eve, wording.JOIN_CIRCLE)
    desk.choose(ANNA, wording.NOT_NOW)
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    assert desk.inbox(eve)[-1].text == wording.LAPSED.format(match=1, number=1)
    assert named_in(desk.texts(eve), besides=eve) == set()


def test_a_later_officer_who_says_not_now_is_never_asked_about(desk: Desk) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    before = {email: len(desk.inbox(email)) for email in (ANNA, BEN, CARA, DEV)}
    [offer] = circle_offers(desk.inbox(eve))
    assert desk.act(eve, offer.buttons[1].action)[0].text == wording.CIRCLE_NOT_NOW.format(match=1)
    assert {email: len(desk.inbox(email)) for email in before} == before


def test_a_member_yet_to_answer_finds_a_formed_circle_full_once_a_later_officer_holds_the_last_place(
    desk: Desk, database: Database
) -> None:
    four_councils(desk)
    # A circle capped at four keeps the test short: Anna, Ben and Cara said yes, then Eve took the last
    # place by saying yes to it, so Dev's first answer comes too late.
    with session_on(database) as session:
        session.execute(text("UPDATE circle SET size_cap = 4"))
        session.commit()
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    eve, name, title, _ = EVE
    desk.open(eve, name=name, title=title)
    desk.describe_and_confirm(eve, EVE_PLAN)
    desk.choose(eve, wording.JOIN_CIRCLE)
    before = {email: len(desk.inbox(email)) for email in (ANNA, BEN, CARA, eve)}
    full = desk.choose(DEV, wording.JOIN_CIRCLE)
    assert [m.text for m in full] == [wording.CIRCLE_FULL_CLICK.format(match=1, number=1)]
    assert {email: len(desk.inbox(email)) for email in before} == before
    assert named_in(desk.texts(DEV), besides=DEV) == set()
    assert "possible match #1 (a circle): waiting for your answer" in desk.say(DEV, "my plans")[0].text
    with session_on(database) as session:
        assert session.execute(text("SELECT yes_count FROM circle")).scalar_one() == 3
