"""The trial with a keyboard only: every pane reachable, focus always visible, never lost nor stolen."""

from __future__ import annotations

from typing import Any

from tests.adapters.web.browsing import needs_chromium

pytestmark = needs_chromium
LIBRARIES_A = "We are moving our libraries to a charitable trust, business case stage, next April."
LIBRARIES_B = "Exploring a charitable trust for our library service and mobile libraries."
FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ring = outline || style.boxShadow !== "none";
  return {
    tag: e.tagName.toLowerCase(),
    text: (e.textContent || "").trim(),
    pane: e.closest("section.pane") ? e.closest("section.pane").dataset.pane : null,
    visible: e === document.body || (e.matches(":focus-visible") && ring),
  };
}"""


def focused(page: Any) -> dict[str, Any]:
    """What has the focus now, in which pane, and whether a visible focus ring shows it."""
    found: dict[str, Any] = page.evaluate(FOCUSED)
    return found


def press_until(page: Any, key: str, wanted: dict[str, str], *, most: int = 30) -> None:
    """Press Tab or Shift+Tab until the focus is on what is wanted, checking the focus ring at each step."""
    for _ in range(most):
        page.keyboard.press(key)
        now = focused(page)
        assert now["visible"], f"focus on {now} shows no focus ring"
        if all(now[name] == value for name, value in wanted.items()):
            return
    raise AssertionError(f"{wanted} not reached with {key}; focus is on {focused(page)}")


def test_a_visitor_uses_the_whole_trial_with_a_keyboard(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    first, second = page.locator("section.pane").nth(0), page.locator("section.pane").nth(1)
    expect(first.locator(".log")).to_contain_text("I'm Notalone")

    press_until(page, "Tab", {"tag": "textarea", "pane": "p1"})
    page.keyboard.type(LIBRARIES_A)
    page.keyboard.press("Enter")
    expect(first.get_by_role("button", name="Looks right")).to_be_enabled()
    assert focused(page)["tag"] == "textarea", "a reply arriving does not move the focus"
    press_until(page, "Shift+Tab", {"tag": "button", "text": "Looks right", "pane": "p1"})
    page.keyboard.press("Space")
    expect(first.locator(".log")).to_contain_text("Saved as plan 1")
    assert focused(page) == {"tag": "textarea", "text": "", "pane": "p1", "visible": True}

    press_until(page, "Tab", {"tag": "textarea", "pane": "p2"})
    page.keyboard.type(LIBRARIES_B)
    press_until(page, "Tab", {"tag": "button", "text": "Send", "pane": "p2"})
    page.keyboard.press("Enter")
    expect(second.get_by_role("button", name="Looks right")).to_be_enabled()
    press_until(page, "Shift+Tab", {"tag": "button", "text": "Looks right", "pane": "p2"})
    page.keyboard.press("Enter")
    expect(first.locator(".log")).to_contain_text("Possible match #1")
    press_until(page, "Shift+Tab", {"tag": "button", "text": "Introduce us", "pane": "p2"})
    page.keyboard.press("Enter")
    expect(second.locator(".log")).to_contain_text("I'll introduce you if the other officer says yes too")

    # Someone else's message arriving in another pane leaves the focus, and half-typed words, alone.
    press_until(page, "Tab", {"tag": "textarea", "pane": "p2"})
    page.keyboard.type("half a thought")
    page.evaluate(
        """() => fetch("/trial/send", {method: "POST", headers: {"Content-Type": "application/json"},
                                       body: JSON.stringify({pane: "p3", text: "help"})})"""
    )
    expect(page.locator("section.pane").nth(2).locator(".log")).to_contain_text("Here is what you can do")
    assert focused(page)["pane"] == "p2" and focused(page)["tag"] == "textarea"
    expect(second.get_by_role("textbox")).to_have_value("half a thought")


def test_new_messages_are_announced_once_and_the_history_is_not_reread(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    first = page.locator("section.pane").nth(0)
    expect(first.locator(".log")).to_contain_text("I'm Notalone")
    live = page.locator("[aria-live]")
    expect(live).to_have_count(3)
    expect(first.locator("[aria-live=polite]")).to_have_text("")  # the greeting is shown, not read out
    assert page.locator(".log[aria-live], .log[role=log]").count() == 0

    first.get_by_role("textbox").fill("help")
    first.get_by_role("button", name="Send").click()
    expect(first.locator("[aria-live=polite]")).to_contain_text("Notalone to ")
    expect(first.locator("[aria-live=polite]")).to_contain_text("Here is what you can do")

    page.reload()
    expect(page.locator("section.pane").nth(0).locator(".log")).to_contain_text("Here is what you can do")
    page.wait_for_timeout(300)
    expect(page.locator("section.pane").nth(0).locator("[aria-live=polite]")).to_have_text("")


def test_the_page_does_not_grow_below_the_panes_as_messages_come(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    first = page.locator("section.pane").nth(0)
    expect(first.locator(".log")).to_contain_text("I'm Notalone")
    for count in range(1, 13):
        first.get_by_role("textbox").fill("help")
        first.get_by_role("button", name="Send").click()
        expect(first.locator(".entry:not(.mine)")).to_have_count(count + 1)
    height = page.evaluate("document.documentElement.scrollHeight")
    panes_end = page.evaluate("document.getElementById('panes').getBoundingClientRect().bottom + scrollY")
    assert height <= panes_end + 200, f"{height - panes_end} pixels of page below the panes"
    assert height < 2 * 900
