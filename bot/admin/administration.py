"""The admin port: what adapters (settings forms, home pages) and the command line call.

Each call is one transaction. A call on behalf of an officer names them and the workspace acted upon;
it is refused, changing nothing, unless that officer administers that very workspace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine as Database
from sqlmodel import Session, select

from bot import wording
from bot.admin.authority import NotAnAdmin, is_admin
from bot.admin.form import SettingsForm
from bot.admin.service import (
    change_admin,
    describe_settings,
    record_installer,
    save_settings,
    settings_form,
)
from bot.admin.stats import WorkspaceStats, stats_text, workspace_stats
from bot.clock import Clock
from bot.delivery.sending import Sender
from bot.domain.audit import AuditLine, audit_lines
from bot.domain.directory import CouncilDirectory
from bot.domain.officers import find_officer, identity_of
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Identity, Message, Outbox
from bot.storage.database import transaction
from bot.storage.models import Officer, Workspace


@dataclass(frozen=True)
class Saved:
    """The result of a save: the settings changed, or the mistakes by field (then nothing changed)."""

    changed: tuple[str, ...]
    errors: Mapping[str, str]


class Administration:
    """Workspace settings, statistics and audit log, for admins and operators."""

    def __init__(
        self,
        database: Database,
        sender: Sender,
        *,
        directory: CouncilDirectory,
        clock: Clock,
        defaults: Mapping[str, int],
    ) -> None:
        self._database = database
        self._sender = sender
        self._directory = directory
        self._clock = clock
        self._defaults = dict(defaults)

    # --- For officers who administer their workspace ------------------------------------------

    def form(self, actor: Identity, workspace: WorkspaceRef) -> SettingsForm:
        """The settings form; raises NotAnAdmin unless the actor administers this workspace."""
        with transaction(self._database) as session:
            officer = find_officer(session, actor)
            return settings_form(session, _required(officer), workspace, directory=self._directory)

    def save(self, actor: Identity, workspace: WorkspaceRef, answers: Mapping[str, object]) -> Saved:
        """Apply an admin's answers; on any mistake nothing changes. Raises NotAnAdmin for anyone else."""
        outbox = Outbox()
        with transaction(self._database) as session:
            officer = _required(find_officer(session, actor))
            saved = self._save(session, officer, workspace, answers, outbox)
            batch = self._sender.queue(session, outbox)
        self._sender.send(batch)
        return saved

    def is_admin(self, actor: Identity) -> bool:
        """Whether this officer administers their own workspace."""
        with transaction(self._database) as session:
            return is_admin(session, find_officer(session, actor), WorkspaceRef.of(actor))

    def record_platform_admin(self, actor: Identity, platform_admin: bool) -> bool:
        """Record whether the platform now says a known officer administers their workspace.

        Adapters call this just before opening the settings form, so someone the platform no longer
        treats as an admin is refused at once rather than at their next message. False for someone unknown.
        """
        with transaction(self._database) as session:
            officer = find_officer(session, actor)
            if officer is None:
                return False
            if officer.platform_admin != platform_admin:
                officer.platform_admin = platform_admin
                session.add(officer)
            return True

    def home_in(self, session: Session, actor: Identity, officer: Officer | None) -> str | None:
        """Settings and statistics for a platform's home page, in the caller's transaction, for the acting
        officer found already; None unless they administer their workspace."""
        workspace = WorkspaceRef.of(actor)
        if not is_admin(session, officer, workspace):
            return None
        summary = describe_settings(session, workspace, directory=self._directory, defaults=self._defaults)
        stats = workspace_stats(
            session,
            workspace,
            directory=self._directory,
            now=self._clock.now(),
            viewer_organisation=officer.organisation_id if officer else None,
        )
        return wording.ADMIN_MENU.format(settings=summary) + "\n\n" + stats_text(stats)

    def installed(self, workspace: WorkspaceRef, installer_user_id: str) -> None:
        """Record who installed Notalone in a workspace: they administer it."""
        with transaction(self._database) as session:
            record_installer(session, workspace, installer_user_id, now=self._clock.now())

    # --- For operators at the command line (trusted: they run the database) --------------------

    def operator_form(self, workspace: WorkspaceRef) -> SettingsForm:
        """The settings form, for an operator."""
        with transaction(self._database) as session:
            return settings_form(session, None, workspace, directory=self._directory)

    def operator_save(self, workspace: WorkspaceRef, answers: Mapping[str, object]) -> Saved:
        """Apply settings as an operator; recorded in the audit log as the operator."""
        outbox = Outbox()
        with transaction(self._database) as session:
            saved = self._save(session, None, workspace, answers, outbox)
            batch = self._sender.queue(session, outbox)
        self._sender.send(batch)
        return saved

    def operator_appoint(self, workspace: WorkspaceRef, user_id: str, *, appoint: bool) -> bool:
        """Make a platform user an admin of the workspace (or stop them being one); False if no change.
        Someone appointed who has used Notalone is told, as when an admin appoints them."""
        outbox = Outbox()
        with transaction(self._database) as session:
            changed = change_admin(session, None, workspace, user_id, appoint=appoint, now=self._clock.now())
            appointed = find_officer(session, Identity(workspace.platform, workspace.workspace_id, user_id))
            if changed and appoint and appointed is not None and appointed.reachable:
                outbox.add(identity_of(appointed), Message(wording.ADMIN_YOU_WERE_APPOINTED))
            batch = self._sender.queue(session, outbox)
        self._sender.send(batch)
        return changed

    def operator_summary(self, workspace: WorkspaceRef) -> str:
        """The settings as text."""
        with transaction(self._database) as session:
            return describe_settings(session, workspace, directory=self._directory, defaults=self._defaults)

    def stats(self, workspace: WorkspaceRef) -> WorkspaceStats:
        """The workspace's statistics, small counts suppressed as admins see them."""
        with transaction(self._database) as session:
            return workspace_stats(session, workspace, directory=self._directory, now=self._clock.now())

    def audit(self, workspace: WorkspaceRef | None) -> list[AuditLine]:
        """Every audit event (of one workspace, or all), with officers by id only."""
        with transaction(self._database) as session:
            return audit_lines(session, workspace, admin_view=False)

    def workspaces(self) -> list[WorkspaceRef]:
        """Every workspace with officers or settings."""
        with transaction(self._database) as session:
            configured = session.exec(select(Workspace.platform, Workspace.workspace_id)).all()
            used = session.exec(select(Officer.platform, Officer.workspace_id).distinct()).all()
        return sorted({WorkspaceRef(p, w) for p, w in [*configured, *used]})

    def _save(
        self,
        session: Session,
        officer: Officer | None,
        workspace: WorkspaceRef,
        answers: Mapping[str, object],
        outbox: Outbox,
    ) -> Saved:
        outcome = save_settings(
            session, officer, workspace, answers, directory=self._directory, now=self._clock.now()
        )
        if outcome.errors:
            return Saved((), dict(outcome.errors))
        for appointed in outcome.appointed:
            if appointed.reachable:
                outbox.add(identity_of(appointed), Message(wording.ADMIN_YOU_WERE_APPOINTED))
        if officer is not None:
            if outcome.changed:
                labels = ", ".join(wording.SETTING_LABELS[key].lower() for key in outcome.changed)
                text = wording.ADMIN_SAVED.format(changes=labels)
            else:
                text = wording.ADMIN_NOTHING_CHANGED
            outbox.add(identity_of(officer), Message(text))
        return Saved(tuple(outcome.changed), {})


def _required(officer: Officer | None) -> Officer:
    if officer is None:
        raise NotAnAdmin()
    return officer
