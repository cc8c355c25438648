"""Peer circles through the real core: offered to four councils, formed by three yeses, lapsed for the
rest in a pair's words; nobody identified before it forms, and a not now never told apart from silence."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import select

from bot import wording
from bot.admin.stats import stats_json, stats_text
from bot.clock import ManualClock
from bot.conversation.actions import AnswerCircle, decode
from bot.domain.match_index import MatchIndex
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Message
from bot.storage.models import Proposal, ProposalState
from matching.profile import Candidate
from tests.support import Desk, count, session_on

# Names, titles and councils that appear nowhere else in what the bot says.
PEOPLE = (
    ("anna.zorblat@camden.gov.uk", "Anna Zorblat", "Quillwright of Books", "London Borough of Camden"),
    ("ben.vexmoor@leeds.gov.uk", "Ben Vexmoor", "Keeper of Shelves", "Leeds City Council"),
    ("cara.plimsk@cardiff.gov.uk", "Cara Plimsk", "Chief Lendsmith", "Cardiff Council"),
    ("dev.ostrang@hackney.gov.uk", "Dev Ostrang", "Warden of Stacks", "London Borough of Hackney"),
)
PLANS = (
    "We are moving our library service to a staff mutual, options appraisal, April 2027",
    "Exploring spinning out our libraries as a staff mutual",
    "Libraries into a staff-led mutual, business case, 2027",
    "Our library service could become a staff mutual, early thinking, 2027",
)
ANNA, BEN, CARA, DEV = (email for email, *_ in PEOPLE)


def four_councils(desk: Desk) -> None:
    """Four officers of four councils confirm comparable plans, one after another."""
    for (email, name, title, _), plan in zip(PEOPLE, PLANS, strict=True):
        desk.open(email, name=name, title=title)
        desk.describe_and_confirm(email, plan)


def circle_offers(messages: list[Message]) -> list[Message]:
    """The circle offers among some messages."""
    return [m for m in messages if any(isinstance(decode(b.action), AnswerCircle) for b in m.buttons)]


def identities_in(text: str, *, besides: str) -> set[str]:
    """Whose name, title, email or council (other than `besides`'s) appears in the text."""
    return {
        email
        for email, name, title, council in PEOPLE
        if email != besides and any(secret in text for secret in (name, title, email, council))
    }


def test_four_comparable_plans_are_offered_one_circle_that_three_yeses_form(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    four_councils(desk)
    offers = {email: circle_offers(desk.inbox(email)) for email in (ANNA, BEN, CARA, DEV)}
    assert all(len(found) == 1 for found in offers.values()), offers
    assert count(database, "circle") == 1 and count(database, "circle_member") == 4
    # Every member reads the same four lines and the size as rule 8 allows it, never who.
    summaries = {offer[0].text.split("\n", 1)[1] for offer in offers.values()}
    assert len(summaries) == 1
    only = summaries.pop()
    assert "fewer than 5 councils" in only and "Service: Libraries" in only
    assert "Kind of change: Staff mutual" in only
    # Cara and Dev were offered the circle instead of pairs with its members.
    assert "Introduce us" not in desk.texts(CARA) and "Introduce us" not in desk.texts(DEV)

    assert "I'll introduce you once at least three" in desk.choose(ANNA, wording.JOIN_CIRCLE)[0].text
    desk.choose(BEN, wording.JOIN_CIRCLE)
    for email in (ANNA, BEN, CARA, DEV):
        assert identities_in(desk.texts(email), besides=email) == set(), email  # nobody named yet

    formed = desk.choose(CARA, wording.JOIN_CIRCLE)
    assert formed[0].text.startswith("Your circle has formed")
    for email in (ANNA, BEN, CARA):
        assert identities_in(desk.texts(email), besides=email) == {ANNA, BEN, CARA} - {email}
        assert sum("Your circle has formed" in m.text for m in desk.inbox(email)) == 1
    assert identities_in(desk.texts(DEV), besides=DEV) == set()

    clock.advance(timedelta(days=15))
    desk.engine.tick()
    last = desk.inbox(DEV)[-1].text
    assert last == wording.LAPSED.format(match=1, number=1)  # a pair's lapse, in a pair's words
    assert identities_in(desk.texts(DEV), besides=DEV) == set()
    for email in (ANNA, BEN, CARA):
        assert DEV not in identities_in(desk.texts(email), besides=email)


def test_a_later_yes_joins_the_formed_circle_and_everyone_gets_the_newcomers_card(desk: Desk) -> None:
    four_councils(desk)
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    joined = desk.choose(DEV, wording.JOIN_CIRCLE)
    assert joined[0].text.startswith("You've joined a circle")
    assert identities_in(joined[0].text, besides=DEV) == {ANNA, BEN, CARA}
    for email in (ANNA, BEN, CARA):
        newest = desk.inbox(email)[-1].text
        assert newest.startswith("Another officer said yes") and identities_in(newest, besides=email) == {DEV}


def test_a_circle_with_fewer_than_three_yeses_lapses_for_everyone_but_who_said_not_now(
    desk: Desk, clock: ManualClock
) -> None:
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    desk.choose(BEN, wording.JOIN_CIRCLE)
    not_now = desk.choose(CARA, wording.NOT_NOW)
    assert not_now[0].text == wording.CIRCLE_NOT_NOW.format(match=1)
    before = {email: len(desk.inbox(email)) for email in (ANNA, BEN, CARA, DEV)}
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    told = {email: [m.text for m in desk.inbox(email)[before[email] :]] for email in before}
    assert wording.LAPSED.format(match=2, number=1) in told[ANNA]  # #1 is Anna and Ben's pair
    assert wording.LAPSED.format(match=2, number=1) in told[BEN]
    assert told[DEV] == [wording.LAPSED.format(match=1, number=1)]
    assert told[CARA] == []  # told when she answered, as a pair's not now is
    for email in before:
        assert identities_in(desk.texts(email), besides=email) == set()
    late = desk.choose(DEV, wording.JOIN_CIRCLE)
    assert late[0].text == wording.PROPOSAL_LAPSED_CLICK.format(match=1)


def test_answering_twice_or_someone_elses_circle_changes_nothing(desk: Desk, database: Database) -> None:
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    again = desk.choose(ANNA, wording.NOT_NOW)
    assert again[0].text == wording.ALREADY_ANSWERED.format(match=2)
    stranger = "eve.quorn@bristol.gov.uk"
    desk.open(stranger)
    offer = circle_offers(desk.inbox(ANNA))[0]
    assert desk.act(stranger, offer.buttons[0].action)[0].text == wording.NOT_A_CHOICE


def test_a_circle_is_answered_in_words_by_its_number(desk: Desk) -> None:
    four_councils(desk)
    assert desk.say(DEV, "yes please")[0].text.startswith("Thanks: yes to possible match #1")
    assert desk.say(ANNA, "introduce us")[0].text.startswith("Which possible match?")  # a pair and a circle
    assert desk.say(ANNA, "not now #2")[0].text == wording.CIRCLE_NOT_NOW.format(match=2)


def test_erasing_a_member_who_said_yes_takes_their_yes_back_and_leaves_no_row(
    desk: Desk, database: Database
) -> None:
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    desk.choose(BEN, wording.JOIN_CIRCLE)
    desk.say(ANNA, "forget me")
    desk.choose(ANNA, "Erase everything")
    assert count(database, "circle_member") == 3
    # Anna's yes no longer counts: Cara's is the second, so nobody is introduced.
    assert desk.choose(CARA, wording.JOIN_CIRCLE)[0].text.startswith("Thanks: yes")
    assert "Your circle has formed" in desk.choose(DEV, wording.JOIN_CIRCLE)[0].text


def test_my_plans_shows_each_circle_by_its_number_naming_only_who_said_yes(desk: Desk) -> None:
    four_councils(desk)
    assert "possible match #1 (a circle): waiting for your answer" in desk.say(DEV, "my plans")[0].text
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    desk.choose(DEV, wording.NOT_NOW)
    cara = desk.say(CARA, "my plans")[0].text
    line = next(line for line in cara.split("\n") if "possible match #1 (a circle)" in line)
    assert "in a circle with" in line and "Anna Zorblat" in line and "Ben Vexmoor" in line
    assert "Dev Ostrang" not in cara
    assert "possible match #1 (a circle): you said not now" in desk.say(DEV, "my plans")[0].text


def test_an_export_holds_the_officers_own_place_in_each_circle_and_nobody_elses(desk: Desk) -> None:
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    exported = next(m for m in desk.say(ANNA, "export") if m.attachment)
    assert exported.attachment is not None
    data = json.loads(exported.attachment.content)
    assert [(c["number"], c["your_answer"], c["status"]) for c in data["circles"]] == [(2, "yes", "offered")]
    assert {"circle_yes"} <= {e["action"] for e in data["audit_events"]}
    assert identities_in(exported.attachment.content, besides=ANNA) == set()


def test_members_yet_to_answer_are_reminded_once_in_the_same_words_whatever_the_others_did(
    desk: Desk, clock: ManualClock
) -> None:
    four_councils(desk)
    desk.choose(ANNA, wording.JOIN_CIRCLE)
    desk.choose(BEN, wording.NOT_NOW)
    before = {email: len(desk.inbox(email)) for email in (ANNA, BEN, CARA, DEV)}
    clock.advance(timedelta(days=12, hours=12))
    desk.engine.remind()
    desk.engine.remind()  # once only
    told = {email: desk.inbox(email)[before[email] :] for email in before}
    circle_reminders = {e: [m for m in told[e] if ", a circle, lapses on" in m.text] for e in told}
    assert [len(circle_reminders[e]) for e in (ANNA, BEN, CARA, DEV)] == [0, 0, 1, 1]
    assert circle_reminders[CARA][0].text.split("\n")[1:] == circle_reminders[DEV][0].text.split("\n")[1:]
    assert [b.label for b in circle_reminders[DEV][0].buttons] == [wording.JOIN_CIRCLE, wording.NOT_NOW]


def test_confirming_a_plan_ranks_it_once_for_the_circle_and_the_pairs_alike(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked: list[int] = []
    rank = MatchIndex.rank

    def counting(self: MatchIndex, *args: Any, **kwargs: Any) -> list[Candidate]:
        ranked.append(1)
        return rank(self, *args, **kwargs)

    monkeypatch.setattr(MatchIndex, "rank", counting)
    four_councils(desk)
    assert len(ranked) == len(PLANS)  # one ranking per confirmation, not one for circles and one for pairs
    assert all(len(circle_offers(desk.inbox(email))) == 1 for email in (ANNA, BEN, CARA, DEV))


def test_a_pair_whose_officers_meet_in_a_formed_circle_closes_without_a_reminder_or_a_lapse(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    four_councils(desk)  # Anna and Ben were offered a pair (#1 for each) before the circle
    assert "possible match #1: waiting for your answer" in desk.say(ANNA, "my plans")[0].text
    assert desk.say(BEN, "not now #1")[0].text.startswith("Understood")  # closes as silence would
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    with session_on(database) as session:
        states = [p.state for p in session.exec(select(Proposal)).all()]
    assert states == [ProposalState.MET_IN_CIRCLE]
    for email in (ANNA, BEN):
        overview = desk.say(email, "my plans")[0].text
        assert f"possible match #1: {wording.PAIR_MET_IN_CIRCLE}" in overview
        assert "waiting for" not in overview
    before = {email: len(desk.inbox(email)) for email in (ANNA, BEN)}
    clock.advance(timedelta(days=12, hours=12))
    desk.engine.remind()
    clock.advance(timedelta(days=3))
    desk.engine.tick()
    for email in (ANNA, BEN):
        assert [m.text for m in desk.inbox(email)[before[email] :]] == [], email
    assert desk.choose(ANNA, "Introduce us")[0].text == wording.PAIR_MET_IN_CIRCLE_CLICK.format(match=1)


def test_admins_count_circles_offered_and_formed_by_month_small_counts_hidden(desk: Desk) -> None:
    desk.workspaces[DEV] = "hackney"
    four_councils(desk)
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    local = desk.engine.admin.stats(WorkspaceRef("test", "local"))
    assert [(c.offered, c.formed) for c in local.circles] == [(1, 1)]
    hackney = desk.engine.admin.stats(WorkspaceRef("test", "hackney"))
    assert [(c.offered, c.formed) for c in hackney.circles] == [(1, 0)]  # Dev never said yes
    text = stats_text(local)
    assert wording.STATS_CIRCLES in text
    assert f"{local.circles[0].month} | fewer than 5 | fewer than 5" in text
    report = json.loads(stats_json(hackney))
    assert report["circles"] == [{"month": hackney.circles[0].month, "offered": None, "formed": None}]


def test_each_member_of_a_formed_circle_is_asked_once_about_it_and_the_answer_is_counted(
    desk: Desk, clock: ManualClock
) -> None:
    four_councils(desk)
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    clock.advance(timedelta(days=21, minutes=1))
    desk.engine.follow_up()
    desk.engine.follow_up()  # a second run asks nobody again
    for email in (ANNA, BEN, CARA):
        asked = [m for m in desk.inbox(email) if "Did you talk with any of them?" in m.text]
        assert len(asked) == 1, email  # one question about the circle, not one per other member
        number = re.search(r"#(\d+)", circle_offers(desk.inbox(email))[0].text)
        assert number is not None and f"possible match #{number[1]} " in asked[0].text  # their own number
        assert identities_in(asked[0].text, besides=email) == set()
    assert not any("Did you talk" in m.text for m in desk.inbox(DEV))  # never said yes: never asked
    assert desk.say(ANNA, "yes it helped")[0].text == wording.FOLLOW_UP_THANKS["helped"]
    desk.choose(BEN, wording.FOLLOW_UP_NOT_YET)
    [month] = desk.engine.admin.stats(WorkspaceRef("test", "local")).follow_ups
    assert (month.asked, month.helped, month.not_yet) == (3, 1, 1)
    exported = next(m for m in desk.say(ANNA, "export") if m.attachment)
    assert exported.attachment is not None
    export = json.loads(exported.attachment.content)
    anna = re.search(r"#(\d+)", circle_offers(desk.inbox(ANNA))[0].text)
    assert anna is not None
    assert [(f["possible_match_number"], f["your_answer"]) for f in export["follow_ups"]] == [
        (int(anna[1]), "helped")
    ]
