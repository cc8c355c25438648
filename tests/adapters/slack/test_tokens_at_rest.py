"""Slack's bot and user tokens are sealed in slack_sdk's installation tables, read back as Slack gave
them, resealed by `notalone keys rotate`, and a token stored in the clear before sealing still works."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import inspect, text

from adapters.slack.notifier import token_from_store
from adapters.slack.stores import SealedInstallationStore
from bot.storage import keys
from bot.storage.resealing import check_keys_open, pending_everywhere, seal_everything
from tests.adapters.slack.conftest import CAMDEN, HACKNEY
from tests.adapters.slack.fake_slack import Workspace
from tests.adapters.slack.harness import Slack
from tests.adapters.slack.test_slack_flow import install
from tests.conftest import TEST_SECRET
from tests.support import outside_sealed

CAMDEN_WITH_USER = Workspace(
    CAMDEN.team_id, CAMDEN.name, CAMDEN.bot_token, CAMDEN.bot_user_id, user_token="xoxp-camden-installer"
)
TOKEN = re.compile(r"xox[bpe]-")


def everything_stored(database: Database) -> str:
    """Every value of every table, as a copy of the database would show it."""
    found: list[str] = []
    with database.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                found += [str(value) for value in row]
    return "\n".join(found)


def tokens_stored(database: Database) -> list[str]:
    with database.connect() as connection:
        return [
            *connection.execute(text("SELECT bot_token FROM slack_bots")).scalars(),
            *connection.execute(text("SELECT bot_token FROM slack_installations")).scalars(),
            *connection.execute(text("SELECT user_token FROM slack_installations")).scalars(),
        ]


@pytest.mark.random_data
def test_an_oauth_install_stores_no_token_in_the_clear_and_the_bot_sends_after_rotation(slack: Slack) -> None:
    slack.fake.workspaces["code-camden"] = CAMDEN_WITH_USER
    install(slack, "code-camden")
    stored = tokens_stored(slack.database)
    assert len(stored) == 3 and all(
        value and value.startswith(keys.installed().newest_id + ":") for value in stored
    )
    assert not TOKEN.search(outside_sealed(everything_stored(slack.database)))

    new_key = keys.generate_key()
    rotated = keys.parse_keys(f"{new_key},{TEST_SECRET}")
    with keys.using(rotated):
        assert pending_everywhere(slack.database, rotated) >= 2  # the installation and its bot
        seal_everything(slack.database, rotated)
    only_new = keys.parse_keys(new_key)
    assert all(value.startswith(only_new.newest_id + ":") for value in tokens_stored(slack.database))
    with keys.using(only_new):  # the old key is gone
        store = SealedInstallationStore(client_id="111.222", engine=slack.database)
        assert token_from_store(store)(CAMDEN.team_id) == CAMDEN.bot_token
        installation = store.find_installation(enterprise_id=None, team_id=CAMDEN.team_id, user_id="UADMIN")
        assert installation is not None and installation.user_token == "xoxp-camden-installer"
        slack.fake.add_user("U0JANE", CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
        slack.dm(CAMDEN.team_id, "U0JANE", "hello")
        slack.wait_for_text("U0JANE", "")
        assert all(call.token == CAMDEN.bot_token for call in slack.fake.posted("DU0JANE"))
        assert slack.fake.posted("DU0JANE")


@pytest.mark.random_data
def test_a_token_stored_in_the_clear_before_sealing_is_read_then_sealed_by_rotation(slack: Slack) -> None:
    with slack.database.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO slack_bots (client_id, app_id, team_id, team_name, bot_token, bot_id, "
                "bot_user_id, is_enterprise_install, installed_at) VALUES ('111.222', 'A0', :team, "
                "'Hackney', :token, 'B0', :bot, false, :at)"
            ),
            {
                "team": HACKNEY.team_id,
                "token": HACKNEY.bot_token,
                "bot": HACKNEY.bot_user_id,
                "at": datetime(2026, 1, 1),
            },
        )
    store = SealedInstallationStore(client_id="111.222", engine=slack.database)
    assert token_from_store(store)(HACKNEY.team_id) == HACKNEY.bot_token
    check_keys_open(slack.database, keys.installed())  # a clear token needs no key: start-up goes on
    assert pending_everywhere(slack.database, keys.installed()) == 1
    assert seal_everything(slack.database, keys.installed()) == 1
    assert not TOKEN.search(outside_sealed(everything_stored(slack.database)))
    assert token_from_store(store)(HACKNEY.team_id) == HACKNEY.bot_token
