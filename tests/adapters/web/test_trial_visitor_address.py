"""Whose trial is whose: the per-address limit counts the address the connection came from, or, behind
the proxies the operator says are there, the address the outermost of them saw. An X-Forwarded-For
the caller wrote is never believed, so a flood cannot pass itself off as many visitors."""

from __future__ import annotations

import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from adapters.host.server import build_application
from adapters.web.routes import COOKIE, TRIALS
from bot.settings import Settings
from tests.adapters.slack.fake_slack import Loop

LOOPBACK = "127.0.0.1"  # where the test's own requests come from


def started_from(loop: Loop, tmp_path: Path, proxies: int, forwarded: str | None) -> str:
    """The address a trial started with this X-Forwarded-For header is counted against."""
    application = build_application(
        Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", trusted_proxies=proxies),
        say=lambda _line: None,
    )
    site = loop.serve(application)
    cookies = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    request = urllib.request.Request(site + "/trial/start", data=b"", method="POST", headers=headers)
    with browser.open(request, timeout=60) as response:
        assert response.status == 200
    session_id = next(cookie.value for cookie in cookies if cookie.name == COOKIE)
    session = application[TRIALS].get(session_id)
    assert session is not None and session_id is not None
    return session.visitor


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted"),
    [
        (0, "203.0.113.5", LOOPBACK),  # no proxy said to be there: anyone can write the header
        (0, None, LOOPBACK),
        (1, "203.0.113.5", "203.0.113.5"),  # one router, which added the address it saw
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the caller's own "6.6.6.6" is not believed
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),  # a load balancer, then a router
        (2, "203.0.113.5", LOOPBACK),  # fewer addresses than proxies: not through them, so not believed
        (1, None, LOOPBACK),
    ],
)
def test_the_trial_counts_the_address_the_trusted_proxies_saw_and_nothing_the_caller_wrote(
    loop: Loop, tmp_path: Path, proxies: int, forwarded: str | None, counted: str
) -> None:
    assert started_from(loop, tmp_path, proxies, forwarded) == counted
