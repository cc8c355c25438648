"""Column types that encrypt on the way into the database and decrypt on the way out.

The core reads and writes plain values; only the stored form is sealed, with the key ring installed at
start-up (bot.storage.keys). Sealed values cannot be compared in SQL: nothing filters on these columns.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from bot.storage.keys import KEY_ID_LENGTH, SEPARATOR, installed

_SEALED_PREFIX = re.compile(f"^[0-9a-f]{{{KEY_ID_LENGTH}}}{SEPARATOR}")


class EncryptedText(TypeDecorator[str]):
    """Text stored sealed under the newest key."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else installed().encrypt(value.encode("utf-8"))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else installed().decrypt(str(value)).decode("utf-8")


class EncryptedJSON(TypeDecorator[Any]):
    """JSON-ready data (dicts, lists) stored sealed; for drafts and platform conversation references."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        plain = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return installed().encrypt(plain.encode("utf-8"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else json.loads(installed().decrypt(str(value)))


class SealedSecret(EncryptedText):
    """A credential stored sealed (a Slack token in slack_sdk's tables), where rows written before sealing
    may still hold it in the clear: those are read as they are, and sealed by their next save or by
    `notalone keys rotate`."""

    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or not looks_sealed(str(value)):
            return None if value is None else str(value)
        return super().process_result_value(value, dialect)


def looks_sealed(stored: str) -> bool:
    """Whether a stored value is sealed (a key id and ":"); no credential of a platform starts so."""
    return bool(_SEALED_PREFIX.match(stored))


def is_encrypted(column_type: Any) -> bool:
    """Whether a column's type seals its values."""
    return isinstance(column_type, EncryptedText | EncryptedJSON)


def may_be_clear(column_type: Any) -> bool:
    """Whether a sealed column may still hold values written in the clear before it was sealed."""
    return isinstance(column_type, SealedSecret)
