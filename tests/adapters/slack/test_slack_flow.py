"""Slack end to end: OAuth installs, DMs, buttons, introductions, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import re
import time
from datetime import timedelta

from sqlalchemy import text

from adapters.slack.translate import identity
from bot.clock import ManualClock
from bot.conversation.actions import ConfirmDraft, encode
from bot.delivery.notifier import RecordingNotifier
from bot.messages import Incoming, IncomingKind, Profile
from matching import taxonomy
from tests.adapters.slack.conftest import CAMDEN, HACKNEY
from tests.adapters.slack.fake_slack import blocks_of
from tests.adapters.slack.harness import Slack
from tests.support import identity as other_platform

JANE, TOM = "U0JANE", "U0TOM"
JANE_PLAN = (
    "We're looking at spinning our leisure centres out into a staff mutual, business case stage, "
    "hoping to go live next April. Fairbrook pool is the biggest site."
)
TOM_PLAN = (
    "We are exploring moving our sports centres and swimming pools into a staff mutual; Oakridge first."
)


def rows(slack: Slack, table: str) -> int:
    with slack.database.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def install(slack: Slack, code: str) -> None:
    page = slack.request("/slack/install", method="GET")
    assert page.status == 200 and "slack.com/oauth/v2/authorize" in page.body
    state = re.search(r"state=([\w-]+)", page.body)
    assert state is not None
    cookie = page.headers.get("Set-Cookie", "").split(";")[0]
    done = slack.request(
        f"/slack/oauth_redirect?code={code}&state={state.group(1)}", method="GET", headers={"Cookie": cookie}
    )
    assert done.status == 200, done.body


def two_councils(slack: Slack) -> None:
    install(slack, "code-camden")
    install(slack, "code-hackney")
    slack.fake.add_user(
        JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk", title="Head of Leisure"
    )
    slack.fake.add_user(
        TOM, HACKNEY.team_id, name="Tom Jones", email="tom.jones@hackney.gov.uk", title="Contracts Lead"
    )
    slack.dm(CAMDEN.team_id, JANE, JANE_PLAN)
    slack.wait_for_text(JANE, "Here's what I understood")
    slack.click(CAMDEN.team_id, JANE, "Looks right")
    slack.wait_for_text(JANE, "Saved as plan 1")
    slack.dm(HACKNEY.team_id, TOM, TOM_PLAN)
    slack.wait_for_text(TOM, "Here's what I understood")
    slack.click(HACKNEY.team_id, TOM, "Looks right")
    slack.wait_for_text(JANE, "Possible match #1")
    slack.wait_for_text(TOM, "Possible match #1")


def test_two_workspaces_install_and_their_officers_are_introduced(slack: Slack) -> None:
    two_councils(slack)
    # Each workspace's messages go out with that workspace's own token.
    for call in slack.fake.posted(f"D{JANE}"):
        assert call.token == CAMDEN.bot_token
    for call in slack.fake.posted(f"D{TOM}"):
        assert call.token == HACKNEY.bot_token
    # The click replaced the buttons with the choice.
    updates = [c for c in slack.fake.calls if c.method == "chat.update"]
    assert updates and "You chose: Looks right" in str(updates[0].params["blocks"])

    before = "\n".join(slack.texts(JANE))
    for secret in ("Tom", "Jones", "tom.jones", "Hackney", "Oakridge", "Contracts Lead"):
        assert secret not in before
    for secret in ("Jane", "Smith", "jane.smith", "Camden", "Fairbrook", "Head of Leisure"):
        assert secret not in "\n".join(slack.texts(TOM))

    slack.click(CAMDEN.team_id, JANE, "Introduce us")
    slack.wait_for_text(JANE, "I'll introduce you if the other officer says yes too")
    slack.click(HACKNEY.team_id, TOM, "Introduce us")
    slack.wait_for_text(JANE, "You're introduced")
    slack.wait_for_text(TOM, "You're introduced")
    jane_intro = slack.texts(JANE)[-1]
    assert "Name: Tom Jones" in jane_intro and "Email: tom.jones@hackney.gov.uk" in jane_intro
    assert "London Borough of Hackney" in jane_intro
    assert "Name: Jane Smith" in slack.texts(TOM)[-1] and "Head of Leisure" in slack.texts(TOM)[-1]
    # The App Home was refreshed with the introduction (once the turn's messages have all gone).
    slack.settle()
    homes = [c for c in slack.fake.calls if c.method == "views.publish" and c.params.get("user_id") == JANE]
    assert "introduced to Tom Jones" in str(homes[-1].params["view"])


def test_a_second_click_is_answered_politely_and_changes_nothing(slack: Slack) -> None:
    two_councils(slack)
    proposal = next(c for c in reversed(slack.fake.posted(f"D{JANE}")) if "Possible match" in str(c.params))
    slack.click(CAMDEN.team_id, JANE, "Introduce us")
    slack.wait_for_text(JANE, "I'll introduce you")
    # The same click again (as if the buttons had not yet gone).
    button = next(
        e
        for b in blocks_of(proposal)
        for e in b.get("elements", [])
        if e.get("text", {}).get("text") == "Not now"
    )
    action = {
        "type": "button",
        "action_id": button["action_id"],
        "value": button["value"],
        "text": button["text"],
    }
    slack.send_action(CAMDEN.team_id, JANE, proposal, action)
    slack.wait_for_text(JANE, "You've already answered possible match #1. Nothing has changed.")


def test_decline_and_expiry_look_the_same(slack: Slack, clock: ManualClock) -> None:
    two_councils(slack)
    slack.click(HACKNEY.team_id, TOM, "Not now")
    slack.wait_for_text(TOM, "won't be told you said no")
    slack.settle()
    told = len(slack.texts(JANE))
    clock.advance(timedelta(days=15))
    slack.engine.tick()
    slack.wait_for_text(JANE, "Possible match #1 for your plan 1 has lapsed")
    assert len(slack.texts(JANE)) == told + 1


def test_a_retried_event_is_processed_once(slack: Slack) -> None:
    install(slack, "code-camden")
    slack.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    event = {
        "type": "message",
        "channel": f"D{JANE}",
        "channel_type": "im",
        "user": JANE,
        "text": JANE_PLAN,
        "ts": "1.0",
    }
    first = slack.event(CAMDEN.team_id, event, event_id="Ev0RETRY")
    retry = slack.event(
        CAMDEN.team_id,
        event,
        event_id="Ev0RETRY",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"},
    )
    assert first.status == 200 and retry.status == 200
    slack.wait_for_text(JANE, "Here's what I understood")
    slack.settle()
    assert sum("Here's what I understood" in t for t in slack.texts(JANE)) == 1


def test_forged_and_stale_requests_are_refused_and_change_nothing(slack: Slack) -> None:
    install(slack, "code-camden")
    slack.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    calls_before = len(slack.fake.calls)
    forged = slack.dm(CAMDEN.team_id, JANE, JANE_PLAN, signature="v0=" + "0" * 64)
    stale = slack.dm(CAMDEN.team_id, JANE, JANE_PLAN, timestamp=int(time.time()) - 600)
    unsigned = slack.request("/slack/events", '{"type":"event_callback"}', signature="")
    assert (forged.status, stale.status, unsigned.status) == (401, 401, 401)
    time.sleep(0.5)
    assert len(slack.fake.calls) == calls_before
    assert not slack.engine.knows(identity(CAMDEN.team_id, JANE))
    assert rows(slack, "processed_event") == 0 and rows(slack, "officer") == 0


def test_user_text_cannot_ping_link_or_format(slack: Slack) -> None:
    install(slack, "code-camden")
    slack.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@example-trust.org")
    slack.dm(CAMDEN.team_id, JANE, "hello")
    slack.wait_for_text(JANE, "Which council or organisation do you work for?")
    slack.dm(CAMDEN.team_id, JANE, "<!channel> *Acme* <http://evil.example|Click> &amp; <@U0BOSS>")
    slack.wait_for_text(JANE, "couldn't find")
    slack.click(CAMDEN.team_id, JANE, "Keep this name")
    slack.wait_for_text(JANE, "noted")
    noted = next(c for c in slack.fake.posted(f"D{JANE}") if "noted" in str(c.params.get("text")))
    fallback = str(noted.params["text"])
    assert "<!channel>" not in fallback and "<http" not in fallback and "<@U0BOSS>" not in fallback
    assert "&lt;!channel&gt;" in fallback
    assert str(noted.params.get("mrkdwn")).lower() == "false"
    sections = [b for b in blocks_of(noted) if b["type"] == "section"]
    assert sections and all(b["text"]["type"] == "plain_text" for b in sections)
    assert any(
        "<!channel> *Acme* <http://evil.example|Click> & <@U0BOSS>" in b["text"]["text"] for b in sections
    )


def test_uninstall_stops_everything_for_that_workspace(slack: Slack, clock: ManualClock) -> None:
    two_councils(slack)
    slack.click(CAMDEN.team_id, JANE, "Introduce us")
    slack.wait_for_text(JANE, "I'll introduce you")
    assert slack.event(HACKNEY.team_id, {"type": "app_uninstalled"}).status == 200
    slack.fake.wait_for(lambda: rows(slack, "slack_bots WHERE team_id = 'T0HACKNEY'") == 0)
    assert rows(slack, "slack_bots WHERE team_id = 'T0CAMDEN'") == 1
    slack.settle()
    hackney_calls = sum(c.token == HACKNEY.bot_token for c in slack.fake.calls)
    clock.advance(timedelta(days=15))
    slack.engine.tick()
    slack.wait_for_text(JANE, "has lapsed")
    assert sum(c.token == HACKNEY.bot_token for c in slack.fake.calls) == hackney_calls


ANN = "U0ANN"


def test_officers_of_one_workspace_are_introduced_in_a_group_dm(single: Slack) -> None:
    # A community workspace: officers of two councils share it.
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.fake.add_user(ANN, CAMDEN.team_id, name="Ann Brown", email="ann.brown@leeds.gov.uk")
    for user, words in ((JANE, JANE_PLAN), (ANN, TOM_PLAN)):
        single.dm(CAMDEN.team_id, user, words)
        single.wait_for_text(user, "Here's what I understood")
        single.click(CAMDEN.team_id, user, "Looks right")
    single.wait_for_text(ANN, "Possible match #1")
    single.wait_for_text(JANE, "Possible match #1")  # either may have been sent it first
    single.click(CAMDEN.team_id, JANE, "Introduce us")
    single.wait_for_text(JANE, "I'll introduce you")
    single.click(CAMDEN.team_id, ANN, "Introduce us")
    group = f"G{ANN}{JANE}"
    single.wait_for_text("", "You're introduced", channel=group)
    single.settle()
    opened = [c.params["users"] for c in single.fake.calls if c.method == "conversations.open"]
    assert f"{ANN},{JANE}" in opened
    assert len(single.fake.posted(group)) == 1
    shared = single.texts("", channel=group)[0]
    assert "Name: Jane Smith" in shared and "Name: Ann Brown" in shared and "Leeds" in shared
    assert not any("You're introduced" in t for t in single.texts(JANE) + single.texts(ANN))


def test_slash_command_answers_in_the_dm(single: Slack) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    reply = single.command(CAMDEN.team_id, JANE, "")
    assert reply.status == 200 and "answered in our direct messages" in reply.body
    single.wait_for_text(JANE, "Here is what you can do")
    single.command(CAMDEN.team_id, JANE, "my plans")
    single.wait_for_text(JANE, "You have no plans yet")


def test_app_home_shows_my_plans_and_first_contact_gets_a_welcome(single: Slack) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.event(CAMDEN.team_id, {"type": "app_home_opened", "user": JANE, "tab": "home"})
    single.fake.wait_for(lambda: any(c.method == "views.publish" for c in single.fake.calls))
    first_home = next(c for c in single.fake.calls if c.method == "views.publish")
    assert "Tell me about a service change" in str(first_home.params["view"])
    single.event(CAMDEN.team_id, {"type": "app_home_opened", "user": JANE, "tab": "messages"})
    single.wait_for_text(JANE, "Hello, Jane. I'm Notalone.")
    single.event(CAMDEN.team_id, {"type": "app_home_opened", "user": JANE, "tab": "messages"})
    single.dm(CAMDEN.team_id, JANE, JANE_PLAN)
    single.wait_for_text(JANE, "Here's what I understood")
    single.click(CAMDEN.team_id, JANE, "Looks right")
    single.wait_for_text(JANE, "Saved as plan 1")
    single.settle()
    assert sum("I'm Notalone" in t for t in single.texts(JANE)) == 1  # welcomed once, not on every visit
    homes = [c for c in single.fake.calls if c.method == "views.publish"]
    assert "1. Leisure centres and sport" in str(homes[-1].params["view"])


def test_a_slack_officer_is_matched_with_an_officer_on_another_platform(single: Slack) -> None:
    recorder = RecordingNotifier()
    single.routing.add("test", recorder)
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.dm(CAMDEN.team_id, JANE, JANE_PLAN)
    single.wait_for_text(JANE, "Here's what I understood")
    single.click(CAMDEN.team_id, JANE, "Looks right")
    single.wait_for_text(JANE, "Saved as plan 1")
    ann = other_platform("ann.brown@leeds.gov.uk")
    profile = Profile(email="ann.brown@leeds.gov.uk", name="Ann Brown")
    single.engine.handle(Incoming(ann, IncomingKind.OPENED, profile=profile))
    single.engine.handle(Incoming(ann, IncomingKind.MESSAGE, text=TOM_PLAN))
    single.engine.handle(Incoming(ann, IncomingKind.ACTION, action=encode(ConfirmDraft())))
    single.wait_for_text(JANE, "Possible match #1")
    assert any("Possible match #1" in m.text for m in recorder.to(ann))
    assert not any("Possible match" in t for t in single.texts(ann.user_id))


def test_bots_edits_and_channels_are_ignored(single: Slack) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    base = {
        "type": "message",
        "channel": f"D{JANE}",
        "channel_type": "im",
        "user": JANE,
        "text": JANE_PLAN,
        "ts": "1.0",
    }
    for event in (
        {**base, "bot_id": "B0OTHER"},
        {**base, "subtype": "message_changed"},
        {**base, "channel_type": "channel", "channel": "C0GENERAL"},
    ):
        assert single.event(CAMDEN.team_id, event).status == 200
    single.settle()
    assert not any(c.method == "chat.postMessage" for c in single.fake.calls)
    assert rows(single, "officer") == 0


def test_revoking_the_bot_token_stops_the_workspace(slack: Slack) -> None:
    install(slack, "code-camden")
    install(slack, "code-hackney")
    assert rows(slack, "slack_bots") == 2
    revoked = {"type": "tokens_revoked", "tokens": {"bot": [HACKNEY.bot_user_id]}}
    assert slack.event(HACKNEY.team_id, revoked).status == 200
    slack.fake.wait_for(lambda: rows(slack, "slack_bots") == 1)
    user_only = {"type": "tokens_revoked", "tokens": {"oauth": ["U0SOMEONE"]}}
    assert slack.event(CAMDEN.team_id, user_only).status == 200
    slack.settle()
    assert rows(slack, "slack_bots") == 1


def test_the_app_home_is_published_once_a_turn_however_many_messages_it_sends(single: Slack) -> None:
    def homes() -> int:
        return sum(c.method == "views.publish" and c.params.get("user_id") == JANE for c in single.fake.calls)

    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.dm(CAMDEN.team_id, JANE, JANE_PLAN)
    single.wait_for_text(JANE, "Here's what I understood")
    single.settle()
    assert len(single.texts(JANE)) >= 2  # the welcome and the draft, in one turn
    assert homes() == 1
    single.click(CAMDEN.team_id, JANE, "Looks right")
    single.wait_for_text(JANE, "Saved as plan 1")
    single.settle()
    assert homes() == 2
    home = [c for c in single.fake.calls if c.method == "views.publish"][-1]
    assert "1. Leisure centres and sport" in str(home.params["view"])


def test_an_unclear_service_is_a_few_buttons_and_a_menu_of_every_service_to_type_into(slack: Slack) -> None:
    install(slack, "code-camden")
    slack.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    slack.dm(
        CAMDEN.team_id, JANE, "We are thinking about changing how we run things here, possibly next year"
    )
    slack.wait_for_text(JANE, "Which service is this about?")
    asked = slack.fake.posted(f"D{JANE}")[-1]
    elements = [e for block in blocks_of(asked) for e in block.get("elements", []) if "action_id" in e]
    shown = [e for e in elements if e["type"] == "button" or e["action_id"] != "notalone_search"]
    search = [e for e in elements if e.get("action_id") == "notalone_search"]
    assert sum(len(e.get("options", [e])) for e in shown) <= 8
    assert len(search) == 1 and len(search[0]["options"]) == len(taxonomy.service_areas())
    assert search[0]["placeholder"]["text"] == "Or search the full list"
    slack.click(CAMDEN.team_id, JANE, "Libraries")
    slack.wait_for_text(JANE, "What kind of change are you considering for libraries?")


def test_a_signed_command_or_click_sent_again_is_handled_once(slack: Slack) -> None:
    two_councils(slack)
    asked = len(slack.texts(JANE))
    for _ in range(2):  # the same signed request, replayed within Slack's five minutes
        assert slack.command(CAMDEN.team_id, JANE, "my plans", trigger_id="9.1234.replayed").status == 200
    slack.wait_for_text(JANE, "Your plans")
    slack.settle()
    assert sum("Your plans" in text for text in slack.texts(JANE)[asked:]) == 1
