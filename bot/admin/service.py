"""What admins and operators do to a workspace, each in the caller's transaction.

`actor` is the acting officer; None means an operator at the command line, who is trusted (they run the
database) and recorded as "operator". Every change is written to the audit log, setting by setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot import wording
from bot.admin import authority
from bot.admin.authority import appointed_admins, require_admin
from bot.admin.form import SettingsForm, Submission, build_form, read_form
from bot.domain.directory import CouncilDirectory
from bot.domain.officers import find_officer, officers_in, place
from bot.domain.workspaces import Policy, WorkspaceRef, ensure_workspace_row, policy_for, policy_of
from bot.messages import Identity
from bot.storage.models import AdminRole, AuditEvent, MatchScope, Officer, Workspace

SETTINGS = (
    "organisation",
    "allowed_domains",
    "match_scope",
    "match_regions",
    "match_councils",
    "never_councils",
    "same_organisation",
    "matching_paused",
    "retention_months",
    "proposal_expiry_days",
    "proposals_per_week",
    "welcome_message",
)
_COLUMN = {"organisation": "organisation_code"}


@dataclass
class Outcome:
    """What a save did: the settings changed, the people newly made admins, or the mistakes found."""

    changed: list[str] = field(default_factory=list)
    appointed: list[Officer] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def record(
    session: Session,
    workspace: WorkspaceRef,
    actor: Officer | None,
    action: str,
    *,
    now: datetime,
    object_type: str = "workspace",
    object_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Write one admin action to the workspace's audit log."""
    session.add(
        AuditEvent(
            officer_id=actor.id if actor else None,
            by_operator=actor is None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            at=now,
            platform=workspace.platform,
            workspace_id=workspace.workspace_id,
            detail=detail,
        )
    )


def admin_addresses(session: Session, workspace: WorkspaceRef) -> list[str]:
    """The installer and appointed admins, by email where we know it, else by platform user id."""
    addresses = []
    for admin in appointed_admins(session, workspace):
        officer = find_officer(session, Identity(workspace.platform, workspace.workspace_id, admin.user_id))
        addresses.append(officer.email if officer and officer.email else admin.user_id)
    return addresses


def settings_form(
    session: Session, actor: Officer | None, workspace: WorkspaceRef, *, directory: CouncilDirectory
) -> SettingsForm:
    """The workspace's settings form, for one of its admins."""
    if actor is not None:
        require_admin(session, actor, workspace)
    policy = policy_for(session, workspace)
    return build_form(str(workspace), policy, admin_addresses(session, workspace), directory=directory)


def save_settings(
    session: Session,
    actor: Officer | None,
    workspace: WorkspaceRef,
    answers: Mapping[str, object],
    *,
    directory: CouncilDirectory,
    now: datetime,
) -> Outcome:
    """Apply an admin's answers if they are all right; otherwise change nothing and say what is wrong."""
    if actor is not None:
        require_admin(session, actor, workspace)
    submission = read_form(answers, directory=directory)
    outcome = Outcome(errors=dict(submission.errors))
    people = _resolve_admins(session, workspace, submission, outcome)
    if outcome.errors:
        return outcome
    row = ensure_workspace_row(session, workspace, now=now)
    before = policy_of(row)
    for key in SETTINGS:
        if key in submission.changes and _set(row, key, submission.changes[key]):
            outcome.changed.append(key)
            record(session, workspace, actor, "setting_changed", now=now, detail=key)
    if outcome.changed:
        row.updated_at = now
        session.add(row)
        session.flush()
        after = policy_of(row)
        if (after.organisation_code, after.allowed_domains) != (
            before.organisation_code,
            before.allowed_domains,
        ):
            replace_officers(session, workspace, after, directory=directory, now=now)
    if people is not None:
        _update_admins(session, actor, workspace, people, outcome, now=now)
    return outcome


def _set(row: Workspace, key: str, value: Any) -> bool:
    """Set one setting on the row; True if it changed."""
    column = _COLUMN.get(key, key)
    if isinstance(value, MatchScope):
        value = value.value
    if getattr(row, column) == value:
        return False
    setattr(row, column, value)
    return True


def replace_officers(
    session: Session, workspace: WorkspaceRef, policy: Policy, *, directory: CouncilDirectory, now: datetime
) -> None:
    """Work out every officer's organisation and verification again, after the rules for them changed."""
    for officer in officers_in(session, workspace.platform, workspace.workspace_id):
        place(session, officer, policy, directory=directory, now=now)
        session.add(officer)


def _resolve_admins(
    session: Session, workspace: WorkspaceRef, submission: Submission, outcome: Outcome
) -> dict[str, Officer | None] | None:
    """The platform user ids the admins field names (with the officer, when known); None if not sent."""
    if submission.admins is None:
        return None
    members = officers_in(session, workspace.platform, workspace.workspace_id)
    by_email = {o.email.casefold(): o for o in members if o.email}
    by_user = {o.user_id: o for o in members}
    current = {a.user_id for a in appointed_admins(session, workspace)}
    people: dict[str, Officer | None] = {}
    for entry in submission.admins:
        officer = by_email.get(entry.casefold()) or by_user.get(entry)
        if officer is not None:
            people[officer.user_id] = officer
        elif entry in current:
            people[entry] = None  # an admin who has not written to Notalone yet (e.g. the installer)
        else:
            outcome.errors["admins"] = wording.ERROR_UNKNOWN_PERSON.format(who=entry[:120])
    return people


