"""Who is writing: officers and their organisations, resolved from the email domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, and_, bindparam, literal
from sqlalchemy import select as select_rows  # sqlmodel's cannot start from a subquery
from sqlmodel import Session, col, select

from bot.domain.directory import Council, CouncilDirectory
from bot.domain.workspaces import (
    Policy,
    WorkspaceRef,
    domain_listed,
    email_domain,
    policy_of,
    remember_workspace_row,
)
from bot.messages import Identity, Profile
from bot.storage.database import found_or_made
from bot.storage.models import Officer, Organisation, Workspace


@dataclass(frozen=True)
class Arrival:
    """The officer, and whether this is the first time we have seen them."""

    officer: Officer
    is_new: bool


def find_officer(session: Session, identity: Identity) -> Officer | None:
    """The officer with these platform ids, if known."""
    parameters = {"platform": identity.platform, "workspace": identity.workspace_id, "user": identity.user_id}
    return session.exec(_OFFICER, params=parameters).first()


# Built once, as `_OFFICER_AND_WORKSPACE` below.
_OFFICER = select(Officer).where(
    col(Officer.platform) == bindparam("platform", type_=String()),
    col(Officer.workspace_id) == bindparam("workspace", type_=String()),
    col(Officer.user_id) == bindparam("user", type_=String()),
)


def officer_and_policy(session: Session, identity: Identity) -> tuple[Officer | None, Policy]:
    """The officer with these platform ids, if known, and their workspace's settings: one query, as every
    turn starts by asking both."""
    parameters = {"platform": identity.platform, "workspace": identity.workspace_id, "user": identity.user_id}
    officer, workspace = session.execute(_OFFICER_AND_WORKSPACE, parameters).one()
    remember_workspace_row(session, WorkspaceRef.of(identity), workspace)
    return officer, policy_of(workspace)


def _officer_and_workspace() -> Select[Officer, Workspace]:
    """Built once: building and keying this two-entity statement for each turn cost more than running it."""
    one = select_rows(literal(1).label("one")).subquery()
    platform = bindparam("platform", type_=String())
    workspace_id = bindparam("workspace", type_=String())
    return (
        select_rows(Officer, Workspace)
        .select_from(one)
        .outerjoin(
            Officer,
            and_(
                col(Officer.platform) == platform,
                col(Officer.workspace_id) == workspace_id,
                col(Officer.user_id) == bindparam("user", type_=String()),
            ),
        )
        .outerjoin(
            Workspace,
            and_(col(Workspace.platform) == platform, col(Workspace.workspace_id) == workspace_id),
        )
    )


_OFFICER_AND_WORKSPACE = _officer_and_workspace()


def officers_in(session: Session, platform: str, workspace_id: str) -> list[Officer]:
    """Every officer of one workspace."""
    statement = select(Officer).where(Officer.platform == platform, Officer.workspace_id == workspace_id)
    return list(session.exec(statement).all())


def identity_of(officer: Officer) -> Identity:
    """The platform ids to reach an officer by."""
    return Identity(officer.platform, officer.workspace_id, officer.user_id)


def arrive(
    session: Session,
    identity: Identity,
    profile: Profile | None,
    *,
    policy: Policy,
    directory: CouncilDirectory,
    now: datetime,
    known: Officer | None = None,
    looked_up: bool = False,
) -> Arrival:
    """Find or create the officer, refreshing what the platform tells us about them (`known`: the officer
    with these ids, when the caller has read it already; `looked_up`: the caller looked, so None in
    `known` means nobody)."""
    officer = known if looked_up else known or find_officer(session, identity)
    is_new = officer is None
    if officer is None:
        officer = Officer(
            platform=identity.platform,
            workspace_id=identity.workspace_id,
            user_id=identity.user_id,
            created_at=now,
            last_seen_at=now,
        )
    officer.last_seen_at = now
    officer.reachable = True
    email_changed = False
    if profile is not None:
        email_changed = _apply_profile(officer, profile)
    if is_new or email_changed:
        place(session, officer, policy, directory=directory, now=now)
    session.add(officer)
    session.flush()
    return Arrival(officer, is_new)


def _apply_profile(officer: Officer, profile: Profile) -> bool:
    """Take what the platform says; True if the officer's email address changed."""
    if profile.name:
        officer.name = profile.name[:200]
    if profile.job_title:
        officer.job_title = profile.job_title[:200]
    if profile.platform_admin is not None:
        officer.platform_admin = profile.platform_admin
    if not profile.email or profile.email.lower() == (officer.email or "").lower():
        return False
    officer.email = profile.email.strip()[:254]
    return True


def place(
    session: Session, officer: Officer, policy: Policy, *, directory: CouncilDirectory, now: datetime
) -> None:
    """Set the officer's organisation, and whether it is verified, from their email and the workspace.

    In a workspace of one organisation everyone belongs to it, verified when their email's domain is on
    the workspace's allowed list or is one of the organisation's own. In a community workspace the
    organisation comes from the email's domain; an unknown domain means asking the officer (unverified).
    """
    domain = email_domain(officer.email) if officer.email else None
    council = directory.by_code(policy.organisation_code) if policy.organisation_code else None
    if council is not None:
        officer.organisation_id = directory_organisation(session, council, now=now).id
        officer.verified = domain is not None and (
            domain_listed(domain, policy.allowed_domains) or domain_listed(domain, council.domains)
        )
        return
    council = directory.by_email(officer.email) if officer.email else None
    if council is not None:
        officer.organisation_id = directory_organisation(session, council, now=now).id
        officer.verified = policy.admits(officer.email)
        return
    if officer.organisation_id is not None:
        current = session.get(Organisation, officer.organisation_id)
        if current is None or current.directory_code is not None:
            officer.organisation_id = None  # ask which organisation, rather than keep a wrong one
    officer.verified = False


def directory_organisation(session: Session, council: Council, *, now: datetime) -> Organisation:
    """The organisation row for a council of the directory, made on first use.

    Two officers of a council new to Notalone may arrive at the same moment, in two processes: the row
    is inserted only if it is still missing when the insert runs (on PostgreSQL, after waiting for the
    other turn to commit or give up), so neither turn fails on the other's row."""
    return found_or_made(
        session,
        select(Organisation).where(Organisation.directory_code == council.code),
        Organisation(directory_code=council.code, name=council.name, created_at=now),
        unique=("directory_code",),
    )


def set_unverified_organisation(
    session: Session, officer: Officer, name: str, *, now: datetime
) -> Organisation:
    """Record the organisation an officer with an unknown domain says they belong to (unverified)."""
    organisation = Organisation(name=name[:200], created_at=now)
    session.add(organisation)
    session.flush()
    officer.organisation_id = organisation.id
    officer.verified = False
    session.add(officer)
    return organisation


def set_unverified_council(
    session: Session, officer: Officer, council: Council, *, now: datetime
) -> Organisation:
    """Record the directory council an officer with an unknown domain says they work for; saying so does
    not verify them (only an email domain of the council's, or one its workspace allows, does)."""
    organisation = directory_organisation(session, council, now=now)
    officer.organisation_id = organisation.id
    officer.verified = False
    session.add(officer)
    return organisation


def organisation_name(session: Session, officer: Officer) -> str | None:
    """The name of the officer's organisation, if any."""
    if officer.organisation_id is None:
        return None
    organisation = session.get(Organisation, officer.organisation_id)
    return organisation.name if organisation else None
