"""The audit log: who changed which setting, and when. Never any text.

A workspace's admins see the changes made to their workspace. Consent events (a proposal sent, accepted,
declined) are recorded too, but only operators see them one by one: shown to an admin, the time of a
decline next to an acceptance could reveal a decline (DESIGN.md rules 2 and 4). Admins see them as the
monthly counts in the statistics.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.domain.workspaces import WorkspaceRef
from bot.storage.models import AuditEvent, Officer

ADMIN_ACTIONS = ("setting_changed", "admin_appointed", "admin_removed", "installed")
OPERATOR = "operator"
ERASED = "an officer since erased"


@dataclass(frozen=True)
class AuditLine:
    """One audit event, as a person reads it."""

    at: datetime
    who: str
    action: str
    setting: str
    object_type: str
    object_id: int | None


def audit_lines(
    session: Session, workspace: WorkspaceRef | None, *, admin_view: bool, limit: int = 10_000
) -> list[AuditLine]:
    """The workspace's audit events, newest first (all workspaces when None: operators only).

    In the admin view, only admin actions, with the admin's name; in the operator view, every event, with
    the acting officer's id only.
    """
    statement = select(AuditEvent, Officer).outerjoin(Officer, col(Officer.id) == col(AuditEvent.officer_id))
    if workspace is not None:
        statement = statement.where(
            AuditEvent.platform == workspace.platform, AuditEvent.workspace_id == workspace.workspace_id
        )
    if admin_view:
        statement = statement.where(col(AuditEvent.action).in_(ADMIN_ACTIONS))
    statement = statement.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    lines = []
    for event, officer in session.exec(statement).all():
        lines.append(
            AuditLine(
                at=event.at,
                who=_who(event, officer, admin_view=admin_view),
                action=event.action,
                setting=event.detail or "",
                object_type=event.object_type,
                object_id=event.object_id,
            )
        )
    return lines


def _who(event: AuditEvent, officer: Officer | None, *, admin_view: bool) -> str:
    if event.by_operator:
        return OPERATOR
    if officer is None:
        return ERASED
    if admin_view:
        return officer.name or officer.user_id
    return f"officer {officer.id}"


def audit_csv(lines: Sequence[AuditLine]) -> str:
    """The audit lines as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("when", "who", "action", "setting", "object", "object_id"))
    for line in lines:
        writer.writerow(
            (
                line.at.isoformat(timespec="seconds"),
                line.who,
                line.action,
                line.setting,
                line.object_type,
                "" if line.object_id is None else line.object_id,
            )
        )
    return out.getvalue()
