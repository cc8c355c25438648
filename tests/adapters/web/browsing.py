"""What the browser tests share: where Chromium is, how it starts, and axe-core's accessibility check."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="needs Debian's chromium (apt-get install chromium); .ci/run installs it",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA, and Deque's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def axe_source() -> str:
    """axe-core's own axe.min.js, as the axe-playwright-python package ships it."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_version(page: Any) -> str:
    """The version of axe-core injected into this page."""
    return str(page.evaluate("axe.version"))


def accessibility_problems(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now, one readable line per element (none: accessible).

    Injected with `evaluate`, which the page's Content-Security-Policy does not govern."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}: "
        f"{node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
