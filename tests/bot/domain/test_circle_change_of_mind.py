"""Not now, then yes after all, for circles: a circle's offer, a place in a formed circle and a later
officer asking to join may each be said yes to from my plans until they lapse; the others hear exactly
what a first yes would have told them, a formed circle keeps its cap, and a lapsed one is refused politely."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot import wording
from bot.clock import ManualClock
from bot.conversation.actions import ReconsiderCircle, ReconsiderWelcome, decode
from bot.messages import Message
from tests.bot.domain.test_circle_newcomers import EVE, formed_then_eve, named_in, welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV, circle_offers, four_councils, identities_in
from tests.conftest import DeskFactory
from tests.support import Desk, session_on

SAY_YES_TO_1 = wording.SAY_YES_AFTER_ALL.format(match=1)
CHANGED_YOUR_MIND = (ReconsiderCircle, ReconsiderWelcome)


def changes_of_mind(message: Message) -> list[str]:
    """The labels of a message's buttons that say yes after all to a circle, a place or a later officer."""
    return [b.label for b in message.buttons if isinstance(decode(b.action), CHANGED_YOUR_MIND)]


def counts(desk: Desk, *emails: str) -> dict[str, int]:
    return {email: len(desk.inbox(email)) for email in emails}


def test_a_not_now_then_yes_after_all_from_my_plans_is_the_third_yes_that_forms_the_circle(
    desk: Desk,
) -> None:
    four_councils(desk)  # the circle is Cara's and Dev's possible match #1, Anna's and Ben's #2
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    desk.choose(BEN, wording.JOIN_CIRCLE)
    not_now = desk.choose(CARA, wording.NOT_NOW)
    assert not_now[0].text.endswith("Changed your mind? Until it lapses, type my plans to say yes after all.")
    before = counts(desk, ANNA, BEN, DEV)
    plans = desk.say(CARA, "my plans")[0]
    assert (
        "possible match #1 (a circle): you said not now; you can still say yes until 9 December 2026"
        in plans.text
    )
    assert "Changed your mind?" in plans.text
    assert [b.label for b in plans.buttons] == [SAY_YES_TO_1, "How many others?"]
    assert counts(desk, ANNA, BEN, DEV) == before  # nobody hears of a not now, nor of a look at my plans

    formed = desk.choose(CARA, SAY_YES_TO_1)
    assert formed[0].text.startswith("Your circle has formed (possible match #1, your plan 1)")
    for email in (ANNA, BEN, CARA):
        assert identities_in(desk.texts(email), besides=email) == {ANNA, BEN, CARA} - {email}
    assert identities_in(desk.texts(DEV), besides=DEV) == set()
    assert changes_of_mind(desk.say(CARA, "my plans")[0]) == []
    again = desk.choose(CARA, SAY_YES_TO_1)  # the button on the earlier my plans, clicked again
    assert again[0].text == wording.ALREADY_ANSWERED.format(match=1)


def _world(make_desk: DeskFactory, cara: tuple[str, ...]) -> tuple[Desk, dict[str, list[str]]]:
    """Anna says yes, then Cara does what is given; what Anna, Ben and Dev have received since."""
    desk = make_desk()
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    before = counts(desk, ANNA, BEN, DEV)
    for step in cara:
        if step == "my plans":
            desk.say(CARA, "my plans")
        else:
            desk.choose(CARA, step)
    return desk, {email: [m.text for m in desk.inbox(email)[n:]] for email, n in before.items()}


def test_the_others_cannot_tell_a_change_of_mind_from_a_first_yes_or_a_not_now_from_silence(
    make_desk: DeskFactory,
) -> None:
    changed, after_change = _world(make_desk, (wording.NOT_NOW, "my plans", SAY_YES_TO_1))
    first, after_first = _world(make_desk, (wording.JOIN_CIRCLE,))
    _, after_silence = _world(make_desk, ())
    _, after_not_now = _world(make_desk, (wording.NOT_NOW, "my plans"))
    # Until the circle forms, nobody else hears anything, whatever Cara did.
    assert after_change == after_first == after_silence == after_not_now == {ANNA: [], BEN: [], DEV: []}
    # Ben's yes then forms the circle after Cara's change of mind exactly as after her first yes.
    told = [desk.choose(BEN, wording.JOIN_CIRCLE)[0].text for desk in (changed, first)]
    assert told[0] == told[1] and told[0].startswith("Your circle has formed")
    assert [m.text for m in changed.inbox(ANNA)][-1] == [m.text for m in first.inbox(ANNA)][-1]
    assert identities_in(changed.inbox(ANNA)[-1].text, besides=ANNA) == {BEN, CARA}
    assert identities_in(changed.texts(DEV), besides=DEV) == set()


