"""The front door over HTTP: trial isolation, bad requests, the landing and privacy pages."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from adapters.host.server import build_application
from adapters.web.translate import to_event, to_incoming
from bot.conversation.actions import ConfirmDraft, ConfirmWithdraw, encode
from bot.messages import Attachment, Button, IncomingKind, Message
from bot.settings import Settings
from tests.adapters.slack.fake_slack import Loop


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def post(browser: urllib.request.OpenerDirector, url: str, body: bytes) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with browser.open(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            body = error.read()
        return error.code, json.loads(body) if body.startswith(b"{") else {}


@pytest.fixture
def site(loop: Loop, tmp_path: Path) -> str:
    return loop.serve(
        build_application(Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}"), say=lambda _: None)
    )


def test_each_browser_gets_its_own_trial_and_bad_requests_are_refused(site: str) -> None:
    alice, bob = opener(), opener()
    status, started = post(alice, site + "/trial/start", b"")
    assert status == 200 and len(started["panes"]) == 3  # type: ignore[arg-type]
    again = post(alice, site + "/trial/start", b"")[1]
    assert again == started  # the same trial on reload
    assert post(bob, site + "/trial/start", b"")[1] != started
    assert post(alice, site + "/trial/send", b'{"pane": "p1", "text": "help"}')[0] == 202
    assert post(alice, site + "/trial/send", b"not json")[0] == 400
    assert post(alice, site + "/trial/send", b'{"pane": "p9", "text": "help"}')[0] == 400
    assert post(alice, site + "/trial/send", b'{"pane": "p1", "text": 12}')[0] == 400
    assert post(opener(), site + "/trial/send", b'{"pane": "p1", "text": "help"}')[0] == 404
    with alice.open(site + "/", timeout=30) as page:
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    with pytest.raises(urllib.error.HTTPError) as missing:
        opener().open(site + "/static/../bot/settings.py", timeout=30)
    missing.value.close()
    assert missing.value.code == 404


def test_configured_platforms_turn_the_root_into_a_landing_page(loop: Loop, tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'l.db'}",
        slack_signing_secret="s",
        slack_client_id="1.2",
        slack_client_secret="c",
    )
    site = loop.serve(build_application(settings, say=lambda _: None))
    with opener().open(site + "/", timeout=30) as page:
        html = page.read().decode()
    assert 'href="/slack/install"' in html and "Add to Slack" in html and 'href="/privacy"' in html
    with opener().open(site + "/privacy", timeout=30) as page:
        assert "Who sees what" in page.read().decode()
    status, _ = post(opener(), site + "/trial/start", b"")
    assert status in (404, 405)


def test_web_translation() -> None:
    YES = encode(ConfirmWithdraw(yes=True))
    event = to_event("p1", Message("Hi <b>", (Button("Yes", YES),), attachment=Attachment("a.json", "{}")))
    assert event == {
        "pane": "p1",
        "text": "Hi <b>",
        "buttons": [{"label": "Yes", "action": YES, "style": "default"}],
        "attachment": {"filename": "a.json", "content": "{}"},
        "ref": None,
    }
    choice = to_incoming("s1", {"p1"}, {"pane": "p1", "action": encode(ConfirmDraft())})
    assert choice is not None and choice.kind == IncomingKind.ACTION and choice.identity.workspace_id == "s1"
    for bad in ([], {"pane": "p2", "text": "x"}, {"pane": "p1"}, {"pane": "p1", "text": None}):
        assert to_incoming("s1", {"p1"}, bad) is None
