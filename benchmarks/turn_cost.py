"""What a turn costs in process: N message turns (each from a new officer, with a real plan) and N
"Looks right" clicks run through the real `Core` on a database, as a worker runs them; prints CPU ms and
SQL statements per turn. `python -m benchmarks.turn_cost --database-url postgresql+psycopg://...`.

The quickest loop for work on a turn's cost: no web process, no HTTP, no fake Slack. The notifier
records messages and home pages as Slack's publishes them (and, like Slack's, needs no stored address),
so building the home page counts."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import event

from benchmarks.fake_slack_app import COUNCILS
from benchmarks.slack_load import PLANS, drop_schema, fresh_schema
from bot.conversation.actions import ConfirmDraft, encode
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.messages import Identity, Incoming, IncomingKind, Profile
from bot.settings import Settings
from bot.storage import keys
from bot.storage.database import make_engine, upgrade

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/wt_perf"


def revision() -> str:
    """The commit of the core this process imported (so a comparison says which code it measured): run
    from another checkout's folder with `PYTHONPATH=.`, this file measures that checkout's core."""
    here = Path(sys.modules[Core.__module__].__file__ or ".").resolve().parent.parent
    done = subprocess.run(
        ["git", "-C", str(here), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "unknown"


class SlackLikeNotifier(RecordingNotifier):
    """Records deliveries and home pages; like Slack's, it needs no stored address."""

    def needs_address(self, platform: str) -> bool:
        return False


def measure(name: str, turns: list[Incoming], core: Core, count: list[int]) -> None:
    before, started = count[0], time.process_time()
    for incoming in turns:
        core.handle(incoming)
    spent = time.process_time() - started
    print(
        f"{name:<8} {len(turns):>4} turns  cpu/turn {spent * 1000 / len(turns):6.2f} ms  "
        f"statements/turn {(count[0] - before) / len(turns):5.1f}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.turn_cost", description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE, help="a schema is made and dropped")
    parser.add_argument("--turns", type=int, default=200, help="message turns, and as many clicks")
    parser.add_argument("--profile", help="write a cProfile of the measured turns to this file")
    arguments = parser.parse_args(argv)
    url, schema = fresh_schema(arguments.database_url)
    database = make_engine(url)
    count = [0]

    def counted(*_args: object) -> None:
        count[0] += 1

    event.listen(database, "before_cursor_execute", counted)
    try:
        with keys.using(keys.parse_keys(keys.generate_key())):
            upgrade(database)
            core = Core(
                database,
                SlackLikeNotifier(),
                settings=Settings(database_url=url),
                sweep_each_turn=False,
                rebuild_index_inline=False,
            )
            run = uuid.uuid4().hex[:6]
            print(f"core at {revision()}, {arguments.turns} turns of each kind", flush=True)

            def batch(prefix: str, size: int) -> tuple[list[Incoming], list[Incoming]]:
                people = [Identity("slack", "T0BENCH", f"U{prefix}{run}{i:05d}") for i in range(size)]
                messages = [
                    Incoming(
                        who,
                        text=PLANS[i % len(PLANS)],
                        profile=Profile(
                            email=f"{who.user_id.lower()}@{COUNCILS[i % len(COUNCILS)]}", name="Bench Officer"
                        ),
                        event_id=f"Ev{uuid.uuid4().hex[:12]}",
                    )
                    for i, who in enumerate(people)
                ]
                clicks = [
                    Incoming(
                        who,
                        kind=IncomingKind.ACTION,
                        action=encode(ConfirmDraft()),
                        event_id=f"Ev{uuid.uuid4().hex[:12]}",
                    )
                    for who in people
                ]
                return messages, clicks

            warm_messages, warm_clicks = batch("W", 20)  # unmeasured: imports, caches, the learned model
            for incoming in [*warm_messages, *warm_clicks]:
                core.handle(incoming)
            messages, clicks = batch("M", arguments.turns)
            profiler = cProfile.Profile(time.process_time) if arguments.profile else None
            if profiler is not None:
                profiler.enable()
            measure("message", messages, core, count)
            measure("click", clicks, core, count)
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(arguments.profile)
                pstats.Stats(arguments.profile).sort_stats("cumulative").print_stats(40)
    finally:
        database.dispose()
        drop_schema(arguments.database_url, schema)
    return 0


if __name__ == "__main__":
    sys.exit(main())