def test_after_the_expiry_a_change_of_mind_is_refused_with_what_to_do_next(
    desk: Desk, clock: ManualClock
) -> None:
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    desk.choose(CARA, wording.NOT_NOW)
    plans = desk.say(CARA, "my plans")[0]
    assert changes_of_mind(plans) == [SAY_YES_TO_1]
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    after = desk.say(CARA, "my plans")[0]
    assert (
        changes_of_mind(after) == []
        and "possible match #1 (a circle): you said not now\n" in after.text + "\n"
    )
    late = desk.act(CARA, plans.buttons[0].action)
    assert [m.text for m in late] == [
        "Possible match #1 has lapsed, so it can't be reopened and nothing has changed. I'll keep looking "
        "for other matches for your plan 1; type my plans to see where things stand."
    ]
    for email in (ANNA, BEN, CARA, DEV):
        assert identities_in(desk.texts(email), besides=email) == set()


def test_a_not_now_to_a_formed_circle_becomes_a_yes_that_joins_it(desk: Desk) -> None:
    four_councils(desk)
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    desk.choose(DEV, wording.NOT_NOW)
    assert "you said not now; you can still say yes until" in desk.say(DEV, "my plans")[0].text
    joined = desk.choose(DEV, SAY_YES_TO_1)
    assert joined[0].text.startswith("You've joined a circle that had already formed")
    assert identities_in(joined[0].text, besides=DEV) == {ANNA, BEN, CARA}
    for email in (ANNA, BEN, CARA):
        newest = desk.inbox(email)[-1].text
        assert newest.startswith("Another officer said yes") and identities_in(newest, besides=email) == {DEV}


def test_a_formed_circle_with_no_place_left_refuses_a_change_of_mind_and_tells_nobody(
    desk: Desk, database: Database
) -> None:
    four_councils(desk)
    # A circle capped at four keeps the test short: Anna, Ben and Cara said yes, and Eve holds the
    # fourth place by saying yes to it, so Dev's not now can no longer become a yes.
    with session_on(database) as session:
        session.execute(text("UPDATE circle SET size_cap = 4"))
        session.commit()
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    desk.choose(DEV, wording.NOT_NOW)
    eve, name, title, _ = EVE
    desk.open(eve, name=name, title=title)
    desk.describe_and_confirm(eve, "Our library service might become a staff mutual, options appraisal, 2027")
    desk.choose(eve, wording.JOIN_CIRCLE)
    assert changes_of_mind(desk.say(DEV, "my plans")[0]) == [SAY_YES_TO_1]  # nothing told of who is in
    before = counts(desk, ANNA, BEN, CARA, eve)
    full = desk.choose(DEV, SAY_YES_TO_1)
    assert [m.text for m in full] == [wording.CIRCLE_FULL_CLICK.format(match=1, number=1)]
    assert counts(desk, ANNA, BEN, CARA, eve) == before
    assert named_in(desk.texts(DEV), besides=DEV) == set()
    assert "you said not now" in desk.say(DEV, "my plans")[0].text  # the not now stands


