"""Connecting to the database and bringing its schema up to date with Alembic."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Engine,
    Integer,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    text,
    true,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import Insert as PostgresqlInsert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Mapped
from sqlmodel import Session, SQLModel
from sqlmodel.sql.expression import SelectOfScalar

from bot.errors import ConfigurationError
from bot.settings import Settings
from bot.storage import keys
from bot.storage.resealing import check_keys_open

SEALING_REVISION = "0004"  # the migration that encrypted personal data


def normalise_url(url: str) -> str:
    """Let operators write plain postgres:// URLs (as hosting platforms do) and still use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


SUPPORTED_DATABASES = ("sqlite", "postgresql")


def make_engine(url: str, **options: Any) -> Engine:
    """An engine with the settings every connection needs (foreign keys and waits on SQLite)."""
    try:
        parsed = make_url(normalise_url(url))
    except Exception as error:
        raise ConfigurationError("DATABASE_URL is not a valid database URL") from error
    if parsed.get_backend_name() not in SUPPORTED_DATABASES:
        raise ConfigurationError(
            f"DATABASE_URL names a database Notalone does not run on ({parsed.get_backend_name()}). Use "
            "PostgreSQL (postgresql://user@host:5432/name) or SQLite (sqlite:///path/to/file.db)."
        )
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True, **options
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True, hide_parameters=True, **options)


Row = TypeVar("Row", bound=SQLModel)

INTAKE_APPLICATION_NAME = "notalone intake"


def intake_engine(database: Engine) -> Engine:
    """An engine for the one-statement write made on every platform request (storing its event).

    On PostgreSQL each statement is its own transaction (one round trip, no BEGIN or COMMIT), committed
    without waiting for the disk, on connections that are not pinged before each use: a connection the
    database dropped fails once and is replaced, and the caller tries again (SQLAlchemy's "optimistic"
    disconnect handling). On SQLite, one process's file, it is the database's own engine."""
    if database.dialect.name != "postgresql":
        return database
    engine = create_engine(
        database.url,
        isolation_level="AUTOCOMMIT",
        hide_parameters=True,
        connect_args={"application_name": INTAKE_APPLICATION_NAME},
    )
    event.listen(engine, "connect", _commit_without_waiting_for_disk)
    return engine


def _commit_without_waiting_for_disk(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")  # for the session, once it commits
    dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # Erased text must not linger in free pages of the file.
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs the packaged migrations on this engine."""
    config = Config()
    config.set_main_option("script_location", str(files("bot.storage") / "migrations"))
    config.attributes["engine"] = engine
    return config


# Any fixed number: every Notalone process asks PostgreSQL for this same lock before migrating.
MIGRATION_LOCK = 7_204_115_001


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied; safe when several processes start at once.

    On PostgreSQL the processes take turns through an advisory lock, so the second finds nothing left to
    do rather than racing the first to create the same tables. SQLite serialises writers itself.
    """
    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine), "head")
        return
    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


def is_current(engine: Engine) -> bool:
    """Whether the database has every migration applied."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        applied = set(MigrationContext.configure(connection).get_current_heads())
    return applied == set(script.get_heads())


def sealing_applied(engine: Engine) -> bool:
    """Whether the migration that encrypts personal data has run on this database."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return any(
        revision.revision == SEALING_REVISION
        for head in heads
        for revision in script.iterate_revisions(head, "base")
        if revision is not None
    )


def prepare_encryption(settings: Settings) -> keys.KeyRing:
    """At start-up: load the keys, install them for the process, and check they open the stored data."""
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    ring = keys.ring_for(secret, settings.key_file)
    keys.install(ring)
    engine = make_engine(settings.database_url)
    try:
        if sealing_applied(engine):
            check_keys_open(engine, ring)
    finally:
        engine.dispose()
    return ring


@contextmanager
def transaction(bind: Engine | Connection) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error.

    Given a connection (not in a transaction) rather than the engine, it runs on that connection: several
    transactions in a row then share one checkout from the pool, and its pre-ping.
    """
    with Session(bind, expire_on_commit=False) as session:
        with session.begin():
            yield session
        if session.info.get(_SCRUB):
            scrub(bind.engine)


def among(
    session: Session, column: Mapped[Any] | ColumnElement[Any], ids: Collection[int]
) -> ColumnElement[bool]:
    """`column IN ids`; on PostgreSQL `column = ANY(ids)`, one array parameter rather than one per id.

    Fifty ids bound one by one cost more to bind than the query costs to run, and every count of ids is
    a statement of its own to prepare.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


