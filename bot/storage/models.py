"""Tables. Every state change is guarded by a constraint as well as by the code."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlmodel import Field, SQLModel

from bot.storage.encrypted import EncryptedJSON, EncryptedText
from bot.storage.types import UTCDateTime


class PlanStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    WITHDRAWN = "withdrawn"


class ProposalState(StrEnum):
    PROPOSED = "proposed"
    INTRODUCED = "introduced"
    DECLINED = "declined"
    EXPIRED = "expired"
    MET_IN_CIRCLE = "met_in_circle"  # both said yes in one formed circle: introduced there, so closed


class Response(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class MatchScope(StrEnum):
    EVERYONE = "everyone"  # every organisation on Notalone
    REGIONS = "regions"  # councils in the listed regions
    LISTED = "listed"  # the listed councils only


class AdminRole(StrEnum):
    INSTALLER = "installer"  # installed Notalone in the workspace
    APPOINTED = "appointed"  # appointed by another admin or an operator


def _sealed(*, nullable: bool = True) -> Any:
    """A text column stored encrypted (see bot/storage/encrypted.py)."""
    column: Column[str] = Column(EncryptedText(), nullable=nullable)
    return Field(default=None, sa_column=column) if nullable else Field(sa_column=column)


def _utc(*, nullable: bool = False, index: bool = False) -> Any:
    column: Column[datetime] = Column(UTCDateTime(), nullable=nullable, index=index)
    return Field(default=None, sa_column=column) if nullable else Field(sa_column=column)


class Organisation(SQLModel, table=True):
    """A council or other public body; `directory_code` is set when it is in the built-in directory."""

    id: int | None = Field(default=None, primary_key=True)
    directory_code: str | None = Field(default=None, max_length=16, unique=True)
    name: str = _sealed(nullable=False)  # sealed: an unverified one was typed in by an officer
    created_at: datetime = _utc()


class Officer(SQLModel, table=True):
    """A platform user, identified by immutable platform ids."""

    __table_args__ = (UniqueConstraint("platform", "workspace_id", "user_id", name="uq_officer_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    workspace_id: str = Field(max_length=64)
    user_id: str = Field(max_length=254)
    email: str | None = _sealed()
    name: str | None = _sealed()
    job_title: str | None = _sealed()
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    verified: bool = False
    # False once the officer's workspace uninstalled the bot or their platform refused delivery.
    reachable: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    # The platform says this user administers the workspace (Slack is_admin or is_owner).
    platform_admin: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    created_at: datetime = _utc()
    last_seen_at: datetime = _utc()


class Conversation(SQLModel, table=True):
    """Where an officer is in a conversation (an intake draft, a question awaiting an answer)."""

    officer_id: int = Field(primary_key=True, foreign_key="officer.id")
    step: str = Field(max_length=32)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False))
    updated_at: datetime = _utc()


class Plan(SQLModel, table=True):
    """What an officer intends. Private to its owner."""

    __table_args__ = (
        UniqueConstraint("officer_id", "number", name="uq_plan_officer_number"),
        CheckConstraint("status IN ('active', 'paused', 'withdrawn')", name="ck_plan_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    number: int = Field(ge=1)
    text: str = _sealed(nullable=False)
    service_areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    delivery_model: str | None = Field(default=None, max_length=64)
    stage: str | None = Field(default=None, max_length=64)
    timeline_year: int | None = None
    timeline_month: int | None = None
    status: str = Field(default=PlanStatus.ACTIVE, max_length=16, index=True)
    created_at: datetime = _utc()
    updated_at: datetime = _utc(index=True)  # matching indexes read the plans changed since they last looked
    # When its owner was warned that it will be deleted for being untouched (retention).
    retention_warned_at: datetime | None = _utc(nullable=True)
    # "Been there": the owner of a live plan is happy to advise officers at earlier stages of the same
    # kind of change (bot/domain/advising.py). Only ever true while the plan's stage is one that can advise.
    advise_others: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})


class Proposal(SQLModel, table=True):
    """Two plans of different organisations judged comparable.

    Side a holds the lower plan id. After an erasure a side's ids are cleared: the row then only
    remembers to tell the remaining officer, at the proposal's expiry, that it lapsed. Officers know it
    by their own number (MatchNumber), never by its id.
    """

    __tablename__ = "match_proposal"
    __table_args__ = (
        UniqueConstraint("plan_a_id", "plan_b_id", name="uq_proposal_plans"),
        CheckConstraint("plan_a_id < plan_b_id", name="ck_proposal_plan_order"),
        CheckConstraint(
            "state IN ('proposed', 'introduced', 'declined', 'expired', 'met_in_circle')",
            name="ck_proposal_state",
        ),
        CheckConstraint(
            "state != 'introduced' OR (response_a = 'accepted' AND response_b = 'accepted')",
            name="ck_proposal_introduced_needs_both",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_a_id: int | None = Field(default=None, foreign_key="plan.id", index=True)
    plan_b_id: int | None = Field(default=None, foreign_key="plan.id", index=True)
    officer_a_id: int | None = Field(default=None, foreign_key="officer.id", index=True)
    officer_b_id: int | None = Field(default=None, foreign_key="officer.id", index=True)
    score: float
    shared_service_areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    shared_delivery_model: str | None = Field(default=None, max_length=64)
    state: str = Field(default=ProposalState.PROPOSED, max_length=16, index=True)
    response_a: str | None = Field(default=None, max_length=16)
    response_b: str | None = Field(default=None, max_length=16)
    lapse_notified: bool = False
    created_at: datetime = _utc(index=True)
    expires_at: datetime = _utc(index=True)
    closed_at: datetime | None = _utc(nullable=True)
    # When the reminder before expiry went to whichever sides had not answered: set once, by one process.
    reminded_at: datetime | None = _utc(nullable=True)


class MatchNumber(SQLModel, table=True):
    """An officer's own number for a possible match: their first is #1, whoever else is in it.

    The primary key keeps each officer's numbers unique however many processes propose at once. A number
    outlives its proposal (deleted once the other officer erased themselves), so it is never given again
    to a different match; it goes with its officer.
    """

    __tablename__ = "match_number"
    __table_args__ = (
        UniqueConstraint("proposal_id", "officer_id", name="uq_match_number_side"),
        CheckConstraint("number >= 1", name="ck_match_number_positive"),
    )

    officer_id: int = Field(foreign_key="officer.id", primary_key=True)
    number: int = Field(primary_key=True)
    proposal_id: int | None = Field(default=None, foreign_key="match_proposal.id", ondelete="SET NULL")


class Introduction(SQLModel, table=True):
    """Made exactly once, when the second acceptance lands."""

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="match_proposal.id", unique=True)
    created_at: datetime = _utc()


class AuditEvent(SQLModel, table=True):
    """Who did what to which object and when. Never any text.

    `platform` and `workspace_id` say whose admins may see it; `detail` names a changed setting.
    """

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_workspace", "platform", "workspace_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    officer_id: int | None = Field(default=None, foreign_key="officer.id", index=True)
    action: str = Field(max_length=48)
    object_type: str = Field(max_length=32)
    object_id: int | None = None
    at: datetime = _utc()
    platform: str | None = Field(default=None, max_length=16)
    workspace_id: str | None = Field(default=None, max_length=64)
    detail: str | None = Field(default=None, max_length=48)
    by_operator: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})


class Workspace(SQLModel, table=True):
    """One installation on one platform, as its admins configured it.

    A workspace without a row has every default: a community workspace open to all, matching with
    everyone, with the service's expiry and weekly cap.
    """

    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", name="uq_workspace_identity"),
        CheckConstraint("match_scope IN ('everyone', 'regions', 'listed')", name="ck_workspace_match_scope"),
        CheckConstraint("retention_months BETWEEN 1 AND 120", name="ck_workspace_retention"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    workspace_id: str = Field(max_length=64)
    organisation_code: str | None = Field(default=None, max_length=16)  # None: a community workspace
    allowed_domains: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    match_scope: str = Field(default=MatchScope.EVERYONE, max_length=16)
    match_regions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    match_councils: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    never_councils: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    same_organisation: bool = False
    matching_paused: bool = False
    retention_months: int = 12
    proposal_expiry_days: int | None = None  # None: the service's default
    proposals_per_week: int | None = None  # None: the service's default
    welcome_message: str | None = _sealed()
    created_at: datetime = _utc()
    updated_at: datetime = _utc()


class WorkspaceAdmin(SQLModel, table=True):
    """Someone who administers a workspace besides its platform admins: its installer, or appointed."""

    __tablename__ = "workspace_admin"
    __table_args__ = (UniqueConstraint("workspace_ref", "user_id", name="uq_workspace_admin"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_ref: int = Field(foreign_key="workspace.id", index=True)
    user_id: str = Field(max_length=254)
    role: str = Field(default=AdminRole.APPOINTED, max_length=16)
    created_at: datetime = _utc()


class ProcessedEvent(SQLModel, table=True):
    """One row per platform event handled: a retried or duplicated event is handled once."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("platform", "event_id", name="uq_processed_event"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    event_id: str = Field(max_length=128)
    at: datetime = _utc(index=True)


