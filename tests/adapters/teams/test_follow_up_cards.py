"""Teams renders the follow-up question, Not relevant and Say yes after all (to a pair, a circle or a council
joining one) as card actions that come back."""

from __future__ import annotations

from typing import Any

from adapters.teams.translate import after_choice, to_card, to_incoming
from bot import wording
from bot.conversation.actions import (
    AnswerFollowUp,
    NotRelevant,
    Reconsider,
    ReconsiderCircle,
    ReconsiderWelcome,
    decode,
    encode,
)
from bot.conversation.following_up import follow_up_buttons
from bot.conversation.render import proposal_buttons
from bot.messages import Button, Message
from bot.storage.models import FollowUpAnswer
from tests.adapters.teams.fake_connector import body_texts
from tests.adapters.teams.test_translate import PERSON


def _click(action: dict[str, Any]) -> object:
    data = action["data"]
    parsed = to_incoming({**PERSON, "value": {**data, "label": action["title"], "shown": "Question"}})
    assert parsed is not None
    return decode(parsed[0].action)


def test_a_proposal_has_three_actions_and_not_relevant_comes_back() -> None:
    actions = to_card(Message("Possible match #1", proposal_buttons(12)))["actions"]
    assert [(a["title"], a.get("style")) for a in actions] == [
        ("Introduce us", "positive"),
        ("Not now", None),
        ("Not relevant", None),
    ]
    assert _click(actions[2]) == NotRelevant(12)


def test_the_follow_up_question_has_four_actions_and_each_answer_comes_back() -> None:
    question = Message(wording.FOLLOW_UP_QUESTION, follow_up_buttons(7))
    card = to_card(question)
    assert [a["title"] for a in card["actions"]] == [
        "Yes, and it helped",
        "Yes, not much use",
        "Not yet",
        "No",
    ]
    assert [_click(a) for a in card["actions"]] == [AnswerFollowUp(7, answer) for answer in FollowUpAnswer]
    updated = after_choice(wording.FOLLOW_UP_QUESTION, "Not yet")["attachments"][0]["content"]
    assert "actions" not in updated and body_texts(updated)[-1] == "You chose: Not yet"


def test_say_yes_after_all_under_my_plans_comes_back() -> None:
    button = Button(wording.SAY_YES_AFTER_ALL.format(match=2), encode(Reconsider(31)))
    [action] = to_card(Message("Your plans", (button,)))["actions"]
    assert action["title"] == "Say yes to #2 after all" and _click(action) == Reconsider(31)


def test_say_yes_after_all_to_a_circle_or_a_council_joining_comes_back() -> None:
    buttons = (
        Button(wording.SAY_YES_AFTER_ALL.format(match=3), encode(ReconsiderCircle(7))),
        Button(wording.CIRCLE_WELCOME_SAY_YES_AFTER_ALL.format(match=4), encode(ReconsiderWelcome(9))),
    )
    actions = to_card(Message("Your plans", buttons))["actions"]
    assert [a["title"] for a in actions] == [
        "Say yes to #3 after all",
        "Say yes to the council joining #4 after all",
    ]
    assert [_click(a) for a in actions] == [ReconsiderCircle(7), ReconsiderWelcome(9)]
