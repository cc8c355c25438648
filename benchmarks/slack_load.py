"""Slack load: signed message events and button clicks at rising rates against `notalone serve` on
PostgreSQL with a `notalone worker` running the turns, as deployed, then against a bare slack-bolt app
(the floor). `python -m benchmarks.slack_load`.

Open loop: each request is sent at its scheduled instant whether or not earlier ones were answered, so
a slow server shows as latency instead of slowing the sender down. Every message comes from a new
officer (so every one must be answered); clicks are "Looks right" on an earlier officer's draft."""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text
from sqlalchemy.engine import make_url

from benchmarks.fake_slack_app import TEAM
from bot import wording
from bot.conversation.actions import ChangeDraft, ConfirmDraft, DiscardDraft, encode
from bot.storage.database import make_engine, normalise_url
from tests.adapters.processes import ROOT, Process, environment, launch, notalone, start, wait_until_up

SECRET = "benchmark-signing-secret"
PLANS = (
    "We're spinning our leisure centres out into a staff mutual, business case stage, live next April",
    "Exploring moving our sports centres and pools into a staff mutual",
    "Considering outsourcing our highways maintenance contract when it ends in 2028",
    "We plan to share our revenues and benefits service with a neighbouring council",
    "Bringing our waste collection back in house after the contract ends",
)
SAVED = wording.PLAN_SAVED.split("{")[0].strip()  # "Saved as plan"
DRAFTED = wording.UNDERSTOOD_HEADER.rstrip(":")  # "Here's what I understood"
DRAFT_SUMMARY = (
    "*Here's what I understood*\nService: leisure centres\nRoute: staff mutual\nStage: business case"
)
CHOICES = (
    ("Looks right", encode(ConfirmDraft())),
    ("Change something", encode(ChangeDraft())),
    ("Discard", encode(DiscardDraft())),
)
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Stage:
    rate: int
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    server_errors: int = 0
    answered_users: list[str] = field(default_factory=list)  # each sent a message: must get an answer
    saved_users: list[str] = field(default_factory=list)  # each clicked "Looks right": plan must be saved
    seconds: float = 0.0
    cpu_seconds: float | None = None  # the web process's, from the first request until its work drained
    worker_cpu_seconds: float | None = None  # the workers', likewise
    drained: float | None = None  # seconds after the last request until every officer was answered
    load: float = 0.0  # the machine's one-minute load average as the stage began


def sign(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body),
    }


def message_body(user: str, words: str) -> tuple[str, str]:
    event = {
        "type": "message",
        "channel": f"D{user}",
        "channel_type": "im",
        "user": user,
        "text": words,
        "ts": f"{time.time():.6f}",
    }
    payload = {
        "token": "unused",
        "team_id": TEAM.team_id,
        "api_app_id": "A0BENCH",
        "type": "event_callback",
        "event_id": f"Ev{uuid.uuid4().hex[:12]}",
        "event_time": int(time.time()),
        "event": event,
    }
    return json.dumps(payload), "application/json"


def click_body(user: str) -> tuple[str, str]:
    """ "Looks right" on the officer's draft, as Slack sends the click. Built rather than read from what the
    fake Slack was sent, so both apps get the same clicks, whether or not the draft was answered yet; the
    officer's turns run in order, so the click still confirms the draft its message makes."""
    buttons = [
        {"type": "button", "action_id": f"notalone_{index}", "value": value, "text": plain(label)}
        for index, (label, value) in enumerate(CHOICES)
    ]
    blocks = [
        {"type": "section", "block_id": "b0", "text": {"type": "mrkdwn", "text": DRAFT_SUMMARY}},
        {"type": "actions", "block_id": "b1", "elements": buttons},
    ]
    ts = f"{time.time():.6f}"
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM.team_id, "domain": "bench"},
        "user": {"id": user, "team_id": TEAM.team_id},
        "api_app_id": "A0BENCH",
        "container": {"type": "message", "channel_id": f"D{user}", "message_ts": ts},
        "channel": {"id": f"D{user}"},
        "message": {"ts": ts, "blocks": blocks},
        "actions": [{**buttons[0], "block_id": "b1", "action_ts": ts}],
        "response_url": "http://127.0.0.1:9/response",
        # Each click its own: a repeated trigger id is a replayed click, and the core ignores it.
        "trigger_id": f"{uuid.uuid4().int % 10**10}.{uuid.uuid4().int % 10**10}.{uuid.uuid4().hex}",
    }
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def plain(words: str) -> dict[str, str]:
    return {"type": "plain_text", "text": words}


