"""The browser trial's three panes, three councils: comparable plans in all three are offered a circle,
shown in each pane with its two choices, and three yeses form it."""

from __future__ import annotations

import asyncio
from typing import Any

from adapters.web.translate import to_incoming
from adapters.web.trial import TrialRegistry, TrialSession
from bot import wording
from bot.settings import Settings

PLANS = (
    "We are moving our library service to a staff mutual, options appraisal, April 2027",
    "Exploring spinning out our libraries as a staff mutual",
    "Libraries into a staff-led mutual, business case, 2027",
)


def first(items: list[Any], count: int) -> list[Any]:
    return items[:count]


def last_with(session: TrialSession, pane: str, label: str) -> str:
    """The action of the latest button with this label in this pane."""
    for event in reversed(session.history):
        for button in event["buttons"] if event["pane"] == pane else ():
            if button["label"] == label:
                return str(button["action"])
    raise AssertionError(f"{pane} has no {label!r}")


async def send(session: TrialSession, body: dict[str, str]) -> None:
    incoming = to_incoming(session.id, session.pane_ids, body)
    assert incoming is not None
    await session.handle(incoming)


async def three_panes() -> TrialSession:
    registry = TrialRegistry(Settings(database_url="sqlite://"))
    session = await registry.create(choose=first)
    for pane, plan in zip(("p1", "p2", "p3"), PLANS, strict=True):
        await send(session, {"pane": pane, "text": plan})
        await send(session, {"pane": pane, "action": last_with(session, pane, "Looks right")})
    for pane in ("p1", "p2", "p3"):
        await send(session, {"pane": pane, "action": last_with(session, pane, wording.JOIN_CIRCLE)})
    return session


def test_three_panes_are_offered_a_circle_and_three_yeses_form_it() -> None:
    session = asyncio.run(three_panes())
    offers = [e for e in session.history if e["text"].split("\n")[0].endswith(": a circle")]
    assert sorted(e["pane"] for e in offers) == ["p1", "p2", "p3"]
    assert all([b["label"] for b in e["buttons"]] == [wording.JOIN_CIRCLE, wording.NOT_NOW] for e in offers)
    formed = [e for e in session.history if e["text"].startswith("Your circle has formed")]
    assert sorted(e["pane"] for e in formed) == ["p1", "p2", "p3"]
    for event in formed:
        others = [p for p in session.panes if p.id != event["pane"]]
        assert all(p.email in event["text"] and p.council in event["text"] for p in others)
    session.database.dispose()


async def not_now_then_yes_after_all() -> TrialSession:
    registry = TrialRegistry(Settings(database_url="sqlite://"))
    session = await registry.create(choose=first)
    for pane, plan in zip(("p1", "p2", "p3"), PLANS, strict=True):
        await send(session, {"pane": pane, "text": plan})
        await send(session, {"pane": pane, "action": last_with(session, pane, "Looks right")})
    for pane in ("p1", "p2"):
        await send(session, {"pane": pane, "action": last_with(session, pane, wording.JOIN_CIRCLE)})
    await send(session, {"pane": "p3", "action": last_with(session, "p3", wording.NOT_NOW)})
    await send(session, {"pane": "p3", "text": "my plans"})
    after_all = last_with(session, "p3", wording.SAY_YES_AFTER_ALL.format(match=1))
    await send(session, {"pane": "p3", "action": after_all})
    return session


def test_a_not_now_in_one_pane_then_yes_after_all_from_my_plans_forms_the_circle() -> None:
    session = asyncio.run(not_now_then_yes_after_all())
    [plans] = [e for e in session.history if e["pane"] == "p3" and e["text"].startswith("Your plans")]
    assert "possible match #1 (a circle): you said not now; you can still say yes until" in plans["text"]
    assert plans["buttons"][0]["label"] == "Say yes to #1 after all"
    formed = [e for e in session.history if e["text"].startswith("Your circle has formed")]
    assert sorted(e["pane"] for e in formed) == ["p1", "p2", "p3"]
    session.database.dispose()
