"""Where each officer is in the conversation, kept in the database so it survives a restart."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, bindparam, delete
from sqlmodel import Session, col

from bot.storage.models import Conversation


class Step(StrEnum):
    AWAITING_ORGANISATION = "awaiting_organisation"
    CONFIRM_PLAN = "confirm_plan"
    CHOOSE_FIELD = "choose_field"
    CHOOSE_AREA = "choose_area"
    CHOOSE_MODEL = "choose_model"
    CHOOSE_STAGE = "choose_stage"
    ENTER_TIMELINE = "enter_timeline"
    SWITCH_DRAFT = "switch_draft"  # a new plan arrived while a draft was open: which to go on with
    CONFIRM_WITHDRAW = "confirm_withdraw"
    CONFIRM_FORGET = "confirm_forget"
    # The officer asked how many others plan something; their next words may describe their own plan of it.
    ASKED_ABOUT = "asked_about"


@dataclass
class State:
    """The step an officer is at and what it needs to remember."""

    step: Step
    data: dict[str, Any] = field(default_factory=dict)


# In a session's `info`: officers `load` found without a step, so that `save` need not look again (only
# `save` makes these rows).
_NONE = "officers without a step"


def load(session: Session, officer_id: int, *, made_now: bool = False) -> State | None:
    """The officer's pending step, if any (`made_now`: the officer was made in this transaction, so has
    none, and nothing is read)."""
    row = None if made_now else session.get(Conversation, officer_id)
    if row is None:
        session.info.setdefault(_NONE, set()).add(officer_id)
    return State(Step(row.step), dict(row.data)) if row else None


def save(session: Session, officer_id: int, state: State, *, now: datetime) -> None:
    """Remember the officer's step (replacing any earlier one)."""
    none: set[int] = session.info.get(_NONE, set())
    row = None if officer_id in none else session.get(Conversation, officer_id)
    none.discard(officer_id)
    if row is None:
        row = Conversation(officer_id=officer_id, step=state.step, data=state.data, updated_at=now)
    else:
        row.step = state.step
        row.data = dict(state.data)
        row.updated_at = now
    session.add(row)


def clear(session: Session, officer_id: int) -> None:
    """Forget the officer's pending step."""
    # One statement, rather than reading (and decrypting) the row again only to delete it.
    session.execute(_CLEAR, {"officer": officer_id})


_CLEAR = delete(Conversation).where(col(Conversation.officer_id) == bindparam("officer", type_=Integer))


def stash(state: State) -> dict[str, Any]:
    """A step set aside while the officer answers another question, to come back to."""
    return {"step": state.step.value, "data": state.data}


def unstash(stashed: Any) -> State | None:
    """The step set aside, if any (and if it is one we still know)."""
    if not isinstance(stashed, dict) or stashed.get("step") not in Step._value2member_map_:
        return None
    data = stashed.get("data")
    return State(Step(stashed["step"]), dict(data) if isinstance(data, dict) else {})