async def run_stage(
    session: aiohttp.ClientSession, url: str, stage: Stage, *, seconds: float, prefix: str
) -> None:
    """Send `rate` requests a second for `seconds`: three messages from new officers to one click."""
    clickable: list[str] = []
    tasks: list[asyncio.Task[None]] = []
    total = int(stage.rate * seconds)
    started = time.perf_counter()

    async def send(body: str, content_type: str, then: Callable[[], None]) -> None:
        began = time.perf_counter()
        try:
            async with session.post(
                url + "/slack/events",
                data=body.encode(),
                headers={"Content-Type": content_type, **sign(body)},
            ) as response:
                await response.read()
                if response.status >= 500:
                    stage.server_errors += 1
                elif response.status != 200:
                    stage.errors += 1
                else:
                    then()
        except (aiohttp.ClientError, TimeoutError):
            stage.errors += 1
            return
        stage.latencies.append((time.perf_counter() - began) * 1000)

    for index in range(total):
        await asyncio.sleep(max(0.0, started + index / stage.rate - time.perf_counter()))
        then: Callable[[], None] = nothing
        if index % 4 == 3 and clickable:
            user = clickable.pop(0)
            request = click_body(user)
            stage.saved_users.append(user)
        else:
            user = f"U{prefix}{stage.rate:03d}{index:05d}"
            request = message_body(user, PLANS[index % len(PLANS)])
            stage.answered_users.append(user)
            # The officer can click once their message was received (Slack shows the draft after that).
            then = functools.partial(clickable.append, user)
        stage.sent += 1
        tasks.append(asyncio.create_task(send(*request, then=then)))
    await asyncio.gather(*tasks)
    stage.seconds = time.perf_counter() - started


def nothing() -> None:
    return None


def unanswered(fake_url: str, stage: Stage) -> int:
    """Officers still waiting: a message whose draft ("Here's what I understood") has not come, or a click
    on "Looks right" with no "Saved as plan" yet. An apology for an error counts as not answered."""
    query = urlencode([("containing", DRAFTED), ("containing", SAVED)])
    with urllib.request.urlopen(f"{fake_url}/_posted?{query}", timeout=30) as response:
        posted: dict[str, list[int]] = json.load(response)
    nothing = [0, 0, 0]
    return sum(posted.get(f"D{user}", nothing)[1] == 0 for user in stage.answered_users) + sum(
        posted.get(f"D{user}", nothing)[2] == 0 for user in stage.saved_users
    )


def lost(fake_url: str, stage: Stage, *, stall: float) -> int:
    """Requests still unanswered: waits while the backlog of turns is still going down, and gives up once
    nothing more has been answered for `stall` seconds."""
    started = time.monotonic()
    progress_at, before = started, -1
    while True:
        missing = unanswered(fake_url, stage)
        now = time.monotonic()
        if missing != before:
            progress_at, before = now, missing
        if missing == 0 or now - progress_at > stall:
            stage.drained = now - started
            return missing
        time.sleep(0.5)


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (Linux); None where /proc cannot say."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def cpu_when_idle(pid: int, *, wait: float = 60.0) -> float | None:
    """The process's CPU time once it has gone quiet (under 2% of a core for half a second)."""
    deadline = time.monotonic() + wait
    before = cpu_seconds(pid)
    while before is not None and time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now is None or now - before < 0.01:
            return now
        before = now
    return before


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def per_request(stage: Stage, seconds: float | None) -> float:
    return float("nan") if seconds is None else seconds * 1000 / max(stage.sent, 1)


