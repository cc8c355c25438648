"""A workspace's settings as the rest of the core reads them, with a safe default for each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.domain.directory import Council
from bot.messages import Identity
from bot.storage.database import found_or_made
from bot.storage.models import MatchScope, Officer, Workspace

DEFAULT_RETENTION_MONTHS = 12


@dataclass(frozen=True, order=True)
class WorkspaceRef:
    """One installation on one platform: a Slack team id, a Teams tenant id."""

    platform: str
    workspace_id: str

    @classmethod
    def of(cls, identity: Identity) -> WorkspaceRef:
        """The workspace an officer writes from."""
        return cls(identity.platform, identity.workspace_id)

    @classmethod
    def of_officer(cls, officer: Officer) -> WorkspaceRef:
        """The workspace an officer belongs to."""
        return cls(officer.platform, officer.workspace_id)

    @classmethod
    def parse(cls, text: str) -> WorkspaceRef:
        """'slack:T123' as adapters and the command line write it; ValueError if malformed."""
        platform, _, workspace_id = text.strip().partition(":")
        if not platform or not workspace_id or len(platform) > 16 or len(workspace_id) > 64:
            raise ValueError("a workspace is written platform:id, for example slack:T0123ABCD")
        return cls(platform, workspace_id)

    def __str__(self) -> str:
        return f"{self.platform}:{self.workspace_id}"


@dataclass(frozen=True)
class Policy:
    """How one workspace is configured. The defaults are what a workspace gets until an admin acts."""

    organisation_code: str | None = None  # None: a community workspace (organisation by email domain)
    allowed_domains: tuple[str, ...] = ()  # empty: anyone the platform lets in
    match_scope: MatchScope = MatchScope.EVERYONE
    match_regions: tuple[str, ...] = ()
    match_councils: tuple[str, ...] = ()
    never_councils: tuple[str, ...] = ()
    same_organisation: bool = False
    matching_paused: bool = False
    retention_months: int = DEFAULT_RETENTION_MONTHS
    proposal_expiry_days: int | None = None  # None: the service's default
    proposals_per_week: int | None = None  # None: the service's default
    welcome_message: str | None = None

    def admits(self, email: str | None) -> bool:
        """Whether someone with this email may use Notalone here."""
        if not self.allowed_domains:
            return True
        return email is not None and domain_listed(email_domain(email), self.allowed_domains)

    def matches_with(self, council: Council | None) -> bool:
        """Whether this workspace's officers may be proposed to officers of this council."""
        if council is None:
            return False
        if council.code in self.never_councils:
            return False
        if self.match_scope == MatchScope.REGIONS:
            return council.region in self.match_regions
        if self.match_scope == MatchScope.LISTED:
            return council.code in self.match_councils
        return True


DEFAULT_POLICY = Policy()

# What matching reads of a workspace's settings, as plain columns: not its sealed welcome message.
MATCHING_SETTINGS: tuple[Any, ...] = (
    Workspace.match_scope,
    Workspace.match_regions,
    Workspace.match_councils,
    Workspace.never_councils,
    Workspace.same_organisation,
    Workspace.matching_paused,
    Workspace.proposal_expiry_days,
    Workspace.proposals_per_week,
)


def matching_policy(settings: Mapping[Any, Any] | None) -> Policy:
    """The settings matching uses, from the values of MATCHING_SETTINGS (every default without a row).

    The rest (who may join, retention, the welcome message) keep their defaults: only for matching.
    """
    if settings is None:
        return DEFAULT_POLICY
    return Policy(
        match_scope=MatchScope(settings["match_scope"]),
        match_regions=tuple(settings["match_regions"]),
        match_councils=tuple(settings["match_councils"]),
        never_councils=tuple(settings["never_councils"]),
        same_organisation=settings["same_organisation"],
        matching_paused=settings["matching_paused"],
        proposal_expiry_days=settings["proposal_expiry_days"],
        proposals_per_week=settings["proposals_per_week"],
    )


def email_domain(email: str) -> str:
    """The domain part of an address, lower-case."""
    return email.rsplit("@", 1)[-1].strip().strip(".").lower()


def domain_listed(domain: str, listed: Iterable[str]) -> bool:
    """Whether a domain is on a list, itself or as a subdomain (hr.camden.gov.uk for camden.gov.uk)."""
    return any(domain == entry or domain.endswith("." + entry) for entry in listed)


def policy_of(row: Workspace | None) -> Policy:
    """The settings in a workspace row (every default when there is none)."""
    if row is None:
        return DEFAULT_POLICY
    return Policy(
        organisation_code=row.organisation_code,
        allowed_domains=tuple(row.allowed_domains),
        match_scope=MatchScope(row.match_scope),
        match_regions=tuple(row.match_regions),
        match_councils=tuple(row.match_councils),
        never_councils=tuple(row.never_councils),
        same_organisation=row.same_organisation,
        matching_paused=row.matching_paused,
        retention_months=row.retention_months,
        proposal_expiry_days=row.proposal_expiry_days,
        proposals_per_week=row.proposals_per_week,
        welcome_message=row.welcome_message,
    )


def _row_of(workspace: WorkspaceRef) -> SelectOfScalar[Workspace]:
    return select(Workspace).where(
        Workspace.platform == workspace.platform, Workspace.workspace_id == workspace.workspace_id
    )


# In a session's `info`: the workspace rows this transaction read (None: it has none), so a turn asks
# once, not again for its home page or each admin check. Rows are made only by `ensure_workspace_row`.
_READ = "workspace rows read"


def remember_workspace_row(session: Session, workspace: WorkspaceRef, row: Workspace | None) -> None:
    """Note the workspace's row (or that it has none), read by a query of the caller's own."""
    session.info.setdefault(_READ, {})[(workspace.platform, workspace.workspace_id)] = row


def workspace_row(session: Session, workspace: WorkspaceRef) -> Workspace | None:
    """The workspace's row, if an admin or an installation ever made one."""
    read: dict[tuple[str, str], Workspace | None] = session.info.get(_READ, {})
    key = (workspace.platform, workspace.workspace_id)
    if key in read and (read[key] is None or sa_inspect(read[key]).persistent):
        return read[key]
    row = session.exec(_row_of(workspace)).first()
    remember_workspace_row(session, workspace, row)
    return row


def ensure_workspace_row(session: Session, workspace: WorkspaceRef, *, now: datetime) -> Workspace:
    """The workspace's row, made with every default if it has none yet (by whichever of two transactions
    gets there first, without the other failing)."""
    row = found_or_made(
        session,
        _row_of(workspace),
        Workspace(
            platform=workspace.platform, workspace_id=workspace.workspace_id, created_at=now, updated_at=now
        ),
        unique=("platform", "workspace_id"),
    )
    remember_workspace_row(session, workspace, row)
    return row


def policy_for(session: Session, workspace: WorkspaceRef) -> Policy:
    """One workspace's settings."""
    return policy_of(workspace_row(session, workspace))


def policies_for(session: Session, workspaces: Iterable[WorkspaceRef]) -> dict[WorkspaceRef, Policy]:
    """Several workspaces' settings in one query; a workspace without a row gets the defaults."""
    wanted = set(workspaces)
    found: dict[WorkspaceRef, Policy] = dict.fromkeys(wanted, DEFAULT_POLICY)
    if not wanted:
        return found
    condition = or_(
        *(
            and_(col(Workspace.platform) == w.platform, col(Workspace.workspace_id) == w.workspace_id)
            for w in wanted
        )
    )
    for row in session.exec(select(Workspace).where(condition)).all():
        found[WorkspaceRef(row.platform, row.workspace_id)] = policy_of(row)
    return found
