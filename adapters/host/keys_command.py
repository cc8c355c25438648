"""`notalone keys`: make a new encryption key, or re-encrypt everything stored under the newest key."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

BAR_WIDTH = 30


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `keys` command group."""
    keys = subparsers.add_parser("keys", help="manage the keys that encrypt personal data at rest")
    actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    actions.add_parser(
        "generate",
        help="print a new key",
        description="Prints a new Fernet key. Put it first in NOTALONE_SECRET_KEY (keys are comma-separated, "
        "newest first), keep the older keys after it, restart, then run `notalone keys rotate`.",
    )
    rotate = actions.add_parser(
        "rotate",
        help="re-encrypt every stored value under the newest key (resumable)",
        description="Re-encrypts, in batches, every value not yet under the first key of "
        "NOTALONE_SECRET_KEY. Safe to interrupt and run again: what is already done is skipped. "
        "Once it reports nothing left, older keys can be removed from NOTALONE_SECRET_KEY.",
    )
    rotate.add_argument("--batch", type=int, default=500, help="rows per transaction (default 500)")


def run(arguments: argparse.Namespace, *, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run `keys generate` or `keys rotate`."""
    # Imported here: `notalone --help` reads this module for its options, and must not wait for the
    # database and settings libraries.
    from bot.settings import Settings
    from bot.storage.database import make_engine, prepare_encryption, sealing_applied
    from bot.storage.keys import generate_key
    from bot.storage.resealing import pending_everywhere, seal_everything

    if arguments.keys_command == "generate":
        print(generate_key(), file=out)
        return 0
    settings = Settings()
    ring = prepare_encryption(settings)
    database = make_engine(settings.database_url)
    try:
        if not sealing_applied(database):
            print("notalone: the database needs `notalone db upgrade` before keys can rotate.", file=err)
            return 1
        total = pending_everywhere(database, ring)
        bar = ProgressBar(total, err)
        done = seal_everything(database, ring, batch=max(1, arguments.batch), progress=bar.advance)
        bar.finish()
    finally:
        database.dispose()
    print(f"Re-encrypted {done} rows under key {ring.newest_id}; nothing is left under older keys.", file=out)
    return 0


class ProgressBar:
    """A one-line progress bar, redrawn in place on a terminal (or on standard error)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self._total = total
        self._done = 0
        self._stream = stream
        self._draw()

    def advance(self, count: int) -> None:
        """Count some rows as done."""
        self._done += count
        self._draw()

    def finish(self) -> None:
        """End the line."""
        print(file=self._stream, flush=True)

    def _draw(self) -> None:
        share = self._done / self._total if self._total else 1.0
        filled = min(BAR_WIDTH, int(share * BAR_WIDTH))
        line = f"\rRe-encrypting [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self._done}/{self._total} rows"
        self._stream.write(line)
        self._stream.flush()
