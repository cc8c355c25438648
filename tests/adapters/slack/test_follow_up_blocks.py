"""Slack renders the follow-up question, Not relevant and Say yes after all (to a pair, a circle or a council
joining one) as buttons that come back."""

from __future__ import annotations

from adapters.slack.translate import action_to_incoming, after_choice, to_blocks
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


def _click(value: str, label: str) -> object:
    body = {
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "actions": [{"type": "button", "value": value, "text": {"type": "plain_text", "text": label}}],
    }
    parsed = action_to_incoming(body)
    assert parsed is not None and parsed[1] == label
    return decode(parsed[0].action)


def test_a_proposal_has_three_buttons_and_not_relevant_comes_back() -> None:
    blocks = to_blocks(Message("Possible match #1", proposal_buttons(12)))
    elements = blocks[-1]["elements"]
    assert blocks[-1]["type"] == "actions"
    assert [(e["text"]["text"], e.get("style")) for e in elements] == [
        ("Introduce us", "primary"),
        ("Not now", None),
        ("Not relevant", None),
    ]
    assert _click(elements[2]["value"], "Not relevant") == NotRelevant(12)


def test_the_follow_up_question_has_four_buttons_and_each_answer_comes_back() -> None:
    question = Message(wording.FOLLOW_UP_QUESTION, follow_up_buttons(7))
    elements = to_blocks(question)[-1]["elements"]
    assert [e["text"]["text"] for e in elements] == [
        "Yes, and it helped",
        "Yes, not much use",
        "Not yet",
        "No",
    ]
    assert elements[0]["style"] == "primary" and all("style" not in e for e in elements[1:])
    answers = [_click(e["value"], e["text"]["text"]) for e in elements]
    assert answers == [AnswerFollowUp(7, answer) for answer in FollowUpAnswer]
    answered = after_choice(to_blocks(question), "Not yet")
    assert all(block["type"] != "actions" for block in answered)


def test_say_yes_after_all_under_my_plans_comes_back() -> None:
    button = Button(wording.SAY_YES_AFTER_ALL.format(match=2), encode(Reconsider(31)))
    [element] = to_blocks(Message("Your plans", (button,)))[-1]["elements"]
    assert element["text"]["text"] == "Say yes to #2 after all"
    assert _click(element["value"], "Say yes to #2 after all") == Reconsider(31)


def test_say_yes_after_all_to_a_circle_or_a_council_joining_comes_back() -> None:
    buttons = (
        Button(wording.SAY_YES_AFTER_ALL.format(match=3), encode(ReconsiderCircle(7))),
        Button(wording.CIRCLE_WELCOME_SAY_YES_AFTER_ALL.format(match=4), encode(ReconsiderWelcome(9))),
    )
    elements = to_blocks(Message("Your plans", buttons))[-1]["elements"]
    labels = [e["text"]["text"] for e in elements]
    assert labels == ["Say yes to #3 after all", "Say yes to the council joining #4 after all"]
    clicked = [_click(e["value"], label) for e, label in zip(elements, labels, strict=True)]
    assert clicked == [ReconsiderCircle(7), ReconsiderWelcome(9)]
