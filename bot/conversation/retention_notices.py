"""The retention job's effects: warnings and deletions told to the plans' owners, and keeping a plan."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import wording
from bot.conversation.actions import KeepPlan, encode
from bot.conversation.turn import Turn
from bot.domain.erasure import erase_plan
from bot.domain.officers import identity_of
from bot.domain.plans import plan_by_number
from bot.domain.retention import NOTICE, due_for_deletion, months_kept, warn_untouched
from bot.domain.summaries import long_date
from bot.errors import UserFacingError
from bot.messages import Button, ButtonStyle, Message, Outbox
from bot.storage.models import Officer


def apply_retention(session: Session, outbox: Outbox, *, now: datetime) -> int:
    """Warn, then delete, plans left untouched too long; returns how many plans were handled."""
    notices = warn_untouched(session, now=now)
    for notice in notices:
        officer = session.get(Officer, notice.officer_id)
        if officer is None or not officer.reachable:
            continue
        text = wording.RETENTION_WARNING.format(
            number=notice.plan_number,
            since=long_date(notice.last_changed.date()),
            months=notice.months,
            deletion=long_date((now + NOTICE).date()),
        )
        keep = Button(
            wording.RETENTION_KEEP.format(number=notice.plan_number),
            encode(KeepPlan(notice.plan_number)),
            ButtonStyle.PRIMARY,
        )
        outbox.add(identity_of(officer), Message(text, (keep,), ref=f"retention:{notice.plan_id}"))
    deleted = due_for_deletion(session, now=now)
    for plan in deleted:
        officer = session.get(Officer, plan.officer_id)
        number = plan.number
        erase_plan(session, plan, now=now)
        if officer is not None and officer.reachable:
            months = months_kept(session, officer)
            outbox.add(
                identity_of(officer), Message(wording.RETENTION_DELETED.format(number=number, months=months))
            )
    return len(notices) + len(deleted)


def keep_plan(turn: Turn, number: int) -> None:
    """The owner wants to keep a plan they were warned about: it counts as touched today."""
    try:
        plan = plan_by_number(turn.session, turn.officer_id, number)
    except UserFacingError:
        turn.reply(wording.NOT_A_CHOICE)
        return
    plan.updated_at = turn.now
    turn.session.add(plan)
    turn.audit("plan_kept", "plan", plan.id)
    turn.reply(wording.RETENTION_KEPT.format(number=number, months=months_kept(turn.session, turn.officer)))
