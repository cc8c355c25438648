"""The browser trial knows its officers by their pane, never by their address: the addresses it makes up
are stored only sealed, like every other personal field."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from adapters.web.trial import TrialRegistry
from bot.settings import Settings
from tests.support import outside_sealed


@pytest.mark.random_data
def test_no_trial_address_or_name_is_stored_in_the_clear(tmp_path: Path) -> None:
    async def run() -> tuple[list[str], str]:
        registry = TrialRegistry(Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}"))
        session = await registry.create()
        try:
            everything: list[str] = []
            with session.database.connect() as connection:
                for table in inspect(connection).get_table_names():
                    for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                        everything += [str(value) for value in row]
            return [pane.email for pane in session.panes] + [pane.name for pane in session.panes], "\n".join(
                everything
            )
        finally:
            registry.close()

    personal, stored = asyncio.run(run())
    assert len(personal) == 6 and stored
    clear = outside_sealed(stored)
    for value in personal:
        assert value not in clear and value.split("@")[0] not in clear
