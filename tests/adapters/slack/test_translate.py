"""Slack translation: pure functions, no HTTP."""

from __future__ import annotations

from adapters.slack.translate import (
    action_to_incoming,
    after_choice,
    command_to_incoming,
    escape,
    fallback_text,
    home_view,
    in_posts,
    message_event_to_incoming,
    post_text,
    profile_from_user,
    to_blocks,
)
from bot import wording
from bot.conversation.actions import (
    AdviseOthers,
    AnswerProposal,
    ChangeSettings,
    DraftField,
    SetDraftField,
    ShowLandscape,
    decode,
    encode,
)
from bot.conversation.drafts import Draft, confirmation
from bot.messages import Attachment, Button, ButtonStyle, IncomingKind, Message

LIBRARIES = SetDraftField(DraftField.AREAS, "libraries")


def test_user_text_is_escaped_in_the_fallback_and_plain_in_blocks() -> None:
    message = Message("<!channel> <@U1> <http://x|y> & *bold*")
    assert fallback_text(message) == "&lt;!channel&gt; &lt;@U1&gt; &lt;http://x|y&gt; &amp; *bold*"
    assert to_blocks(message) == [
        {
            "type": "section",
            "text": {"type": "plain_text", "text": "<!channel> <@U1> <http://x|y> & *bold*", "emoji": True},
        }
    ]
    assert escape("a<b>c&d") == "a&lt;b&gt;c&amp;d"


def test_few_choices_are_buttons_and_many_are_a_menu() -> None:
    few = to_blocks(Message("Pick", (Button("Yes", "x:yes", ButtonStyle.PRIMARY), Button("No", "x:no"))))
    assert few[-1]["type"] == "actions"
    assert [(e["type"], e["value"], e.get("style")) for e in few[-1]["elements"]] == [
        ("button", "x:yes", "primary"),
        ("button", "x:no", None),
    ]
    many = to_blocks(Message("Pick", tuple(Button(f"Area {i}", f"a:{i}") for i in range(52))))
    menu = many[-1]["elements"][0]
    assert menu["type"] == "static_select" and len(menu["options"]) == 52
    assert menu["options"][51] == {
        "text": {"type": "plain_text", "text": "Area 51", "emoji": True},
        "value": "a:51",
    }


def test_long_text_is_split_within_slack_limits() -> None:
    blocks = to_blocks(Message("\n".join(["x" * 1000] * 10), attachment=Attachment("a.json", "y" * 7000)))
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert sum(b["text"]["text"].count("x") for b in blocks if b["type"] == "section") == 10_000
    assert len(blocks) <= 50


def test_after_choice_replaces_buttons_with_the_choice() -> None:
    blocks = to_blocks(Message("Proposal", (Button("Introduce us", "p:1:accept"),)))
    updated = after_choice(blocks, "Introduce us")
    assert [b["type"] for b in updated] == ["section", "context"]
    assert updated[-1]["elements"][0]["text"] == "You chose: Introduce us"


def test_only_people_writing_in_the_dm_count() -> None:
    base = {"type": "message", "channel_type": "im", "user": "U1", "text": "a &amp; b &lt;3"}
    incoming = message_event_to_incoming(base, team_id="T1", event_id="Ev1")
    assert incoming is not None and incoming.text == "a & b <3" and incoming.event_id == "Ev1"
    assert incoming.identity.platform == "slack" and incoming.identity.workspace_id == "T1"
    for ignored in (
        {**base, "bot_id": "B1"},
        {**base, "subtype": "message_changed"},
        {**base, "subtype": "bot_message"},
        {**base, "channel_type": "channel"},
        {key: value for key, value in base.items() if key != "user"},
    ):
        assert message_event_to_incoming(ignored, team_id="T1", event_id="Ev2") is None


def test_clicks_menus_and_commands() -> None:
    button = {
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "actions": [
            {
                "type": "button",
                "value": encode(AnswerProposal(3, accept=True)),
                "text": {"type": "plain_text", "text": "Introduce us"},
            }
        ],
    }
    parsed = action_to_incoming(button)
    assert (
        parsed is not None
        and decode(parsed[0].action) == AnswerProposal(3, accept=True)
        and parsed[1] == "Introduce us"
    )
    assert parsed[0].kind == IncomingKind.ACTION
    menu = {
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "actions": [
            {
                "type": "static_select",
                "selected_option": {
                    "value": encode(LIBRARIES),
                    "text": {"type": "plain_text", "text": "Libraries"},
                },
            }
        ],
    }
    parsed = action_to_incoming(menu)
    assert parsed is not None and decode(parsed[0].action) == LIBRARIES and parsed[1] == "Libraries"
    assert action_to_incoming({"team": {"id": "T1"}, "user": {"id": "U1"}, "actions": []}) is None
    command = command_to_incoming({"team_id": "T1", "user_id": "U1", "text": ""})
    assert command is not None and command.text == "help"


def test_profile_and_home() -> None:
    profile = profile_from_user(
        {"real_name": "Jane Smith", "profile": {"email": "j@camden.gov.uk", "title": "Head"}}
    )
    assert (profile.name, profile.email, profile.job_title) == ("Jane Smith", "j@camden.gov.uk", "Head")
    assert profile_from_user({}).email is None
    view = home_view(None, "Welcome")
    assert view["type"] == "home" and view["blocks"][-1]["text"]["text"] == "Welcome"


