"""The stage part of "why this match", and who counts as an adviser: from confirmed fields alone."""

from __future__ import annotations

import pytest

from bot.conversation.replies import advising_answer
from bot.domain.advising import Side, advises, can_advise, stage_reason
from bot.storage.models import Plan


def plan(stage: str | None, model: str | None = "staff_mutual", *, advising: bool = False) -> Plan:
    return Plan(officer_id=1, number=1, text="private words", stage=stage, delivery_model=model,
                advise_others=advising)  # fmt: skip


@pytest.mark.parametrize(
    ("own", "other", "reason"),
    [
        (plan("exploring"), plan("business_case"),
         "; they are one stage ahead of you, at options appraisal or business case"),
        (plan("exploring"), plan("consultation"), "; they are two stages ahead of you, at consultation"),
        (plan("consultation"), plan("consultation"), "; you are at the same stage"),
        (plan("consultation"), plan("exploring"), "; they are two stages behind you"),
        (plan("exploring"), plan("live"), ""),
        (plan("exploring"), plan("live", advising=True),
         "; they are further along (live and running) and happy to advise officers at earlier stages "
         "of the same change"),
        (plan("live", advising=True), plan("business_case"),
         "; they are at an earlier stage (options appraisal or business case), and you said you're "
         "happy to advise"),
        (plan("exploring", "charitable_trust"), plan("live", advising=True), ""),  # another kind of change
        (plan("live"), plan("live", advising=True), "; you are at the same stage"),
        (plan(None), plan("live", advising=True), ""),
    ],
)  # fmt: skip
def test_the_reason_names_the_stage_ahead_and_an_offer_to_advise(own: Plan, other: Plan, reason: str) -> None:
    assert stage_reason(own, other) == reason
    assert "private words" not in reason


def test_only_a_live_plan_of_the_same_kind_of_change_advises_an_earlier_one() -> None:
    assert can_advise("live") and not can_advise("transition") and not can_advise(None)
    adviser = Side("live", "staff_mutual", advises=True)
    assert advises(adviser, Side("transition", "staff_mutual"))
    assert not advises(adviser, Side("live", "staff_mutual"))
    assert not advises(adviser, Side("exploring", "social_enterprise"))
    assert not advises(adviser, Side(None, "staff_mutual"))
    assert not advises(Side("live", "staff_mutual"), Side("exploring", "staff_mutual"))  # not offered
    assert not advises(Side("live", None, advises=True), Side("exploring", None))
    # A flag left from a live stage counts only while the plan is live.
    assert not advises(Side("transition", "staff_mutual", advises=True), Side("exploring", "staff_mutual"))


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I'm happy to advise others", True),
        ("Happy to advise others", True),
        ("yes, I can advise", True),
        ("I\u2019d rather not advise", False),
        ("stop offering advice", False),
        ("I don't want to advise anyone", False),
        ("Looks right", None),
        ("advice on procurement please", None),
    ],
)
def test_typed_answers_about_advising(text: str, answer: bool | None) -> None:
    assert advising_answer(text) is answer
