"""Who administers a workspace: its platform admins, its installer, and whom an admin appointed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot import wording
from bot.domain.workspaces import WorkspaceRef, ensure_workspace_row, workspace_row
from bot.errors import UserFacingError
from bot.storage.models import AdminRole, Officer, WorkspaceAdmin


class NotAnAdmin(UserFacingError):
    """The acting officer does not administer the workspace they tried to read or change."""

    def __init__(self) -> None:
        super().__init__(wording.NOT_AN_ADMIN)


def is_admin(session: Session, officer: Officer | None, workspace: WorkspaceRef) -> bool:
    """Whether this officer administers this workspace (never any other workspace)."""
    if officer is None or (officer.platform, officer.workspace_id) != (
        workspace.platform,
        workspace.workspace_id,
    ):
        return False
    if officer.platform_admin:
        return True
    row = workspace_row(session, workspace)
    if row is None:
        return False
    appointed = session.exec(
        select(WorkspaceAdmin.id).where(
            WorkspaceAdmin.workspace_ref == row.id, WorkspaceAdmin.user_id == officer.user_id
        )
    ).first()
    return appointed is not None


def require_admin(session: Session, officer: Officer | None, workspace: WorkspaceRef) -> Officer:
    """The officer, if they administer the workspace; otherwise refuse and change nothing."""
    if officer is None or not is_admin(session, officer, workspace):
        raise NotAnAdmin()
    return officer


def appointed_admins(session: Session, workspace: WorkspaceRef) -> list[WorkspaceAdmin]:
    """The workspace's installer and appointed admins, in the order they were added."""
    row = workspace_row(session, workspace)
    if row is None:
        return []
    statement = (
        select(WorkspaceAdmin).where(WorkspaceAdmin.workspace_ref == row.id).order_by(col(WorkspaceAdmin.id))
    )
    return list(session.exec(statement).all())


def appoint(
    session: Session, workspace: WorkspaceRef, user_id: str, *, role: AdminRole, now: datetime
) -> bool:
    """Make a platform user an admin of the workspace; False if they already were."""
    row = ensure_workspace_row(session, workspace, now=now)
    assert row.id is not None
    exists = session.exec(
        select(WorkspaceAdmin.id).where(
            WorkspaceAdmin.workspace_ref == row.id, WorkspaceAdmin.user_id == user_id
        )
    ).first()
    if exists is not None:
        return False
    session.add(WorkspaceAdmin(workspace_ref=row.id, user_id=user_id, role=role, created_at=now))
    session.flush()
    return True


def remove(session: Session, workspace: WorkspaceRef, user_id: str) -> bool:
    """Stop a user administering the workspace (platform admins stay admins); False if they were not one."""
    row = workspace_row(session, workspace)
    if row is None:
        return False
    result = session.exec(
        delete(WorkspaceAdmin).where(
            col(WorkspaceAdmin.workspace_ref) == row.id, col(WorkspaceAdmin.user_id) == user_id
        )
    )
    return bool(result.rowcount)
