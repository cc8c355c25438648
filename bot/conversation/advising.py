"""Saying in words, outside a draft, whether one's live plan offers to advise others ("been there")."""

from __future__ import annotations

from bot import wording
from bot.conversation import describing
from bot.conversation.replies import advising_answer
from bot.conversation.turn import Turn
from bot.domain.advising import can_advise
from bot.domain.plans import plans_of
from bot.storage.models import PlanStatus


def advising_in_words(turn: Turn, text: str) -> bool:
    """Handle "I'm happy to advise others" or "stop offering advice" about the officer's one live plan;
    False when the text says neither."""
    on = advising_answer(text)
    if on is None:
        return False
    live = [
        plan
        for plan in plans_of(turn.session, turn.officer_id)
        if plan.status != PlanStatus.WITHDRAWN and can_advise(plan.stage)
    ]
    if len(live) != 1:
        numbers = ", ".join(str(plan.number) for plan in live)
        turn.reply(wording.ADVISE_WHICH_PLAN.format(numbers=numbers) if live else wording.ADVISE_NO_LIVE_PLAN)
        return True
    plan = live[0]
    changed = plan.advise_others != on
    plan.advise_others = on
    turn.session.add(plan)
    if changed:
        turn.audit("plan_advising" if on else "plan_not_advising", "plan", plan.id)
    if not on:
        turn.reply(wording.ADVISING_STOPPED.format(number=plan.number))
        return True
    turn.reply(wording.ADVISING_SAVED.format(number=plan.number))
    if changed:
        describing.look_for_matches(turn, plan)
    return True
