"""Console officers are known by their email address on screen, and by a keyed hash of it at rest.

The address typed after `/as` becomes the hash the core stores as the officer's user id (see
bot/storage/identities.py); the console prints each recipient's address, found again from the officer's
sealed email when they were not typed in this run.
"""

from __future__ import annotations

from sqlalchemy import Engine as Database

from adapters.console.translate import identity_for
from bot.domain.officers import find_officer
from bot.messages import Identity
from bot.storage.database import transaction
from bot.storage.identities import IdentityHasher, identity_hasher


class ConsoleIdentities:
    """Email addresses to the identities stored for them, and back for printing."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._hasher: IdentityHasher | None = None
        self._emails: dict[Identity, str] = {}

    def identity_of(self, email: str) -> Identity:
        """The identity the core knows this address by (the same in every run on this database)."""
        if self._hasher is None:
            self._hasher = identity_hasher(self._database)
        address = email.lower()
        identity = identity_for(self._hasher.hash(address))
        self._emails[identity] = address
        return identity

    def email_of(self, identity: Identity) -> str:
        """The address to print for a recipient: as typed, or from their stored (sealed) email."""
        known = self._emails.get(identity)
        if known is not None:
            return known
        with transaction(self._database) as session:
            officer = find_officer(session, identity)
            email = officer.email if officer is not None else None
        if email is None:
            return identity.user_id  # erased before this run: only the hash is left
        self._emails[identity] = email.lower()
        return email.lower()
