"""What every table and column holds, why, and for how long: the register a data protection officer reads.

Kept beside the models so that it cannot drift: tests/bot/storage/test_inventory.py fails when any column
of any table has no description here, or when this names a table or column that does not exist. Whether
a column is encrypted is not written here: it is read from the column's type (bot/storage/encrypted.py).

Retention texts may name figures that settings control, as `{placeholders}` filled in from the running
configuration (bot/admin/data_protection.py), so no figure a setting controls is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Holds(StrEnum):
    """What kind of data a table holds, for the register."""

    PERSONAL = "personal data"  # identifies an officer, or is what they wrote
    PLAN = "plan data"  # what an officer intends, tied to them
    LINKED = "records linked to an officer by id"  # who was offered whom, who answered what
    PSEUDONYMOUS = "keyed hashes and counts"  # no id, no text: a keyed hash of platform ids
    NONE = "no personal data"


@dataclass(frozen=True)
class TableEntry:
    """One table: what it holds, why, how long, and each column's description."""

    holds: Holds
    purpose: str
    retention: str
    columns: dict[str, str] = field(default_factory=dict)


# Columns that mean the same in every table that has them; a table's own entry may say more.
COMMON: dict[str, str] = {
    "id": "row number, meaningless outside the database",
    "created_at": "when the row was made",
    "updated_at": "when it last changed",
    "platform": "which platform: slack, teams, or console (the local trial tool)",
    "workspace_id": "the Slack workspace (team) id or Microsoft Teams tenant id",
    "user_id": "the platform's opaque id for the officer (on the local console, a keyed hash of their email)",
}

_SLACK_INSTALL_COLUMNS = {
    "client_id": "the Slack app's client id",
    "app_id": "the Slack app's id",
    "enterprise_id": "the Slack Enterprise Grid id, if any",
    "enterprise_name": "the Slack Enterprise Grid's name, if any",
    "team_id": "the Slack workspace id",
    "team_name": "the Slack workspace's name",
    "bot_token": "the bot's access token for the workspace (a credential)",
    "bot_id": "the bot's Slack id",
    "bot_user_id": "the bot user's Slack id",
    "bot_scopes": "the permissions the workspace granted the bot",
    "bot_refresh_token": "refresh token for the bot token, if token rotation is on (a credential)",
    "bot_token_expires_at": "when the bot token expires, if token rotation is on",
    "is_enterprise_install": "whether it was installed for a whole Enterprise Grid",
    "installed_at": "when it was installed",
}

