"""Servers on 127.0.0.1 for adapter tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.adapters.slack.fake_slack import Loop


@pytest.fixture
def loop() -> Iterator[Loop]:
    """An event loop in a background thread; everything it serves stops with the test."""
    serving = Loop()
    yield serving
    serving.close()
