"""What someone holding a copy of the database would read: the SQLite file and its write-ahead log, or
`pg_dump`'s plain output; and which personal values such a copy holds in the clear.

Values are looked for whole and at least MIN_LENGTH characters long, so that random ciphertext can never
spell one by chance (a search for "Jane" once failed because a sealed value happened to contain it): a
value found is a value stored in the clear.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

# 12 characters of URL-safe base64 come out the same by chance once in 64**12 (about 5 * 10**21).
MIN_LENGTH = 12


def in_the_clear(copy: bytes, values: Iterable[str]) -> list[str]:
    """The values that this copy holds in the clear, whatever their case."""
    values = list(values)
    short = [value for value in values if len(value) < MIN_LENGTH]
    assert not short, f"too short to tell from ciphertext (under {MIN_LENGTH} characters): {short}"
    lowered = copy.lower()
    return [value for value in values if value.lower().encode() in lowered]


def database_copy(database: Database) -> bytes:
    """Everything a copy of this database holds, as bytes: its files on SQLite, its dump on PostgreSQL."""
    if database.dialect.name == "sqlite":
        return sqlite_files(Path(str(database.url.database)))
    return pg_dump(database)


def sqlite_files(path: Path) -> bytes:
    """The database file and its write-ahead log, as anyone copying them would have them."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def pg_dump(database: Database) -> bytes:
    """`pg_dump`'s plain output of this database's schema (the test's own), or a skip saying why not."""
    with database.connect() as connection:
        schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
        version = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    program = pg_dump_program(version // 10000)
    url = database.url.set(drivername="postgresql", query={})
    done = subprocess.run(
        [program, "--format=plain", f"--schema={schema}", "--no-owner", "--no-privileges",
         f"--dbname={url.render_as_string(hide_password=False)}"],
        capture_output=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    if b"server version mismatch" in done.stderr:
        pytest.skip(f"{program} is older than the PostgreSQL server: {done.stderr.decode().strip()}")
    assert done.returncode == 0, f"{program} failed: {done.stderr.decode()}"
    assert f"COPY {schema}.".encode() in done.stdout, f"the dump of {schema} holds no rows"
    return done.stdout


def pg_dump_program(server_major: int) -> str:
    """The server's own version of pg_dump if installed (Debian keeps one per version), else the one on
    PATH; a skip if there is none."""
    own = Path(f"/usr/lib/postgresql/{server_major}/bin/pg_dump")
    found = str(own) if own.exists() else shutil.which("pg_dump")
    if found is None:
        pytest.skip(f"needs pg_dump (PostgreSQL {server_major} client) on PATH to read the database's dump")
    return found