def _update_admins(
    session: Session,
    actor: Officer | None,
    workspace: WorkspaceRef,
    people: dict[str, Officer | None],
    outcome: Outcome,
    *,
    now: datetime,
) -> None:
    current = {a.user_id for a in appointed_admins(session, workspace)}
    for user_id in sorted(current - people.keys()):
        if actor is not None and user_id == actor.user_id and not actor.platform_admin:
            continue  # nobody locks themselves out; another admin can remove them
        change_admin(session, actor, workspace, user_id, appoint=False, now=now)
        outcome.changed.append("admins")
    for user_id, officer in people.items():
        if user_id in current:
            continue
        change_admin(session, actor, workspace, user_id, appoint=True, now=now)
        if officer is not None:
            outcome.appointed.append(officer)
        if "admins" not in outcome.changed:
            outcome.changed.append("admins")


def change_admin(
    session: Session,
    actor: Officer | None,
    workspace: WorkspaceRef,
    user_id: str,
    *,
    appoint: bool,
    now: datetime,
) -> bool:
    """Appoint a platform user as an admin of the workspace, or remove them, with its audit event.

    False, and nothing recorded, when they already were (or were not) one.
    """
    if appoint:
        changed = authority.appoint(session, workspace, user_id, role=AdminRole.APPOINTED, now=now)
    else:
        changed = authority.remove(session, workspace, user_id)
    if changed:
        officer = find_officer(session, Identity(workspace.platform, workspace.workspace_id, user_id))
        action = "admin_appointed" if appoint else "admin_removed"
        record(
            session,
            workspace,
            actor,
            action,
            now=now,
            object_type="officer",
            object_id=officer.id if officer else None,
        )
    return changed


def record_installer(session: Session, workspace: WorkspaceRef, user_id: str, *, now: datetime) -> bool:
    """The person who installed Notalone administers the workspace; True if newly recorded."""
    added = authority.appoint(session, workspace, user_id, role=AdminRole.INSTALLER, now=now)
    if added:
        installer = find_officer(session, Identity(workspace.platform, workspace.workspace_id, user_id))
        session.add(
            AuditEvent(
                officer_id=installer.id if installer else None,
                action="installed",
                object_type="workspace",
                at=now,
                platform=workspace.platform,
                workspace_id=workspace.workspace_id,
            )
        )
    return added


def describe_settings(
    session: Session, workspace: WorkspaceRef, *, directory: CouncilDirectory, defaults: Mapping[str, int]
) -> str:
    """The workspace's settings and admins, as short lines of text."""
    return settings_summary(
        policy_for(session, workspace),
        admin_addresses(session, workspace),
        directory=directory,
        defaults=defaults,
    )


def settings_summary(
    policy: Policy, admins: list[str], *, directory: CouncilDirectory, defaults: Mapping[str, int]
) -> str:
    """The settings as short lines of text, for the admin menu and the command line."""

    def names(codes: tuple[str, ...]) -> str:
        councils = [(code, directory.by_code(code)) for code in codes]
        return ", ".join(c.name if c else code for code, c in councils) or wording.NONE_LISTED

    organisation = directory.by_code(policy.organisation_code) if policy.organisation_code else None
    scope = wording.SCOPE_LABELS[policy.match_scope.value]
    if policy.match_scope == MatchScope.REGIONS:
        scope += ": " + (", ".join(policy.match_regions) or wording.NONE_LISTED)
    elif policy.match_scope == MatchScope.LISTED:
        scope += ": " + names(policy.match_councils)

    def default(value: int | None, key: str) -> str:
        return str(value) if value is not None else wording.SERVICE_DEFAULT.format(value=defaults[key])

    values = {
        "organisation": organisation.name if organisation else wording.COMMUNITY_WORKSPACE,
        "allowed_domains": ", ".join(policy.allowed_domains) or wording.EVERYONE_IN_WORKSPACE,
        "match_scope": scope,
        "never_councils": names(policy.never_councils),
        "same_organisation": wording.YES if policy.same_organisation else wording.NO,
        "matching_paused": wording.YES if policy.matching_paused else wording.NO,
        "retention_months": str(policy.retention_months),
        "proposal_expiry_days": default(policy.proposal_expiry_days, "proposal_expiry_days"),
        "proposals_per_week": default(policy.proposals_per_week, "proposals_per_week"),
        "welcome_message": wording.YES if policy.welcome_message else wording.NO,
        "admins": ", ".join(admins) or wording.NONE_LISTED,
    }
    return "\n".join(f"- {wording.SETTING_LABELS[key]}: {value}" for key, value in values.items())
