"""Who may use Notalone in a workspace: its admins can limit it to their email domains.

Someone turned away is told politely and nothing about them is kept: only an anonymous count of the
refusal, for the admins' statistics. An officer already known who is no longer allowed keeps their data
and may still export or erase it, but is matched no more.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import wording
from bot.admin.stats import REFUSED
from bot.conversation.actions import ConfirmForget, decode
from bot.conversation.commands import Command, clean, parse
from bot.delivery import addresses
from bot.domain.workspaces import Policy
from bot.messages import Incoming, IncomingKind, Message, Outbox
from bot.storage.models import AuditEvent, Officer

OWN_DATA = frozenset({Command.EXPORT, Command.FORGET_ME})


def let_in(
    session: Session,
    incoming: Incoming,
    policy: Policy,
    outbox: Outbox,
    *,
    now: datetime,
    known: Officer | None,
) -> bool:
    """Whether this turn may go ahead (`known`: the officer, if seen before); when not, the reply is queued
    and nothing about them is stored."""
    if not policy.allowed_domains:
        return True
    profile_email = incoming.profile.email if incoming.profile else None
    email = profile_email or (known.email if known else None)
    if policy.admits(email):
        return True
    if known is None:
        addresses.forget(session, incoming.identity)  # a platform address stored ahead of the turn
        session.add(
            AuditEvent(
                action=REFUSED,
                object_type="workspace",
                at=now,
                platform=incoming.identity.platform,
                workspace_id=incoming.identity.workspace_id,
            )
        )
        outbox.add(incoming.identity, Message(wording.NOT_AVAILABLE))
        return False
    if known.verified:
        known.verified = False  # no longer matched
        session.add(known)
    if _about_own_data(incoming):
        return True
    outbox.add(incoming.identity, Message(wording.NOT_AVAILABLE_ANY_MORE))
    return False


def _about_own_data(incoming: Incoming) -> bool:
    if incoming.kind == IncomingKind.ACTION:
        return isinstance(decode(incoming.action), ConfirmForget)
    parsed = parse(clean(incoming.text)) if incoming.kind == IncomingKind.MESSAGE else None
    return parsed is not None and parsed.command in OWN_DATA
