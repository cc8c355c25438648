"""Both officers accept at the same instant from two processes' connections: exactly one introduction."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.clock import ManualClock
from bot.core import Core
from bot.delivery import addresses
from bot.delivery.notifier import RecordingNotifier
from bot.domain.directory import CouncilDirectory
from bot.domain.workspaces import WorkspaceRef, ensure_workspace_row
from bot.settings import Settings
from bot.storage.database import make_engine, transaction, upgrade
from tests.conftest import DatabaseFactory
from tests.support import Desk, at_once, count, identity, match_numbers, proposals_to

ROUNDS = 8
PEOPLE = (("jane", "camden"), ("tom", "hackney"), ("ann", "leeds"))


def engine_on(url: str, clock: ManualClock, notifier: RecordingNotifier) -> Core:
    return Core(make_engine(url), notifier, settings=Settings(database_url="sqlite://"), clock=clock)


@dataclass
class TwoProcesses:
    """Two "processes" on one database (separate engines: separate pools and transactions)."""

    database: Database
    desks: list[Desk]


@pytest.fixture
def two_processes(databases: DatabaseFactory, clock: ManualClock) -> Iterator[TwoProcesses]:
    url = databases.url()
    database: Database = make_engine(url)
    upgrade(database)
    notifier = RecordingNotifier()
    desks = [Desk(engine_on(url, clock, notifier), notifier) for _ in range(2)]
    yield TwoProcesses(database, desks)
    for desk in desks:
        desk.engine._database.dispose()
    database.dispose()


def click(
    desk: Desk, email: str, action: str, barrier: threading.Barrier, errors: list[BaseException]
) -> None:
    """Wait for the other officer, then click at the same instant."""
    try:
        barrier.wait(timeout=10)
        desk.act(email, action)
    except BaseException as error:
        errors.append(error)


def test_simultaneous_acceptances_make_one_introduction(
    databases: DatabaseFactory, clock: ManualClock
) -> None:
    url = databases.url()
    setup_database: Database = make_engine(url)
    upgrade(setup_database)
    notifier = RecordingNotifier()
    setup = Desk(
        Core(setup_database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier
    )
    # Two "processes": separate engines, so separate connection pools and transactions.
    first, second = engine_on(url, clock, notifier), engine_on(url, clock, notifier)
    try:
        for round_number in range(ROUNDS):
            jane, tom = f"jane{round_number}@camden.gov.uk", f"tom{round_number}@hackney.gov.uk"
            setup.open(jane)
            setup.describe_and_confirm(jane, f"Leisure centres to a staff mutual, round {round_number}.")
            setup.open(tom)
            setup.describe_and_confirm(
                tom, f"Our sports centres and pools as a staff mutual, round {round_number}."
            )
            accept = proposals_to(setup.inbox(jane))[-1].buttons[0].action
            assert accept.endswith(":accept")
            barrier = threading.Barrier(2)
            errors: list[BaseException] = []
            threads = [
                threading.Thread(target=click, args=(Desk(first, notifier), jane, accept, barrier, errors)),
                threading.Thread(target=click, args=(Desk(second, notifier), tom, accept, barrier, errors)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert errors == []
            for email in (jane, tom):
                intros = [m for m in notifier.to(identity(email)) if m.text.startswith("You're introduced")]
                assert len(intros) == 1, f"{email} got {len(intros)} introductions in round {round_number}"
                assert not any("Sorry, something went wrong" in m.text for m in notifier.to(identity(email)))
        assert count(setup_database, "introduction") == ROUNDS
    finally:
        for engine in (first, second):
            engine._database.dispose()
        setup_database.dispose()


def test_comparable_plans_confirmed_at_the_same_instant_in_two_processes_are_matched(
    two_processes: TwoProcesses,
) -> None:
    """Neither confirmation can see the other's plan before it commits: the second must wait for the
    first, then find it, or the two officers would never hear of each other."""
    desks = two_processes.desks
    for round_number in range(ROUNDS):
        jane, tom = f"jane{round_number}@camden.gov.uk", f"tom{round_number}@hackney.gov.uk"
        for desk, email, words in (
            (desks[0], jane, "Spinning our leisure centres out into a staff mutual next April."),
            (desks[1], tom, "Exploring moving our sports centres and pools into a staff mutual."),
        ):
            desk.open(email)
            desk.say(email, words)
        at_once(partial(desks[0].choose, jane, "Looks right"), partial(desks[1].choose, tom, "Looks right"))
        for email in (jane, tom):
            assert proposals_to(desks[0].inbox(email)), f"round {round_number}: {email} heard of no one"


def test_proposals_made_for_one_officer_in_two_processes_at_once_have_distinct_numbers(
    two_processes: TwoProcesses,
) -> None:
    """Tom and Ann confirm at the same instant, each proposed to Jane (and to each other) by another
    process: each officer's possible matches, pairs and circles alike, read #1, #2..., never one number
    twice. (Whichever commits second finds two councils already there and is offered a circle.)"""
    desks = two_processes.desks
    for round_number in range(ROUNDS):
        jane, tom, ann = (f"{name}{round_number}@{council}.gov.uk" for name, council in PEOPLE)
        desks[0].open(jane)
        desks[0].describe_and_confirm(jane, f"Leisure centres to a staff mutual, round {round_number}.")
        for desk, email, words in (
            (desks[0], tom, "Exploring moving our sports centres and pools into a staff mutual."),
            (desks[1], ann, "Our leisure centres may become a staff mutual next year."),
        ):
            desk.open(email)
            desk.say(email, words)
        at_once(partial(desks[0].choose, tom, "Looks right"), partial(desks[1].choose, ann, "Looks right"))
        for email in (jane, tom, ann):
            assert "Sorry, something went wrong" not in desks[0].texts(email)
            numbers = match_numbers(desks[0].inbox(email))
            assert sorted(numbers) == list(range(1, len(numbers) + 1)), (
                f"round {round_number}: {email} saw {numbers}"
            )
            assert numbers, f"round {round_number}: {email} heard of no one"
        assert len(match_numbers(desks[0].inbox(jane))) == 2  # a pair and a circle, or two pairs
        for email in (jane, tom, ann):
            desks[0].say(email, "pause all")  # out of the next rounds' way


def test_two_officers_of_a_council_new_to_notalone_arriving_at_once_are_both_welcomed(
    two_processes: TwoProcesses,
) -> None:
    """The council's organisation is made on first use: by one turn, without failing the other."""
    desks = two_processes.desks
    domains = [next(iter(council.domains)) for council in list(CouncilDirectory.builtin())[:ROUNDS]]
    for round_number, domain in enumerate(domains):
        first, second = f"ann{round_number}@{domain}", f"bob{round_number}@{domain}"
        at_once(partial(desks[0].open, first), partial(desks[1].open, second))
        for email in (first, second):
            said = desks[0].texts(email)
            assert "Sorry, something went wrong" not in said, f"round {round_number}: {email}"
            assert "I'm Notalone" in said
    assert count(two_processes.database, "organisation") == ROUNDS


