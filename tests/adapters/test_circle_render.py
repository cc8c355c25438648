"""A circle's offer as Slack blocks and a Teams card: the same lines, its two choices, and a click on
either platform coming back as the circle's typed answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.slack.translate import action_to_incoming, fallback_text, to_blocks
from adapters.teams.translate import to_card, to_incoming
from bot import wording
from bot.conversation.actions import AnswerCircle, decode
from bot.conversation.circling import circle_offer_message
from bot.messages import IncomingKind
from bot.storage.models import Circle
from tests.adapters.teams.fake_connector import body_texts

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def offer() -> Circle:
    circle = Circle(
        id=7,
        shared_service_areas=["libraries"],
        shared_delivery_model="staff_mutual",
        stage_from="exploring",
        stage_to="business_case",
        year_from=2027,
        year_to=2028,
        created_at=NOW,
        expires_at=NOW + timedelta(days=14),
    )
    return circle


def test_a_circle_offer_is_slack_blocks_with_join_and_not_now() -> None:
    circle = offer()
    message = circle_offer_message(circle, match=3, plan_number=2, councils=4)
    blocks = to_blocks(message)
    shown = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "Possible match #3 for your plan 2: a circle" in shown
    assert "fewer than 5 councils" in shown and "Service: Libraries" in shown and "2027 to 2028" in shown
    assert "9 December 2026" in shown
    buttons = blocks[-1]["elements"]
    assert [(b["text"]["text"], b.get("style")) for b in buttons] == [
        (wording.JOIN_CIRCLE, "primary"),
        (wording.NOT_NOW, None),
    ]
    assert fallback_text(message).startswith("Possible match #3")
    click = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1", "team_id": "T1"},
        "actions": [
            {
                "type": "button",
                "value": buttons[1]["value"],
                "text": {"type": "plain_text", "text": "Not now"},
            }
        ],
    }
    translated = action_to_incoming(click)
    assert translated is not None and translated[0].kind == IncomingKind.ACTION
    assert decode(translated[0].action) == AnswerCircle(7, yes=False)


def test_a_circle_offer_is_a_teams_card_and_its_click_comes_back_typed() -> None:
    circle = offer()
    card = to_card(circle_offer_message(circle, match=3, plan_number=2, councils=6))
    text = "\n".join(body_texts(card))
    assert "6 councils" in text and "fewer than" not in text  # rule 8: shown from 5
    assert [(a["title"], a.get("style")) for a in card["actions"]] == [
        (wording.JOIN_CIRCLE, "positive"),
        (wording.NOT_NOW, None),
    ]
    person = {
        "type": "message",
        "id": "a1",
        "from": {"id": "29:1", "aadObjectId": "aad-1"},
        "recipient": {"id": "28:bot"},
        "conversation": {"id": "c1", "conversationType": "personal", "tenantId": "t-1"},
        "channelData": {"tenant": {"id": "t-1"}},
        "value": card["actions"][0]["data"],
    }
    translated = to_incoming(person)
    assert translated is not None and decode(translated[0].action) == AnswerCircle(7, yes=True)