class InboundCount(SQLModel, table=True):
    """Messages received per officer or per workspace in one minute: rate limits that hold across processes.

    `scope` is "officer:<id>" or "workspace:<platform>:<workspace id>", never a name or an address.
    """

    __tablename__ = "inbound_count"

    scope: str = Field(primary_key=True, max_length=200)
    window_start: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True, index=True))
    count: int = 0


class ConversationReference(SQLModel, table=True):
    """Where a platform can reach an officer later (e.g. a Teams conversation reference), opaque to the core.

    Keyed by platform ids rather than the officer row, because it is stored before the officer's first
    turn, so that turn's replies can already be delivered.
    """

    __tablename__ = "conversation_reference"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "user_id", name="uq_conversation_reference"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    workspace_id: str = Field(max_length=64)
    user_id: str = Field(max_length=254)
    reference: dict[str, Any] = Field(default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False))
    updated_at: datetime = _utc()


class PendingDelivery(SQLModel, table=True):
    """A message a platform refused for now (rate limited, briefly down), kept to be sent again later.

    Keyed by platform ids, as conversation references are: the recipient may have no officer row yet.
    The message is sealed: it may hold plan summaries and, in an introduction, the other officer's
    contact details, so that officer (`peer_*`) is recorded too and their erasure removes it.
    """

    __tablename__ = "pending_delivery"
    __table_args__ = (Index("ix_pending_delivery_recipient", "platform", "workspace_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    workspace_id: str = Field(max_length=64)
    user_id: str = Field(max_length=254)
    peer_platform: str | None = Field(default=None, max_length=16)
    peer_workspace_id: str | None = Field(default=None, max_length=64)
    peer_user_id: str | None = Field(default=None, max_length=254)
    message: dict[str, Any] = Field(default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False))
    attempts: int = 0
    not_before: datetime = _utc(index=True)
    # A process sending the message holds it until then; past it, another may take it over.
    claimed_until: datetime | None = _utc(nullable=True)
    created_at: datetime = _utc()


class InboundEvent(SQLModel, table=True):
    """Something an officer did on their platform, acknowledged there and waiting for its turn.

    A web process only stores it; whichever process runs turns (a worker, or `serve` itself on the
    embedded default) takes each officer's oldest first. Keyed by platform ids: the sender may have no
    officer row yet. Sealed, since it holds what the officer wrote; their erasure removes it.
    """

    __tablename__ = "inbound_event"
    __table_args__ = (Index("ix_inbound_event_sender", "platform", "workspace_id", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    workspace_id: str = Field(max_length=64)
    user_id: str = Field(max_length=254)
    event: dict[str, Any] = Field(default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False))
    attempts: int = 0
    not_before: datetime = _utc()
    # A process running the turn holds it until then; past it, another may take it over.
    claimed_until: datetime | None = _utc(nullable=True)
    received_at: datetime = _utc()


# --- The landscape (issue 19): a daily snapshot of organisations with comparable plans -----------------


class LandscapeSnapshot(SQLModel, table=True):
    """One snapshot of the landscape, at most one a day: the unique day is what lets one process take it.

    Only the newest is kept; its cells are deleted with it.
    """

    __tablename__ = "landscape_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    taken_on: date = Field(unique=True)  # the UTC day it stands for
    taken_at: datetime = _utc()


class LandscapeCell(SQLModel, table=True):
    """One organisation with a confirmed, active plan for a service and a kind of change, at the most
    advanced stage any of its plans there has reached (-1: no stage known). Never an officer or a plan.

    No foreign key on the organisation: only verified officers' plans count, so these are councils of
    the public directory, and the snapshot is a record of one day that erasure leaves to lapse."""

    __tablename__ = "landscape_cell"

    snapshot_id: int = Field(
        sa_column=Column(Integer, ForeignKey("landscape_snapshot.id", ondelete="CASCADE"), primary_key=True)
    )
    service_area: str = Field(max_length=64, primary_key=True)
    delivery_model: str = Field(max_length=64, primary_key=True)
    organisation_id: int = Field(primary_key=True)
    stage_rank: int = -1


class LandscapeAsk(SQLModel, table=True):
    """How often one officer asked about the landscape on one day, under a keyed hash of their platform
    ids: a limit that survives the officer's erasure and holds nothing else (DESIGN rule 9)."""

    __tablename__ = "landscape_ask"

    scope: str = Field(primary_key=True, max_length=200)
    day: date = Field(primary_key=True)
    count: int = 0


# --- Peer circles ------------------------------------------------------------------------------


class CircleState(StrEnum):
    OFFERED = "offered"  # members are answering; nobody has been introduced
    FORMED = "formed"  # at least three said yes: they were introduced; later yeses join until expiry
    EXPIRED = "expired"  # fewer than three said yes by the expiry: it lapsed for everyone


class CircleAnswer(StrEnum):
    PENDING = "pending"
    YES = "yes"
    NOT_NOW = "not_now"


class Circle(SQLModel, table=True):
    """Three to six officers of different organisations with comparable plans, offered together.

    What every member sees is stored here, the same for all: the shared service areas and kind of
    change, and the band of stages and timelines. `yes_count` moves by one in a conditional UPDATE of
    this row per yes, so the database serialises the yeses and exactly one of them forms the circle.
    """

    __table_args__ = (
        CheckConstraint("state IN ('offered', 'formed', 'expired')", name="ck_circle_state"),
        CheckConstraint("state != 'formed' OR yes_count >= 3", name="ck_circle_formed_needs_three"),
        CheckConstraint("yes_count >= 0 AND yes_count <= size_cap", name="ck_circle_yes_count"),
    )

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(default=CircleState.OFFERED, max_length=16, index=True)
    size_cap: int = 6
    yes_count: int = 0
    shared_service_areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    shared_delivery_model: str | None = Field(default=None, max_length=64)
    stage_from: str | None = Field(default=None, max_length=64)
    stage_to: str | None = Field(default=None, max_length=64)
    year_from: int | None = None
    year_to: int | None = None
    created_at: datetime = _utc(index=True)
    expires_at: datetime = _utc(index=True)
    formed_at: datetime | None = _utc(nullable=True)
    # Set once, by the one process that told whom it concerned that the circle's offer ended.
    lapse_notified: bool = False
    # When the reminder before expiry went to the members yet to answer: set once, by one process.
    reminded_at: datetime | None = _utc(nullable=True)


class CircleMember(SQLModel, table=True):
    """One officer offered a circle, with their plan, their answer and their own number for it."""

    __tablename__ = "circle_member"
    __table_args__ = (
        UniqueConstraint("circle_id", "officer_id", name="uq_circle_member_officer"),
        UniqueConstraint("circle_id", "organisation_id", name="uq_circle_member_organisation"),
        CheckConstraint("answer IN ('pending', 'yes', 'not_now')", name="ck_circle_member_answer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    circle_id: int = Field(foreign_key="circle.id", index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    plan_id: int | None = Field(default=None, foreign_key="plan.id", index=True)
    number: int  # the officer's own match number for it (a MatchNumber row without a proposal)
    answer: str = Field(default=CircleAnswer.PENDING, max_length=16)
    answered_at: datetime | None = _utc(nullable=True)
    joined_at: datetime = _utc()


# --- Follow-ups after an introduction, and what officers told us about their matches (issue 19) ---


class FollowUpAnswer(StrEnum):
    """An officer's answer to "Did you talk?", some weeks after an introduction."""

    HELPED = "helped"  # yes, and it helped
    NOT_MUCH_USE = "not_much_use"  # yes, not much use
    NOT_YET = "not_yet"
    NO = "no"


class FeedbackReason(StrEnum):
    """Why an officer told us a match was not for them."""

    NOT_RELEVANT = "not_relevant"  # answered a proposal "Not relevant"
    NOT_MUCH_USE = "not_much_use"  # talked after an introduction: "not much use"


class FollowUp(SQLModel, table=True):
    """One side of an introduction asked "Did you talk?", once; the answer is counted, never shown.

    Claimed by inserting it (unique per introduction and side), so several workers ask each side once.
    When the other officer is erased their introduction goes and this row stays, as an anonymous count.
    """

    __tablename__ = "follow_up"
    __table_args__ = (
        UniqueConstraint("introduction_id", "side", name="uq_follow_up_side"),
        # A member of a formed circle is asked once about the circle (side "c"), not once per pair.
        UniqueConstraint("circle_id", "officer_id", name="uq_follow_up_circle_member"),
        # A later officer welcomed into a circle: the one who said yes (a) and the later officer (b).
        UniqueConstraint("welcome_id", "side", name="uq_follow_up_welcome_side"),
        CheckConstraint("side IN ('a', 'b', 'c')", name="ck_follow_up_side"),
        CheckConstraint(
            "answer IS NULL OR answer IN ('helped', 'not_much_use', 'not_yet', 'no')",
            name="ck_follow_up_answer",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    introduction_id: int | None = Field(
        default=None, foreign_key="introduction.id", ondelete="SET NULL", index=True
    )
    officer_id: int | None = Field(default=None, foreign_key="officer.id", index=True)
    side: str = Field(max_length=1)
    asked_at: datetime = _utc(index=True)
    answer: str | None = Field(default=None, max_length=16)
    answered_at: datetime | None = _utc(nullable=True)
    circle_id: int | None = Field(default=None, foreign_key="circle.id", ondelete="SET NULL", index=True)
    welcome_id: int | None = Field(
        default=None, foreign_key="circle_welcome.id", ondelete="SET NULL", index=True
    )


class MatchFeedback(SQLModel, table=True):
    """An officer's "not relevant" or "not much use" about a match, kept against their own plan.

    Holds only what the officer was shown of the match (its shared service areas and kind of change),
    nothing of the other officer, so it is theirs alone: matching offers that plan fewer matches like it.
    """

    __tablename__ = "match_feedback"
    __table_args__ = (
        CheckConstraint("reason IN ('not_relevant', 'not_much_use')", name="ck_match_feedback_reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    plan_id: int | None = Field(default=None, foreign_key="plan.id", ondelete="CASCADE", index=True)
    proposal_id: int | None = Field(
        default=None, foreign_key="match_proposal.id", ondelete="SET NULL", index=True
    )
    service_areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    delivery_model: str | None = Field(default=None, max_length=64)
    reason: str = Field(max_length=16)
    created_at: datetime = _utc()


# --- Nothing personal in the clear at rest (issue 21) ----------------------------------------------


class IdentitySecret(SQLModel, table=True):
    """The random root of the keyed hashes that stand for identifiers at rest (bot/storage/identities.py).

    One row, sealed like any personal value: a key rotation reseals it without changing it, so the hashes
    made from it, and the officers they stand for, are found again after a rotation."""

    __tablename__ = "identity_secret"

    id: int = Field(primary_key=True)
    secret: str = _sealed(nullable=False)
    created_at: datetime = _utc()


class ErasureMark(SQLModel, table=True):
    """An erasure happened since the last vacuum after erasure (PostgreSQL, bot/storage/vacuum.py).

    At most one row, holding nothing: not who, not when."""

    __tablename__ = "erasure_mark"

    id: int = Field(primary_key=True)


# --- A later officer asks to join a formed circle; its members welcome them, or not (issue 19) ------


class CircleRequest(SQLModel, table=True):
    """A later officer offered a place in a circle that has already formed, and their answer.

    Their yes asks the circle's members (CircleWelcome); they are introduced to each member who says yes,
    and only to those. It lapses on its own expiry, whatever the circle's.
    """

    __tablename__ = "circle_request"
    __table_args__ = (
        UniqueConstraint("circle_id", "officer_id", name="uq_circle_request_officer"),
        CheckConstraint("answer IN ('pending', 'yes', 'not_now')", name="ck_circle_request_answer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    circle_id: int = Field(foreign_key="circle.id", index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    plan_id: int | None = Field(default=None, foreign_key="plan.id", index=True)
    number: int  # the later officer's own match number for it
    answer: str = Field(default=CircleAnswer.PENDING, max_length=16)
    answered_at: datetime | None = _utc(nullable=True)
    created_at: datetime = _utc()
    expires_at: datetime = _utc(index=True)
    # Set once, by the one process that told the later officer (if anyone) that it lapsed.
    lapse_notified: bool = False
    # When the reminder before expiry went to the later officer, if they had yet to answer: set once.
    reminded_at: datetime | None = _utc(nullable=True)


class CircleWelcome(SQLModel, table=True):
    """One member of a formed circle asked whether a later officer may join, and their answer."""

    __tablename__ = "circle_welcome"
    __table_args__ = (
        UniqueConstraint("request_id", "officer_id", name="uq_circle_welcome_member"),
        CheckConstraint("answer IN ('pending', 'yes', 'not_now')", name="ck_circle_welcome_answer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="circle_request.id", ondelete="CASCADE", index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    number: int  # the member's own match number for the circle
    answer: str = Field(default=CircleAnswer.PENDING, max_length=16)
    asked_at: datetime = _utc()
    answered_at: datetime | None = _utc(nullable=True)
    # When the reminder before the request's expiry went to this member, if yet to answer: set once.
    reminded_at: datetime | None = _utc(nullable=True)