def test_rows_made_on_first_use_by_two_transactions_at_once_are_made_once(
    databases: DatabaseFactory,
) -> None:
    """The second transaction waits for the first's row, then uses it, instead of failing on it: a
    workspace's settings row (two admins saving at once) and a Teams officer's address (their first two
    messages reaching two web processes)."""
    url = databases.url()
    engines = [make_engine(url) for _ in range(2)]
    for engine in engines:
        databases.track(engine)
    upgrade(engines[0])
    workspace, officer = WorkspaceRef("teams", "T0CAMDEN"), identity("ann@camden.gov.uk")
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    def make_rows(session: Session, number: int) -> int:
        addresses.remember(session, officer, {"conversation": number}, now=now)
        row_id = ensure_workspace_row(session, workspace, now=now).id
        assert row_id is not None
        return row_id

    first = Session(engines[0])
    first_id = make_rows(first, 1)  # made, not yet committed
    second: list[int] = []
    thread = threading.Thread(target=lambda: second.append(in_transaction(engines[1], make_rows)))
    thread.start()
    thread.join(timeout=0.5)  # the second waits for the first to finish
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert second == [first_id]
    assert count(engines[0], "workspace") == 1
    with transaction(engines[0]) as session:
        assert addresses.recall(session, officer) == {"conversation": 2}  # the latest address wins


def in_transaction(database: Database, make_rows: Callable[[Session, int], int]) -> int:
    with transaction(database) as session:
        return make_rows(session, 2)
