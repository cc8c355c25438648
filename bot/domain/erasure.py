"""Forget me: erase every row about an officer; open proposals lapse for the other side at expiry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from bot.delivery import addresses, inbox, pending
from bot.domain.audit import ADMIN_ACTIONS
from bot.domain.circles import forget_circles, forget_plan_in_circles
from bot.domain.feedback import forget_feedback
from bot.domain.follow_ups import forget_follow_ups
from bot.domain.newcomers import forget_plan_in_requests, forget_requests
from bot.domain.numbering import forget_numbers
from bot.domain.officers import identity_of
from bot.domain.proposals import OPEN_STATES, side_of, step_back
from bot.domain.workspaces import WorkspaceRef, workspace_row
from bot.storage.database import request_scrub
from bot.storage.models import (
    AuditEvent,
    Conversation,
    Introduction,
    Officer,
    Organisation,
    Plan,
    Proposal,
    WorkspaceAdmin,
)
from bot.storage.platform_tables import slack_installations
from bot.storage.vacuum import mark_erasure


def erase_officer(session: Session, officer: Officer, *, now: datetime) -> None:
    """Delete the officer, their plans, their side of every proposal and its number, audit trail, intake."""
    officer_id = officer.id
    assert officer_id is not None
    proposals = session.exec(
        select(Proposal).where(
            or_(col(Proposal.officer_a_id) == officer_id, col(Proposal.officer_b_id) == officer_id)
        )
    ).all()
    # Their answers after introductions, and their word about matches, are theirs: they go first.
    forget_follow_ups(session, officer_id)
    forget_feedback(session, officer_id)
    _let_go(session, proposals, officer_id, now=now)
    forget_circles(session, officer_id)  # circles
    forget_requests(session, officer_id)  # places offered in formed circles, and answers about them
    forget_numbers(session, officer_id)
    session.exec(delete(Plan).where(col(Plan.officer_id) == officer_id))
    session.exec(delete(Conversation).where(col(Conversation.officer_id) == officer_id))
    # Admin changes stay in their workspace's audit log, no longer saying who made them.
    session.exec(
        update(AuditEvent)
        .where(col(AuditEvent.officer_id) == officer_id, col(AuditEvent.action).in_(ADMIN_ACTIONS))
        .values(officer_id=None)
    )
    session.exec(delete(AuditEvent).where(col(AuditEvent.officer_id) == officer_id))
    _forget_admin_role(session, officer)
    organisation_id = officer.organisation_id
    _forget_slack_installer(session, officer)
    addresses.forget(session, identity_of(officer))
    pending.forget(session, identity_of(officer))
    inbox.forget(session, identity_of(officer))
    session.delete(officer)
    session.flush()
    _drop_orphan_unverified_organisation(session, organisation_id)
    request_scrub(session)
    mark_erasure(session)


ERASED_INSTALLER = "erased"  # slack_sdk's table requires a user id; Slack's ids never look like this


def _forget_slack_installer(session: Session, officer: Officer) -> None:
    """The installer's Slack user id (and any user token) in slack_sdk's installation rows: the bot's
    token and the workspace stay, so Notalone keeps working there."""
    if officer.platform != "slack":
        return
    session.execute(
        update(slack_installations)
        .where(
            slack_installations.c.user_id == officer.user_id,
            or_(
                slack_installations.c.team_id == officer.workspace_id,
                slack_installations.c.enterprise_id == officer.workspace_id,
            ),
        )
        .values(
            user_id=ERASED_INSTALLER,
            user_token=None,
            user_scopes=None,
            user_refresh_token=None,
            user_token_expires_at=None,
        )
    )


def erase_plan(session: Session, plan: Plan, *, now: datetime) -> None:
    """Delete one plan. Its open proposals lapse for the other side at their expiry, as after a decline;
    its closed ones stay without it, so a pair declined or introduced is still never proposed again."""
    proposals = session.exec(
        select(Proposal).where(or_(col(Proposal.plan_a_id) == plan.id, col(Proposal.plan_b_id) == plan.id))
    ).all()
    for proposal in proposals:
        if proposal.state in OPEN_STATES and not proposal.lapse_notified:
            step_back(session, proposal, plan.officer_id, now=now)
        setattr(proposal, "plan_a_id" if proposal.plan_a_id == plan.id else "plan_b_id", None)
        session.add(proposal)
    assert plan.id is not None
    forget_plan_in_circles(session, plan.id)  # circles
    forget_plan_in_requests(session, plan.id)
    session.flush()
    session.delete(plan)
    session.flush()
    request_scrub(session)
    mark_erasure(session)


def _let_go(session: Session, proposals: Sequence[Proposal], officer_id: int, *, now: datetime) -> None:
    """Take the officer out of these proposals; the other side hears "lapsed" at the usual time."""
    for proposal in proposals:
        side = side_of(proposal, officer_id)
        other_still_waits = proposal.state in OPEN_STATES and not proposal.lapse_notified
        other_side_present = (proposal.officer_b_id if side == "a" else proposal.officer_a_id) is not None
        if other_still_waits and other_side_present:
            # Keep an anonymous husk so the other officer hears "lapsed" at the usual time, not now.
            step_back(session, proposal, officer_id, now=now)
            setattr(proposal, f"officer_{side}_id", None)
            setattr(proposal, f"plan_{side}_id", None)
            session.add(proposal)
        else:
            session.exec(delete(Introduction).where(col(Introduction.proposal_id) == proposal.id))
            session.delete(proposal)
    session.flush()


def _forget_admin_role(session: Session, officer: Officer) -> None:
    workspace = workspace_row(session, WorkspaceRef.of_officer(officer))
    if workspace is not None:
        session.exec(
            delete(WorkspaceAdmin).where(
                col(WorkspaceAdmin.workspace_ref) == workspace.id,
                col(WorkspaceAdmin.user_id) == officer.user_id,
            )
        )


def _drop_orphan_unverified_organisation(session: Session, organisation_id: int | None) -> None:
    # An organisation typed in by an officer is about them; a directory council is public.
    if organisation_id is None:
        return
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.directory_code is not None:
        return
    members = session.exec(select(func.count()).where(Officer.organisation_id == organisation_id)).one()
    if members == 0:
        session.delete(organisation)
