"""`notalone worker`: officers' turns and the periodic jobs in a process of their own, until SIGTERM or
SIGINT.

It reuses the web application's wiring (the same platform notifiers, so a lapse reaches Slack or Teams
exactly as it would from a web process) but opens no port. Web processes store each officer's event;
workers run the turns (`adapters.runtime.inbound`)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from aiohttp import web

from adapters.host.jobs import run_all_jobs
from adapters.host.logs import configure_logging
from adapters.host.server import ENGINE, build_application
from bot.settings import Settings

log = logging.getLogger(__name__)


async def work(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Run turns and the periodic jobs until `stop` is set (by SIGTERM or SIGINT when none is given)."""
    application = build_application(settings, say=lambda line: log.info("%s", line), jobs=False, turns=True)
    runner = web.AppRunner(application, handle_signals=False)
    await runner.setup()  # start-up hooks only: no site, so no port
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, stop.set)
    log.info("worker started: every=%ss", settings.job_interval_seconds)
    try:
        await run_all_jobs(application[ENGINE], every=settings.job_interval_seconds, stop=stop)
    finally:
        await runner.cleanup()
    log.info("worker stopped")


def _yield_cpu(nice: int) -> None:
    """Lower this process's CPU priority: turns can wait a moment, a platform's acknowledgement can't."""
    if nice and hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError as error:  # not allowed here: run at the usual priority
            log.warning("worker priority unchanged: error=%s", type(error).__name__)


def run_worker(settings: Settings) -> int:
    """The `notalone worker` command: exits 0 after a graceful stop."""
    configure_logging(settings.log_format)
    _yield_cpu(settings.worker_nice)
    asyncio.run(work(settings))
    return 0
