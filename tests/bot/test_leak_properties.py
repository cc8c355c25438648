"""Leak-proof by property: random officers of several councils on two platforms, doing random things.

After every step: nobody has received anything identifying about an officer they were not introduced
to (both clicked "Introduce us" on the same proposal); a declined or introduced pair is never proposed
again; an erased officer receives nothing more and is nowhere in the database. A paired run shows that a
decline reaches the other side in exactly the words, and at exactly the time, of an expiry.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine as Database
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel, select

from bot import wording
from bot.clock import ManualClock
from bot.conversation.actions import AnswerProposal, decode, encode
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.messages import Delivery, Identity, Incoming, IncomingKind, Message, Profile
from bot.settings import Settings
from bot.storage.models import Conversation, Officer, Plan
from tests.conftest import START, DatabaseFactory
from tests.support import outside_sealed


@dataclass(frozen=True)
class Person:
    """An officer in the model, with everything that must not reach a stranger."""

    identity: Identity
    email: str
    name: str
    title: str
    organisation: str  # a word of the council's name
    codename: str  # in each of their plans' text

    def secrets(self) -> tuple[str, ...]:
        return (*self.name.split(), self.email, self.email.split("@")[0], self.title, self.codename)


PEOPLE = (
    Person(Identity("alpha", "WA1", "UA001"), "albertine.vosk@camden.gov.uk", "Albertine Vosk",
           "Chief Plumassier", "Camden", "Wyndmoor"),
    Person(Identity("beta", "TB7", "29f1-77"), "corwin.ellery@hackney.gov.uk", "Corwin Ellery",
           "Lead Tessellator", "Hackney", "Tarrowby"),
    Person(Identity("alpha", "WA2", "UA002"), "delphine.oyelaran@leeds.gov.uk", "Delphine Oyelaran",
           "Senior Vexillologist", "Leeds", "Quistmere"),
    Person(Identity("beta", "TB7", "51aa-03"), "evander.tully@bristol.gov.uk", "Evander Tully",
           "Principal Horologist", "Bristol", "Brackenholt"),
    Person(Identity("alpha", "WA1", "UA003"), "fenella.quaye@camden.gov.uk", "Fenella Quaye",
           "Deputy Campanologist", "Camden", "Skelderwick"),
    Person(Identity("beta", "TB9", "8c0e-12"), "gideon.harrowgate@manchester.gov.uk", "Gideon Harrowgate",
           "Head of Orrery Services", "Manchester", "Fellowmarsh"),
)  # fmt: skip
PLANS = (
    "We are spinning our leisure centres out into a staff mutual, business case stage, live next April; "
    "the {code} pool goes first.",
    "Exploring moving our sports centres and swimming pools into a staff mutual; the {code} site would go "
    "first.",
    "Our libraries may become a charitable trust next year, consultation stage; {code} branch first.",
)
EXPIRY_DAYS = 14


def fresh_settings() -> Settings:
    return Settings.model_validate({"database_url": "sqlite://", "messages_per_minute": 100_000})


def empty(database: Database) -> None:
    """Remove every row, so each example starts from nothing (quicker than a new database)."""
    with database.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


class World:
    """The real core on one database, driven as an officer's platform would."""

    def __init__(self, database: Database) -> None:
        empty(database)
        self.database = database
        self.clock = ManualClock(START)
        self.notifier = RecordingNotifier()
        self.engine = Core(database, self.notifier, settings=fresh_settings(), clock=self.clock)

    def send(self, person: Person, incoming: Incoming) -> list[Message]:
        before = len(self.notifier.deliveries)
        self.engine.handle(incoming)
        return [d.message for d in self.notifier.deliveries[before:] if d.recipient == person.identity]

    def open(self, person: Person) -> None:
        profile = Profile(email=person.email, name=person.name, job_title=person.title)
        self.send(person, Incoming(person.identity, IncomingKind.OPENED, profile=profile))

    def say(self, person: Person, words: str) -> list[Message]:
        return self.send(person, Incoming(person.identity, IncomingKind.MESSAGE, text=words))

    def act(self, person: Person, action: str) -> list[Message]:
        return self.send(person, Incoming(person.identity, IncomingKind.ACTION, action=action))

    def click(self, person: Person, replies: list[Message], label: str) -> list[Message]:
        for message in reversed(replies):
            for button in message.buttons:
                if button.label == label:
                    return self.act(person, button.action)
        return []

    def wait(self, days: int) -> None:
        self.clock.advance(timedelta(days=days))
        self.engine.tick()


