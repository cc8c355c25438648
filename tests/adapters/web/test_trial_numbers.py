"""What the web trial shows: each pane's own match numbers, never a proposal's id."""

from __future__ import annotations

import asyncio
from pathlib import Path

from adapters.web.translate import identity
from adapters.web.trial import TrialRegistry, TrialSession
from bot.messages import Incoming, IncomingKind
from bot.settings import Settings

PLANS = (
    "We are moving our libraries to a charitable trust, business case stage, next April.",
    "Exploring a charitable trust for our library service and mobile libraries.",
    "Our libraries may become a charitable trust next year, consultation stage.",
)


async def confirm(session: TrialSession, pane: str, words: str) -> None:
    who = identity(session.id, pane)
    await session.handle(Incoming(who, IncomingKind.MESSAGE, text=words))
    [looks_right] = [
        b for e in session.history if e["pane"] == pane for b in e["buttons"] if b["label"] == "Looks right"
    ][-1:]
    await session.handle(Incoming(who, IncomingKind.ACTION, action=looks_right["action"]))


def test_the_third_pane_s_first_match_is_one_though_it_is_the_second_proposal(tmp_path: Path) -> None:
    async def run() -> list[dict[str, object]]:
        # Pairs only: three comparable councils would otherwise be offered one circle.
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}", offer_circles=False)
        registry = TrialRegistry(settings)
        session = await registry.create()
        try:
            for pane, words in zip(("p1", "p2", "p3"), PLANS, strict=True):
                await confirm(session, pane, words)
            return list(session.history)
        finally:
            registry.close()

    history = asyncio.run(run())
    shown = {pane: [str(e["text"]) for e in history if e["pane"] == pane] for pane in ("p1", "p2", "p3")}
    third = [text.split("\n")[0] for text in shown["p3"] if text.startswith("Possible match #")]
    assert third == ["Possible match #1 for your plan 1", "Possible match #2 for your plan 1"]
    for pane in ("p1", "p2"):
        assert [t.split(" for")[0] for t in shown[pane] if t.startswith("Possible match #")] == [
            "Possible match #1",
            "Possible match #2",
        ]
    # Three proposals were made; what the page shows (texts and labels, not payloads) never counts them.
    assert not any("#3" in str(e["text"]) or any("#3" in b["label"] for b in e["buttons"]) for e in history)
