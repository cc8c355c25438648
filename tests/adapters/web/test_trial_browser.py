"""The trial page in a real browser (Debian's Chromium driven by Playwright): the whole double opt-in."""

from __future__ import annotations

from pathlib import Path

from tests.adapters.web.browsing import needs_chromium

pytestmark = needs_chromium
LIBRARIES_A = "We are moving our libraries to a charitable trust, business case stage, next April."
LIBRARIES_B = "Exploring a charitable trust for our library service and mobile libraries."


def test_two_panes_reach_an_introduction_in_the_browser(site: str, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    panes = page.locator("section.pane")
    expect(panes).to_have_count(3)
    first, second, third = panes.nth(0), panes.nth(1), panes.nth(2)
    expect(first.locator(".log")).to_contain_text("I'm Notalone")

    first.get_by_role("textbox").fill(LIBRARIES_A)
    first.get_by_role("button", name="Send").click()
    first.get_by_role("button", name="Looks right").click()
    expect(first.locator(".log")).to_contain_text("Saved as plan 1")

    second.get_by_role("textbox").fill(LIBRARIES_B)
    second.get_by_role("textbox").press("Enter")
    second.get_by_role("button", name="Looks right").click()
    expect(first.locator(".log")).to_contain_text("Possible match #1")
    expect(second.locator(".log")).to_contain_text("Possible match #1")
    first_name = first.locator("h2").inner_text()
    second_name = second.locator("h2").inner_text()
    expect(first.locator(".log")).not_to_contain_text(second_name)

    first.get_by_role("button", name="Introduce us").click()
    expect(first.locator(".log")).to_contain_text("I'll introduce you if the other officer says yes too")
    second.get_by_role("button", name="Introduce us").click()
    expect(first.locator(".log")).to_contain_text(f"Name: {second_name}")
    expect(second.locator(".log")).to_contain_text(f"Name: {first_name}")
    expect(third.locator(".log")).not_to_contain_text("Possible match")
    page.screenshot(path=str(tmp_path / "trial.png"), full_page=True)
    assert (tmp_path / "trial.png").stat().st_size > 10_000

    # A reload keeps the same trial; another browser gets a trial of its own.
    page.reload()
    expect(page.locator("section.pane").nth(0).locator(".log")).to_contain_text("You're introduced")
    other = browser.new_context().new_page()
    other.goto(site + "/")
    expect(other.locator("section.pane")).to_have_count(3)
    expect(other.locator("section.pane").nth(0).locator(".log")).to_contain_text("I'm Notalone")
    expect(other.locator("body")).not_to_contain_text("Possible match")


def test_the_trial_is_usable_with_a_keyboard_on_a_phone(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + "/")
    expect(page.locator("section.pane")).to_have_count(3)
    boxes = page.locator("section.pane").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().width)"
    )
    assert all(width <= 390 for width in boxes)
    textbox = page.locator("section.pane").nth(0).get_by_role("textbox")
    label = page.locator("section.pane").nth(0).locator("label").inner_text()
    assert label.startswith("Message as ")
    expect(textbox).to_have_accessible_name(label)
    textbox.focus()
    page.keyboard.type("help")
    page.keyboard.press("Enter")
    expect(page.locator("section.pane").nth(0).locator(".log")).to_contain_text("Here is what you can do")