def who(identity: Identity) -> Person:
    return next(p for p in PEOPLE if p.identity == identity)


def visible(message: Message) -> str:
    parts = [message.text, *(b.label for b in message.buttons), message.shared_text or ""]
    if message.attachment is not None:
        parts.append(message.attachment.content)
    return "\n".join(parts)


def proposal_id(action: str) -> int | None:
    decoded = decode(action)
    return decoded.proposal_id if isinstance(decoded, AnswerProposal) else None


def leak_machine(database: Database, seen: Counter[str]) -> type[RuleBasedStateMachine]:
    class Officers(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.world = World(database)
            self.arrived: set[Person] = set()
            self.erased: dict[Person, int] = {}  # when each was erased: how many deliveries had been made
            self.checked = 0
            self.sides: dict[int, frozenset[Person]] = {}
            self.accepted: dict[int, set[Person]] = {}
            self.answered: dict[int, set[Person]] = {}
            self.closed_pairs: set[frozenset[Person]] = set()

        # --- what officers do ----------------------------------------------------------------

        @initialize(writers=st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=4, unique=True))
        def some_plans_to_start_with(self, writers: list[Person]) -> None:
            for number, person in enumerate(writers):
                self.write_plan(person, PLANS[number % 2])

        def present(self, person: Person) -> bool:
            if person in self.erased:
                return False
            if person not in self.arrived:
                self.world.open(person)
                self.arrived.add(person)
            return True

        @rule(person=st.sampled_from(PEOPLE), plan=st.sampled_from(PLANS))
        def write_plan(self, person: Person, plan: str) -> None:
            if self.present(person):
                replies = self.world.say(person, plan.format(code=person.codename))
                if not self.world.click(person, replies, wording.LOOKS_RIGHT):
                    self.world.say(person, "cancel")

        @rule(
            person=st.sampled_from(PEOPLE),
            accept=st.booleans(),
            pick=st.integers(0, 5),
        )
        def answer(self, person: Person, accept: bool, pick: int) -> None:
            offered = sorted(
                (pid for pid, sides in self.sides.items() if person in sides),
                key=lambda pid: (person in self.answered.get(pid, set()), -pid),  # fresh ones first
            )
            if not offered or not self.present(person):
                return
            pid = offered[pick % len(offered) if pick >= 3 else 0]
            self.answered.setdefault(pid, set()).add(person)
            replies = self.world.act(person, encode(AnswerProposal(pid, accept=accept)))
            if accept:
                self.accepted.setdefault(pid, set()).add(person)
            if any(m.text.startswith(wording.DECLINED.split("#")[0]) for m in replies):
                self.closed_pairs.add(self.sides[pid])
                seen["declines"] += 1

        @rule(pick=st.integers(0, 100))
        def say_yes_to_the_latest(self, pick: int) -> None:
            if self.sides:
                pid = max(self.sides)
                sides = sorted(self.sides[pid], key=lambda p: p.email)
                self.answer(sides[pick % 2], True, 0)

        @rule(person=st.sampled_from(PEOPLE), pause=st.booleans())
        def pause_or_resume(self, person: Person, pause: bool) -> None:
            if self.present(person):
                self.world.say(person, "pause all" if pause else "resume all")

        @rule(person=st.sampled_from(PEOPLE), export=st.booleans())
        def look(self, person: Person, export: bool) -> None:
            if self.present(person):
                self.world.say(person, "export" if export else "my plans")

        @rule(person=st.sampled_from(PEOPLE), chance=st.integers(0, 2))
        def withdraw_first(self, person: Person, chance: int) -> None:
            if not chance and self.present(person):
                self.world.click(person, self.world.say(person, "withdraw 1"), wording.WITHDRAW)

        @rule(days=st.integers(1, 10))
        def time_passes(self, days: int) -> None:
            self.world.wait(days)

        @rule(person=st.sampled_from(PEOPLE), chance=st.integers(0, 2))
        def forget_me(self, person: Person, chance: int) -> None:
            if chance or not self.present(person):  # rarer than other steps, so that officers live a while
                return
            sealed = sealed_values_of(database, person)
            goodbye = self.world.click(person, self.world.say(person, "forget me"), wording.ERASE)
            assert goodbye[-1].text == wording.FORGOTTEN
            self.erased[person] = len(self.world.notifier.deliveries)
            seen["erasures"] += 1
            self.checked_erasure(person, sealed)

        def checked_erasure(self, person: Person, sealed: set[str]) -> None:
            with Session(database) as session:
                officers = session.exec(select(Officer)).all()
                assert all(o.user_id != person.identity.user_id for o in officers)
                assert all(o.email != person.email and o.name != person.name for o in officers)
                texts = [p.text for p in session.exec(select(Plan)).all()]
                texts += [json.dumps(c.data) for c in session.exec(select(Conversation)).all()]
                assert not any(person.codename in t for t in texts)
            stored = raw_everything(database)
            for value in (person.identity.user_id, person.email):
                assert value not in outside_sealed(stored)
            for token in sealed:
                assert token not in stored

        # --- what must always hold -----------------------------------------------------------

        @invariant()
        def nothing_crosses_before_both_say_yes(self) -> None:
            start = self.checked
            deliveries = self.world.notifier.deliveries[start:]
            self.checked = len(self.world.notifier.deliveries)
            self.learn_proposals(deliveries)
            for number, delivery in enumerate(deliveries, start=start):
                reader = who(delivery.recipient)
                erased_at = self.erased.get(reader)
                assert erased_at is None or number < erased_at, f"{reader.name} heard after erasure"
                seen = visible(delivery.message)
                for other in PEOPLE:
                    if other == reader or self.introduced(reader, other):
                        continue
                    for secret in other.secrets():
                        assert secret not in seen, f"{reader.name} saw {secret!r} of {other.name}"
                    if not self.knows_someone_at(reader, other.organisation):
                        assert other.organisation not in seen, f"{reader.name} saw {other.name}'s council"

        def learn_proposals(self, deliveries: list[Delivery]) -> None:
            new: dict[int, set[Person]] = {}
            for delivery in deliveries:
                message = delivery.message
                if message.peer is not None:  # an introduction closes the pair for good
                    seen["introductions"] += 1
                    self.closed_pairs.add(frozenset({who(delivery.recipient), who(message.peer)}))
                for button in message.buttons:
                    pid = proposal_id(button.action)
                    if pid is not None and pid not in self.sides:
                        new.setdefault(pid, set()).add(who(delivery.recipient))
            for pid, sides in new.items():
                pair = frozenset(sides)
                assert len(pair) == 2, f"proposal {pid} reached {len(pair)} officers"
                assert pair not in self.closed_pairs, f"proposal {pid} offers a closed pair again"
                assert pair not in {s for p, s in self.sides.items() if p not in self.lapsed()}, "twice"
                self.sides[pid] = pair
                seen["proposals"] += 1

        @invariant()
        def count_steps(self) -> None:
            seen["steps"] += 1

        def lapsed(self) -> set[int]:
            with database.connect() as connection:
                rows = connection.execute(text("SELECT id FROM match_proposal WHERE state = 'expired'"))
                gone = set(self.sides) - set(
                    connection.execute(text("SELECT id FROM match_proposal")).scalars().all()
                )
                return set(rows.scalars().all()) | gone

        def knows_someone_at(self, reader: Person, organisation: str) -> bool:
            return reader.organisation == organisation or any(
                self.introduced(reader, other) for other in PEOPLE if other.organisation == organisation
            )

        def introduced(self, reader: Person, other: Person) -> bool:
            return any(
                sides == {reader, other} and self.accepted.get(pid, set()) >= sides
                for pid, sides in self.sides.items()
            )

        @invariant()
        def one_live_proposal_per_pair(self) -> None:
            with database.connect() as connection:
                pairs = connection.execute(
                    text(
                        "SELECT officer_a_id, officer_b_id, count(*) FROM match_proposal "
                        "WHERE state IN ('proposed', 'declined', 'introduced') AND officer_a_id IS NOT NULL "
                        "AND officer_b_id IS NOT NULL GROUP BY officer_a_id, officer_b_id"
                    )
                ).all()
            assert all(count == 1 for _a, _b, count in pairs)

    return Officers


