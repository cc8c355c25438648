"""Re-encrypting stored values in batches (the first sealing, key rotation) and checking keys at start-up.

Works on raw column values, below the encrypting column types, so it can read what the models cannot:
values sealed under an older key, or plain values written before encryption existed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    column,
    func,
    inspect,
    not_,
    or_,
    select,
    table,
)
from sqlalchemy import Text as SQLText
from sqlalchemy.sql.expression import TableClause
from sqlmodel import SQLModel

import bot.storage.models  # noqa: F401  (registers the tables whose encrypted columns are found here)
from bot.errors import ConfigurationError
from bot.storage.encrypted import is_encrypted, looks_sealed, may_be_clear
from bot.storage.keys import KEY_ID_LENGTH, SEPARATOR, KeyRing

Progress = Callable[[int], None]


@dataclass(frozen=True)
class SealedTable:
    """A table with encrypted columns, and the primary key to update its rows by."""

    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    # Columns that may hold values written in the clear before they were sealed (Slack tokens).
    may_be_clear: tuple[str, ...] = ()

    def clause(self) -> TableClause:
        """A raw view of the table: every column read and written as plain text."""
        raw = (column(c, SQLText) for c in self.columns)
        return table(self.name, *(column(name) for name in self.key), *raw)


def sealed_tables() -> list[SealedTable]:
    """Every table of the models with encrypted columns (a new encrypted column is picked up by itself)."""
    found = []
    for model_table in SQLModel.metadata.sorted_tables:
        columns = tuple(c.name for c in model_table.columns if is_encrypted(c.type))
        if columns:
            key = tuple(c.name for c in model_table.primary_key.columns)
            clear = tuple(c.name for c in model_table.columns if may_be_clear(c.type))
            found.append(SealedTable(model_table.name, key, columns, clear))
    return found


def _needs_sealing(target: SealedTable, clause: TableClause, ring: KeyRing) -> ColumnElement[bool]:
    prefix = ring.newest_id + ":%"
    return or_(
        *(and_(clause.c[name].is_not(None), not_(clause.c[name].like(prefix))) for name in target.columns)
    )


def pending(connection: Connection, target: SealedTable, ring: KeyRing) -> int:
    """Rows holding a value not yet sealed under the newest key."""
    clause = target.clause()
    statement = select(func.count()).select_from(clause).where(_needs_sealing(target, clause, ring))
    return int(connection.execute(statement).scalar_one())


def reseal_batch(
    connection: Connection, target: SealedTable, ring: KeyRing, *, limit: int, from_plain: bool = False
) -> int:
    """Seal up to `limit` rows under the newest key; returns how many were done (0 when finished)."""
    clause = target.clause()
    keys = [clause.c[name] for name in target.key]
    rows = connection.execute(
        select(*keys, *(clause.c[name] for name in target.columns))
        .where(_needs_sealing(target, clause, ring))
        .order_by(*keys)
        .limit(limit)
    ).all()
    for row in rows:
        values = {}
        for name, stored in zip(target.columns, row[len(keys) :], strict=True):
            if stored is None or ring.is_newest(stored):
                continue
            was_clear = from_plain or (name in target.may_be_clear and not looks_sealed(stored))
            plain = stored.encode("utf-8") if was_clear else ring.decrypt(stored)
            values[name] = ring.encrypt(plain)
        where = and_(*(key == value for key, value in zip(keys, row[: len(keys)], strict=True)))
        connection.execute(clause.update().where(where).values(values))
    return len(rows)


def unseal_all(connection: Connection, target: SealedTable, ring: KeyRing) -> None:
    """Write every value back in plain text (only for undoing the migration that sealed them)."""
    clause = target.clause()
    keys = [clause.c[name] for name in target.key]
    for row in connection.execute(select(*keys, *(clause.c[name] for name in target.columns))).all():
        values = {
            name: ring.decrypt(stored).decode("utf-8")
            for name, stored in zip(target.columns, row[len(keys) :], strict=True)
            if stored is not None
        }
        where = and_(*(key == value for key, value in zip(keys, row[: len(keys)], strict=True)))
        connection.execute(clause.update().where(where).values(values))


def seal_everything(
    engine: Engine, ring: KeyRing, *, batch: int = 500, progress: Progress | None = None
) -> int:
    """Re-encrypt every stored value under the newest key, one committed batch at a time (resumable)."""
    done = 0
    for target in sealed_tables():
        while True:
            with engine.begin() as connection:
                count = reseal_batch(connection, target, ring, limit=batch)
            if count == 0:
                break
            done += count
            if progress is not None:
                progress(count)
    return done


def pending_everywhere(engine: Engine, ring: KeyRing) -> int:
    """Rows in every table still to be sealed under the newest key."""
    with engine.connect() as connection:
        return sum(pending(connection, target, ring) for target in _present(connection))


def check_keys_open(engine: Engine, ring: KeyRing) -> None:
    """Refuse to start when the configured keys cannot open data already stored, naming what is missing."""
    with engine.connect() as connection:
        for target in _present(connection):
            clause = target.clause()
            for name in target.columns:
                stored = clause.c[name]
                kid = func.substr(stored, 1, KEY_ID_LENGTH)
                present: ColumnElement[bool] = stored.is_not(None)
                if name in target.may_be_clear:  # a value still in the clear needs no key to read
                    present = and_(present, func.substr(stored, KEY_ID_LENGTH + 1, 1) == SEPARATOR)
                samples = connection.execute(select(kid, func.min(stored)).where(present).group_by(kid)).all()
                for found_id, sample in samples:
                    if found_id not in ring.ids:
                        raise ConfigurationError(_missing_key(found_id, ring))
                    ring.decrypt(sample)


def _missing_key(found_id: str, ring: KeyRing) -> str:
    return (
        f"the database holds data encrypted with key {found_id}, but the configured keys are "
        f"{', '.join(ring.ids)}. Set NOTALONE_SECRET_KEY to the keys used before (newest first, "
        "comma-separated) or restore the key file (NOTALONE_KEY_FILE); nothing was changed."
    )


def _present(connection: Connection) -> Iterable[SealedTable]:
    existing = set(inspect(connection).get_table_names())
    return [target for target in sealed_tables() if target.name in existing]
