"""Teams translation and packaging: pure functions, no HTTP."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from adapters.teams.package import build_package, manifest
from adapters.teams.translate import after_choice, profile_fields, to_activities, to_card, to_incoming
from bot import wording
from bot.conversation.actions import (
    AdviseOthers,
    AnswerProposal,
    ConfirmWithdraw,
    DraftField,
    KeepPlan,
    SetDraftField,
    ShowLandscape,
    decode,
    encode,
)
from bot.conversation.drafts import Draft, confirmation
from bot.conversation.landscape import landscape_button
from bot.messages import Attachment, Button, ButtonStyle, IncomingKind, Message
from tests.adapters.teams.fake_connector import body_texts

PERSON = {
    "type": "message",
    "id": "a1",
    "from": {"id": "29:x", "aadObjectId": "aad-1", "name": "Jane"},
    "conversation": {"id": "a:1", "conversationType": "personal", "tenantId": "t-1"},
    "recipient": {"id": "28:bot"},
}


def test_text_is_a_text_run_shown_exactly_as_written_with_nothing_escaped() -> None:
    original = "<at>Bob</at> [click](http://evil) **bold** _x_ # head. \\n"
    [activity] = to_activities(Message(f"{original}\nEmail: callum.rennie@leeds.gov.uk"))
    card = activity["attachments"][0]["content"]
    # A TextRun is never read as markdown, and an <at> tag mentions nobody without an `entities` list.
    assert card["body"] == [
        {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": original}]},
        {
            "type": "RichTextBlock",
            "inlines": [{"type": "TextRun", "text": "Email: callum.rennie@leeds.gov.uk"}],
        },
    ]
    assert "entities" not in activity and "msteams" not in card
    assert not any(element["type"] == "TextBlock" for element in card["body"])


def test_a_blank_line_starts_a_paragraph_and_an_attachment_is_shown_line_by_line() -> None:
    attached = Attachment("notalone-export.json", '{\n  "plans": ["a_b*c"]\n}')
    card = to_card(Message("Your data.\n\nIt stays private.", attachment=attached))
    assert body_texts(card) == [
        "Your data.",
        "It stays private.",
        "notalone-export.json",
        "{",
        '  "plans": ["a_b*c"]',
        "}",
    ]
    assert card["body"][1]["spacing"] == "Medium" and "spacing" not in card["body"][0]
    assert card["body"][2]["inlines"][0]["weight"] == "Bolder"
    assert {block["inlines"][0].get("fontType") for block in card["body"][3:]} == {"Monospace"}


def test_few_choices_are_buttons_and_many_a_drop_down() -> None:
    yes, no = encode(ConfirmWithdraw(yes=True)), encode(ConfirmWithdraw(yes=False))
    few = to_card(Message("Pick", (Button("Yes", yes, ButtonStyle.PRIMARY), Button("No", no))))
    assert [(a["title"], a["data"]["notalone_action"], a.get("style")) for a in few["actions"]] == [
        ("Yes", yes, "positive"),
        ("No", no, None),
    ]
    many = to_card(Message("Pick", tuple(Button(f"Plan {i}", encode(KeepPlan(i))) for i in range(52))))
    choice_set = many["body"][-1]
    assert choice_set["type"] == "Input.ChoiceSet" and len(choice_set["choices"]) == 52
    assert [a["title"] for a in many["actions"]] == ["Choose"]
    [activity] = to_activities(Message("Hello"))
    assert activity["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"


def test_how_many_others_is_a_button_on_the_card_after_saving_a_plan() -> None:
    card = to_card(Message(wording.FOUND_NONE_YET, (landscape_button(3),)))
    assert [(a["type"], a["title"], a["data"]["notalone_action"]) for a in card["actions"]] == [
        ("Action.Submit", "How many others?", encode(ShowLandscape(3)))
    ]


def test_after_choice_keeps_the_text_and_drops_the_buttons() -> None:
    updated = after_choice("Possible match #1", "Introduce us")["attachments"][0]["content"]
    assert "actions" not in updated
    assert body_texts(updated) == ["Possible match #1", "You chose: Introduce us"]
    assert updated["body"][-1]["inlines"][0]["isSubtle"] is True


def test_personal_messages_clicks_and_arrivals() -> None:
    message = to_incoming({**PERSON, "text": "<at>Notalone</at> my plans &amp; more"})
    assert message is not None and message[0].text == "my plans & more" and message[0].event_id == "a1"
    assert (message[0].identity.platform, message[0].identity.workspace_id, message[0].identity.user_id) == (
        "teams",
        "t-1",
        "aad-1",
    )
    click = to_incoming(
        {
            **PERSON,
            "value": {
                "notalone_action": encode(AnswerProposal(1, accept=True)),
                "label": "Introduce us",
                "shown": "Possible match",
            },
        }
    )
    assert (
        click is not None
        and click[0].kind == IncomingKind.ACTION
        and click[1] == "Possible match\nIntroduce us"
    )
    arrival = to_incoming({**PERSON, "type": "conversationUpdate", "membersAdded": [{"id": "28:bot"}]})
    assert arrival is not None and arrival[0].kind == IncomingKind.OPENED
    for ignored in (
        {**PERSON, "conversation": {**PERSON["conversation"], "conversationType": "groupChat"}},  # type: ignore[dict-item]
        {**PERSON, "from": {"id": "28:other", "role": "bot"}},
        {**PERSON, "type": "typing"},
        {key: value for key, value in PERSON.items() if key != "conversation"},
    ):
        assert to_incoming(ignored) is None


def test_member_profile_fields() -> None:
    assert profile_fields({"name": "Jane Smith", "email": "j@camden.gov.uk", "jobTitle": "Head"}) == (
        "Jane Smith",
        "j@camden.gov.uk",
        "Head",
    )
    assert profile_fields({"givenName": "Tom", "surname": "Jones", "userPrincipalName": "t@x.gov.uk"}) == (
        "Tom Jones",
        "t@x.gov.uk",
        None,
    )


def test_the_package_holds_a_personal_bot_manifest_and_two_icons(tmp_path: Path) -> None:
    written = build_package(
        "00000000-0000-0000-0000-000000000001", "notalone.example.gov.uk", tmp_path / "p.zip"
    )
    with zipfile.ZipFile(written) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        content = json.loads(package.read("manifest.json"))
        assert package.read("color.png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert content["bots"][0]["scopes"] == ["personal"]
    assert [c["title"] for c in content["bots"][0]["commandLists"][0]["commands"]] == [
        "help",
        "new plan",
        "my plans",
    ]
    assert content["validDomains"] == ["notalone.example.gov.uk"]
    with pytest.raises(ValueError, match="GUID"):
        manifest("not-a-guid", "notalone.example.gov.uk")
    with pytest.raises(ValueError, match="host name"):
        manifest("00000000-0000-0000-0000-000000000001", "https://x/path")


def test_a_drop_down_choice_is_shown_by_the_code_it_sent() -> None:
    # A drop-down sends back only its value; the card's text and the chosen code stand in for the label.
    chosen = encode(SetDraftField(DraftField.AREAS, "adult_social_care"))
    click = to_incoming({**PERSON, "value": {"notalone_action": chosen, "shown": "Which service?"}})
    assert click is not None and click[0].action == chosen
    assert click[1] == "Which service?\nadult social care"


def test_the_notification_summary_is_plain_words_without_mentions_or_markup() -> None:
    typed = "Kept your organisation as <at>Jane Smith</at> **Camden** [click](https://evil.example) `x`\nmore"
    summary = to_activities(Message(typed))[0]["summary"]
    assert summary == "Kept your organisation as Jane Smith Camden click https://evil.example x"
    assert not any(mark in summary for mark in "<>*[]()`")
    introduced = to_activities(Message("You're introduced (possible match #1 for your plan 2).\nEmail: x"))
    assert introduced[0]["summary"] == "You're introduced possible match 1 for your plan 2."
    long = to_activities(Message("word " * 60))[0]["summary"]
    assert len(long) <= 120 and long.endswith("word…")


def test_a_live_plans_draft_shows_the_advising_toggle_on_its_card() -> None:

    card = to_card(confirmation(Draft(text="x", areas=("libraries",), stage="live")))
    shown = "\n".join(body_texts(card))
    assert wording.ADVISE_OFFER in shown
    assert [(a["title"], decode(a["data"]["notalone_action"])) for a in card["actions"]][-1] == (
        "Happy to advise others",
        AdviseOthers(on=True),
    )
    assert len(card["actions"]) == 4
    on = to_card(confirmation(Draft(text="x", areas=("libraries",), stage="live", advise=True)))
    assert (on["actions"][-1]["title"], decode(on["actions"][-1]["data"]["notalone_action"])) == (
        "Stop offering advice",
        AdviseOthers(on=False),
    )
    earlier = to_card(confirmation(Draft(text="x", areas=("libraries",), stage="exploring")))
    assert len(earlier["actions"]) == 3


def test_each_card_stays_under_teams_28_kb_and_a_long_text_goes_over_several_in_order() -> None:
    export = "\n".join(f'  "line {n}": "{"é" * 900}"' for n in range(40))
    message = Message(
        "Here is your data.", (Button("Done", "notalone:done"),), attachment=Attachment("e.json", export)
    )
    activities = to_activities(message)
    assert len(activities) > 1
    assert all(len(json.dumps(a).encode()) <= 28 * 1024 for a in activities)
    cards = [a["attachments"][0]["content"] for a in activities]
    assert [line for card in cards for line in body_texts(card)] == [
        "Here is your data.",
        "e.json",
        *export.split("\n"),
    ]
    assert [("actions" in card) for card in cards] == [False] * (len(cards) - 1) + [True]
    # Too long to carry twice: the buttons don't repeat the text (they then stay after a click).
    assert "shown" not in cards[-1]["actions"][0]["data"]
    short = to_card(Message("Pick", (Button("Done", "notalone:done"),)))
    assert short["actions"][0]["data"]["shown"] == "Pick"
