"""Not relevant, and Not now then yes after all: the consent rules hold either way."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import select

from bot.clock import ManualClock
from bot.conversation.actions import AnswerProposal, Reconsider, decode, encode
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from bot.storage.models import MatchFeedback, Officer, Proposal
from matching.feedback import AVOIDED_WEIGHT
from tests.bot.domain.test_double_opt_in import JANE, TOM, two_plans
from tests.bot.test_concurrency import click
from tests.conftest import DatabaseFactory, DeskFactory
from tests.support import Desk, count, identity, proposals_to, session_on


def test_not_relevant_is_a_decline_the_other_side_sees_only_lapse(
    make_desk: DeskFactory, clock: ManualClock
) -> None:
    def jane_hears(answer: str) -> list[str]:
        desk = make_desk()
        two_plans(desk)
        desk.choose(JANE, "Introduce us")
        if answer:
            desk.choose(TOM, answer)
        before = len(desk.inbox(JANE))
        clock.advance(timedelta(days=13))
        desk.engine.tick()
        assert len(desk.inbox(JANE)) == before, "nothing may reach Jane before the expiry"
        clock.advance(timedelta(days=1, hours=1))
        desk.engine.tick()
        return [m.text for m in desk.inbox(JANE)[before:]]

    after_not_relevant = jane_hears("Not relevant")
    assert after_not_relevant == jane_hears("Not now") == jane_hears("")
    assert any("Possible match #1 for your plan 1 has lapsed" in text for text in after_not_relevant)


def test_not_relevant_is_acknowledged_and_remembered(desk: Desk, database: Database) -> None:
    two_plans(desk)
    reply = desk.choose(TOM, "Not relevant")
    assert [m.text for m in reply] == [
        "Understood: possible match #1 isn't relevant to you, so no introduction. The other officer won't "
        "be told; for them it simply lapses. I'll offer your plan 1 fewer matches like this one."
    ]
    with session_on(database) as session:
        [feedback] = session.exec(select(MatchFeedback)).all()
    assert feedback.reason == "not_relevant" and feedback.delivery_model == "staff_mutual"
    assert "Not relevant" not in desk.texts(JANE).split("Possible match #1")[-1].split("\n")[0]
    assert desk.choose(TOM, "Introduce us")[0].text.startswith("You've already answered possible match #1")
    exported = desk.say(TOM, "export")[-1].attachment
    assert exported is not None
    [proposal] = json.loads(exported.content)["proposals"]
    assert proposal["your_answer"] == "declined" and proposal["you_said_not_relevant"] is True


def test_not_relevant_can_be_typed(desk: Desk) -> None:
    two_plans(desk)
    reply = desk.say(TOM, "not relevant #1")
    assert reply[0].text.startswith("Understood: possible match #1 isn't relevant to you")


def test_not_now_then_yes_after_all_from_my_plans_introduces(desk: Desk, database: Database) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Not now")
    plans = desk.say(TOM, "my plans")[0]
    assert "possible match #1: you said not now; you can still say yes until 9 December 2026" in plans.text
    assert "Changed your mind?" in plans.text
    assert [b.label for b in plans.buttons] == ["Say yes to #1 after all", "How many others?"]
    introduced = desk.choose(TOM, "Say yes to #1 after all")
    assert len(introduced) == 1 and "Jane Smith" in introduced[0].text
    assert "Tom Jones" in desk.inbox(JANE)[-1].text
    assert count(database, "introduction") == 1
    again = desk.act(TOM, plans.buttons[0].action)
    assert again[0].text.startswith("You've already answered possible match #1")
    assert count(database, "introduction") == 1


def test_yes_after_all_before_the_other_answers_waits_for_them(desk: Desk, database: Database) -> None:
    two_plans(desk)
    desk.choose(TOM, "Not now")
    waiting = desk.say(TOM, "yes to #1")
    assert waiting[0].text.startswith("Thanks: yes to possible match #1")
    assert "you said yes; waiting for the other officer" in desk.say(TOM, "my plans")[0].text
    desk.choose(JANE, "Introduce us")
    assert "Tom Jones" in desk.inbox(JANE)[-1].text
    assert count(database, "introduction") == 1


def test_no_change_of_mind_after_expiry_or_after_not_relevant(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    desk.choose(JANE, "Not now")
    desk.choose(TOM, "Not relevant")
    jane_plans = desk.say(JANE, "my plans")[0]
    assert [b.label for b in jane_plans.buttons] == ["Say yes to #1 after all", "How many others?"]
    tom_plans = desk.say(TOM, "my plans")[0]
    assert [b.label for b in tom_plans.buttons] == [
        "How many others?"
    ] and "possible match #1: you said not relevant" in tom_plans.text
    proposal_id = int(jane_plans.buttons[0].action.split(":")[1])
    refused = desk.act(TOM, encode(Reconsider(proposal_id)))
    assert refused[0].text.startswith("You said possible match #1 isn't relevant")
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    assert [b.label for b in desk.say(JANE, "my plans")[0].buttons] == ["How many others?"]
    late = desk.act(JANE, jane_plans.buttons[0].action)
    assert [m.text for m in late] == ["Possible match #1 has lapsed, so nothing has changed."]


def test_a_change_of_mind_is_only_ones_own(desk: Desk) -> None:
    two_plans(desk)
    desk.choose(TOM, "Not now")
    action = desk.say(TOM, "my plans")[0].buttons[0].action
    desk.open("eve.evans@leeds.gov.uk")
    reply = desk.act("eve.evans@leeds.gov.uk", action)
    assert [m.text for m in reply] == ["That choice is no longer available. Nothing has changed."]
    # Jane has not answered at all: a button made for Tom's change of mind is no answer of hers.
    assert [m.text for m in desk.act(JANE, action)] == [
        "That choice is no longer available. Nothing has changed."
    ]
    assert desk.choose(JANE, "Introduce us")[0].text.startswith("Thanks: yes to possible match #1")


ROUNDS = 6


def _proposals(desk: Desk, email: str) -> set[int]:
    return {
        action.proposal_id
        for message in proposals_to(desk.inbox(email))
        for action in map(decode, (b.action for b in message.buttons))
        if isinstance(action, AnswerProposal)
    }


def _engine(url: str, clock: ManualClock, notifier: RecordingNotifier) -> Core:
    return Core(make_engine(url), notifier, settings=Settings(database_url="sqlite://"), clock=clock)


def test_yes_after_all_and_the_others_yes_at_the_same_instant_make_one_introduction(
    databases: DatabaseFactory, clock: ManualClock
) -> None:
    url = databases.url()
    setup_database = make_engine(url)
    upgrade(setup_database)
    databases.track(setup_database)
    notifier = RecordingNotifier()
    setup = Desk(
        Core(setup_database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier
    )
    first, second = _engine(url, clock, notifier), _engine(url, clock, notifier)
    for engine in (first, second):
        databases.track(engine._database)
    for round_number in range(ROUNDS):
        jane, tom = f"jane{round_number}@camden.gov.uk", f"tom{round_number}@hackney.gov.uk"
        setup.open(jane)
        setup.describe_and_confirm(jane, f"Leisure centres to a staff mutual, round {round_number}.")
        setup.open(tom)
        setup.describe_and_confirm(
            tom, f"Our sports centres and pools as a staff mutual, round {round_number}."
        )
        # Their proposal to each other (another round's plan may have been proposed to either as well).
        [shared] = _proposals(setup, jane) & _proposals(setup, tom)
        setup.act(tom, encode(AnswerProposal(shared, accept=False)))
        accept = encode(AnswerProposal(shared, accept=True))
        after_all = encode(Reconsider(shared))
        assert after_all in [b.action for b in setup.say(tom, "my plans")[0].buttons]
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=click, args=(Desk(first, notifier), jane, accept, barrier, errors)),
            threading.Thread(target=click, args=(Desk(second, notifier), tom, after_all, barrier, errors)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        for email in (jane, tom):
            intros = [m for m in notifier.to(identity(email)) if m.text.startswith("You're introduced")]
            assert len(intros) == 1, f"{email} got {len(intros)} introductions in round {round_number}"
    assert count(setup_database, "introduction") == ROUNDS


ANN = "ann.brown@leeds.gov.uk"


def _score_offered_to_jane_after(make_desk: DeskFactory, answer: str) -> float | None:
    """Jane answers Tom's match, then Ann's comparable plan arrives: the score of Ann's match for Jane."""
    desk = make_desk(offer_circles=False)  # three comparable plans: a pair for Jane, not a circle
    two_plans(desk)
    desk.choose(JANE, answer)
    desk.open(ANN)
    desk.describe_and_confirm(
        ANN, "We're exploring moving our leisure centres and pools into a staff mutual."
    )
    with session_on(desk.engine._database) as session:
        jane = session.exec(select(Officer.id).where(Officer.user_id == JANE)).one()
        later = session.exec(
            select(Proposal.score).where(
                (Proposal.officer_a_id == jane) | (Proposal.officer_b_id == jane), Proposal.id != 1
            )
        ).all()
    return later[0] if later else None


