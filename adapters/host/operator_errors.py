"""One clear sentence for each failure an operator can cause or mend: what is wrong and what to do.

The commands print it instead of a traceback; `--debug` (or NOTALONE_LOG_LEVEL=debug) shows the
traceback as well. Nothing here ever reaches an officer."""

from __future__ import annotations

import errno

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.storage.database import normalise_url

DEBUG_HINT = "Run again with --debug for the details."

# Phrases of the database drivers' own messages, and what each means to an operator.
_DATABASE_REASONS = (
    ("connection refused", "nothing answers there. Is the database running, and is the address right?"),
    ("does not exist", "that database does not exist. Create it, or correct the name in DATABASE_URL."),
    ("password authentication failed", "the user name or password was refused. Check DATABASE_URL."),
    ("no password supplied", "it asks for a password and DATABASE_URL gives none."),
    ("could not translate host name", "that host name is not known. Check DATABASE_URL."),
    ("timeout expired", "it did not answer in time. Is the address right, and does a firewall allow it?"),
    ("unable to open database file", "the file cannot be made there. Does its folder exist? May we write?"),
)


def explain(error: BaseException, database_url: str | None) -> str | None:
    """The sentence for an error an operator can mend, or None for a fault of ours (a traceback is due)."""
    if isinstance(error, OperationalError):
        reason = next(
            (meaning for phrase, meaning in _DATABASE_REASONS if phrase in str(error.orig).lower()),
            "it refused the connection. Check that it is running and that DATABASE_URL is right.",
        )
        return f"Cannot open the database {_where(database_url)}: {reason}"
    if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:
        return (
            "The port is already in use by another program (perhaps another `notalone serve`). "
            "Stop it, or choose another port with PORT=…"
        )
    return None


def _where(database_url: str | None) -> str:
    """The database's kind and place, never its password."""
    try:
        url = make_url(normalise_url(database_url or ""))
    except Exception:
        return "named by DATABASE_URL"
    if url.get_backend_name() == "sqlite":
        return f"file {url.database}"
    port = f":{url.port}" if url.port else ""
    return f"{url.database} at {url.host or 'localhost'}{port}"
