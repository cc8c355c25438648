"""The key ring that encrypts personal data at rest, loaded once at start-up and installed for the process.

Keys come from NOTALONE_SECRET_KEY (Fernet keys, comma-separated, newest first) or, for the embedded
default, from a key file made on first run with owner-only permissions. Every stored value carries the
id of the key that sealed it, so rotation can find what is left to do and a wrong key is named early.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from bot.errors import ConfigurationError

KEY_ID_LENGTH = 8
SEPARATOR = ":"


def key_id(key: bytes) -> str:
    """A short public name for a key: a hash that reveals nothing usable about it."""
    return hashlib.sha256(b"notalone key id\0" + key).hexdigest()[:KEY_ID_LENGTH]


def derive_key(root: bytes, purpose: bytes) -> bytes:
    """A key for one purpose from a root key (HMAC-SHA256 of the purpose): purposes never share a key."""
    return hmac.new(root, purpose, hashlib.sha256).digest()


def keyed_hash(key: bytes, text: str) -> str:
    """HMAC-SHA256 of a text, shortened to 128 bits: equal texts give equal hashes, and nobody without
    the key can reverse one or test a guess against it."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


class KeyRing:
    """Fernet keys, newest first: the newest seals, any of them opens."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ConfigurationError("no encryption key given")
        try:
            self._fernets = {key_id(key): Fernet(key) for key in keys}
        except (ValueError, TypeError) as error:
            raise ConfigurationError(
                "NOTALONE_SECRET_KEY must be Fernet keys (from `notalone keys generate`), comma-separated"
            ) from error
        self.newest_id = key_id(keys[0])
        self._newest = self._fernets[self.newest_id]
        self._fingerprint_key = derive_key(keys[0], b"notalone fingerprint")

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of every key, newest first."""
        return tuple(self._fernets)

    def encrypt(self, plain: bytes) -> str:
        """Seal bytes under the newest key, prefixed with that key's id."""
        return self.newest_id + SEPARATOR + self._newest.encrypt(plain).decode("ascii")

    def decrypt(self, stored: str) -> bytes:
        """Open a stored value with the key that sealed it."""
        kid, _, token = stored.partition(SEPARATOR)
        fernet = self._fernets.get(kid)
        if fernet is None:
            raise ConfigurationError(
                f"stored data was encrypted with key {kid!r}, which is not among the configured keys"
            )
        try:
            return fernet.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError) as error:
            message = f"stored data does not open with key {kid!r}: a wrong key, or damaged data"
            raise ConfigurationError(message) from error

    def fingerprint(self, text: str) -> str:
        """A keyed hash: equal texts give equal fingerprints, and nobody without the key can reverse it."""
        return keyed_hash(self._fingerprint_key, text)

    def is_newest(self, stored: str) -> bool:
        """Whether a stored value is already sealed under the newest key."""
        return stored.startswith(self.newest_id + SEPARATOR)


_installed: KeyRing | None = None


def install(ring: KeyRing | None) -> KeyRing | None:
    """Make this the process's key ring (done once at start-up); returns the one it replaces."""
    global _installed
    previous, _installed = _installed, ring
    return previous


def installed() -> KeyRing:
    """The process's key ring, or a clear error if start-up did not install one."""
    if _installed is None:
        raise ConfigurationError("no encryption keys installed: start-up must call bot.storage.keys.install")
    return _installed


@contextmanager
def using(ring: KeyRing) -> Iterator[KeyRing]:
    """Install a key ring for the length of a block (tests, one-off commands)."""
    previous = install(ring)
    try:
        yield ring
    finally:
        install(previous)


def parse_keys(text: str) -> KeyRing:
    """A key ring from comma-separated keys, newest first."""
    keys = [part.strip().encode("ascii", "replace") for part in text.split(",") if part.strip()]
    if not keys:
        raise ConfigurationError("NOTALONE_SECRET_KEY is set but holds no key")
    return KeyRing(keys)


def generate_key() -> str:
    """A new random Fernet key, as text."""
    return Fernet.generate_key().decode("ascii")


def key_file_ring(path: Path) -> KeyRing:
    """The key in the key file, made with owner-only permissions on first run."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: read theirs
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(generate_key() + "\n")
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise ConfigurationError(
            f"the key file {path} can be read by other users: run `chmod 600 {path}` and start again"
        )
    return parse_keys(path.read_text(encoding="ascii"))


def ring_for(secret_key: str | None, key_file: Path) -> KeyRing:
    """The operator's keys if configured, otherwise the embedded default's key file."""
    if secret_key is not None and secret_key.strip():
        return parse_keys(secret_key)
    return key_file_ring(key_file)
