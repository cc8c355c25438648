"""Questions an officer asks about Notalone, recognised and answered in plain words.

Placeholder until the full rule set lands: recognises nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.turn import Turn


class Topic(StrEnum):
    WHAT_IT_DOES = "what_it_does"
    HOW_MATCHING_WORKS = "how_matching_works"
    WHO_SEES_WHAT = "who_sees_what"
    CONFIDENTIAL = "confidential"
    NOT_NOW = "not_now"
    PAUSE = "pause"
    EXPORT = "export"
    ERASE = "erase"
    WHO_RUNS_IT = "who_runs_it"
    ADMINS = "admins"
    LANDSCAPE = "landscape"


@dataclass(frozen=True)
class Facts:
    proposal_expiry_days: int
    proposal_reminder_days: int
    proposals_per_week: int
    max_open_plans: int


def topic_of(text: str) -> Topic | None:
    return None


def answer(topic: Topic, facts: Facts) -> str:
    return ""


def facts_for(turn: Turn) -> Facts:
    return Facts(14, 2, 3, 10)
