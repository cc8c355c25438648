"""/privacy and /terms are made from the same facts as the data-protection pack, and every page links them."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from adapters.host.server import build_application
from adapters.teams.package import manifest
from bot.settings import Settings
from tests.adapters.processes import environment, notalone
from tests.adapters.slack.fake_slack import Loop


def fetch(url: str) -> tuple[str, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return response.read().decode(), dict(response.headers)


def serve(loop: Loop, settings: Settings) -> str:
    return loop.serve(build_application(settings, say=lambda _: None))


def test_a_changed_setting_changes_the_privacy_page_and_the_pack_at_once(
    loop: Loop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variables = {
        "NOTALONE_PROPOSAL_EXPIRY_DAYS": "9",
        "NOTALONE_CONTROLLER_NAME": "Ambridge & District Council",
        "NOTALONE_CONTACT_EMAIL": "dpo@ambridge.gov.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    page, headers = fetch(serve(loop, Settings()) + "/privacy")
    shown = notalone("governance", "--out", str(tmp_path / "pack"), env=environment(**variables))
    assert shown.returncode == 0, shown.stderr
    markdown = (tmp_path / "pack" / "dpia.md").read_text(encoding="utf-8")
    assert "lapses after 9 days" in page and "lapses after 9 days" in markdown
    assert "Ambridge &amp; District Council" in page and "Ambridge & District Council" in markdown
    assert 'href="mailto:dpo@ambridge.gov.uk"' in page
    assert "after 14 days" not in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_without_a_controller_the_privacy_page_says_so(loop: Loop, tmp_path: Path) -> None:
    site = serve(loop, Settings(database_url=f"sqlite:///{tmp_path / 'u.db'}", proposal_expiry_days=21))
    page, _ = fetch(site + "/privacy")
    assert "has not yet given its name here" in page and "NOTALONE_CONTROLLER_NAME" in page
    assert "lapses after 21 days" in page


def test_the_terms_exist_and_link_to_the_privacy_page(loop: Loop, tmp_path: Path) -> None:
    site = serve(loop, Settings(database_url=f"sqlite:///{tmp_path / 't.db'}", controller_name="Borsetshire"))
    page, headers = fetch(site + "/terms")
    assert '<html lang="en-GB">' in page and page.count("<h1>") == 1
    assert all(f"<{landmark}" in page for landmark in ("header", "main", "footer"))
    assert 'href="/privacy"' in page and "Borsetshire" in page
    assert "personal data about other people" in page
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_teams_packages_privacy_and_terms_addresses_are_served(loop: Loop, tmp_path: Path) -> None:
    site = serve(loop, Settings(database_url=f"sqlite:///{tmp_path / 'm.db'}"))
    developer = manifest("00000000-0000-0000-0000-000000000001", "notalone.example.gov.uk")["developer"]
    for key in ("privacyUrl", "termsOfUseUrl"):
        path = re.sub(r"^https://notalone\.example\.gov\.uk", "", developer[key])
        page, _ = fetch(site + path)
        assert page.count("<h1>") == 1


@pytest.mark.parametrize("trial", [True, False], ids=["trial", "landing"])
def test_the_front_page_links_to_privacy_and_terms(loop: Loop, tmp_path: Path, trial: bool) -> None:
    site = serve(loop, Settings(database_url=f"sqlite:///{tmp_path / 'f.db'}", trial=trial))
    page, _ = fetch(site + "/")
    footer = page.split("<footer>", 1)[1]
    assert 'href="/privacy"' in footer and 'href="/terms"' in footer


def test_a_malformed_contact_address_is_refused() -> None:
    with pytest.raises(ValueError, match="contact_email"):
        Settings(contact_email="not an address")
    assert Settings(contact_email="privacy@council.gov.uk").contact_email == "privacy@council.gov.uk"
