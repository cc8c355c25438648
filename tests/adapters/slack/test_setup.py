"""What an operator sets up: the manifest, the store tables, and `notalone serve` itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from adapters.slack.manifest import manifest_for
from adapters.slack.stores import SealedInstallationStore
from bot.storage import platform_tables


def test_the_manifest_names_the_host_everywhere() -> None:
    manifest = yaml.safe_load(manifest_for("https://notalone.example.gov.uk/"))
    settings = manifest["settings"]
    assert settings["event_subscriptions"]["request_url"] == "https://notalone.example.gov.uk/slack/events"
    assert settings["interactivity"]["request_url"] == "https://notalone.example.gov.uk/slack/events"
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://notalone.example.gov.uk/slack/oauth_redirect"
    ]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "chat:write",
        "im:history",
        "im:write",
        "mpim:write",
        "users:read",
        "users:read.email",
        "commands",
    }
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "message.im",
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
    }
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    for bad in ("http://insecure.example", "notaurl", "https://host.example/path"):
        with pytest.raises(ValueError, match="https://HOST"):
            manifest_for(bad)


def _shape(table: Table) -> list[tuple[str, str, bool]]:
    return [(c.name, repr(c.type), bool(c.nullable)) for c in table.columns]


def test_our_migrated_tables_are_the_ones_slack_sdk_expects() -> None:
    theirs = MetaData()
    expected = {
        # slack_sdk's own tables, as our store builds them: tokens sealed, in text columns to hold them.
        "slack_installations": SealedInstallationStore.build_installations_table(
            theirs, "slack_installations"
        ),
        "slack_bots": SealedInstallationStore.build_bots_table(theirs, "slack_bots"),
        "slack_oauth_states": SQLAlchemyOAuthStateStore.build_oauth_states_table(
            theirs, "slack_oauth_states"
        ),
    }
    for name, table in expected.items():
        assert _shape(platform_tables.metadata.tables[name]) == _shape(table)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_with_nothing_configured_says_slack_is_off_and_answers_health(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "NOTALONE_KEY_FILE": str(tmp_path / "serve.key"),
        "PORT": str(port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.host.cli", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(
                urllib.request.Request(f"http://127.0.0.1:{port}/slack/events", data=b"{}")
            )
        refused.value.close()
        assert refused.value.code == 404
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert "Slack is off: set SLACK_SIGNING_SECRET" in out
    assert "Teams is off: set TEAMS_APP_ID" in out
    assert "Traceback" not in err


def test_serve_warns_loudly_when_teams_runs_without_authentication() -> None:
    from adapters.host.server import build_application
    from bot.settings import Settings

    said: list[str] = []
    build_application(Settings(database_url="sqlite://", env="development"), say=said.append)
    assert any(line.startswith("WARNING: Teams is running WITHOUT AUTHENTICATION") for line in said)
