"""The facts about personal data that the data-protection pack, /privacy and /terms all state.

Read from the running configuration (Settings), the code's own constants and the table definitions, so
that changing a setting or adding a column changes every document at once. Nothing here reads the
database: the pack describes what the service does, not whom it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import SQLModel

import bot.storage.models
import bot.storage.platform_tables  # noqa: F401
from bot.admin.stats import SMALLEST_SHOWN
from bot.delivery.throttle import KEEP_COUNTS, KEEP_PLAN_COUNTS
from bot.domain.follow_ups import LATEST as FOLLOW_UP_LATEST
from bot.domain.retention import NOTICE as RETENTION_NOTICE
from bot.domain.workspaces import DEFAULT_RETENTION_MONTHS
from bot.settings import Settings
from bot.storage.encrypted import is_encrypted
from bot.storage.inventory import TABLES, Holds, describe

CONTROLLER_UNSET = "the organisation that runs this Notalone service"


@dataclass(frozen=True)
class ColumnFacts:
    name: str
    description: str
    sealed: bool  # stored encrypted, read from the column's type


@dataclass(frozen=True)
class TableFacts:
    name: str
    holds: Holds
    purpose: str
    retention: str
    columns: tuple[ColumnFacts, ...]

    @property
    def sealed_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.sealed)


@dataclass(frozen=True)
class ServiceFacts:
    """The configured figures and choices every data-protection document quotes."""

    controller: str
    controller_set: bool
    contact_email: str | None
    dpo_email: str | None
    site: str | None
    proposal_expiry_days: int
    proposal_reminder_days: int
    follow_up_days: int
    proposals_per_week: int
    retention_months: int
    smallest_shown: int
    max_message_chars: int
    delivery_attempts: int
    database: str
    keys_from_environment: bool
    slack: bool
    teams: bool
    trial: bool

    def figures(self) -> dict[str, str]:
        """Words for the `{placeholders}` of the inventory's retention texts."""
        return {
            "expiry": count(self.proposal_expiry_days, "day"),
            "reminder": count(self.proposal_reminder_days, "day"),
            "follow_up": count(self.follow_up_days, "day"),
            "retention_months": count(self.retention_months, "month"),
            "notice": duration(RETENTION_NOTICE),
            "follow_up_latest": duration(FOLLOW_UP_LATEST),
            "counts_kept": duration(KEEP_COUNTS),
            "plan_counts_kept": duration(KEEP_PLAN_COUNTS),
            "delivery_attempts": str(self.delivery_attempts),
        }


def service_facts(settings: Settings) -> ServiceFacts:
    """The facts for this configuration."""
    platforms = settings.slack_enabled or bool(settings.teams_app_id)
    trial = settings.trial if settings.trial is not None else not platforms
    return ServiceFacts(
        controller=settings.controller_name or CONTROLLER_UNSET,
        controller_set=settings.controller_name is not None,
        contact_email=settings.contact_email,
        dpo_email=settings.dpo_email,
        site=settings.site,
        proposal_expiry_days=settings.proposal_expiry_days,
        proposal_reminder_days=settings.proposal_reminder_days,
        follow_up_days=settings.follow_up_days,
        proposals_per_week=settings.proposals_per_week,
        retention_months=DEFAULT_RETENTION_MONTHS,
        smallest_shown=SMALLEST_SHOWN,
        max_message_chars=settings.max_message_chars,
        delivery_attempts=settings.delivery_attempts,
        database=database_kind(settings.database_url),
        keys_from_environment=settings.secret_key is not None,
        slack=settings.slack_enabled,
        teams=settings.teams_mode is not None,
        trial=trial,
    )


def database_kind(url: str) -> str:
    """Which database holds the data, in words, from DATABASE_URL; never its address or credentials."""
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        return "a database named by DATABASE_URL (which could not be read)"
    if backend == "postgresql":
        return "a PostgreSQL database (DATABASE_URL), wherever the operator runs it"
    if backend == "sqlite":
        return "a SQLite file on the server's own disk"
    return f"a {backend} database (DATABASE_URL)"


def inventory(facts: ServiceFacts) -> tuple[TableFacts, ...]:
    """Every table, with each column's description and whether it is sealed, from the models themselves."""
    figures = facts.figures()
    found = []
    for table in SQLModel.metadata.sorted_tables:
        entry = TABLES.get(table.name)
        if entry is None:  # tests/bot/storage/test_inventory.py keeps this from happening
            raise LookupError(f"table {table.name} is not described in bot/storage/inventory.py")
        columns = tuple(
            ColumnFacts(column.name, describe(table.name, column.name) or "", is_encrypted(column.type))
            for column in table.columns
        )
        found.append(
            TableFacts(
                table.name,
                entry.holds,
                entry.purpose.format(**figures),
                entry.retention.format(**figures),
                columns,
            )
        )
    order = list(Holds)
    return tuple(sorted(found, key=lambda table: (order.index(table.holds), table.name)))


def count(number: int, unit: str) -> str:
    """'1 day', '14 days'."""
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def duration(span: timedelta) -> str:
    """A whole number of days, hours or minutes in words."""
    seconds = int(span.total_seconds())
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds % size == 0:
            return count(seconds // size, unit)
    return count(seconds, "second")
