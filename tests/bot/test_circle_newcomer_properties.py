"""Properties of a later officer joining a formed circle, over every pattern and order of answers: nobody
is named to anyone before both of them said yes, and a member's not now reads to everyone else exactly
like silence."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.conversation.circling import circle_buttons
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from tests.bot.domain.test_circle_newcomers import EVE, formed_then_eve, named_in, welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV
from tests.conftest import START
from tests.support import Desk

MEMBERS = [ANNA, BEN, CARA]
EVE_EMAIL = EVE[0]
EVERYONE = [*MEMBERS, DEV, EVE_EMAIL]
ANSWERS = st.sampled_from(["yes", "not_now", "silent"])
CIRCLE_ID = 1  # the only circle in the template


@dataclass(frozen=True)
class Template:
    path: Path
    clock: ManualClock


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    path = tmp_path_factory.mktemp("newcomer") / "template.db"
    database = make_engine(f"sqlite:///{path}")
    upgrade(database)
    clock = ManualClock(START)
    notifier = RecordingNotifier()
    desk = Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)
    formed_then_eve(desk)  # the circle formed with Anna, Ben and Cara; Eve was just offered a place
    database.dispose()
    yield Template(path, clock)


@dataclass
class Run:
    received: dict[str, list[tuple[str, tuple[str, ...]]]]
    named_early: list[str]  # whoever was named to someone before both of them said yes


def play(
    template: Template, folder: Path, eve: str, answers: list[str], order: list[int], *, typed: bool = False
) -> Run:
    """Copy the template, let Eve answer, then the members in this order (by button, or `typed` in words
    by number), then remind whoever has yet to answer, then let everything expire."""
    path = folder / f"run-{len(list(folder.iterdir()))}.db"
    shutil.copy(template.path, path)
    database = make_engine(f"sqlite:///{path}")
    notifier = RecordingNotifier()
    clock = ManualClock(template.clock.now())
    desk = Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)
    named_early: list[str] = []
    said_yes: set[str] = set()

    def check() -> None:
        consented = eve == "yes"
        for email in MEMBERS:
            knows_eve = EVE_EMAIL in named_in(desk.texts(email), besides=email)
            if knows_eve and not (consented and email in said_yes):
                named_early.append(email)
        eve_knows = named_in(desk.texts(EVE_EMAIL), besides=EVE_EMAIL)
        if not eve_knows <= (said_yes if consented else set()):
            named_early.append(EVE_EMAIL)

    try:
        if eve != "silent" and typed:
            desk.say(EVE_EMAIL, "join the circle" if eve == "yes" else "not now #1")
        elif eve != "silent":
            desk.act(EVE_EMAIL, circle_buttons(CIRCLE_ID)[0 if eve == "yes" else 1].action)
        check()
        for index in order:
            email = MEMBERS[index]
            questions = welcome_questions(desk.inbox(email))
            if answers[index] == "silent" or not questions:
                continue
            if typed:
                number = re.search(r"possible match #(\d+)", questions[0].text)
                assert number is not None
                answer = "yes" if answers[index] == "yes" else "not now"
                desk.say(email, f"{answer} #{number.group(1)}")
            else:
                desk.act(email, questions[0].buttons[0 if answers[index] == "yes" else 1].action)
            if answers[index] == "yes":
                said_yes.add(email)
            check()
        clock.advance(timedelta(days=12, hours=12))  # within the reminder's two days
        desk.engine.remind()
        check()
        clock.advance(timedelta(days=2, hours=12))
        desk.engine.tick()
        check()
        received = {
            email: [(m.text, tuple(b.action for b in m.buttons)) for m in desk.inbox(email)]
            for email in EVERYONE
        }
        return Run(received, named_early)
    finally:
        database.dispose()


@pytest.mark.random_data
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    eve=ANSWERS,
    answers=st.lists(ANSWERS, min_size=3, max_size=3),
    order=st.permutations(range(3)),
    typed=st.booleans(),
)
def test_nobody_is_named_before_both_said_yes_and_only_those_who_did(
    template: Template, tmp_path: Path, eve: str, answers: list[str], order: list[int], typed: bool
) -> None:
    run = play(template, tmp_path, eve, answers, list(order), typed=typed)
    assert run.named_early == []
    welcomed = {MEMBERS[i] for i, answer in enumerate(answers) if answer == "yes"} if eve == "yes" else set()
    eve_knows = named_in("\n".join(text for text, _ in run.received[EVE_EMAIL]), besides=EVE_EMAIL)
    assert eve_knows == welcomed


@pytest.mark.random_data
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    eve=ANSWERS,
    answers=st.lists(ANSWERS, min_size=3, max_size=3),
    order=st.permutations(range(3)),
    declining=st.integers(min_value=0, max_value=2),
    typed=st.booleans(),
)
def test_a_members_not_now_reads_to_everyone_else_exactly_like_silence(
    template: Template,
    tmp_path: Path,
    eve: str,
    answers: list[str],
    order: list[int],
    declining: int,
    typed: bool,
) -> None:
    said_no = [*answers[:declining], "not_now", *answers[declining + 1 :]]
    said_nothing = [*answers[:declining], "silent", *answers[declining + 1 :]]
    no = play(template, tmp_path, eve, said_no, list(order), typed=typed)
    nothing = play(template, tmp_path, eve, said_nothing, list(order), typed=typed)
    for email in EVERYONE:
        if email != MEMBERS[declining]:
            assert no.received[email] == nothing.received[email], email