def report(name: str, stage: Stage, missing: int | None) -> str:
    cpu = per_request(stage, stage.cpu_seconds)
    drained = "" if stage.drained is None else f"  all answered {stage.drained:5.1f} s after"
    worker = (
        ""
        if stage.worker_cpu_seconds is None
        else f"  worker cpu/request {per_request(stage, stage.worker_cpu_seconds):5.1f} ms"
    )
    return (
        f"{name:<9} {stage.rate:>5}/s  sent {stage.sent:>5}  "
        f"throughput {len(stage.latencies) / stage.seconds:7.1f}/s  "
        f"p50 {percentile(stage.latencies, 50):7.1f} ms  p99 {percentile(stage.latencies, 99):7.1f} ms  "
        f"max {max(stage.latencies, default=float('nan')):7.1f} ms  errors {stage.errors}  "
        f"5xx {stage.server_errors}  lost {'n/a' if missing is None else missing}  "
        f"web cpu/request {cpu:5.1f} ms{worker}{drained}  load {stage.load:4.1f}"
    )


def fresh_schema(base: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(normalise_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(base: str, schema: str) -> None:
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


async def load(
    name: str,
    server: Process,
    fake_url: str,
    rates: list[int],
    seconds: float,
    *,
    count_lost: bool,
    workers: list[Process] = [],  # noqa: B006  # read only
    late_worker: Callable[[], Process] | None = None,
    prefix: str | None = None,
) -> list[tuple[str, Stage]]:
    lines = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        for rate in rates:
            stage = Stage(rate, load=os.getloadavg()[0])
            cpu_before = cpu_seconds(server.popen.pid)
            workers_before = [cpu_seconds(worker.popen.pid) for worker in workers]
            await run_stage(session, server.url, stage, seconds=seconds, prefix=prefix or name[:1].upper())
            drainer = late_worker() if late_worker is not None else None  # as if on another machine
            missing = await asyncio.to_thread(lost, fake_url, stage, stall=60) if count_lost else None
            if drainer is not None:
                drainer.stop()
            cpu_after = await asyncio.to_thread(cpu_when_idle, server.popen.pid)
            if cpu_before is not None and cpu_after is not None:
                stage.cpu_seconds = cpu_after - cpu_before
            workers_after = [await asyncio.to_thread(cpu_when_idle, w.popen.pid) for w in workers]
            if workers and None not in workers_before and None not in workers_after:
                stage.worker_cpu_seconds = sum(workers_after) - sum(workers_before)  # type: ignore[arg-type]
            line = report(name, stage, missing)
            print(line, flush=True)
            lines.append((line, stage))
    return lines


async def warm_up(server: Process, seconds: float, prefix: str) -> None:
    """Unmeasured requests first, so imports, caches and connections are ready before any measurement."""
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        await run_stage(session, server.url, Stage(20), seconds=seconds, prefix=prefix)
    await asyncio.sleep(2)  # the worker answers them before the first measured stage begins


def revision(root: Path) -> str:
    """The commit checked out at `root`, the code a process started there imports."""
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    )
    return (done.stdout.strip() or "unknown") + ("+changes" if dirty.stdout.strip() else "")


def imported_from(root: Path, env: dict[str, str]) -> str:
    """Where a process started at `root` imports the core from: proof the code measured is that checkout's."""
    done = subprocess.run(
        [sys.executable, "-c", "import bot.core; print(bot.core.__file__)"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or done.stderr.strip()[-200:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.slack_load", description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE, help="PostgreSQL (a schema is made)")
    parser.add_argument("--rates", default="25,50,100", help="events per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each rate")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="`notalone worker` processes running turns beside the server; 0: one starts only after each "
        "rate's requests are sent, as a worker on another machine would leave this one to the server",
    )
    parser.add_argument("--skip-bare", action="store_true", help="do not measure the bare bolt app")
    parser.add_argument(
        "--store-before-ack",
        choices=("off", "on", "both"),
        default="off",
        help="NOTALONE_STORE_BEFORE_ACK for `serve`; both: measure without it, then with it, side by side",
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout (say `git worktree add ../old COMMIT`): measure its code and this one's, "
        "one after the other in each round, on the same database",
    )
    parser.add_argument("--rounds", type=int, default=1, help="how many times to measure each checkout")
    parser.add_argument("--warm-up", type=float, default=3.0, help="seconds of unmeasured requests first")
    arguments = parser.parse_args(argv)
    rates = [int(r) for r in arguments.rates.split(",")]
    fake = wait_until_up(launch(["-m", "benchmarks.fake_slack_app"], environment()))
    fake_url = fake.url
    database_url, schema = fresh_schema(arguments.database_url)
    env = environment(
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=TEAM.bot_token,
        SLACK_API_URL=fake_url + "/api/",
        NOTALONE_LOG_FORMAT="json",
        # One workspace stands in for many councils: its own limit (600 a minute) would refuse most of them.
        NOTALONE_WORKSPACE_MESSAGES_PER_MINUTE="1000000",
    )
    processes: list[Process] = []
    store_first = {"off": (False,), "on": (True,), "both": (False, True)}[arguments.store_before_ack]
    checkouts = [("old", arguments.against.resolve()), ("new", ROOT)] if arguments.against else [("", ROOT)]
    results: dict[tuple[str, int], list[Stage]] = {}
    try:
        assert notalone("db", "upgrade", env=env).returncode == 0
        for round_ in range(arguments.rounds):
            for label, root in checkouts:
                # The checkout's own code first on the path, whatever this environment installed.
                code_env = {**env, "PYTHONPATH": str(root)}
                print(
                    f"round {round_ + 1}: {label or 'this'} code at {revision(root)}, "
                    f"imported from {imported_from(root, code_env)}",
                    flush=True,
                )
                for stores in store_first:
                    run_env = {**code_env, "NOTALONE_STORE_BEFORE_ACK": "true" if stores else "false"}
                    ours = start("serve", run_env, root=root)
                    workers = [start("worker", run_env, root=root) for _ in range(arguments.workers)]
                    processes.extend([ours, *workers])
                    print(
                        f"notalone serve and {arguments.workers or 'a late'} worker(s) on PostgreSQL, "
                        f"{arguments.seconds:.0f} s per rate, stored before acknowledging: {stores}",
                        flush=True,
                    )
                    prefix = f"{label[:1].upper() or 'N'}{round_}{int(stores)}"
                    if arguments.warm_up > 0 and workers:
                        asyncio.run(warm_up(ours, arguments.warm_up, prefix + "W"))
                    name = ("stored-first " if stores else "") + (f"{label} " if label else "") + "notalone"
                    stages = asyncio.run(
                        load(
                            name,
                            ours,
                            fake_url,
                            rates,
                            arguments.seconds,
                            count_lost=True,
                            workers=workers,
                            late_worker=None
                            if workers
                            else functools.partial(start, "worker", run_env, root=root),
                            prefix=prefix,
                        )
                    )
                    for _line, stage in stages:
                        results.setdefault((name, stage.rate), []).append(stage)
                    for process, kind in ((ours, "serve"), *((w, "worker") for w in workers)):
                        code, _out, _err = process.stop()
                        print(f"notalone {kind} stopped on SIGTERM with exit code {code}", flush=True)
        if arguments.rounds > 1 or arguments.against:
            summary(results)
        if not arguments.skip_bare:
            bare = _start_bare(env)
            processes.append(bare)
            asyncio.run(load("bare bolt", bare, fake_url, rates, arguments.seconds, count_lost=False))
    finally:
        for process in processes:
            process.stop()
        fake.stop()
        drop_schema(arguments.database_url, schema)
    return 0


def summary(results: dict[tuple[str, int], list[Stage]]) -> None:
    """Worker CPU per request of each checkout at each rate, every round and the median, side by side."""
    print("worker cpu/request (ms), each round, then the median:", flush=True)
    for (name, rate), stages in results.items():
        figures = [per_request(stage, stage.worker_cpu_seconds) for stage in stages]
        rounds = " ".join(f"{figure:5.1f}" for figure in figures)
        print(f"{name:<26} {rate:>5}/s  {rounds}  median {statistics.median(figures):5.1f}", flush=True)


def _start_bare(env: dict[str, str]) -> Process:
    return wait_until_up(launch(["-m", "benchmarks.bare_app"], env))


if __name__ == "__main__":
    sys.exit(main())
