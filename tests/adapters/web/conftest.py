"""A real browser (Debian's Chromium driven by Playwright) and a served trial, for the browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.host.server import build_application
from bot.settings import Settings
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.web.browsing import CHROMIUM, FLAGS


@pytest.fixture
def site(loop: Loop, tmp_path: Path) -> str:
    """The front door with nothing configured: `/` is the trial."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'real.db'}")
    return loop.serve(build_application(settings, say=lambda _line: None))


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # Two cores shared by many: a trial's first turns can take longer than Playwright's 5 s default.
    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()
