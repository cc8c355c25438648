"""Four councils' comparable plans typed into the console: a circle is offered, three say yes and it
forms for them, the fourth stays silent and hears only that it lapsed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.console.app import Console
from bot import wording
from bot.clock import OffsetClock
from bot.core import Core
from bot.messages import Message
from bot.settings import Settings
from tests.adapters.console.test_transcripts import RecordingConsoleNotifier
from tests.migrated_copies import migrated_sqlite

PEOPLE = ("anna.b@camden.gov.uk", "ben.c@leeds.gov.uk", "cara.d@cardiff.gov.uk", "dev.e@hackney.gov.uk")
PLANS = (
    "We are moving our library service to a staff mutual, options appraisal, April 2027",
    "Exploring spinning out our libraries as a staff mutual",
    "Libraries into a staff-led mutual, business case, 2027",
    "Our library service could become a staff mutual, early thinking, 2027",
)


class Officers:
    """People taking turns at one console, whose `/wait` moves the core's clock too."""

    def __init__(self, tmp_path: Path) -> None:
        database = migrated_sqlite(tmp_path / "chat.db")
        clock = OffsetClock()
        self.notifier = RecordingConsoleNotifier()
        engine = Core(database, self.notifier, settings=Settings(database_url="sqlite://"), clock=clock)
        self.console = Console(engine, self.notifier, clock, io.StringIO())

    def type(self, line: str) -> list[Message]:
        """What anyone receives after one typed line."""
        before = len(self.notifier.sent)
        self.console.feed(line)
        return [m for _, m in self.notifier.sent[before:]]


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Officers]:
    yield Officers(tmp_path)


def test_four_comparable_plans_a_circle_offered_three_yes_and_the_fourth_lapses(console: Officers) -> None:
    offers: dict[str, str] = {}
    for email, plan in zip(PEOPLE, PLANS, strict=True):
        console.type(f"/as {email}")
        console.type(plan)
        console.type("Looks right")
    for email in PEOPLE:
        console.type(f"/as {email}")
    offered = [m for _, m in console.notifier.sent if m.text.split("\n")[0].endswith(": a circle")]
    assert len(offered) == 4
    for message in offered:
        offers[message.ref or ""] = message.text.split("\n", 1)[1]
        assert "fewer than 5 councils" in message.text
        assert [b.label for b in message.buttons] == [wording.JOIN_CIRCLE, wording.NOT_NOW]
    assert len(offers) == 1 and len(set(offers.values())) == 1  # one circle, the same lines for all

    console.type("/as anna.b@camden.gov.uk")
    assert console.type("join the circle #2")[0].text.startswith("Thanks: yes to possible match #2")
    console.type("/as ben.c@leeds.gov.uk")
    assert console.type("introduce us #2")[0].text.startswith("Thanks: yes to possible match #2")
    console.type("/as cara.d@cardiff.gov.uk")
    formed = console.type("yes")
    texts = [m.text for m in formed]
    assert sum(t.startswith("Your circle has formed") for t in texts) == 3  # Anna, Ben, then Cara
    everyone_told = "\n".join(texts)
    assert "anna.b@camden.gov.uk" in everyone_told and "ben.c@leeds.gov.uk" in everyone_told
    assert "dev.e" not in everyone_told and "Hackney" not in everyone_told

    console.type("/wait 15")
    dev = [
        m.text for who, m in console.notifier.sent if console.notifier.email_of(who) == "dev.e@hackney.gov.uk"
    ]
    assert dev[-1] == wording.LAPSED.format(match=1, number=1)
    assert not any(
        name in "\n".join(dev) for name in ("anna.b", "ben.c", "cara.d", "Camden", "Leeds", "Cardiff")
    )


def test_join_the_circle_with_a_pair_waiting_too_joins_the_circle(console: Officers) -> None:
    for email, plan in zip(PEOPLE[:3], PLANS[:3], strict=True):
        console.type(f"/as {email}")
        console.type(plan)
        console.type("Looks right")
    console.type("/as anna.b@camden.gov.uk")  # a pair with Ben (#1) and the circle (#2) wait for her
    assert console.type("join the circle")[0].text.startswith("Thanks: yes to possible match #2")
    assert console.type("what's a circle?")[0].text == wording.ANSWER_CIRCLES.format(
        smallest=5, expiry="14 days"
    )


def test_a_pair_whose_officers_met_in_the_circle_closes_without_a_word(console: Officers) -> None:
    for email, plan in zip(PEOPLE[:3], PLANS[:3], strict=True):
        console.type(f"/as {email}")
        console.type(plan)
        console.type("Looks right")
    for email in PEOPLE[:3]:  # Anna and Ben's pair (#1 for each) waits; all three join the circle
        console.type(f"/as {email}")
        console.type("join the circle")
    console.type("/as anna.b@camden.gov.uk")
    after = console.type("/wait 20")
    said = [m.text for m in after]
    # Introduced in the circle, Anna and Ben are not reminded of their pair, nor told it lapsed.
    assert not any(text.startswith(("A reminder: possible match #1", "Possible match #1")) for text in said)
    assert "possible match #1: you were introduced in a circle" in console.type("my plans")[0].text


def test_not_now_then_yes_after_all_from_my_plans_forms_the_circle_and_after_expiry_it_is_gone(
    console: Officers,
) -> None:
    for email, plan in zip(PEOPLE, PLANS, strict=True):
        console.type(f"/as {email}")
        console.type(plan)
        console.type("Looks right")
    for email in PEOPLE[:2]:
        console.type(f"/as {email}")
        console.type("join the circle #2")
    console.type("/as cara.d@cardiff.gov.uk")
    assert console.type("not now #1")[0].text.endswith("type my plans to say yes after all.")
    plans = console.type("my plans")
    assert "possible match #1 (a circle): you said not now; you can still say yes until" in plans[0].text
    assert [b.label for b in plans[0].buttons] == ["Say yes to #1 after all", "How many others?"]
    formed = [m.text for m in console.type("1")]
    assert sum(text.startswith("Your circle has formed") for text in formed) == 3
    assert "dev.e" not in "\n".join(formed)

    console.type("/as dev.e@hackney.gov.uk")
    console.type("not now #1")
    console.type("/wait 15")
    after = console.type("my plans")[0]
    assert "possible match #1 (a circle): you said not now" in after.text
    assert [b.label for b in after.buttons] == ["How many others?"]