def test_a_new_officer_who_asks_first_is_answered_and_never_shown_a_long_list(
    site: str, browser: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    pane = page.locator("section.pane").nth(0)
    log = pane.locator(".log")
    expect(log).to_contain_text("I'm Notalone")

    def send(words: str) -> None:
        pane.get_by_role("textbox").fill(words)
        pane.get_by_role("button", name="Send").click()

    send("What can you do?")
    expect(log).to_contain_text("I help officers planning")
    send("Is this confidential?")
    expect(log).to_contain_text("Nobody learns anything about you unless you both agree")
    send("We're thinking about a staff mutual for one of our teams, early days")
    expect(log).to_contain_text("Which service is this about?")
    choices = pane.get_by_role("group", name="Choices").last.get_by_role("button")
    assert 2 <= choices.count() <= 8
    send("it's the youth service")
    expect(log).to_contain_text("Service: Youth services")
    assert pane.get_by_role("group", name="Choices").last.get_by_role("button").count() <= 8
    page.screenshot(path=str(tmp_path / "first-minutes.png"), full_page=True)
    pane.get_by_role("button", name="Looks right").last.click()
    expect(log).to_contain_text("Saved as plan 1")


def test_an_officer_at_live_offers_advice_in_the_browser(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    first, second = page.locator("section.pane").nth(0), page.locator("section.pane").nth(1)
    expect(first.locator(".log")).to_contain_text("I'm Notalone")

    first.get_by_role("textbox").fill(
        "Our libraries became a charitable trust in 2024; it is live and running"
    )
    first.get_by_role("button", name="Send").click()
    expect(first.locator(".log")).to_contain_text("If you're happy to advise officers at earlier stages")
    first.get_by_role("button", name="Happy to advise others").last.click()
    expect(first.locator(".log")).to_contain_text("Happy to advise others: yes.")
    first.get_by_role("button", name="Looks right").last.click()
    expect(first.locator(".log")).to_contain_text("Thank you for offering to advise")

    second.get_by_role("textbox").fill(LIBRARIES_B)
    second.get_by_role("button", name="Send").click()
    expect(second.get_by_role("button", name="Happy to advise others")).to_have_count(0)
    second.get_by_role("button", name="Looks right").click()
    expect(second.locator(".log")).to_contain_text(
        "they are further along (live and running) and happy to advise"
    )
    expect(first.locator(".log")).to_contain_text("and you said you're happy to advise")
    expect(second.locator(".log")).not_to_contain_text(first.locator("h2").inner_text())


def test_how_many_others_in_the_trial_shows_no_figure_below_five(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    panes = page.locator("section.pane")
    expect(panes).to_have_count(3)
    first, second = panes.nth(0), panes.nth(1)
    second.get_by_role("textbox").fill(LIBRARIES_B)
    second.get_by_role("button", name="Send").click()
    second.get_by_role("button", name="Looks right").click()
    expect(second.locator(".log")).to_contain_text("No comparable plan yet")

    first.get_by_role("textbox").fill("Is anyone else moving libraries to a charitable trust?")
    first.get_by_role("button", name="Send").click()
    counted = "Libraries, staff mutual, trust or social enterprise: fewer than 5 other councils"
    expect(first.locator(".log")).to_contain_text(counted)

    second.get_by_role("button", name="How many others?").click()
    expect(second.locator(".log")).to_contain_text("fewer than 5 other councils")
    assert "1 other council" not in page.locator("body").inner_text()


def test_not_relevant_and_a_change_of_mind_in_the_browser(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, Locator, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    first, second, third = (page.locator("section.pane").nth(i) for i in range(3))
    expect(first.locator(".log")).to_contain_text("I'm Notalone")

    def send(pane: Locator, words: str) -> None:
        pane.get_by_role("textbox").fill(words)
        pane.get_by_role("button", name="Send").click()

    send(first, LIBRARIES_A)
    first.get_by_role("button", name="Looks right").click()
    expect(first.locator(".log")).to_contain_text("Saved as plan 1")
    send(second, LIBRARIES_B)
    second.get_by_role("button", name="Looks right").click()
    expect(second.locator(".log")).to_contain_text("Possible match #1")
    expect(second.get_by_role("button", name="Not relevant")).to_have_count(1)

    second.get_by_role("button", name="Not now").click()
    expect(second.locator(".log")).to_contain_text("Understood: no introduction for possible match #1")
    send(second, "my plans")
    expect(second.locator(".log")).to_contain_text("you said not now; you can still say yes until")
    second.get_by_role("button", name="Say yes to #1 after all").click()
    expect(second.locator(".log")).to_contain_text("I'll introduce you if the other officer says yes too")
    first.get_by_role("button", name="Introduce us").last.click()
    expect(first.locator(".log")).to_contain_text(f"Name: {second.locator('h2').inner_text()}")

    send(third, "Our library service may become a staff mutual or a charitable trust next year.")
    third.get_by_role("button", name="Looks right").click()
    expect(third.locator(".log")).to_contain_text("Possible match #1")
    third.get_by_role("button", name="Not relevant").first.click()
    expect(third.locator(".log")).to_contain_text("isn't relevant to you, so no introduction")
    for pane in (first, second):
        expect(pane.locator(".log")).not_to_contain_text("isn't relevant")


def test_a_plan_described_after_asking_how_many_others_is_of_what_was_asked(
    site: str, browser: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    first = page.locator("section.pane").nth(0)
    first.get_by_role("textbox").fill("Is anyone else moving libraries to a charitable trust?")
    first.get_by_role("button", name="Send").click()
    expect(first.locator(".log")).to_contain_text("Planning something like this yourself?")
    expect(first.get_by_role("button", name="Start a plan for this")).to_be_visible()

    first.get_by_role("textbox").fill("We're writing the business case, hoping to go live next April")
    first.get_by_role("button", name="Send").click()
    expect(first.locator(".log")).to_contain_text("Service: Libraries")
    expect(first.locator(".log")).to_contain_text("Kind of change: Charitable trust")
    expect(first.get_by_role("button", name="Start a plan for this")).to_be_disabled()  # moved on
    page.screenshot(path=str(tmp_path / "asked-then-described.png"), full_page=True)
    first.get_by_role("button", name="Looks right").click()
    expect(first.locator(".log")).to_contain_text("Saved as plan 1")


CIRCLE_PLANS = (
    "We are moving our library service to a staff mutual, options appraisal, April 2027",
    "Exploring spinning out our libraries as a staff mutual",
    "Libraries into a staff-led mutual, business case, 2027",
)


def test_a_circle_said_not_now_to_then_yes_after_all_forms_in_the_browser(site: str, browser: object) -> None:
    from playwright.sync_api import Browser, Locator, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    panes = [page.locator("section.pane").nth(i) for i in range(3)]
    expect(panes[0].locator(".log")).to_contain_text("I'm Notalone")

    def send(pane: Locator, words: str) -> None:
        pane.get_by_role("textbox").fill(words)
        pane.get_by_role("button", name="Send").click()

    for pane, plan in zip(panes, CIRCLE_PLANS, strict=True):
        send(pane, plan)
        pane.get_by_role("button", name="Looks right").click()
        expect(pane.locator(".log")).to_contain_text("Saved as plan 1")
    for pane in panes:
        expect(pane.locator(".log")).to_contain_text(": a circle")
    for pane in panes[:2]:
        pane.get_by_role("button", name="Join the circle").last.click()
        expect(pane.locator(".log")).to_contain_text("I'll introduce you once at least three")
    third = panes[2]
    third.get_by_role("button", name="Not now").last.click()
    expect(third.locator(".log")).to_contain_text("type my plans to say yes after all")
    send(third, "my plans")
    expect(third.locator(".log")).to_contain_text("you said not now; you can still say yes until")
    third.get_by_role("button", name="Say yes to #1 after all").click()
    for pane in panes:
        expect(pane.locator(".log")).to_contain_text("Your circle has formed")
    expect(panes[0].locator(".log")).to_contain_text(f"Name: {third.locator('h2').inner_text()}")
