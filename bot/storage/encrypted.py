"""Column types that encrypt on the way into the database and decrypt on the way out.

The core reads and writes plain values; only the stored form is sealed, with the key ring installed at
start-up (bot.storage.keys). Sealed values cannot be compared in SQL: nothing filters on these columns.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from bot.storage.keys import installed


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


def is_encrypted(column_type: Any) -> bool:
    """Whether a column's type seals its values."""
    return isinstance(column_type, EncryptedText | EncryptedJSON)