def among_bound(dialect: str, column: Mapped[Any] | ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """`column IN :name`, as `among` writes it, for a statement built once and run with the ids bound to
    `name`: building a statement costs more than running it for the few rows matching reads."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


def insert_with_conflicts(dialect: str) -> Callable[[Any], PostgresqlInsert | SqliteInsert]:
    """The INSERT of this kind of database, with its `ON CONFLICT` clauses (PostgreSQL and SQLite both
    have them; SQLAlchemy's portable INSERT does not)."""
    return postgresql_insert if dialect == "postgresql" else sqlite_insert


def add_one(session: Session, table: type[SQLModel], key: dict[str, Any], *, how_many: int = 1) -> int:
    """Add one (or `how_many`) to the `count` of the row of `table` with these `key` values, starting it if
    it is not there yet, and return the new count: one statement, so two transactions counting at once both
    count (the second's insert becomes an update)."""
    statement = _add_one_statement(session.get_bind().dialect.name, table, tuple(key))
    # On the session's connection: to the ORM, values given with an INSERT would be rows to insert.
    parameters = {**{f"key_{name}": value for name, value in key.items()}, "how_many": how_many}
    return int(session.connection().execute(statement, parameters).scalar_one())


@functools.cache
def _add_one_statement(dialect: str, table: type[SQLModel], names: tuple[str, ...]) -> Any:
    """`add_one`'s statement, built once per table and key: building it cost more than running it."""
    columns = [getattr(table, name) for name in names]
    how_many = bindparam("how_many", type_=Integer)
    values = {
        name: bindparam(f"key_{name}", type_=column.type) for name, column in zip(names, columns, strict=True)
    }
    return (
        insert_with_conflicts(dialect)(table)
        .values(**values, count=how_many)
        .on_conflict_do_update(index_elements=columns, set_={"count": table.count + how_many})  # type: ignore[attr-defined]
        .returning(table.count)  # type: ignore[attr-defined]
    )


def found_or_made(session: Session, query: SelectOfScalar[Row], new: Row, *, unique: tuple[str, ...]) -> Row:
    """The row `query` finds; if there is none, `new` is inserted unless a row with the same `unique`
    columns is there by then (`INSERT ... ON CONFLICT DO NOTHING`; on PostgreSQL after waiting for a
    transaction making it to finish), and the row is found again. So several transactions making the same
    row at once all get it, and none fails on another's.

    The values are `new`'s columns as the model made them, defaults included (a plain INSERT would leave
    out defaults that only the model knows)."""
    found = session.exec(query).first()
    if found is not None:
        return found
    columns = [column.key for column in sa_inspect(type(new)).columns if not column.primary_key]
    values = {key: getattr(new, key) for key in columns}
    insert = insert_with_conflicts(session.get_bind().dialect.name)
    session.execute(insert(type(new)).values(values).on_conflict_do_nothing(index_elements=list(unique)))
    return session.exec(query).one()


def lazy_commit_columns(dialect: str) -> tuple[ColumnElement[Any], ...]:
    """Columns to return from a write so that its transaction's commit returns before PostgreSQL has
    flushed it to disk (a round trip instead of a disk flush), without a statement of its own; none on
    SQLite.

    Only for writes whose loss in a database crash harms nobody (a rate-limit count). The database stays
    consistent either way.
    """
    if dialect != "postgresql":
        return ()
    # set_config(..., is_local => true) is SET LOCAL as a function: it holds until the commit.
    return (func.set_config("synchronous_commit", "off", true()),)


_SCRUB = "notalone_scrub"


def request_scrub(session: Session) -> None:
    """Ask for deleted data to be scrubbed from the database files once this transaction commits."""
    session.info[_SCRUB] = True


def scrub_requested(session: Session) -> bool:
    """Whether this transaction asked for deleted data to be scrubbed once it commits."""
    return bool(session.info.get(_SCRUB))


def scrub(engine: Engine) -> None:
    """Leave no copy of deleted rows in SQLite's write-ahead log (secure_delete already zeroes the file).

    PostgreSQL keeps dead row versions until vacuum; SECURITY.md says so.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
