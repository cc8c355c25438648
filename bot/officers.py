"""Who is writing: officers and their organisations, resolved from the email domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot.directory import CouncilDirectory
from bot.messages import Identity, Profile
from bot.storage.models import Officer, Organisation


@dataclass(frozen=True)
class Arrival:
    """The officer, and whether this is the first time we have seen them."""

    officer: Officer
    is_new: bool


def find_officer(session: Session, identity: Identity) -> Officer | None:
    """The officer with these platform ids, if known."""
    statement = select(Officer).where(
        Officer.platform == identity.platform,
        Officer.workspace_id == identity.workspace_id,
        Officer.user_id == identity.user_id,
    )
    return session.exec(statement).first()


def officers_in(session: Session, platform: str, workspace_id: str) -> list[Officer]:
    """Every officer of one workspace."""
    statement = select(Officer).where(Officer.platform == platform, Officer.workspace_id == workspace_id)
    return list(session.exec(statement).all())


def identity_of(officer: Officer) -> Identity:
    """The platform ids to reach an officer by."""
    return Identity(officer.platform, officer.workspace_id, officer.user_id)


def email_domain(email: str) -> str:
    """The domain part of an address, lower-case."""
    return email.rsplit("@", 1)[-1].strip().lower()


def arrive(
    session: Session,
    identity: Identity,
    profile: Profile | None,
    *,
    directory: CouncilDirectory,
    now: datetime,
) -> Arrival:
    """Find or create the officer, refreshing what the platform tells us about them."""
    officer = find_officer(session, identity)
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
    if profile is not None:
        _apply_profile(session, officer, profile, directory=directory, now=now)
    session.add(officer)
    session.flush()
    return Arrival(officer, is_new)


def _apply_profile(
    session: Session, officer: Officer, profile: Profile, *, directory: CouncilDirectory, now: datetime
) -> None:
    if profile.name:
        officer.name = profile.name[:200]
    if profile.job_title:
        officer.job_title = profile.job_title[:200]
    if not profile.email or profile.email.lower() == (officer.email or "").lower():
        return
    officer.email = profile.email.strip()[:254]
    council = directory.by_email(officer.email)
    if council is None:
        # A new, unknown domain: ask for the organisation again and stop matching.
        officer.verified = False
        officer.organisation_id = None
        return
    organisation = session.exec(
        select(Organisation).where(Organisation.directory_code == council.code)
    ).first()
    if organisation is None:
        organisation = Organisation(directory_code=council.code, name=council.name, created_at=now)
        session.add(organisation)
        session.flush()
    officer.organisation_id = organisation.id
    officer.verified = True


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


def organisation_name(session: Session, officer: Officer) -> str | None:
    """The name of the officer's organisation, if any."""
    if officer.organisation_id is None:
        return None
    organisation = session.get(Organisation, officer.organisation_id)
    return organisation.name if organisation else None
