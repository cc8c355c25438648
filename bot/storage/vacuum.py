"""After an erasure on PostgreSQL, vacuum the tables it touched, so the erased rows' sealed values do
not linger in dead row versions until autovacuum gets round to them.

An erasure leaves a mark (one row, nothing else: no id, no time) in its own transaction; the periodic
job takes the mark and vacuums. SQLite needs none of this: `secure_delete` zeroes deleted content and
the erasure's commit checkpoints the write-ahead log (bot.storage.database.scrub).
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, inspect
from sqlmodel import Session, col

from bot.storage.database import insert_with_conflicts
from bot.storage.models import ErasureMark

MARK_ROW = 1
# Every table an erasure deletes from or updates (bot/domain/erasure.py and what it calls).
ERASED_TABLES = (
    "officer",
    "plan",
    "conversation",
    "match_proposal",
    "match_number",
    "introduction",
    "audit_event",
    "workspace_admin",
    "organisation",
    "conversation_reference",
    "pending_delivery",
    "inbound_event",
    "circle_member",
    "follow_up",
    "match_feedback",
    "slack_installations",
)


def mark_erasure(session: Session) -> None:
    """Say, in the erasing transaction, that a vacuum is due (PostgreSQL only)."""
    dialect = session.get_bind().dialect.name
    if dialect != "postgresql":
        return
    insert = insert_with_conflicts(dialect)
    session.execute(insert(ErasureMark).values(id=MARK_ROW).on_conflict_do_nothing(index_elements=["id"]))


def vacuum_after_erasure(engine: Engine) -> bool:
    """Vacuum the erased tables if an erasure happened since the last run; True if it did. Safe in several
    processes at once: one of them takes the mark."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.begin() as connection:
        taken = connection.execute(delete(ErasureMark).returning(col(ErasureMark.id))).first()
    if taken is None:
        return False
    try:
        # VACUUM cannot run inside a transaction.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            present = set(inspect(connection).get_table_names())
            for table in ERASED_TABLES:
                if table in present:
                    connection.exec_driver_sql(f'VACUUM "{table}"')
    except Exception:
        with Session(engine) as session, session.begin():
            mark_erasure(session)  # put the mark back: the next run tries again
        raise
    return True
