"""A yes to a later officer in a circle is an introduction like any other: some weeks later each of the
two is asked once "Did you talk?", naming nobody; the answer is counted, exported to its officer only,
and outlives the other side's erasure only as an anonymous count."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import Engine as Database
from sqlmodel import select

from bot import wording
from bot.clock import ManualClock
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Message
from bot.storage.models import FollowUp
from tests.bot.domain.test_circle_later_joiners import EVE_EMAIL, FAY_EMAIL, eve_welcomed_then_fay, named_in
from tests.bot.domain.test_circle_newcomers import welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV, circle_offers
from tests.bot.domain.test_follow_ups import FOLLOW_UP_DUE
from tests.support import Desk, count, session_on

ABOUT_A_NEWCOMER = "introduced you to an officer who joined it. Did you talk?"
ABOUT_A_MEMBER = "introduced you to one of its members. Did you talk?"


def asked(desk: Desk, email: str) -> list[Message]:
    """The questions about an introduction to, or by, a later officer this officer was sent."""
    return [m for m in desk.inbox(email) if ABOUT_A_NEWCOMER in m.text or ABOUT_A_MEMBER in m.text]


def circle_number(desk: Desk, email: str) -> int:
    """The officer's own number for the circle, from its offer."""
    found = re.search(r"#(\d+)", circle_offers(desk.inbox(email))[0].text)
    assert found is not None
    return int(found[1])


def fay_met_eve(desk: Desk) -> None:
    """Anna said yes to Eve; Eve, now in the circle, said yes to Fay (nobody else did)."""
    eve_welcomed_then_fay(desk)
    desk.choose(FAY_EMAIL, wording.JOIN_CIRCLE)
    about_fay = welcome_questions(desk.inbox(EVE_EMAIL))[-1]
    desk.act(EVE_EMAIL, about_fay.buttons[0].action)


def test_each_side_of_a_later_officers_introduction_is_asked_once_after_the_configured_days(
    desk: Desk, clock: ManualClock
) -> None:
    fay_met_eve(desk)
    clock.advance(FOLLOW_UP_DUE - timedelta(days=1))
    desk.engine.follow_up()
    assert all(asked(desk, email) == [] for email in (ANNA, EVE_EMAIL, FAY_EMAIL))  # not yet due

    clock.advance(timedelta(days=1))
    desk.engine.tick()  # the pairs offered meanwhile lapse first
    desk.engine.follow_up()
    desk.engine.follow_up()  # a second run asks nobody again
    # Anna met Eve; Eve met Anna and Fay; Fay met Eve: one question for each side of each.
    counts = {email: len(asked(desk, email)) for email in (ANNA, BEN, CARA, DEV, EVE_EMAIL, FAY_EMAIL)}
    assert counts == {ANNA: 1, BEN: 0, CARA: 0, DEV: 0, EVE_EMAIL: 2, FAY_EMAIL: 1}
    for email in (ANNA, EVE_EMAIL, FAY_EMAIL):
        for question in asked(desk, email):
            opening = f"A quick question about possible match #{circle_number(desk, email)} for your plan 1"
            assert question.text.startswith(opening)
            assert named_in(question.text, besides=email) == set()
            assert [b.label for b in question.buttons][:2] == [
                wording.FOLLOW_UP_HELPED,
                wording.FOLLOW_UP_NOT_MUCH_USE,
            ]
    assert sum("Did you talk with any of them?" in m.text for m in desk.inbox(ANNA)) == 1  # the circle's own
    # Each says which side of the introduction it was: Anna and Eve said yes to one who joined.
    assert [ABOUT_A_NEWCOMER in q.text for q in asked(desk, ANNA) + asked(desk, FAY_EMAIL)] == [True, False]
    assert sorted(ABOUT_A_NEWCOMER in q.text for q in asked(desk, EVE_EMAIL)) == [False, True]

    assert desk.say(FAY_EMAIL, "yes it helped")[0].text == wording.FOLLOW_UP_THANKS["helped"]
    # Eve's two questions share the circle's number: words naming it answer the oldest, then the next.
    assert desk.say(EVE_EMAIL, "not yet #1")[0].text == wording.FOLLOW_UP_THANKS["not_yet"]
    assert desk.say(EVE_EMAIL, "no #1")[0].text == wording.FOLLOW_UP_THANKS["no"]
    assert desk.say(EVE_EMAIL, "not yet #1")[0].text == wording.FOLLOW_UP_ALREADY_NOTED
    before = len(desk.inbox(FAY_EMAIL))
    desk.choose(ANNA, wording.FOLLOW_UP_HELPED)
    assert len(desk.inbox(FAY_EMAIL)) == before  # nobody is told anyone else's answer

    [month] = desk.engine.admin.stats(WorkspaceRef("test", "local")).follow_ups
    assert month.asked == 3 + 4  # the circle's three members, and the four sides of two introductions
    exported = next(m for m in desk.say(FAY_EMAIL, "export") if m.attachment)
    assert exported.attachment is not None
    data = json.loads(exported.attachment.content)
    assert [(f["possible_match_number"], f["your_answer"]) for f in data["follow_ups"]] == [(1, "helped")]