def sealed_values_of(database: Database, person: Person) -> set[str]:
    """The officer's values as stored (sealed), to look for after erasure."""
    with database.connect() as connection:
        row = connection.execute(
            text("SELECT id, email, name, job_title FROM officer WHERE user_id = :u"),
            {"u": person.identity.user_id},
        ).one()
        plans = connection.execute(text("SELECT text FROM plan WHERE officer_id = :i"), {"i": row.id})
        return {row.email, row.name, row.job_title, *plans.scalars()}


def raw_everything(database: Database) -> str:
    with database.connect() as connection:
        return "\n".join(
            " ".join(str(value) for value in row.values())
            for table in inspect(connection).get_table_names()
            for row in connection.execute(text(f"SELECT * FROM {table}")).mappings()
        )


@pytest.mark.random_data
def test_no_officer_learns_anything_about_a_stranger(databases: DatabaseFactory) -> None:
    seen: Counter[str] = Counter()
    run_state_machine_as_test(
        leak_machine(databases.new(), seen),
        # Derandomized: the same runs every time, so the check below that they reached declines, erasures
        # and introductions cannot fail by chance (it did once in CI: no decline in 15 random runs).
        settings=hypothesis_settings(
            max_examples=15, stateful_step_count=30, deadline=None, database=None, derandomize=True
        ),
    )
    # The runs reached what matters, so the invariants were really put to the test.
    assert min(seen[k] for k in ("proposals", "introductions", "declines", "erasures")) > 0, seen


