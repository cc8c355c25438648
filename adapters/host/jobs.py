"""The periodic jobs, and the loop that runs them: in `notalone worker`, or inside `notalone serve`.

A plain asyncio loop is enough: each job is idempotent and claims its own work in the database (a
conditional UPDATE ... RETURNING), so any number of processes may run it at once without a scheduler,
a leader or a lock of ours."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core import Core

log = logging.getLogger(__name__)


# How often the outbox is looked at for messages left by a process that died or refused for now.
DELIVERY_SECONDS = 2.0


@dataclass(frozen=True)
class Job:
    """One periodic job: blocking work run in a thread, safe to run in several processes at once."""

    name: str
    run: Callable[[], object]
    quiet: bool = False  # logged only when it did something: it runs every few seconds


def periodic_jobs(engine: Core) -> list[Job]:
    """Every periodic job but the delivery loop."""
    return [
        Job("expire_proposals", engine.tick),
        Job("remind_proposals", engine.remind),
        Job("follow_up_introductions", engine.follow_up),
        Job("retention", engine.apply_retention),
    ]


async def run_all_jobs(engine: Core, *, every: float, stop: asyncio.Event, at_start: bool = True) -> None:
    """The periodic jobs every `every` seconds, and the delivery loop every few seconds, until `stop`."""
    delivery = [Job("send_waiting", engine.retry_deliveries, quiet=True)]
    await asyncio.gather(
        run_jobs(periodic_jobs(engine), every=every, stop=stop, at_start=at_start),
        run_jobs(delivery, every=min(DELIVERY_SECONDS, every), stop=stop, at_start=at_start),
    )


async def run_jobs(jobs: Sequence[Job], *, every: float, stop: asyncio.Event, at_start: bool = True) -> None:
    """Run every job each `every` seconds until `stop` is set; a job under way always finishes first."""
    if not at_start:
        await _wait(stop, every)
    while not stop.is_set():
        started = time.monotonic()
        for job in jobs:
            if stop.is_set():
                break
            await _run_one(job)
        await _wait(stop, every - (time.monotonic() - started))


async def _run_one(job: Job) -> None:
    started = time.monotonic()
    try:
        # Shielded: a cancelled loop still lets the thread's transaction end, never half-way.
        done = await asyncio.shield(asyncio.to_thread(job.run))
    except Exception as error:
        log.error("job failed: job=%s error=%s", job.name, type(error).__name__)
        return
    if job.quiet and not done:
        return
    log.info("job done: job=%s duration_ms=%.1f", job.name, (time.monotonic() - started) * 1000)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), max(seconds, 0.0))
