"""One officer's events are handled in the order they arrived; different officers' events need not wait."""

from __future__ import annotations

import asyncio

from adapters.runtime.ordering import InOrder


def test_turns_of_one_key_run_in_arrival_order_and_others_do_not_wait() -> None:
    order: list[str] = []

    async def turn(gate: InOrder, key: str, name: str, pause: float) -> None:
        async with gate.turn(key):
            order.append(f"{name} starts")
            await asyncio.sleep(pause)
            order.append(f"{name} ends")

    async def scenario() -> InOrder:
        gate = InOrder()
        await asyncio.gather(
            turn(gate, "jane", "export", 0.05),
            turn(gate, "jane", "forget me", 0.0),
            turn(gate, "tom", "tom", 0.0),
        )
        return gate

    gate = asyncio.run(scenario())
    assert order.index("export ends") < order.index("forget me starts")
    assert order.index("tom ends") < order.index("export ends")  # Tom did not wait for Jane
    assert gate._locks == {}  # nothing kept once everyone is done
