"""Keyed hashes that stand for people's identifiers at rest, where a platform id is personal (the
console knows its officers by their email address).

The hash key is derived, with the same helper as the key ring's fingerprints, from a random root kept in
the database and sealed under the data keys. Whoever holds the database without the keys can neither
reverse a hash nor test a guessed address against it; and since `notalone keys rotate` reseals the root
without changing it, every hash, and so every officer, is found again after a rotation.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import SystemClock
from bot.storage.database import insert_with_conflicts, transaction
from bot.storage.keys import derive_key, keyed_hash
from bot.storage.models import IdentitySecret

ROOT_ROW = 1
PURPOSE = b"notalone identity"


class IdentityHasher:
    """Turns an identifier into the keyed hash stored in its place."""

    def __init__(self, root: str) -> None:
        self._key = derive_key(root.encode("ascii"), PURPOSE)

    def hash(self, identifier: str) -> str:
        """The keyed hash of one identifier: the same every time, for every process on this database."""
        return keyed_hash(self._key, identifier)


def new_root() -> str:
    """A fresh random root (256 bits)."""
    return secrets.token_urlsafe(32)


def identity_root(session: Session) -> str:
    """The database's root, made on first use; processes making it at once all get the same one."""
    found = session.get(IdentitySecret, ROOT_ROW)
    if found is not None:
        return found.secret
    insert = insert_with_conflicts(session.get_bind().dialect.name)
    values = {"id": ROOT_ROW, "secret": new_root(), "created_at": SystemClock().now()}
    session.execute(insert(IdentitySecret).values(values).on_conflict_do_nothing(index_elements=["id"]))
    made = session.get(IdentitySecret, ROOT_ROW, populate_existing=True)
    assert made is not None
    return made.secret


def identity_hasher(database: Engine) -> IdentityHasher:
    """The hasher for this database (its root is made on first use)."""
    with transaction(database) as session:
        return IdentityHasher(identity_root(session))
