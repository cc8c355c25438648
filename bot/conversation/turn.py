"""One officer's turn: the open transaction, who is acting, the time, and the messages to send after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.domain.directory import CouncilDirectory
from bot.domain.limits import PlanLimits
from bot.domain.match_index import MatchIndex
from bot.domain.matchmaking import MatchRules
from bot.domain.officers import identity_of
from bot.domain.workspaces import DEFAULT_POLICY, Policy
from bot.messages import Message, Outbox
from bot.storage.models import AuditEvent, Officer


@dataclass
class Turn:
    """Everything a handler needs; messages are queued and sent only once the transaction commits."""

    session: Session
    officer: Officer
    now: datetime
    outbox: Outbox
    rules: MatchRules
    match_index: MatchIndex
    directory: CouncilDirectory
    max_message_chars: int
    plan_limits: PlanLimits
    policy: Policy = DEFAULT_POLICY  # the settings of the officer's workspace
    # The service's settings that admins may override, and those quoted in answers to officers' questions.
    service_defaults: Mapping[str, int] = field(default_factory=dict)
    landscape_per_day: int = 10  # questions about other councils' plans one officer may ask a day

    @property
    def officer_id(self) -> int:
        """The acting officer's id."""
        assert self.officer.id is not None
        return self.officer.id

    def reply(self, message: Message | str) -> None:
        """Queue a message for the acting officer."""
        self.notify(self.officer, message)

    def notify(self, officer: Officer, message: Message | str) -> None:
        """Queue a message for any officer who can still be reached."""
        if not officer.reachable:
            return
        self.outbox.add(identity_of(officer), message if isinstance(message, Message) else Message(message))

    def audit(self, action: str, object_type: str, object_id: int | None) -> None:
        """Record who did what to which object; never any text."""
        self.session.add(
            AuditEvent(
                officer_id=self.officer.id,
                action=action,
                object_type=object_type,
                object_id=object_id,
                at=self.now,
                platform=self.officer.platform,
                workspace_id=self.officer.workspace_id,
            )
        )