def test_slack_admins_and_owners_administer_their_workspace() -> None:
    assert profile_from_user({"is_admin": True, "is_owner": False}).platform_admin is True
    assert profile_from_user({"is_admin": False, "is_owner": True}).platform_admin is True
    assert profile_from_user({"is_admin": False, "is_owner": False}).platform_admin is False
    assert profile_from_user({"is_admin": "yes"}).platform_admin is False  # only a real true counts


def test_an_admins_app_home_ends_with_the_workspace_settings() -> None:
    view = home_view("Your plans", "Welcome", admin="Settings\nStatistics")
    types = [block["type"] for block in view["blocks"]]
    assert types == ["header", "section", "actions", "divider", "header", "section", "actions"]
    button = view["blocks"][-1]["elements"][0]
    assert (button["value"], button["action_id"]) == (encode(ChangeSettings()), "notalone_0")
    assert len(home_view("x\n" * 400_000, "Welcome", admin="y\n" * 400_000)["blocks"]) <= 100


def test_a_live_plans_draft_shows_the_advising_toggle_as_a_fourth_button() -> None:

    offered = to_blocks(confirmation(Draft(text="x", areas=("libraries",), stage="live")))
    assert wording.ADVISE_OFFER in offered[0]["text"]["text"]
    assert [(e["text"]["text"], decode(e["value"])) for e in offered[-1]["elements"]][-1] == (
        "Happy to advise others",
        AdviseOthers(on=True),
    )
    assert len(offered[-1]["elements"]) == 4 and offered[-1]["type"] == "actions"
    on = to_blocks(confirmation(Draft(text="x", areas=("libraries",), stage="live", advise=True)))
    assert wording.ADVISE_ON in on[0]["text"]["text"]
    assert decode(on[-1]["elements"][-1]["value"]) == AdviseOthers(on=False)
    assert on[-1]["elements"][-1]["text"]["text"] == "Stop offering advice"
    earlier = to_blocks(confirmation(Draft(text="x", areas=("libraries",), stage="exploring")))
    assert len(earlier[-1]["elements"]) == 3 and "advise" not in earlier[0]["text"]["text"]


def test_the_app_home_asks_how_many_others_once_there_are_plans() -> None:
    assert all(block["type"] != "actions" for block in home_view(None, "Welcome")["blocks"])
    button = home_view("Your plans", "Welcome")["blocks"][-1]["elements"][0]
    assert (button["text"]["text"], button["value"]) == ("How many others?", encode(ShowLandscape()))
    assert decode(button["value"]) == ShowLandscape()


def test_the_app_home_links_to_privacy_and_terms_when_the_public_address_is_set() -> None:
    assert all(block["type"] != "context" for block in home_view("Your plans", "Welcome")["blocks"])
    for view in (
        home_view("Your plans", "Welcome", site="https://notalone.example.gov.uk"),
        home_view("x\n" * 400_000, "Welcome", admin="y\n" * 400_000, site="https://notalone.example.gov.uk"),
    ):
        links = view["blocks"][-1]
        assert links["type"] == "context" and len(view["blocks"]) <= 100
        assert links["elements"][0]["text"] == (
            "<https://notalone.example.gov.uk/privacy|How Notalone handles data> · "
            "<https://notalone.example.gov.uk/terms|Terms of use>"
        )


def test_a_message_longer_than_one_post_goes_as_several_in_order_with_its_choices_last() -> None:
    export = "\n".join(f'  "line {n}": "{"x" * 2000}"' for n in range(120))
    message = Message(
        "Here is your data.", (Button("Done", "notalone:done"),), attachment=Attachment("e.json", export)
    )
    posts = in_posts(to_blocks(message))
    assert len(posts) > 1 and all(len(post) <= 50 for post in posts)
    assert [b["type"] for b in posts[-1]][-1] == "actions" and all(
        b["type"] != "actions" for post in posts[:-1] for b in post
    )
    shown = "\n".join(b["text"]["text"] for post in posts for b in post if b["type"] == "section")
    assert shown == "Here is your data.\n" + export  # nothing lost, nothing out of order
    assert post_text(posts[1], message).startswith('  "line ')


def test_long_labels_end_in_an_ellipsis_and_every_option_of_a_long_list_is_offered() -> None:
    label = "Leisure centres, swimming pools and sports development for the whole county and beyond"
    [button] = to_blocks(Message("Pick", (Button(label, "a"),)))[-1]["elements"]
    assert button["text"]["text"] == "Leisure centres, swimming pools and sports development for the whole…"
    many = tuple(Button(f"Service {n:03d}", f"s{n}") for n in range(230))
    [menu] = to_blocks(Message("Pick", searchable=many))[-1]["elements"]
    groups = menu["option_groups"]
    assert [len(g["options"]) for g in groups] == [100, 100, 30]
    assert groups[0]["label"]["text"] == "Service 000 to Service 099"
    assert [o["value"] for g in groups for o in g["options"]] == [b.action for b in many]
