"""Platform-neutral types: what an officer sends the core, and what the core sends back."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Identity:
    """An officer as their platform knows them: immutable ids, never display names."""

    platform: str
    workspace_id: str
    user_id: str


@dataclass(frozen=True)
class Profile:
    """What the platform tells us about the officer (it may know none of it)."""

    email: str | None = None
    name: str | None = None
    job_title: str | None = None
    platform_admin: bool | None = None  # the platform says they administer the workspace; None: unknown


class IncomingKind(StrEnum):
    MESSAGE = "message"  # the officer wrote something
    ACTION = "action"  # the officer chose a button
    OPENED = "opened"  # the officer opened the conversation with the bot


@dataclass(frozen=True)
class Incoming:
    """One thing an officer did, translated from their platform."""

    identity: Identity
    kind: IncomingKind = IncomingKind.MESSAGE
    text: str = ""
    action: str | None = None
    profile: Profile | None = None
    event_id: str | None = None  # the platform's id for the event: a retried event is handled once


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    """A choice offered to the officer; `action` comes back in an Incoming of kind ACTION."""

    label: str
    action: str
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True)
class Attachment:
    """A file the officer receives, e.g. their data export."""

    filename: str
    content: str
    media_type: str = "application/json"


@dataclass(frozen=True)
class Message:
    """Plain text (no markup: adapters escape it for their platform), with optional buttons.

    `ref` names the object the message is about (e.g. "proposal:12") so that an adapter can
    update an earlier message about the same object in place. `buttons` are never more than a
    handful; a long list is offered a page at a time, and whole in `searchable` where a platform can.
    An introduction also carries the other officer (`peer`) and a text for both at once, for
    platforms that can open a conversation with the two officers together.
    """

    text: str
    buttons: tuple[Button, ...] = ()
    # Every option of a long list, for platforms with a drop-down the officer can type into (Slack,
    # Teams), shown beside `buttons`; the console and the browser trial show only `buttons`.
    searchable: tuple[Button, ...] = ()
    ref: str | None = None
    attachment: Attachment | None = None
    peer: Identity | None = None  # for an introduction: the other officer
    shared_text: str | None = None  # for an introduction: the text for a conversation with both officers


@dataclass(frozen=True)
class HomePage:
    """What a platform's page of the officer's own shows (Slack's App Home): their plans and proposals
    (None: they have none yet) and, for a workspace admin, its settings and statistics."""

    overview: str | None
    admin: str | None = None


@dataclass(frozen=True)
class Delivery:
    """A message for one officer."""

    recipient: Identity
    message: Message


@dataclass
class Outbox:
    """Messages gathered during one unit of work, delivered only after it commits."""

    deliveries: list[Delivery] = field(default_factory=list)

    def add(self, recipient: Identity, message: Message) -> None:
        """Queue a message for an officer."""
        self.deliveries.append(Delivery(recipient, message))

    def clear(self) -> None:
        """Forget everything queued (the unit of work was rolled back)."""
        self.deliveries.clear()
