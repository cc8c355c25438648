"""The browser trial's worst case: trials filled to the last message with the longest messages allowed.
`python -m benchmarks.trial_memory [--trials K]`.

Each of K trials (in this process, through the same registry `notalone serve` uses) takes all
`MAX_TURNS` messages it may, every one `max_message_chars` long, spread over its three officers, with
the per-minute limit lifted so that none is refused (a patient visitor gets there over two hours). It
prints the resident memory before and after each trial, the cost of a full trial, and what a process
holding `MAX_SESSIONS` full trials would come to, against the stated `MEMORY_BOUND_MB` (exit code 1
past it). The first full trial is not counted: it loads what any first use loads."""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import sys
import time
from pathlib import Path

from adapters.web import trial
from adapters.web.translate import identity
from adapters.web.trial import MAX_SESSIONS, MAX_TURNS, MEMORY_BOUND_MB, TrialRegistry
from bot.messages import Incoming, IncomingKind
from bot.settings import Settings
from bot.storage.keys import KeyRing, generate_key, using

# Long messages an officer might really write: plans, a pasted briefing, a question with its background.
PARAGRAPHS = (
    "We are exploring moving our leisure centres and swimming pools into a staff mutual. The outline "
    "business case went to cabinet last month and members asked for more on pensions and TUPE. ",
    "Our library service may become a charitable trust; the consultation closes in March and the unions "
    "have asked for a full equality impact assessment before anything is decided. ",
    "How did other councils handle the pension admission agreement when their service spun out? We are "
    "worried about the guarantee, the actuarial valuation and the cost of a closed agreement. ",
    "Considering outsourcing highways maintenance when the contract ends in 2028, soft market testing "
    "first, and we would like to know what a neighbouring authority learnt from its procurement. ",
)


def resident_mb() -> float:
    """This process's resident memory, from the kernel."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def long_text(number: int, length: int) -> str:
    """A message of exactly `length` characters, different for each number."""
    text = f"({number}) " + "".join(itertools.islice(itertools.cycle(PARAGRAPHS), number % 4, 60))
    return (text * (length // len(text) + 1))[:length]


async def fill(registry: TrialRegistry, settings: Settings, number: int) -> int:
    """One trial started and given every message it may take; returns the messages it kept."""
    session = await registry.create(visitor=f"192.0.2.{number}")
    for turn in range(MAX_TURNS):
        pane = session.panes[turn % len(session.panes)]
        said = Incoming(
            identity(session.id, pane.id),
            IncomingKind.MESSAGE,
            text=long_text(turn, settings.max_message_chars),
        )
        if session.accept(said, f"n-{turn}"):
            await session.handle(said)
    assert session.full
    return len(session.history)


async def measure(trials: int) -> int:
    settings = Settings(database_url="sqlite://", messages_per_minute=100_000)
    registry = TrialRegistry(settings)
    print(f"at start: {resident_mb():6.1f} MB resident", flush=True)
    await fill(registry, settings, trials)  # once, not counted: what loads on first use is loaded
    gc.collect()
    first = resident_mb()
    print(f"after one full trial, not counted: {first:6.1f} MB resident", flush=True)
    before = resident_mb()
    empty = [await registry.create(visitor=f"192.0.2.{100 + number}") for number in range(trials)]
    gc.collect()
    per_empty = (resident_mb() - before) / len(empty)
    print(f"{trials} trials started, nobody typing: +{per_empty:.1f} MB each", flush=True)
    costs: list[float] = []
    for number in range(trials):
        before = resident_mb()
        began = time.monotonic()
        kept = await fill(registry, settings, number)
        gc.collect()
        after = resident_mb()
        costs.append(after - before)
        print(
            f"trial {number + 1}: {MAX_TURNS} messages of {settings.max_message_chars} characters, "
            f"{kept} kept for its page, {time.monotonic() - began:5.1f} s, "
            f"+{after - before:5.1f} MB ({after:6.1f} MB resident)",
            flush=True,
        )
    per_trial = sum(costs) / len(costs)
    registry.close()
    print(
        f"a full trial costs {per_trial:.1f} MB here on average (the most: {max(costs):.1f} MB), "
        f"{per_trial - per_empty:.1f} MB more than one nobody typed in",
        flush=True,
    )
    projected = first + (MAX_SESSIONS - 1) * per_trial
    print(
        f"{MAX_SESSIONS} full trials at once (MAX_SESSIONS): about {projected:.0f} MB resident "
        f"(the process with one, plus {MAX_SESSIONS - 1} more at {per_trial:.1f} MB); "
        f"the stated bound is {MEMORY_BOUND_MB} MB",
        flush=True,
    )
    return 0 if projected <= MEMORY_BOUND_MB else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=3, help="full trials to measure (default 3)")
    arguments = parser.parse_args(argv)
    trial.MAX_PER_VISITOR = max(trial.MAX_PER_VISITOR, 2 * arguments.trials + 2)
    with using(KeyRing([generate_key().encode()])):  # as `serve` installs its keys at start-up
        return asyncio.run(measure(arguments.trials))


if __name__ == "__main__":
    sys.exit(main())
