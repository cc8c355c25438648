"""WCAG 2.2 AA, as axe-core checks it in a real browser: every page, and the trial at each step of a visit."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.host.server import build_application
from bot.settings import Settings
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.web.browsing import accessibility_problems, axe_version, needs_chromium

pytestmark = needs_chromium
LIBRARIES_A = "We are moving our libraries to a charitable trust, business case stage, next April."
LIBRARIES_B = "Exploring a charitable trust for our library service and mobile libraries."
VAGUE = "We're thinking about a staff mutual for one of our teams, early days"
# Pages anyone can open; a page not served yet is skipped, so it is checked as soon as it exists.
PAGES = ["/", "/privacy", "/terms"]
# A phone and a desktop: contrast, reflow and target sizes can differ between them.
VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_no_accessibility_problem(site: str, browser: object, path: str) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    for viewport in VIEWPORTS:
        page = browser.new_page(viewport=viewport)
        response = page.goto(site + path)
        assert response is not None
        if response.status == 404 and path == "/terms":
            pytest.skip("no /terms page is served yet")
        assert response.status == 200
        if path == "/":
            expect(page.locator("section.pane").first.locator(".log")).to_contain_text("I'm Notalone")
        assert accessibility_problems(page) == []
        assert tuple(int(part) for part in axe_version(page).split(".")[:2]) >= (4, 9)
        page.close()


def test_the_landing_page_has_no_accessibility_problem(loop: Loop, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'real.db'}", trial=False)
    landing = loop.serve(build_application(settings, say=lambda _line: None))
    for viewport in VIEWPORTS:
        page = browser.new_page(viewport=viewport)
        page.goto(landing + "/")
        assert page.get_by_role("heading", name="Add it where you already work").is_visible()
        assert accessibility_problems(page) == []
        page.close()


def test_the_trial_has_no_accessibility_problem_at_any_step(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, Locator, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    first, second, third = (page.locator("section.pane").nth(i) for i in range(3))
    expect(first.locator(".log")).to_contain_text("I'm Notalone")
    assert accessibility_problems(page) == [], "a fresh trial"

    def send(pane: Locator, words: str) -> None:
        pane.get_by_role("textbox").fill(words)
        pane.get_by_role("button", name="Send").click()

    send(first, LIBRARIES_A)
    expect(first.get_by_role("button", name="Looks right")).to_be_enabled()
    assert accessibility_problems(page) == [], "after describing a plan"

    send(third, VAGUE)
    expect(third.locator(".log")).to_contain_text("Which service is this about?")
    assert accessibility_problems(page) == [], "with a choice of services showing"

    first.get_by_role("button", name="Looks right").click()
    expect(first.locator(".log")).to_contain_text("Saved as plan 1")
    assert accessibility_problems(page) == [], "after confirming"

    send(second, LIBRARIES_B)
    second.get_by_role("button", name="Looks right").click()
    expect(first.locator(".log")).to_contain_text("Possible match #1")
    assert accessibility_problems(page) == [], "with a possible match"

    first.get_by_role("button", name="Introduce us").click()
    second.get_by_role("button", name="Introduce us").click()
    expect(first.locator(".log")).to_contain_text(f"Name: {second.locator('h2').inner_text()}")
    assert accessibility_problems(page) == [], "after an introduction"

    page.reload()
    expect(first.locator(".log")).to_contain_text("You're introduced")
    assert accessibility_problems(page) == [], "after a reload"