TABLES: dict[str, TableEntry] = {
    "organisation": TableEntry(
        Holds.PERSONAL,
        "Which council or public body each officer belongs to, so that colleagues are not matched with "
        "each other and an introduction can say where the other officer works.",
        "Councils of the built-in public directory are kept. An organisation an officer typed in "
        "themselves is deleted when the last officer belonging to it erases themselves.",
        {
            "directory_code": "the council's code in the built-in public directory (public information)",
            "name": "the organisation's name; an unverified one was typed in by an officer",
        },
    ),
    "officer": TableEntry(
        Holds.PERSONAL,
        "To recognise an officer on each message, reach them with replies and offers, and, once both "
        "sides agree, introduce them to the other officer.",
        "Until the officer types forget me. It is not deleted when an officer falls silent; their plans "
        "are (see plan).",
        {
            "email": "work email address, as the platform gives it; used to find their council and, "
            "after both agree, shared with the other officer",
            "name": "display name, as the platform gives it; shared only after both agree",
            "job_title": "job title, as the platform gives it; shared only after both agree",
            "organisation_id": "the officer's organisation",
            "verified": "whether their email address proves their council (only verified officers are "
            "counted in the landscape)",
            "reachable": "false once the platform refused to deliver to them for good",
            "platform_admin": "whether the platform says they administer the workspace",
            "last_seen_at": "when they last wrote to Notalone",
        },
    ),
    "conversation": TableEntry(
        Holds.PERSONAL,
        "Where an officer is in a conversation: a plan being described and not yet saved, or a question "
        "awaiting an answer.",
        "One row per officer, overwritten at each step; erased by forget me.",
        {
            "officer_id": "whose conversation it is",
            "step": "which question is waiting for an answer",
            "data": "the draft in progress, in the officer's own words",
        },
    ),
    "plan": TableEntry(
        Holds.PLAN,
        "What an officer intends, so that comparable plans in other councils can be found. Private to "
        "its owner.",
        "Until its owner erases themselves, or it goes untouched for the workspace's retention period "
        "(by default {retention_months}): its owner is then warned, and it is deleted {notice} later unless "
        "they keep it. A withdrawn plan is no longer matched and is deleted the same way.",
        {
            "officer_id": "whose plan it is",
            "number": "the owner's own number for it (plan 1, plan 2)",
            "text": "the plan in the officer's own words",
            "service_areas": "the service areas it concerns, as the officer confirmed them",
            "delivery_model": "the kind of change (outsourcing, staff mutual, trust...), as confirmed",
            "stage": "how far along it is, as confirmed",
            "timeline_year": "the year it is expected to happen, if given",
            "timeline_month": "the month it is expected to happen, if given",
            "status": "active, paused or withdrawn",
            "retention_warned_at": "when its owner was warned it would be deleted for being untouched",
            "advise_others": "whether the owner of a live plan is happy to advise officers at earlier stages",
        },
    ),
    "match_proposal": TableEntry(
        Holds.LINKED,
        "A possible match between two plans of different organisations, and each side's answer: the "
        "double opt-in. Closed ones are kept so that a pair declined or introduced is never proposed again.",
        "Open for {expiry} (a workspace may choose fewer), then closed. Deleted when either officer "
        "erases themselves, except that an open one waits, without the erased side, to lapse for the other "
        "side at the usual time.",
        {
            "plan_a_id": "one plan",
            "plan_b_id": "the other plan",
            "officer_a_id": "the first plan's owner",
            "officer_b_id": "the second plan's owner",
            "score": "the model's estimate (0 to 1) that the two plans are comparable",
            "shared_service_areas": "the service areas both plans concern",
            "shared_delivery_model": "the kind of change both plans share",
            "state": "proposed, introduced, declined or expired",
            "response_a": "the first side's answer, if any",
            "response_b": "the second side's answer, if any",
            "lapse_notified": "whether the lapse was told to whom it concerned",
            "expires_at": "when it lapses if both have not said yes",
            "closed_at": "when it was closed",
            "reminded_at": "when the one reminder before expiry went",
        },
    ),
    "match_number": TableEntry(
        Holds.LINKED,
        "Each officer's own number for a possible match (#1, #2), so numbers are never reused.",
        "Until the officer erases themselves.",
        {
            "officer_id": "whose number it is",
            "number": "the number",
            "proposal_id": "the possible match it names, while it exists",
        },
    ),
    "introduction": TableEntry(
        Holds.LINKED,
        "That two officers were introduced, made once when the second yes lands.",
        "Until either officer erases themselves.",
        {"proposal_id": "the possible match both accepted"},
    ),
    "audit_event": TableEntry(
        Holds.LINKED,
        "Who did what to which record, and when, for operators and exports. Never any text.",
        "An officer's events are deleted when they erase themselves; a workspace's settings changes stay, "
        "no longer saying who made them. Otherwise kept.",
        {
            "officer_id": "who acted, if an officer",
            "action": "what was done, e.g. plan_created",
            "object_type": "the kind of record acted on",
            "object_id": "the record's row number",
            "at": "when",
            "platform": "the workspace's platform, for settings changes",
            "workspace_id": "the workspace, for settings changes",
            "detail": "which setting was changed",
            "by_operator": "whether an operator made the change from the command line",
        },
    ),
    "workspace": TableEntry(
        Holds.NONE,
        "One installation's settings, as its administrators chose them.",
        "Kept while the service runs.",
        {
            "organisation_code": "the one council of this workspace, if it is not a community workspace",
            "allowed_domains": "email domains allowed to use it",
            "match_scope": "which councils officers here are matched with",
            "match_regions": "regions matched with",
            "match_councils": "councils matched with",
            "never_councils": "councils never matched with",
            "same_organisation": "whether colleagues of one council may be matched",
            "matching_paused": "whether matching is paused here",
            "retention_months": "months an untouched plan is kept",
            "proposal_expiry_days": "days a possible match stays open here, if not the service's default",
            "proposals_per_week": "most possible matches an officer receives a week, if not the default",
            "welcome_message": "a welcome written by an administrator, shown to officers once",
        },
    ),
    "workspace_admin": TableEntry(
        Holds.PERSONAL,
        "Who administers a workspace besides its platform's own admins: its installer, or appointed.",
        "Until the role is removed or the person erases themselves.",
        {
            "workspace_ref": "the workspace",
            "user_id": "the administrator's platform id",
            "role": "installer or appointed",
        },
    ),
    "processed_event": TableEntry(
        Holds.NONE,
        "Platform event ids already handled, so a retried event is handled once.",
        "7 days, far longer than any platform retries an event; it holds only the platform's event ids "
        "and times.",
        {"event_id": "the platform's id for the event", "at": "when it was handled"},
    ),
    "inbound_count": TableEntry(
        Holds.PSEUDONYMOUS,
        "Rate limits that hold across processes: messages per officer and per workspace per minute, "
        "plans added per day.",
        "Message counts for {counts_kept}, plan counts for {plan_counts_kept}; they survive an erasure "
        "for that time, holding only a keyed hash and a number.",
        {
            "scope": "a keyed hash of the officer's platform ids, or the workspace id",
            "window_start": "the minute counted",
            "count": "how many",
        },
    ),
    "conversation_reference": TableEntry(
        Holds.PERSONAL,
        "Where the platform can reach an officer later (Microsoft Teams needs this to send proposals).",
        "Until the officer erases themselves.",
        {"reference": "the platform's conversation reference (on Teams it may hold a display name)"},
    ),
    "pending_delivery": TableEntry(
        Holds.PERSONAL,
        "The outbox: each message a turn sends, from its commit until the platform took it.",
        "Deleted once the platform takes the message, normally within milliseconds; a message the platform "
        "refuses for now is tried {delivery_attempts} times in all, then dropped. Erased with either officer "
        "it concerns.",
        {
            "user_id": "the recipient's platform id",
            "peer_platform": "the other officer in an introduction, whose erasure removes it",
            "peer_workspace_id": "the other officer's workspace, in an introduction",
            "peer_user_id": "the other officer's platform id, in an introduction",
            "message": "the message itself, with what sending needs (it may hold summaries or, in an "
            "introduction, the other officer's contact details)",
            "attempts": "how many times sending was tried",
            "not_before": "when to try next",
            "claimed_until": "a process sending it holds it until then",
        },
    ),
    "inbound_event": TableEntry(
        Holds.PERSONAL,
        "Something an officer did on their platform (a message, a click), acknowledged and waiting for its "
        "turn to be run.",
        "Deleted once its turn has run, normally within a second; erased with the officer.",
        {
            "user_id": "the sender's platform id",
            "event": "what the officer sent, including what they wrote",
            "attempts": "how many times its turn was tried",
            "not_before": "when to try next",
            "claimed_until": "a process running the turn holds it until then",
            "received_at": "when it arrived",
        },
    ),
    "landscape_snapshot": TableEntry(
        Holds.NONE,
        "The daily snapshot from which 'how many other councils plan this' is answered.",
        "Only the newest is kept: each day's replaces the day before.",
        {"taken_on": "the day it stands for", "taken_at": "when it was taken"},
    ),
    "landscape_cell": TableEntry(
        Holds.NONE,
        "One council with a confirmed, active plan for a service and kind of change on that day. Never an "
        "officer or a plan.",
        "Deleted with its snapshot, the next day.",
        {
            "snapshot_id": "the snapshot",
            "service_area": "the service area",
            "delivery_model": "the kind of change",
            "organisation_id": "the council (always one of the public directory)",
            "stage_rank": "the furthest stage its plans there have reached",
        },
    ),
    "landscape_ask": TableEntry(
        Holds.PSEUDONYMOUS,
        "How often an officer asked about the landscape today, for the daily limit.",
        "Until the end of the day (UTC); it survives an erasure for that day, holding only a keyed hash.",
        {"scope": "a keyed hash of the officer's platform ids", "day": "the day", "count": "how many"},
    ),
    "circle": TableEntry(
        Holds.NONE,
        "A group of three to six councils with comparable plans offered together: what every member sees, "
        "the same for all. Who the members are is in circle_member.",
        "Kept; it holds no id of any officer or plan.",
        {
            "state": "offered, formed or expired",
            "size_cap": "most members it may have",
            "yes_count": "how many said yes",
            "shared_service_areas": "the service areas all share",
            "shared_delivery_model": "the kind of change all share",
            "stage_from": "the earliest stage among the plans",
            "stage_to": "the latest stage among the plans",
            "year_from": "the earliest expected year",
            "year_to": "the latest expected year",
            "expires_at": "when the offer ends",
            "formed_at": "when the third yes formed it",
            "lapse_notified": "whether the end of the offer was told",
            "reminded_at": "when the one reminder went",
        },
    ),
    "circle_member": TableEntry(
        Holds.LINKED,
        "Each officer offered a circle, with their plan and their answer.",
        "Until the officer erases themselves.",
        {
            "circle_id": "the circle",
            "officer_id": "the member",
            "organisation_id": "the member's organisation (one per circle)",
            "plan_id": "the member's plan",
            "number": "the member's own number for it",
            "answer": "pending, yes or not now",
            "answered_at": "when they answered",
            "joined_at": "when they were offered it",
        },
    ),
    "circle_request": TableEntry(
        Holds.LINKED,
        "An officer who came later offered a place in a circle that has already formed, with their plan "
        "and their answer.",
        "Open for {expiry}; deleted when the officer erases themselves.",
        {
            "circle_id": "the circle",
            "officer_id": "the later officer",
            "organisation_id": "their organisation",
            "plan_id": "their plan",
            "number": "their own number for it",
            "answer": "pending, yes or not now",
            "answered_at": "when they answered",
            "expires_at": "when the offer ends",
            "lapse_notified": "whether the end of the offer was told",
            "reminded_at": "when they were reminded before the offer ended",
        },
    ),
    "circle_welcome": TableEntry(
        Holds.LINKED,
        "Each member of a formed circle (or later officer already in it) asked whether a later officer may "
        "join, and their answer; only those who say yes are introduced to them.",
        "Deleted with the request, or when the member erases themselves.",
        {
            "request_id": "the later officer's request",
            "officer_id": "the member (or later officer already in the circle) asked",
            "number": "their own number for the circle",
            "answer": "pending, yes or not now",
            "asked_at": "when they were asked",
            "answered_at": "when they answered",
            "reminded_at": "when they were reminded before the question closed",
        },
    ),
    "follow_up": TableEntry(
        Holds.LINKED,
        "Each side of an introduction (a pair's, or a later officer's in a circle), and each member of a "
        "formed circle, asked once, {follow_up} after it, whether they talked and whether it helped; the "
        "answers are counted, never shown.",
        "The officer's rows are deleted when they erase themselves; when the other side erases themselves, "
        "this stays as an anonymous count.",
        {
            "introduction_id": "the introduction asked about",
            "circle_id": "the formed circle asked about (its members are asked once each)",
            "welcome_id": "the yes to a later officer in a circle that introduced the two asked about",
            "officer_id": "who was asked",
            "side": "which side of the introduction (a or b; for a later officer, b), or c for a circle",
            "asked_at": "when they were asked",
            "answer": "helped, not much use, not yet or no",
            "answered_at": "when they answered",
        },
    ),
    "match_feedback": TableEntry(
        Holds.LINKED,
        "An officer's 'not relevant' or 'not much use' about a match, kept against their own plan so that "
        "matching offers them fewer like it. Holds nothing of the other officer.",
        "Deleted with the plan, or when the officer erases themselves.",
        {
            "officer_id": "whose word it is",
            "plan_id": "their plan",
            "proposal_id": "the possible match, while it exists",
            "service_areas": "the service areas they were shown",
            "delivery_model": "the kind of change they were shown",
            "reason": "not relevant, or not much use",
        },
    ),
    "identity_secret": TableEntry(
        Holds.NONE,
        "The random root of the keyed hashes that stand for identifiers at rest (the local console's "
        "officers, rate-limit counters), so that no email address is stored as an identifier.",
        "Kept while the service runs; a key rotation re-encrypts it without changing it.",
        {"secret": "the random root (a credential)"},
    ),
    "erasure_mark": TableEntry(
        Holds.NONE,
        "That an erasure happened since the erased tables were last vacuumed (PostgreSQL), so the worker "
        "vacuums them and the erased rows' old versions are not left on disk.",
        "Deleted by the next vacuum, normally within a minute; it holds nothing, not even when.",
        {},
    ),
    "slack_installations": TableEntry(
        Holds.PERSONAL,
        "Slack's record of each installation (slack_sdk's own table), to act in that workspace.",
        "Until the app is uninstalled or the operator removes it; the installer's id is removed when they "
        "erase themselves.",
        {
            **_SLACK_INSTALL_COLUMNS,
            "enterprise_url": "the Enterprise Grid's address, if any",
            "user_id": "the Slack id of the person who installed it",
            "user_token": "a user token (Notalone asks for none)",
            "user_scopes": "user permissions (Notalone asks for none)",
            "user_refresh_token": "a user refresh token (Notalone asks for none)",
            "user_token_expires_at": "when a user token expires (Notalone asks for none)",
            "incoming_webhook_url": "an incoming webhook (Notalone asks for none)",
            "incoming_webhook_channel": "the webhook's channel (Notalone asks for none)",
            "incoming_webhook_channel_id": "the webhook's channel id (Notalone asks for none)",
            "incoming_webhook_configuration_url": "the webhook's settings page (Notalone asks for none)",
            "token_type": "the kind of token",
        },
    ),
    "slack_bots": TableEntry(
        Holds.NONE,
        "Slack's record of the bot in each workspace (slack_sdk's own table).",
        "Until the app is uninstalled or the operator removes it.",
        dict(_SLACK_INSTALL_COLUMNS),
    ),
    "slack_oauth_states": TableEntry(
        Holds.NONE,
        "One-time values that protect the 'Add to Slack' sign-in against forgery.",
        "Each expires minutes after it was made.",
        {"state": "the one-time value", "expire_at": "when it expires"},
    ),
}


def describe(table: str, column: str) -> str | None:
    """The description of a column, or None if it has none."""
    entry = TABLES.get(table)
    if entry is None:
        return None
    return entry.columns.get(column) or COMMON.get(column)
