"""Properties of circles over every pattern of answers: nobody is identified before a circle forms, only
those who said yes are ever identified, and a not now reads to everyone else exactly like silence."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import wording
from bot.clock import ManualClock
from bot.conversation.actions import ReconsiderCircle, encode
from bot.conversation.circling import circle_buttons
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from tests.bot.domain.test_circles import PEOPLE, circle_offers, four_councils, identities_in
from tests.conftest import START
from tests.support import Desk

EMAILS = [email for email, *_ in PEOPLE]
ANSWERS = st.sampled_from(["yes", "not_now", "silent"])
CIRCLE_ID = 1  # the only circle in the template


@dataclass(frozen=True)
class Template:
    """A database file in which four councils were just offered one circle, and when that was."""

    path: Path
    clock: ManualClock


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    path = tmp_path_factory.mktemp("circle") / "template.db"
    database = make_engine(f"sqlite:///{path}")
    upgrade(database)
    clock = ManualClock(START)
    notifier = RecordingNotifier()
    desk = Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)
    four_councils(desk)
    assert all(len(circle_offers(desk.inbox(email))) == 1 for email in EMAILS)
    database.dispose()  # the last connection closed: the file holds everything
    yield Template(path, clock)


@dataclass
class Run:
    """Everything each officer received after the offer, and whether anyone was named before it formed."""

    received: dict[str, list[tuple[str, tuple[str, ...]]]]
    named_early: list[str]


def play(template: Template, folder: Path, answers: list[str], order: list[int]) -> Run:
    """Copy the offered circle, let the officers answer in this order, then let it expire."""
    path = folder / f"run-{len(list(folder.iterdir()))}.db"
    shutil.copy(template.path, path)
    database = make_engine(f"sqlite:///{path}")
    notifier = RecordingNotifier()
    clock = ManualClock(template.clock.now())
    desk = Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)
    # The offers went to the template's notifier: rebuild their buttons from the stored circle.
    offers = {email: circle_buttons(CIRCLE_ID) for email in EMAILS}
    named_early: list[str] = []
    yeses = 0
    try:
        for email, answer in zip(EMAILS, answers, strict=True):
            if answer == "changed":  # not now first, before anyone answers; yes after all in its turn
                desk.act(email, offers[email][1].action)
        for index in order:
            email = EMAILS[index]
            if answers[index] == "silent":
                continue
            if answers[index] == "changed":
                desk.act(email, encode(ReconsiderCircle(CIRCLE_ID)))
            else:
                desk.act(email, offers[email][0 if answers[index] == "yes" else 1].action)
            yeses += answers[index] in ("yes", "changed")
            if yeses < 3:
                named_early += [e for e in EMAILS if identities_in(_texts(desk, e), besides=e)]
        clock.advance(timedelta(days=15))
        desk.engine.tick()
        received = {
            email: [(m.text, tuple(b.action for b in m.buttons)) for m in desk.inbox(email)]
            for email in EMAILS
        }
        return Run(received, named_early)
    finally:
        database.dispose()


def _texts(desk: Desk, email: str) -> str:
    return "\n".join(m.text for m in desk.inbox(email))


@pytest.mark.random_data
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(ANSWERS, min_size=4, max_size=4), order=st.permutations(range(4)))
def test_only_those_who_said_yes_are_ever_named_and_only_once_three_have(
    template: Template, tmp_path: Path, answers: list[str], order: list[int]
) -> None:
    run = play(template, tmp_path, answers, list(order))
    assert run.named_early == []
    said_yes = {EMAILS[i] for i, answer in enumerate(answers) if answer == "yes"}
    for email in EMAILS:
        named = identities_in("\n".join(text for text, _ in run.received[email]), besides=email)
        if email in said_yes and len(said_yes) >= 3:
            assert named == said_yes - {email}
        else:
            assert named == set()


@pytest.mark.random_data
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.lists(ANSWERS, min_size=4, max_size=4),
    order=st.permutations(range(4)),
    declining=st.integers(min_value=0, max_value=3),
)
def test_a_not_now_reads_to_everyone_else_exactly_like_silence(
    template: Template, tmp_path: Path, answers: list[str], order: list[int], declining: int
) -> None:
    said_no = [*answers[:declining], "not_now", *answers[declining + 1 :]]
    said_nothing = [*answers[:declining], "silent", *answers[declining + 1 :]]
    no = play(template, tmp_path, said_no, list(order))
    nothing = play(template, tmp_path, said_nothing, list(order))
    for index, email in enumerate(EMAILS):
        if index != declining:
            assert no.received[email] == nothing.received[email], email
    # And the one who said not now was told so, and nothing more.
    mine = [text for text, _ in no.received[EMAILS[declining]]]
    assert wording.CIRCLE_NOT_NOW.split("#")[0] in "\n".join(mine)


@pytest.mark.random_data
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.lists(ANSWERS, min_size=4, max_size=4),
    order=st.permutations(range(4)),
    changing=st.integers(min_value=0, max_value=3),
)
def test_a_not_now_then_yes_after_all_reads_to_everyone_else_exactly_like_a_first_yes(
    template: Template, tmp_path: Path, answers: list[str], order: list[int], changing: int
) -> None:
    changed = play(
        template, tmp_path, [*answers[:changing], "changed", *answers[changing + 1 :]], list(order)
    )
    first = play(template, tmp_path, [*answers[:changing], "yes", *answers[changing + 1 :]], list(order))
    assert changed.named_early == []
    for index, email in enumerate(EMAILS):
        if index != changing:
            assert changed.received[email] == first.received[email], email
    # The one who changed their mind meets exactly whom a first yes would have met.
    mine, theirs = (
        identities_in("\n".join(text for text, _ in run.received[EMAILS[changing]]), besides=EMAILS[changing])
        for run in (changed, first)
    )
    assert mine == theirs
