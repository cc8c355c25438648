"""Every column of every table is described for the data-protection pack, and sealing is read, not written."""

from __future__ import annotations

import string

from sqlmodel import SQLModel

import bot.storage.models
import bot.storage.platform_tables  # noqa: F401
from bot.admin.data_protection import inventory, service_facts
from bot.settings import Settings
from bot.storage.inventory import COMMON, TABLES, describe


def test_every_column_of_every_table_has_a_description() -> None:
    missing = [
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if not describe(table.name, column.name)
    ]
    assert not missing, "describe these in bot/storage/inventory.py: " + ", ".join(missing)


def test_the_inventory_names_only_tables_and_columns_that_exist() -> None:
    tables = {
        table.name: {column.name for column in table.columns} for table in SQLModel.metadata.sorted_tables
    }
    assert set(TABLES) == set(tables)
    stale = [
        f"{name}.{column}"
        for name, entry in TABLES.items()
        for column in entry.columns
        if column not in tables[name]
    ]
    assert not stale, stale


def test_retention_texts_name_only_figures_the_settings_give() -> None:
    known = set(service_facts(Settings()).figures())
    for entry in TABLES.values():
        for text in (entry.purpose, entry.retention):
            named = {field for _, field, _, _ in string.Formatter().parse(text) if field}
            assert named <= known, named - known
    assert all(description for description in COMMON.values())


def test_encrypted_columns_come_from_the_column_types() -> None:
    tables = {table.name: table for table in inventory(service_facts(Settings()))}
    assert tables["plan"].sealed_columns == ("text",)
    assert set(tables["officer"].sealed_columns) == {"email", "name", "job_title"}
    assert "service_areas" not in tables["plan"].sealed_columns  # the matcher filters on it, in clear
    assert {"bot_token", "user_token", "bot_refresh_token"} <= set(
        tables["slack_installations"].sealed_columns
    )