# --- a decline looks exactly like an expiry ----------------------------------------------------

JANE, TOM, ANN = PEOPLE[0], PEOPLE[1], PEOPLE[2]


def paired_run(database: Database, *, tom_declines: bool, script: list[tuple[str, int]]) -> list[str]:
    """Jane and Tom are proposed to each other; Tom declines (or says nothing); Jane's view of it all."""
    world = World(database)
    for person, plan in ((JANE, PLANS[0]), (TOM, PLANS[1])):
        world.open(person)
        world.click(person, world.say(person, plan.format(code=person.codename)), wording.LOOKS_RIGHT)
    if tom_declines:
        world.act(TOM, encode(AnswerProposal(1, accept=False)))
    for step, amount in script:
        if step == "wait":
            world.wait(amount)
        elif step == "accept":
            world.act(JANE, encode(AnswerProposal(1, accept=True)))
        elif step == "look":
            world.say(JANE, "my plans" if amount % 2 else "export")
        elif step == "ann":
            world.open(ANN)
            world.click(ANN, world.say(ANN, PLANS[amount % 2].format(code=ANN.codename)), wording.LOOKS_RIGHT)
    return [
        visible(d.message).replace(f'exported_at": "{world.clock.now().isoformat()}', "exported_at")
        for d in world.notifier.deliveries
        if d.recipient == JANE.identity
    ]


STEPS = st.lists(
    st.tuples(st.sampled_from(["wait", "accept", "look", "ann"]), st.integers(1, 9)), min_size=1, max_size=8
)


@pytest.mark.random_data
def test_a_decline_reaches_the_other_side_exactly_as_an_expiry_does(databases: DatabaseFactory) -> None:
    declined_world, silent_world = databases.new(), databases.new()
    runs = itertools.count()

    @hypothesis_settings(max_examples=15, deadline=None, database=None)
    @given(script=STEPS)
    def compare(script: list[tuple[str, int]]) -> None:
        next(runs)
        declined = paired_run(declined_world, tom_declines=True, script=script)
        silent = paired_run(silent_world, tom_declines=False, script=script)
        assert declined == silent

    compare()
    assert next(runs) >= 15
