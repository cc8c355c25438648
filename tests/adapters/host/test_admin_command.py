"""`notalone admin` for operators, on SQLite and PostgreSQL: the same core the chat admins use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import Engine as Database

from bot.clock import ManualClock
from bot.storage.database import make_engine, upgrade
from tests.conftest import TEST_SECRET, DatabaseFactory, DeskFactory
from tests.support import Desk

JANE = "jane.smith@camden.gov.uk"


def notalone(url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": url, "NOTALONE_SECRET_KEY": TEST_SECRET, "PATH": os.environ.get("PATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", "admin", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_operators_configure_a_workspace_and_read_its_figures(
    databases: DatabaseFactory, make_desk: DeskFactory, clock: ManualClock
) -> None:
    url = databases.url()
    database: Database = make_engine(url)
    databases.track(database)
    upgrade(database)
    desk: Desk = make_desk(database)
    desk.workspaces[JANE] = "camden"
    desk.open(JANE)

    assert notalone(url, "workspaces").stdout.split() == ["test:camden"]
    wrong = notalone(url, "set", "test:camden", "--retention-months", "0", "--organisation", "Atlantis")
    assert wrong.returncode == 2
    assert "--retention-months: Give a whole number from 1 to 120." in wrong.stderr
    assert "--organisation: Atlantis isn't a council I know." in wrong.stderr
    assert "nothing was changed" in wrong.stderr and "Traceback" not in wrong.stderr

    typo = notalone(url, "set", "test:camdne", "--matching-paused", "yes")
    assert typo.returncode == 2 and "Traceback" not in typo.stderr
    assert "no workspace test:camdne is known. Known workspaces: test:camden." in typo.stderr
    assert "--new" in typo.stderr
    assert notalone(url, "workspaces").stdout.split() == ["test:camden"]  # the typo made nothing
    assert notalone(url, "stats", "test:camdne").returncode == 2
    ahead = notalone(url, "set", "slack:T0NEW", "--new", "--per-week", "2")
    assert ahead.returncode == 0, ahead.stderr
    assert notalone(url, "workspaces").stdout.split() == ["slack:T0NEW", "test:camden"]

    changed = notalone(
        url, "set", "test:camden", "--matching-paused", "yes", "--allowed-domains", "camden.gov.uk"
    )
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == "Changed: allowed_domains, matching_paused."
    shown = notalone(url, "show", "test:camden").stdout
    assert "Matching paused: yes" in shown and "camden.gov.uk" in shown

    desk.workspaces["visitor@example.org"] = "camden"
    assert "isn't available to you" in desk.open("visitor@example.org")[0].text  # the change took effect

    appointed = notalone(url, "appoint", "test:camden", JANE)
    assert appointed.stdout.strip() == f"{JANE} is now an admin of test:camden."
    # The command line reaches no platform: its message waits in the outbox for a worker's delivery loop.
    assert not any("You are now an administrator" in m.text for m in desk.inbox(JANE))
    clock.advance(timedelta(days=60))  # past the real time the command wrote it at
    assert desk.engine.retry_deliveries() == 1
    assert "You are now an administrator" in desk.inbox(JANE)[-1].text
    assert "Change settings" in [b.label for b in desk.say(JANE, "admin")[-1].buttons]

    stats = notalone(url, "stats", "test:camden", "--csv").stdout.splitlines()
    assert stats[0] == "month,officers_joined,plans_described,possible_matches,introductions"
    assert stats[1].endswith(",fewer than 5,fewer than 5,fewer than 5,fewer than 5")
    audit = notalone(url, "audit", "test:camden").stdout.splitlines()
    assert audit[0] == "when,who,action,setting,object,object_id"
    actions = [row.split(",")[1:4] for row in audit[1:]]
    assert ["operator", "admin_appointed", ""] in actions
    assert ["operator", "setting_changed", "matching_paused"] in actions
    assert not any(JANE in row for row in audit)


def test_admin_refuses_a_database_that_needs_upgrading(databases: DatabaseFactory) -> None:
    result = notalone(databases.url(), "workspaces")
    assert result.returncode == 2 and "notalone db upgrade" in result.stderr


def test_statistics_as_json_for_the_evaluation(databases: DatabaseFactory, make_desk: DeskFactory) -> None:
    url = databases.url()
    database: Database = make_engine(url)
    databases.track(database)
    upgrade(database)
    desk: Desk = make_desk(database)
    desk.workspaces[JANE] = "camden"
    desk.open(JANE)
    result = notalone(url, "stats", "test:camden", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["smallest_shown"] == 5
    assert report["months"][0]["officers_joined"] is None  # one officer: fewer than 5, so not given
    assert set(report["totals"]) == {
        "proposals",
        "introductions",
        "circles_offered",
        "circles_formed",
        "asked",
        "helped",
        "not_much_use",
        "not_yet",
        "no",
    }
    assert notalone(url, "stats", "test:camden", "--json", "--csv").returncode == 2
