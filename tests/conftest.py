"""Each test gets its own database: a fresh SQLite file, and the same on PostgreSQL when a URL is given."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.clock import ManualClock
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.settings import Settings
from bot.storage import keys
from bot.storage.database import make_engine, normalise_url, upgrade
from tests.migrated_copies import migrated_sqlite, postgres_databases
from tests.support import Desk

POSTGRES_ENV = "NOTALONE_TEST_DATABASE_URL"
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


TEST_SECRET = keys.generate_key()
TEST_KEYS = keys.parse_keys(TEST_SECRET)


@pytest.fixture(autouse=True, scope="session")
def encryption_keys() -> Iterator[keys.KeyRing]:
    """What start-up does in the real program: one key ring installed for the process."""
    with keys.using(TEST_KEYS) as ring:
        yield ring


@pytest.fixture(autouse=True)
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Commands run by a test keep their key file in the test's folder, not the user's data folder."""
    path = tmp_path / "keys" / "notalone.key"
    monkeypatch.setenv("NOTALONE_KEY_FILE", str(path))
    return path


def postgres_url() -> str:
    """The PostgreSQL URL to test on, or a skip saying how to give one."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(
            f"needs PostgreSQL: set {POSTGRES_ENV}, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    return url


class DatabaseFactory:
    """Makes fresh, migrated databases of one kind, and cleans them all up afterwards."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind = kind
        self._folder = folder
        self._engines: list[Database] = []
        self._databases: list[str] = []
        self._schemas: list[str] = []

    def url(self) -> str:
        """The URL of a new, empty database."""
        if self.kind == "sqlite":
            return f"sqlite:///{self._sqlite_path()}"
        postgres = postgres_databases(postgres_url())
        if postgres.can_create:
            self._databases.append(postgres.empty())
            return postgres.url_of(self._databases[-1])
        return self._schema_url()

    def new(self) -> Database:
        """A new database with every migration applied."""
        if self.kind == "sqlite":
            database = migrated_sqlite(self._sqlite_path())
        elif (postgres := postgres_databases(postgres_url())).can_create:
            self._databases.append(postgres.migrated())
            database = make_engine(postgres.url_of(self._databases[-1]))
        else:
            database = make_engine(self._schema_url())
            upgrade(database)
        self._engines.append(database)
        return database

    def track(self, database: Database) -> None:
        """Dispose of this engine when the test ends."""
        self._engines.append(database)

    def close(self) -> None:
        for database in self._engines:
            database.dispose()
        if self._databases:
            postgres = postgres_databases(postgres_url())
            for name in self._databases:
                postgres.drop(name)
        if self._schemas:
            admin = make_engine(postgres_url())
            with admin.begin() as connection:
                for schema in self._schemas:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    def _sqlite_path(self) -> Path:
        return self._folder / f"notalone-{uuid.uuid4().hex[:8]}.db"

    def _schema_url(self) -> str:
        """A new schema of the given database, for a role that may not create databases."""
        base = postgres_url()
        schema = f"test_{uuid.uuid4().hex[:12]}"
        admin = make_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        self._schemas.append(schema)
        url = make_url(normalise_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DatabaseFactory]:
    """Fresh databases of the kind this run of the test is for."""
    if request.param == "postgresql":
        postgres_url()
    factory = DatabaseFactory(request.param, tmp_path)
    yield factory
    factory.close()


@pytest.fixture
def database(databases: DatabaseFactory) -> Database:
    """One fresh, migrated database."""
    return databases.new()


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when a test says so."""
    return ManualClock(START)


@pytest.fixture
def settings() -> Settings:
    """Defaults, as an operator who configured nothing would have."""
    return Settings(database_url="sqlite://")


DeskFactory = Callable[..., Desk]


@pytest.fixture
def make_desk(databases: DatabaseFactory, clock: ManualClock) -> DeskFactory:
    """A desk of officers on a fresh database, with settings of the test's choosing."""

    def make(database: Database | None = None, **overrides: object) -> Desk:
        settings = Settings.model_validate({"database_url": "sqlite://", **overrides})
        notifier = RecordingNotifier()
        engine = Core(database or databases.new(), notifier, settings=settings, clock=clock)
        return Desk(engine, notifier)

    return make


@pytest.fixture
def desk(make_desk: DeskFactory, database: Database) -> Desk:
    """A desk of officers on the test's database, with default settings."""
    return make_desk(database)