def test_a_later_officer_says_yes_after_all_to_their_place_and_the_members_are_asked(desk: Desk) -> None:
    formed_then_eve(desk)  # Eve's place in the circle is her possible match #1
    eve = EVE[0]
    [offer] = circle_offers(desk.inbox(eve))
    desk.act(eve, offer.buttons[1].action)  # Not now
    assert [welcome_questions(desk.inbox(email)) for email in (ANNA, BEN, CARA)] == [[], [], []]
    plans = desk.say(eve, "my plans")[0]
    assert "possible match #1 (a circle): you said not now; you can still say yes until" in plans.text
    assert changes_of_mind(plans) == [SAY_YES_TO_1]
    asked = desk.choose(eve, SAY_YES_TO_1)
    assert asked[0].text.startswith("Thanks: yes to possible match #1. I've asked the circle's members")
    assert [len(welcome_questions(desk.inbox(email))) for email in (ANNA, BEN, CARA, DEV)] == [1, 1, 1, 0]
    for email in (ANNA, BEN, CARA):
        assert eve not in named_in(desk.texts(email), besides=email)


def test_a_member_says_yes_after_all_to_a_later_officer_and_only_the_two_are_introduced(
    desk: Desk, clock: ManualClock
) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    desk.choose(eve, wording.JOIN_CIRCLE)
    before = len(desk.inbox(eve))
    desk.choose(BEN, wording.NOT_NOW)
    plans = desk.say(BEN, "my plans")[0]
    assert (
        "possible match #2 (a circle): a council with a comparable plan asked to join; you said not now; "
        "you can still say yes until" in plans.text
    )
    assert changes_of_mind(plans) == ["Say yes to the council joining #2 after all"]
    assert len(desk.inbox(eve)) == before  # Eve hears nothing of Ben's not now
    welcomed = desk.choose(BEN, "Say yes to the council joining #2 after all")
    assert welcomed[0].text.startswith(
        "Thanks: here is the officer who joined your circle (possible match #2)"
    )
    assert named_in(welcomed[0].text, besides=BEN) == {eve}
    assert named_in(desk.inbox(eve)[-1].text, besides=eve) == {BEN}
    assert named_in(desk.texts(eve), besides=eve) == {BEN}
    # After Eve's request closes, an old button says so and what to do next.
    desk.choose(ANNA, wording.NOT_NOW)
    old = desk.say(ANNA, "my plans")[0]
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    late = desk.act(ANNA, next(b.action for b in old.buttons if b.label.endswith("after all")))
    assert late[0].text == wording.CHANGE_OF_MIND_WELCOME_CLOSED.format(match=2)
    assert ANNA not in named_in(desk.texts(eve), besides=eve)


def test_yes_to_a_circle_in_words_after_a_not_now_is_a_yes_after_all(desk: Desk) -> None:
    four_councils(desk)
    desk.choose(CARA, wording.NOT_NOW)
    waiting = desk.say(CARA, "yes to #1")
    assert waiting[0].text.startswith("Thanks: yes to possible match #1. I'll introduce you once")
    assert "you said yes; waiting for at least three yeses" in desk.say(CARA, "my plans")[0].text


def test_a_withdrawn_plan_cannot_say_yes_after_all(desk: Desk) -> None:
    four_councils(desk)
    desk.choose(CARA, wording.NOT_NOW)
    old = desk.say(CARA, "my plans")[0]
    desk.say(CARA, "withdraw 1")
    desk.choose(CARA, wording.WITHDRAW)
    assert changes_of_mind(desk.say(CARA, "my plans")[0]) == []
    refused = desk.act(CARA, old.buttons[0].action)
    assert [m.text for m in refused] == [wording.CHANGE_OF_MIND_PLAN_WITHDRAWN.format(number=1, match=1)]


def test_a_change_of_mind_is_only_ones_own(desk: Desk) -> None:
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    desk.choose(CARA, wording.NOT_NOW)
    action = desk.say(CARA, "my plans")[0].buttons[0].action
    assert desk.act(ANNA, action)[0].text == wording.ALREADY_ANSWERED.format(match=2)  # her yes stands
    assert [m.text for m in desk.act(DEV, action)] == [wording.NOT_A_CHOICE]  # Dev has not answered
    stranger = "eve.quorn@bristol.gov.uk"
    desk.open(stranger)
    assert [m.text for m in desk.act(stranger, action)] == [wording.NOT_A_CHOICE]
    assert desk.choose(DEV, wording.JOIN_CIRCLE)[0].text.startswith("Thanks: yes to possible match #1")