def test_not_relevant_lowers_the_score_of_matches_like_it_for_that_plan(make_desk: DeskFactory) -> None:
    after_not_now = _score_offered_to_jane_after(make_desk, "Not now")
    after_not_relevant = _score_offered_to_jane_after(make_desk, "Not relevant")
    assert after_not_now is not None
    # Offered with a score a fifth lower (then after the others), or no longer offered at all.
    lowered = pytest.approx(after_not_now * AVOIDED_WEIGHT, abs=2e-4)  # scores are stored to 4 places
    assert after_not_relevant is None or after_not_relevant == lowered


def test_a_withdrawn_plan_cannot_say_yes_after_all(desk: Desk, database: Database) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Not now")
    old = desk.say(TOM, "my plans")[0]
    desk.say(TOM, "withdraw 1")
    desk.choose(TOM, "Withdraw it")
    plans = desk.say(TOM, "my plans")[0]
    assert [b.label for b in plans.buttons] == [] and "you can still say yes" not in plans.text
    refused = desk.act(TOM, old.buttons[0].action)
    assert [m.text for m in refused] == [
        "Your plan 1 is withdrawn, so possible match #1 can't be reopened. Nothing has changed. Describe a "
        "new plan any time and I'll look for matches for it."
    ]
    assert count(database, "introduction") == 0
    assert "Tom Jones" not in desk.texts(JANE)
