"""A Teams officer and a Slack officer, served by one application, are introduced across platforms."""

from __future__ import annotations

import itertools
import json

from adapters.host.server import ENGINE, ROUTING, build_application
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.database import make_engine
from tests.adapters.slack.blocks import block_problems
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.fake_slack import FakeSlack, Loop, blocks_of, text_of
from tests.adapters.slack.harness import SECRET, Slack
from tests.adapters.teams.cards import card_problems, cards_of, texts_of
from tests.adapters.teams.fake_connector import FakeConnector, card_texts
from tests.adapters.teams.harness import Teams, TeamsUser
from tests.conftest import DatabaseFactory

JANE = "U0JANE"
TOM = TeamsUser("tenant-hackney", "aad-tom", "Tom Jones", "tom.jones@hackney.gov.uk", "Contracts Lead")


def test_slack_and_teams_officers_are_introduced(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop
) -> None:
    fake_slack, connector = FakeSlack(), FakeConnector()
    fake_slack.workspaces = {"code-camden": CAMDEN}
    slack_url, connector_url = loop.serve(fake_slack.application()), loop.serve(connector.application())
    settings = Settings.model_validate(
        {
            "database_url": databases.url(),
            "env": "development",
            "slack_signing_secret": SECRET,
            "slack_bot_token": CAMDEN.bot_token,
            "slack_api_url": slack_url + "/api/",
        }
    )
    application = build_application(settings, clock=clock, say=lambda _line: None, turns=True)
    url = loop.serve(application)
    database = make_engine(settings.database_url)
    databases.track(database)
    engine = application[ENGINE]
    slack = Slack(url, slack_url, fake_slack, engine, application[ROUTING], database, itertools.count(1))
    teams = Teams(url, connector_url, connector, engine, database, itertools.count(1))

    fake_slack.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    slack.dm(CAMDEN.team_id, JANE, "Our leisure centres may become a staff mutual, business case stage.")
    slack.wait_for_text(JANE, "Here's what I understood")
    slack.click(CAMDEN.team_id, JANE, "Looks right")
    slack.wait_for_text(JANE, "Saved as plan 1")
    teams.join(TOM)
    teams.say(TOM, "Exploring a staff mutual for our sports centres and swimming pools.")
    teams.wait_for_text(TOM, "Here's what I understood")
    teams.click(TOM, "Looks right")
    slack.wait_for_text(JANE, "Possible match #1")
    teams.wait_for_text(TOM, "Possible match #1")
    assert "Tom" not in "\n".join(slack.texts(JANE)) and "Jane" not in "\n".join(teams.texts(TOM))
    slack.click(CAMDEN.team_id, JANE, "Introduce us")
    teams.click(TOM, "Introduce us")
    slack.wait_for_text(JANE, "Name: Tom Jones")
    teams.wait_for_text(TOM, "Name: Jane Smith")
    assert "tom.jones@hackney.gov.uk" in slack.texts(JANE)[-1]
    # As the two fakes received them: the email exactly as the address (no backslash escapes), every
    # Teams activity a valid Adaptive Card within 28 KB, every Slack message valid Block Kit.
    teams_intro = next(
        s.activity for s in teams.sent_to(TOM) if "You're introduced" in card_texts(s.activity)
    )
    assert "Email: jane.smith@camden.gov.uk" in [
        text for card in cards_of(teams_intro) for text in texts_of(card)
    ]
    assert "jane.smith@camden.gov.uk" in json.dumps(teams_intro)  # in the very body sent, unescaped
    slack_intro = next(c for c in fake_slack.posted(f"D{JANE}") if "You're introduced" in text_of(c))
    sections = [b["text"]["text"] for b in blocks_of(slack_intro) if b["type"] == "section"]
    assert "Email: tom.jones@hackney.gov.uk" in "\n".join(sections).split("\n")
    for sent in teams.sent_to(TOM):
        assert card_problems(sent.activity) == [], card_texts(sent.activity)[:80]
    for call in fake_slack.calls:
        if call.method in ("chat.postMessage", "chat.update"):
            assert block_problems(blocks_of(call)) == []
