"""Later officers meet each other too: once a member has welcomed a later officer, they are part of the
circle, so the next officer asking to join is asked about by them as well (the same four lines, never
who), and a yes from them introduces the two. A no from them reads to the next one exactly like silence,
and the circle's size cap counts them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot import wording
from bot.clock import ManualClock
from tests.bot.domain.test_circle_newcomers import EVE, EVERYONE, formed_then_eve, welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV, circle_offers
from tests.support import Desk, count, session_on

FAY = ("fay.rundle@manchester.gov.uk", "Fay Rundle", "Steward of Catalogues", "Manchester City Council")
FAY_PLAN = "Our libraries could be run by a staff mutual, options appraisal, 2027"
PEOPLE = (*EVERYONE, FAY)
EVE_EMAIL, FAY_EMAIL = EVE[0], FAY[0]


def named_in(words: str, *, besides: str) -> set[str]:
    """Whose name, title, email or council (other than `besides`'s) appears in the words."""
    return {
        email
        for email, name, title, council in PEOPLE
        if email != besides and any(secret in words for secret in (name, title, email, council))
    }


def eve_welcomed_then_fay(desk: Desk) -> None:
    """Anna, Ben and Cara formed the circle (Dev said not now); Eve asked to join and Anna said yes to
    her (Ben not now, Cara nothing); then Fay confirms a comparable plan and is offered a place."""
    formed_then_eve(desk)
    desk.choose(EVE_EMAIL, wording.JOIN_CIRCLE)
    desk.choose(BEN, wording.NOT_NOW)
    desk.choose(ANNA, wording.WELCOME_YES)
    email, name, title, _ = FAY
    desk.open(email, name=name, title=title)
    desk.describe_and_confirm(email, FAY_PLAN)


def test_a_later_officer_already_welcomed_is_asked_about_the_next_and_their_yes_introduces_the_two(
    desk: Desk, database: Database
) -> None:
    eve_welcomed_then_fay(desk)
    [offer] = circle_offers(desk.inbox(FAY_EMAIL))
    assert offer.text.startswith("Possible match #1 for your plan 1: a circle that has already formed")
    assert "5 councils" in offer.text  # Anna, Ben, Cara, Eve, and Fay: Dev never joined
    assert named_in(desk.texts(FAY_EMAIL), besides=FAY_EMAIL) == set()

    before = {email: len(welcome_questions(desk.inbox(email))) for email in (ANNA, BEN, CARA, DEV, EVE_EMAIL)}
    desk.choose(FAY_EMAIL, wording.JOIN_CIRCLE)
    asked = {email: welcome_questions(desk.inbox(email))[before[email] :] for email in before}
    assert [len(asked[e]) for e in (ANNA, BEN, CARA, DEV, EVE_EMAIL)] == [1, 1, 1, 0, 1]
    question = asked[EVE_EMAIL][0].text
    assert question.startswith("A council with a comparable plan would like to join your circle (possible")
    assert "possible match #1" in question and "Stage: Options appraisal" in question
    assert named_in(question, besides=EVE_EMAIL) == set()

    welcomed = desk.act(EVE_EMAIL, asked[EVE_EMAIL][0].buttons[0].action)
    assert welcomed[0].text.startswith("Thanks: here is the officer who joined your circle")
    assert named_in(welcomed[0].text, besides=EVE_EMAIL) == {FAY_EMAIL}
    fays = desk.inbox(FAY_EMAIL)[-1].text
    assert fays.startswith("A member of the circle (possible match #1) said yes")
    assert named_in(fays, besides=FAY_EMAIL) == {EVE_EMAIL}
    for email in (ANNA, BEN, CARA, DEV):  # nobody else hears of Fay, nor of Eve's answer
        assert FAY_EMAIL not in named_in(desk.texts(email), besides=email)
    assert "Fay Rundle" in desk.say(EVE_EMAIL, "my plans")[0].text
    assert "Eve Quorn" in desk.say(FAY_EMAIL, "my plans")[0].text
    assert count(database, "circle_welcome") == 3 + 4  # Eve asked about by three, Fay by four


def test_a_no_from_a_later_officer_reveals_nothing_to_the_next(desk: Desk, clock: ManualClock) -> None:
    eve_welcomed_then_fay(desk)
    desk.choose(FAY_EMAIL, wording.JOIN_CIRCLE)
    before = len(desk.inbox(FAY_EMAIL))
    [question] = welcome_questions(desk.inbox(EVE_EMAIL))[-1:]
    said = desk.act(EVE_EMAIL, question.buttons[1].action)
    assert said[0].text == wording.CIRCLE_WELCOME_NOT_NOW.format(match=1)
    assert len(desk.inbox(FAY_EMAIL)) == before  # Fay hears nothing of a not now
    for email in (ANNA, BEN):  # and Cara never answers
        desk.choose(email, wording.NOT_NOW)
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    # Nobody said yes: Fay hears the usual lapse, in a pair's words, and never who was asked.
    assert desk.inbox(FAY_EMAIL)[-1].text == wording.LAPSED.format(match=1, number=1)
    assert named_in(desk.texts(FAY_EMAIL), besides=FAY_EMAIL) == set()
    assert FAY_EMAIL not in named_in(desk.texts(EVE_EMAIL), besides=EVE_EMAIL)


def test_a_later_officer_nobody_welcomed_is_never_asked_about_the_next(desk: Desk) -> None:
    formed_then_eve(desk)
    desk.choose(EVE_EMAIL, wording.JOIN_CIRCLE)
    desk.choose(ANNA, wording.NOT_NOW)  # nobody has said yes to Eve (yet): she is not in the circle
    email, name, title, _ = FAY
    desk.open(email, name=name, title=title)
    desk.describe_and_confirm(email, FAY_PLAN)
    desk.choose(FAY_EMAIL, wording.JOIN_CIRCLE)
    assert len(welcome_questions(desk.inbox(EVE_EMAIL))) == 0
    assert [len(welcome_questions(desk.inbox(e))) for e in (ANNA, BEN, CARA)] == [2, 2, 2]


def test_a_later_officer_welcomed_after_the_next_asked_is_then_asked_about_them(desk: Desk) -> None:
    formed_then_eve(desk)
    desk.choose(EVE_EMAIL, wording.JOIN_CIRCLE)
    email, name, title, _ = FAY
    desk.open(email, name=name, title=title)
    desk.describe_and_confirm(email, FAY_PLAN)
    desk.choose(FAY_EMAIL, wording.JOIN_CIRCLE)  # Eve's request is still waiting for the members
    assert welcome_questions(desk.inbox(EVE_EMAIL)) == []
    desk.choose(CARA, wording.WELCOME_YES)  # the newest question is Fay's: Cara meets Fay
    about_eve = welcome_questions(desk.inbox(ANNA))[0]
    desk.act(ANNA, about_eve.buttons[0].action)  # Anna says yes to Eve: Eve is in the circle now
    [question] = welcome_questions(desk.inbox(EVE_EMAIL))
    assert named_in(question.text, besides=EVE_EMAIL) == set()
    desk.act(EVE_EMAIL, question.buttons[0].action)
    assert named_in(desk.texts(FAY_EMAIL), besides=FAY_EMAIL) == {CARA, EVE_EMAIL}
    assert named_in(desk.texts(EVE_EMAIL), besides=EVE_EMAIL) == {ANNA, FAY_EMAIL}


def test_the_size_cap_counts_a_welcomed_later_officer_after_their_request_closed(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    formed_then_eve(desk)
    with session_on(database) as session:
        session.execute(text("UPDATE circle SET size_cap = 4"))
        session.commit()
    desk.choose(EVE_EMAIL, wording.JOIN_CIRCLE)
    desk.choose(ANNA, wording.WELCOME_YES)
    clock.advance(timedelta(days=15))
    desk.engine.tick()  # Eve's request has closed; she stays in the circle, holding its fourth place
    email, name, title, _ = FAY
    desk.open(email, name=name, title=title)
    desk.describe_and_confirm(email, FAY_PLAN)
    assert circle_offers(desk.inbox(FAY_EMAIL)) == []
    assert count(database, "circle_request") == 1
