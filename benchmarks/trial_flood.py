"""Trial flood: anonymous trial starts against `notalone serve` while one visitor keeps talking.
`python -m benchmarks.trial_flood [--starts 1000] [--at-once 8] [--talk-every 50]`

Starts `notalone serve` with nothing configured (so `/` is the trial) on a throw-away SQLite file. One
visitor opens a trial as its page does (a start, then the event stream, kept open) and sends a message
after every `--talk-every` answered starts; meanwhile `--starts` start requests arrive without a cookie,
each from an address of its own (in X-Forwarded-For, as a platform's router adds it), `--at-once` in
flight. Prints the time taken, the answers by status, the server's resident memory (idle, after the
1st, 100th and 200th start, at the end, and its peak as the kernel counts it) and whether the visitor's
trial survived: every message answered, and all of them replayed by a reload. Exits 1 if the peak passes
the trial's stated bound (`MEMORY_BOUND_MB` in adapters/web/trial.py), a start failed or the visitor's
trial was lost."""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from adapters.web.trial import MAX_SESSIONS, MEMORY_BOUND_MB
from tests.adapters.processes import Process, environment, start

VISITOR = "198.51.100.7"
ANSWER = "Here is what you can do"  # the start of the answer to "help"
CHECKPOINTS = (1, 100, 200)


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory now (VmRSS) or at its highest so far (VmHWM), in MB (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def address(number: int) -> str:
    """A distinct address for each start (10.0.0.0/8 holds 16 million)."""
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


class Visitor:
    """Someone using the trial throughout: the page open on its event stream, a message now and then."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self._session = session
        self._url = url
        self._stream: asyncio.Task[None] | None = None
        self.replies: list[int] = []

    async def open(self) -> None:
        async with self._session.post(
            self._url + "/trial/start", headers={"X-Forwarded-For": VISITOR}
        ) as response:
            response.raise_for_status()
        self._stream = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        async with self._session.get(self._url + "/trial/events") as response:
            async for _line in response.content:
                pass  # the page shows them; only the open stream matters here

    async def say(self) -> None:
        body = {"pane": f"p{len(self.replies) % 3 + 1}", "text": "help", "nonce": f"n-{len(self.replies)}"}
        async with self._session.post(self._url + "/trial/send", json=body) as response:
            self.replies.append(response.status)  # 202, or 404 once the trial is gone

    async def survived(self) -> bool:
        """Every message was taken, and a reload replays each of them and its answer."""
        if self._stream is not None:
            self._stream.cancel()
        if any(status != 202 for status in self.replies):
            return False
        replayed = ""
        async with self._session.get(self._url + "/trial/events") as response:
            if response.status != 200:
                return False
            async for line in response.content:
                if line.startswith(b"event: ready"):
                    break
                if line.startswith(b"data: "):
                    event = json.loads(line[6:])
                    replayed += "mine\n" if event.get("mine") else event["text"] + "\n"
        return replayed.count("mine\n") == len(self.replies) == replayed.count(ANSWER)


async def flood(server: Process, starts: int, at_once: int, talk_every: int) -> int:
    pid = server.popen.pid
    memory = {"idle": memory_mb(pid)}
    statuses: collections.Counter[int] = collections.Counter()
    timeout = aiohttp.ClientTimeout(total=600)
    async with (
        aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.CookieJar(unsafe=True)) as own,
        aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as anonymous,
    ):
        visitor = Visitor(own, server.url)
        await visitor.open()
        gate = asyncio.Semaphore(at_once)
        answered = 0

        async def one(number: int) -> None:
            nonlocal answered
            async with gate:
                headers = {"X-Forwarded-For": address(number)}
                async with anonymous.post(server.url + "/trial/start", headers=headers) as response:
                    await response.read()
                    statuses[response.status] += 1
            answered += 1
            if answered in CHECKPOINTS:
                memory[f"after {answered}"] = memory_mb(pid)
            if answered % talk_every == 0:
                await visitor.say()

        started = time.monotonic()
        await asyncio.gather(*(one(number) for number in range(starts)))
        seconds = time.monotonic() - started
        memory["end"] = memory_mb(pid)
        memory["peak"] = memory_mb(pid, "VmHWM")
        survived = await visitor.survived()

    print(f"{starts} anonymous starts, {at_once} at once, at most {MAX_SESSIONS} trials kept")
    print(f"time: {seconds:.1f} s ({seconds / starts * 1000:.0f} ms a start)")
    print("answers: " + ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items())))
    print("memory (RSS): " + ", ".join(f"{when} {mb:.0f} MB" for when, mb in memory.items()))
    print(f"stated bound: {MEMORY_BOUND_MB} MB, {'kept' if memory['peak'] <= MEMORY_BOUND_MB else 'PASSED'}")
    print(
        f"the visitor talking throughout ({len(visitor.replies)} messages): "
        + ("its trial survived" if survived else "its trial was LOST")
    )
    failed = memory["peak"] > MEMORY_BOUND_MB or not survived or set(statuses) != {200}
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.trial_flood", description=__doc__)
    parser.add_argument("--starts", type=int, default=1000, help="anonymous start requests (default 1000)")
    parser.add_argument("--at-once", type=int, default=8, help="start requests in flight (default 8)")
    parser.add_argument("--talk-every", type=int, default=50, help="starts between the visitor's messages")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        server = start(
            "serve",
            environment(DATABASE_URL=f"sqlite:///{Path(folder) / 'flood.db'}", NOTALONE_TRUSTED_PROXIES="1"),
        )
        try:
            return asyncio.run(flood(server, arguments.starts, arguments.at_once, arguments.talk_every))
        finally:
            code, _out, _err = server.stop()
            print(f"notalone serve stopped on SIGTERM with exit code {code}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
