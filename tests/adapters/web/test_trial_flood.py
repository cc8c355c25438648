"""A flood of anonymous trial starts from many places, under a small cap, while one visitor keeps talking:
the visitor's trial is never taken, no start fails, and the trials never outnumber the cap."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import pytest

from adapters.host.server import build_application
from adapters.web import trial
from adapters.web.routes import TRIALS
from bot.settings import Settings
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.web.test_web_routes import opener, post

CAP = 12
STARTS = 60
PLACES = 40  # so some places start two trials, as a few do behind one office's router
TALKER = "198.51.100.7"
TALK_EVERY = 15  # starts answered between two of the visitor's messages: more than the cap


def start(browser: urllib.request.OpenerDirector, site: str, address: str) -> int:
    """A start request as it arrives through the platform's router, which adds the caller's address."""
    request = urllib.request.Request(
        site + "/trial/start", data=b"", method="POST", headers={"X-Forwarded-For": address}
    )
    try:
        with browser.open(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_a_flood_of_starts_never_takes_the_trial_of_the_visitor_who_is_talking(
    loop: Loop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trial, "MAX_SESSIONS", CAP)
    application = build_application(
        Settings(database_url=f"sqlite:///{tmp_path / 'real.db'}", trusted_proxies=1), say=lambda _line: None
    )
    site = loop.serve(application)
    registry = application[TRIALS]
    visitor = opener()
    assert start(visitor, site, TALKER) == 200
    places = [f"203.0.113.{number % PLACES}" for number in range(STARTS)]
    statuses: list[int] = []
    counts: list[int] = []
    replies: list[int] = []
    with ThreadPoolExecutor(4) as pool:
        flood = [pool.submit(start, opener(), site, place) for place in places]
        for answered, future in enumerate(as_completed(flood)):
            statuses.append(future.result())
            counts.append(len(registry))
            if answered % TALK_EVERY == 0:
                body = f'{{"pane": "p1", "text": "help", "nonce": "n-{answered}"}}'.encode()
                replies.append(post(visitor, site + "/trial/send", body)[0])  # 404 if the trial was taken
    assert sorted(set(statuses)) == [200]  # no 5xx, and nobody refused: no page was open on these
    assert max(counts) <= CAP and len(registry) == CAP
    assert replies == [202] * (STARTS // TALK_EVERY)
    with visitor.open(site + "/trial/events", timeout=30) as stream:
        received = b""
        while b"event: ready" not in received:
            received += stream.read1(1 << 16)
    replayed = received.decode()
    assert replayed.count('"mine": true') == len(replies)
    assert replayed.count("Here is what you can do") == len(replies)


def test_the_readme_states_the_memory_bound_the_benchmark_checks() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("The trial's memory is bounded", 1)[1].split("\n\n", 1)[0]
    assert f"{trial.MEMORY_BOUND_MB} MB" in section
