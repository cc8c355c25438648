"""Properties of a second later officer joining a formed circle that a first later officer is already in,
over every pattern and order of answers: the first later officer is asked like the members, nobody is
named to anyone before both of them said yes, and a not now (the first later officer's included) reads
to everyone else exactly like silence."""

from __future__ import annotations

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
from tests.bot.domain.test_circle_later_joiners import EVE_EMAIL, FAY_EMAIL, eve_welcomed_then_fay, named_in
from tests.bot.domain.test_circle_newcomers import welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV
from tests.conftest import START
from tests.support import Desk

ASKED = [ANNA, BEN, CARA, EVE_EMAIL]  # the three members, and Eve, whom Anna said yes to
EVERYONE = [*ASKED, DEV, FAY_EMAIL]
ANSWERS = st.sampled_from(["yes", "not_now", "silent"])
CIRCLE_ID = 1  # the only circle in the template


@dataclass(frozen=True)
class Template:
    path: Path
    clock: ManualClock


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    path = tmp_path_factory.mktemp("later") / "template.db"
    database = make_engine(f"sqlite:///{path}")
    upgrade(database)
    clock = ManualClock(START)
    notifier = RecordingNotifier()
    desk = Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)
    eve_welcomed_then_fay(desk)  # Anna said yes to Eve; Fay was just offered a place
    database.dispose()
    yield Template(path, clock)


@dataclass
class Run:
    received: dict[str, list[tuple[str, tuple[str, ...]]]]
    named_early: list[str]  # whoever was named to someone before both of them said yes


def play(template: Template, folder: Path, fay: str, answers: list[str], order: list[int]) -> Run:
    """Copy the template, let Fay answer, then those asked about her in this order, then remind whoever
    has yet to answer, then let everything expire."""
    path = folder / f"run-{len(list(folder.iterdir()))}.db"
    shutil.copy(template.path, path)
    database = make_engine(f"sqlite:///{path}")
    notifier = RecordingNotifier()
    clock = ManualClock(template.clock.now())
    desk = Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)
    named_early: list[str] = []
    said_yes: set[str] = set()
    # What each already knew in the template: Anna and Eve each other, the members each other.
    known = {email: named_in(desk.texts(email), besides=email) for email in EVERYONE}
    before = {email: len(welcome_questions(desk.inbox(email))) for email in ASKED}

    def check() -> None:
        consented = fay == "yes"
        for email in ASKED:
            knows_fay = FAY_EMAIL in named_in(desk.texts(email), besides=email)
            if knows_fay and not (consented and email in said_yes):
                named_early.append(email)
        fay_knows = named_in(desk.texts(FAY_EMAIL), besides=FAY_EMAIL)
        if not fay_knows <= (said_yes if consented else set()):
            named_early.append(FAY_EMAIL)
        for email in (DEV, *ASKED):  # nobody else learns of anyone new, Fay aside
            if named_in(desk.texts(email), besides=email) - {FAY_EMAIL} != known[email]:
                named_early.append(email)

    try:
        if fay != "silent":
            desk.act(FAY_EMAIL, circle_buttons(CIRCLE_ID)[0 if fay == "yes" else 1].action)
        check()
        for index in order:
            email = ASKED[index]
            questions = welcome_questions(desk.inbox(email))[before[email] :]
            if answers[index] == "silent" or not questions:
                continue
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
    fay=ANSWERS,
    answers=st.lists(ANSWERS, min_size=4, max_size=4),
    order=st.permutations(range(4)),
)
def test_the_later_officer_in_the_circle_is_asked_too_and_nobody_is_named_before_both_said_yes(
    template: Template, tmp_path: Path, fay: str, answers: list[str], order: list[int]
) -> None:
    run = play(template, tmp_path, fay, answers, list(order))
    assert run.named_early == []
    welcomed = {ASKED[i] for i, answer in enumerate(answers) if answer == "yes"} if fay == "yes" else set()
    fay_knows = named_in("\n".join(text for text, _ in run.received[FAY_EMAIL]), besides=FAY_EMAIL)
    assert fay_knows == welcomed


@pytest.mark.random_data
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fay=ANSWERS,
    answers=st.lists(ANSWERS, min_size=4, max_size=4),
    order=st.permutations(range(4)),
    declining=st.integers(min_value=0, max_value=3),
)
def test_a_not_now_from_anyone_asked_reads_to_everyone_else_exactly_like_silence(
    template: Template, tmp_path: Path, fay: str, answers: list[str], order: list[int], declining: int
) -> None:
    said_no = [*answers[:declining], "not_now", *answers[declining + 1 :]]
    said_nothing = [*answers[:declining], "silent", *answers[declining + 1 :]]
    no = play(template, tmp_path, fay, said_no, list(order))
    nothing = play(template, tmp_path, fay, said_nothing, list(order))
    for email in EVERYONE:
        if email != ASKED[declining]:
            assert no.received[email] == nothing.received[email], email
