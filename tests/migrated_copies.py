"""Fresh migrated databases for tests, each a copy of one database migrated once per test process.

Running every migration costs about 0.2 s a database. A copy is the same schema at the same revision,
made by the database itself, so a test sees exactly what `upgrade` would have made:
- SQLite: SQLite's backup API copies a migrated file (about 2 ms).
- PostgreSQL: `CREATE DATABASE … TEMPLATE` copies a migrated database (about 30 ms). Where the role
  given may not create databases, each test gets a schema of its own and migrates it, as before.
The migrations themselves are run for real in tests/bot/storage/ and by every multi-process test.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import threading
import uuid
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.storage.database import make_engine, normalise_url, upgrade

_lock = threading.Lock()
_sqlite_template: Path | None = None


def _migrated_sqlite_template() -> Path:
    global _sqlite_template
    with _lock:
        if _sqlite_template is None:
            folder = Path(tempfile.mkdtemp(prefix="notalone-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            path = folder / "template.db"
            database = make_engine(f"sqlite:///{path}")
            upgrade(database)
            database.dispose()
            _sqlite_template = path
        return _sqlite_template


def migrated_sqlite(path: Path) -> Database:
    """A new SQLite database file at `path` with every migration applied, and an engine on it."""
    template = _migrated_sqlite_template()
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(path)) as target:
        source.backup(target)
    return make_engine(f"sqlite:///{path}")


class PostgresDatabases:
    """Databases of their own for tests on one PostgreSQL server, dropped when the test ends."""

    def __init__(self, base_url: str) -> None:
        self._base = make_url(normalise_url(base_url))
        self._admin = make_engine(base_url, isolation_level="AUTOCOMMIT")
        self._template: str | None = None
        with self._admin.connect() as connection:
            self.can_create = bool(
                connection.execute(
                    text("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
                ).scalar_one()
            )
            self._copy_strategy = (
                " STRATEGY WAL_LOG"  # copies a small database in a few milliseconds, without a checkpoint
                if int(str(connection.execute(text("SHOW server_version_num")).scalar_one())) >= 150000
                else ""
            )

    def url_of(self, name: str) -> str:
        return self._base.set(database=name).render_as_string(hide_password=False)

    def empty(self) -> str:
        """The name of a new database with no tables."""
        name = f"notalone_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return name

    def migrated(self) -> str:
        """The name of a new database with every migration applied."""
        name = f"notalone_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self._migrated_template()}"'
                                    f"{self._copy_strategy}"))  # fmt: skip
        return name

    def drop(self, name: str) -> None:
        """Drop a test's database, closing whatever connections its processes left open."""
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def _migrated_template(self) -> str:
        with _lock:
            if self._template is None:
                name = self.empty()
                atexit.register(self.drop, name)
                template = make_engine(self.url_of(name))
                upgrade(template)
                template.dispose()  # a database being copied must have nobody connected
                self._template = name
            return self._template


_postgres: dict[str, PostgresDatabases] = {}


def postgres_databases(base_url: str) -> PostgresDatabases:
    """The one PostgresDatabases of this process for this server."""
    with _lock:
        if base_url not in _postgres:
            _postgres[base_url] = PostgresDatabases(base_url)
        return _postgres[base_url]
