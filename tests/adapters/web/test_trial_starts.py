"""Trials started at the same moment all start, each greeted, each on a database of its own."""

from __future__ import annotations

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

from sqlmodel import Session, func, select

from adapters.host.server import build_application
from adapters.web.routes import COOKIE, TRIALS
from bot.settings import Settings
from bot.storage.database import is_current
from bot.storage.models import Officer
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.web.test_web_routes import post

AT_ONCE = 8


def test_trials_started_at_once_all_start_each_on_its_own_database(loop: Loop, tmp_path: Path) -> None:
    application = build_application(
        Settings(database_url=f"sqlite:///{tmp_path / 'real.db'}"), say=lambda _line: None
    )
    site = loop.serve(application)
    jars = [CookieJar() for _ in range(AT_ONCE)]

    def start(jar: CookieJar) -> int:
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        return post(browser, site + "/trial/start", b"")[0]

    with ThreadPoolExecutor(AT_ONCE) as pool:
        statuses = list(pool.map(start, jars))
    assert statuses == [200] * AT_ONCE  # each trial used to migrate its own database, and they collided
    registry = application[TRIALS]
    sessions = [registry.get(next(c.value for c in jar if c.name == COOKIE)) for jar in jars]
    assert len({id(s.database) for s in sessions if s is not None}) == AT_ONCE
    for session in sessions:
        assert session is not None and is_current(session.database)
        with Session(session.database) as reading:
            assert reading.exec(select(func.count()).select_from(Officer)).one() == 3  # its own three only
        assert len(session.history) >= 3  # each officer was greeted