def test_erasing_one_side_keeps_the_others_answer_only_as_a_count(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    fay_met_eve(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.tick()
    desk.engine.follow_up()
    desk.choose(FAY_EMAIL, wording.FOLLOW_UP_HELPED)
    desk.say(EVE_EMAIL, "forget me")
    desk.choose(EVE_EMAIL, "Erase everything")
    assert count(database, "circle_request") == 1 and count(database, "circle_welcome") == 3  # Fay's
    with session_on(database) as session:
        rows = session.exec(select(FollowUp).where(FollowUp.side != "c")).all()
    # Anna's and Fay's questions stay, about introductions that are gone: counts that name nobody.
    assert {(row.answer, row.welcome_id) for row in rows} == {(None, None), ("helped", None)}
    assert len(rows) == 2
    assert desk.say(FAY_EMAIL, "not yet")[0].text == wording.FOLLOW_UP_ALREADY_NOTED


def test_an_introduction_erased_before_it_was_due_is_never_asked_about(
    desk: Desk, clock: ManualClock
) -> None:
    fay_met_eve(desk)
    desk.say(FAY_EMAIL, "forget me")
    desk.choose(FAY_EMAIL, "Erase everything")
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    assert len(asked(desk, EVE_EMAIL)) == 1  # about Anna only: Fay, and the introduction, are gone
    assert len(asked(desk, ANNA)) == 1


def test_plans_deleted_for_retention_leave_the_introductions_and_their_answers(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    fay_met_eve(desk)
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.tick()
    desk.engine.follow_up()
    desk.choose(FAY_EMAIL, wording.FOLLOW_UP_HELPED)
    clock.advance(timedelta(days=366))
    desk.engine.apply_retention()  # warned: untouched for the workspace's twelve months
    clock.advance(timedelta(days=15))
    desk.engine.apply_retention()
    assert count(database, "plan") == 0
    assert any("I've deleted your plan 1" in m.text for m in desk.inbox(EVE_EMAIL))
    # Whom Eve met, and how, is still hers to export; the answers stay counted, asked about nobody new.
    exported = next(m for m in desk.say(EVE_EMAIL, "export") if m.attachment)
    assert exported.attachment is not None
    data = json.loads(exported.attachment.content)
    assert [(p["how"], p["email"]) for p in data["introduced_to"]] == [
        ("circle", ANNA),
        ("circle", FAY_EMAIL),
    ]
    assert [f["possible_match_number"] for f in data["follow_ups"]] == [1, 1]
    with session_on(database) as session:
        assert [row.answer for row in session.exec(select(FollowUp).where(FollowUp.side == "b"))] == [
            None,
            "helped",
        ]
    before = {email: len(desk.inbox(email)) for email in (ANNA, EVE_EMAIL, FAY_EMAIL)}
    clock.advance(FOLLOW_UP_DUE)
    desk.engine.follow_up()
    assert {email: len(desk.inbox(email)) for email in before} == before
