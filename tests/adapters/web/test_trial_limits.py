"""How many trials the server holds: one visitor's flood replaces only its own trials, a trial with its page
open is the last to go, one visitor's pages open on all it may have refuse another, trials nobody has
typed in go before the rest, trials in use (a page open, typed in lately) are never taken, so when
all are a new one is refused until one is not, trials started at once never outnumber the most there
may be, a trial dropped during a turn still answers it, a trial takes so many messages, and a page's retry
is not answered twice."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from adapters.host.server import build_application
from adapters.web import trial
from adapters.web.translate import identity
from adapters.web.trial import TooManyTrials, TrialRegistry, TrialsBusy, TrialSession
from bot.messages import Incoming, IncomingKind
from bot.settings import Settings
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.web.test_web_routes import opener, post

VISITOR = "198.51.100.7"
FLOOD = "203.0.113.9"


async def watched(registry: TrialRegistry, visitor: str) -> TrialSession:
    """A trial whose page is open: it listens to the event stream."""
    session = await registry.create(visitor=visitor)
    session.listeners.add(asyncio.Queue())
    return session


def test_a_flood_from_one_address_replaces_only_its_own_trials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trial, "MAX_SESSIONS", 6)
    monkeypatch.setattr(trial, "MAX_PER_VISITOR", 2)

    async def flood() -> None:
        registry = TrialRegistry(Settings(database_url="sqlite://"))
        real = await registry.create(visitor=VISITOR)  # started, then the tab was closed for a moment
        for _ in range(8):
            await registry.create(visitor=FLOOD)
        assert registry.get(real.id) is real
        assert len(registry) == 3  # the real trial and the flood's own two
        registry.close()

    asyncio.run(flood())


def test_when_full_abandoned_trials_go_before_any_with_its_page_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trial, "MAX_SESSIONS", 4)

    async def crowd() -> None:
        registry = TrialRegistry(Settings(database_url="sqlite://"))
        active = await watched(registry, VISITOR)  # the oldest, but someone is using it
        for number in range(10):
            await registry.create(visitor=f"192.0.2.{number}")  # never opened: abandoned at once
        assert registry.get(active.id) is active
        assert len(registry) == 4
        others = [await watched(registry, f"192.0.2.{20 + number}") for number in range(3)]
        assert all(registry.get(s.id) is s for s in [active, *others])  # every abandoned one went first
        newest = await registry.create(visitor="192.0.2.99")
        assert registry.get(newest.id) is newest and len(registry) == 4
        assert sum(registry.get(s.id) is not None for s in [active, *others]) == 3
        registry.close()

    asyncio.run(crowd())


def test_a_visitor_with_a_page_open_on_each_of_its_trials_is_refused_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trial, "MAX_PER_VISITOR", 3)

    async def office() -> None:
        registry = TrialRegistry(Settings(database_url="sqlite://"))
        colleagues = [await watched(registry, VISITOR) for _ in range(3)]
        with pytest.raises(TooManyTrials):
            await registry.create(visitor=VISITOR)
        assert all(registry.get(s.id) is s for s in colleagues)  # nobody's open trial was taken
        colleagues[1].listeners.clear()  # one closed the page
        newcomer = await registry.create(visitor=VISITOR)
        assert [registry.get(s.id) for s in colleagues] == [colleagues[0], None, colleagues[2]]
        assert registry.get(newcomer.id) is newcomer
        registry.close()

    asyncio.run(office())


def test_trials_nobody_has_typed_in_go_first_even_when_newer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trial, "MAX_SESSIONS", 3)

    async def talk_then_crowd() -> None:
        registry = TrialRegistry(Settings(database_url="sqlite://"))
        talker = await registry.create(visitor=VISITOR)
        said = Incoming(identity(talker.id, "p1"), IncomingKind.MESSAGE, text="help")
        assert talker.accept(said, "n-1")
        await talker.handle(said)  # and then the page lost its connection for a moment
        for number in range(6):
            await registry.create(visitor=f"192.0.2.{number}")  # started, never typed in
        assert registry.get(talker.id) is talker
        assert len(registry) == 3
        registry.close()

    asyncio.run(talk_then_crowd())


def test_when_every_trial_is_in_use_a_new_one_is_refused_and_nobody_loses_theirs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trial, "MAX_SESSIONS", 3)

    async def busy_day() -> None:
        registry = TrialRegistry(Settings(database_url="sqlite://"))
        talkers = []
        for number in range(3):  # three offices, each with the page open, each typing
            talker = await watched(registry, f"192.0.2.{number}")
            said = Incoming(identity(talker.id, "p1"), IncomingKind.MESSAGE, text="help")
            assert talker.accept(said, f"n-{number}")
            await talker.handle(said)
            talkers.append(talker)
        with pytest.raises(TrialsBusy):  # one who just arrived, or a flood holding streams open
            await registry.create(visitor="203.0.113.9")
        assert all(registry.get(t.id) is t for t in talkers)
        talkers[1].last_typed = time.monotonic() - trial.IN_USE_SECONDS - 1  # typed long ago, page left open
        newcomer = await registry.create(visitor="203.0.113.9")
        assert [registry.get(t.id) for t in talkers] == [talkers[0], None, talkers[2]]
        assert registry.get(newcomer.id) is newcomer
        registry.close()

    asyncio.run(busy_day())


def test_trials_started_at_once_never_outnumber_the_most_there_may_be(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trial, "MAX_SESSIONS", 4)

    async def burst() -> None:
        registry = TrialRegistry(Settings(database_url="sqlite://"))
        started = await asyncio.gather(*(registry.create(visitor=f"192.0.2.{n}") for n in range(12)))
        assert len(registry) == 4  # each start used to look before any was built, and all 12 were kept
        kept = [s for s in started if registry.get(s.id) is s]
        assert len(kept) == 4 and started[-1] in kept
        assert all(s.closed for s in started if s not in kept)  # the others' databases are freed
        registry.close()

    asyncio.run(burst())


def test_a_trial_dropped_during_a_turn_still_answers_it() -> None:
    async def drop_mid_turn() -> None:
        registry = TrialRegistry(Settings(database_url="sqlite://"))
        session = await registry.create(visitor=VISITOR)
        turn = asyncio.create_task(
            session.handle(Incoming(identity(session.id, "p1"), IncomingKind.MESSAGE, text="help"))
        )
        await asyncio.sleep(0)  # the turn is under way in its thread
        registry.close()  # its database used to be freed at once, under the turn
        await turn
        assert "Here is what you can do" in session.history[-1]["text"]
        assert registry.get(session.id) is None

    asyncio.run(drop_mid_turn())


def test_a_trial_takes_so_many_messages_and_a_retry_is_answered_once(
    loop: Loop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trial, "MAX_TURNS", 3)
    site = loop.serve(
        build_application(Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}"), say=lambda _: None)
    )
    browser = opener()
    assert post(browser, site + "/trial/start", b"")[0] == 200
    retry = b'{"pane": "p1", "text": "help", "nonce": "n-1"}'
    assert post(browser, site + "/trial/send", retry)[0] == 202
    assert post(browser, site + "/trial/send", retry)[0] == 202  # the page sent it again: not answered twice
    for number in (2, 3):
        body = f'{{"pane": "p1", "text": "help", "nonce": "n-{number}"}}'.encode()
        assert post(browser, site + "/trial/send", body)[0] == 202
    assert post(browser, site + "/trial/send", b'{"pane": "p1", "text": "help"}')[0] == 429
    with browser.open(site + "/trial/events", timeout=30) as stream:
        received = b""
        while b"event: ready" not in received:
            received += stream.read1(1 << 16)
    replayed = received.decode()
    assert replayed.count('"mine": true') == 3
    assert replayed.count("Here is what you can do") == 3
