"""A trial that holds: a reload restores both sides of each conversation with old choices retired, a
server out of reach is said politely, with what the officer typed kept and sent when it is back, and a
trial refused because the visitor's network has all it may, or because every trial is in use, says what
to do."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from adapters.host.server import build_application
from adapters.web import routes, trial
from bot.settings import Settings
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.web.browsing import needs_chromium

pytestmark = needs_chromium
VAGUE = "We're thinking about a staff mutual for one of our teams, early days"
ANSWER = "it's the youth service"
CLICK_ALL = (
    """nodes => { for (const node of nodes) { node.disabled = false; node.click(); } return nodes.length; }"""
)


def test_a_reload_restores_the_officers_own_words_and_old_choices_stay_retired(
    site: str, browser: object
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    pane = page.locator("section.pane").nth(0)
    log = pane.locator(".log")
    expect(log).to_contain_text("I'm Notalone")
    pane.get_by_role("textbox").fill(VAGUE)
    pane.get_by_role("button", name="Send").click()
    expect(log).to_contain_text("Which service is this about?")
    services = pane.get_by_role("group", name="Choices").last.get_by_role("button")
    expect(services.first).to_be_enabled()
    pane.get_by_role("textbox").fill(ANSWER)
    pane.get_by_role("button", name="Send").click()
    expect(log).to_contain_text("Service: Youth services")
    # Answered in words: the list of services is no longer the question, so its buttons are retired.
    expect(pane.locator(".choices").first.get_by_role("button").first).to_be_disabled()
    expect(pane.get_by_role("button", name="Looks right")).to_be_enabled()

    page.reload()
    pane = page.locator("section.pane").nth(0)
    log = pane.locator(".log")
    expect(log).to_contain_text("Service: Youth services")
    expect(log.locator(".entry.mine")).to_have_text(
        [f"{pane.locator('h2').inner_text()}: {VAGUE}", f"{pane.locator('h2').inner_text()}: {ANSWER}"]
    )
    expect(pane.locator(".choices").first.get_by_role("button").first).to_be_disabled()
    pane.get_by_role("button", name="Looks right").click()
    expect(log).to_contain_text("Saved as plan 1")

    page.reload()
    pane = page.locator("section.pane").nth(0)
    expect(pane.locator(".log")).to_contain_text("Saved as plan 1")
    expect(pane.locator("button.chosen")).to_have_text("Looks right")
    # The list of services and the confirmed summary are retired; only the newest question stays open.
    expect(pane.locator(".choices.stale")).to_have_count(2)
    expect(pane.locator(".choices.stale button:enabled")).to_have_count(0)
    expect(pane.locator(".choices:not(.stale)")).to_have_count(1)
    expect(pane.locator(".choices:not(.stale)")).not_to_contain_text("Looks right")

    # Even forced, an old button sends nothing.
    sent: list[Any] = []
    page.on("request", lambda request: sent.append(request) if "/trial/send" in request.url else None)
    entries = pane.locator(".entry").count()
    assert pane.locator(".choices.stale button").evaluate_all(CLICK_ALL) > 3
    page.wait_for_timeout(1000)
    assert sent == []
    expect(pane.locator(".entry")).to_have_count(entries)


def test_an_unreachable_server_is_said_politely_and_the_message_is_sent_when_it_is_back(
    site: str, browser: object
) -> None:
    from playwright.sync_api import Browser, Dialog, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []

    def dismissed(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismissed)
    page.goto(site + "/")
    pane = page.locator("section.pane").nth(0)
    expect(pane.locator(".log")).to_contain_text("I'm Notalone")
    status = page.get_by_role("status")
    expect(status).to_have_text("")

    context.set_offline(True)
    pane.get_by_role("textbox").fill("help")
    pane.get_by_role("button", name="Send").click()
    expect(status).to_contain_text("can't be reached just now")
    expect(status).to_contain_text("kept here and sent as soon as it's back")
    expect(pane.locator(".entry.mine")).to_contain_text("Waiting to send")

    context.set_offline(False)
    expect(pane.locator(".log")).to_contain_text("Here is what you can do")
    expect(status).to_have_text("")
    expect(pane.locator(".entry.mine")).to_have_count(1)
    expect(pane.locator(".entry.mine")).not_to_contain_text("Waiting to send")
    page.reload()
    expect(page.locator("section.pane").nth(0).locator(".entry.mine")).to_have_count(1)
    assert dialogs == []


def test_a_trial_refused_because_the_network_has_all_it_may_says_what_to_do(
    loop: Loop, tmp_path: Path, browser: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setattr(trial, "MAX_PER_VISITOR", 1)
    # A closed page is noticed when the next keep-alive cannot be written.
    monkeypatch.setattr(routes, "KEEP_ALIVE_SECONDS", 0.2)
    application = build_application(
        Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}"), say=lambda _: None
    )
    site = loop.serve(application)
    first = browser.new_page()  # each page its own browser context: no cookie, so a trial of its own
    first.goto(site + "/")
    expect(first.locator("section.pane").nth(0).locator(".log")).to_contain_text("I'm Notalone")
    second = browser.new_page()  # from the same address while the first page is still open
    second.goto(site + "/")
    expect(second.locator("#panes")).to_have_attribute("aria-busy", "false")
    expect(second.locator("#loading")).to_contain_text("no more trials can start from your network")
    expect(second.locator("#loading")).to_contain_text("Close a trial tab you no longer need")

    session_id = next(c["value"] for c in first.context.cookies() if c["name"] == routes.COOKIE)
    first.close()  # its trial is abandoned now, so it can make way
    session = application[routes.TRIALS].get(session_id)
    deadline = time.monotonic() + 20
    while session is not None and session.listeners and time.monotonic() < deadline:
        time.sleep(0.1)
    second.reload()
    expect(second.locator("section.pane").nth(0).locator(".log")).to_contain_text("I'm Notalone")


def test_a_trial_refused_because_every_trial_is_in_use_says_so_and_keeps_the_others(
    loop: Loop, tmp_path: Path, browser: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setattr(trial, "MAX_SESSIONS", 1)
    application = build_application(
        Settings(database_url=f"sqlite:///{tmp_path / 'b.db'}"), say=lambda _: None
    )
    site = loop.serve(application)
    first = browser.new_page()
    first.goto(site + "/")
    pane = first.locator("section.pane").nth(0)
    expect(pane.locator(".log")).to_contain_text("I'm Notalone")
    pane.get_by_role("textbox").fill("help")
    pane.get_by_role("button", name="Send").click()
    expect(pane.locator(".log")).to_contain_text("Here is what you can do")
    second = browser.new_page()  # someone else arrives while the only trial is in use
    second.goto(site + "/")
    expect(second.locator("#panes")).to_have_attribute("aria-busy", "false")
    expect(second.locator("#loading")).to_contain_text("every trial is in use just now")
    expect(second.locator("#loading")).to_contain_text("reload this page in a few minutes")
    pane.get_by_role("textbox").fill("my plans")  # the first visitor's trial was kept, and still answers
    pane.get_by_role("button", name="Send").click()
    expect(pane.locator(".log")).to_contain_text("no plans")
