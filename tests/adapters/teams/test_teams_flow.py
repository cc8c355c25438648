"""Teams end to end: activities over HTTP, Adaptive Cards out through a fake connector."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from bot.clock import ManualClock
from bot.messages import Identity
from matching import taxonomy
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.teams.conftest import start_teams
from tests.adapters.teams.fake_connector import FakeConnector
from tests.adapters.teams.harness import Teams, TeamsUser
from tests.conftest import DatabaseFactory

JANE = TeamsUser("tenant-camden", "aad-jane", "Jane Smith", "jane.smith@camden.gov.uk", "Head of Leisure")
TOM = TeamsUser("tenant-hackney", "aad-tom", "Tom Jones", "tom.jones@hackney.gov.uk", "Contracts Lead")
JANE_PLAN = (
    "We're looking at spinning our leisure centres out into a staff mutual, business case stage, "
    "hoping to go live next April. Fairbrook pool is the biggest site."
)
TOM_PLAN = (
    "We are exploring moving our sports centres and swimming pools into a staff mutual; Oakridge first."
)


def confirm_plan(teams: Teams, user: TeamsUser, words: str) -> None:
    teams.join(user)
    assert teams.say(user, words).status in (200, 202)
    teams.wait_for_text(user, "Here's what I understood")
    teams.click(user, "Looks right")
    teams.wait_for_text(user, "Saved as plan")
    teams.settle()  # the turn has sent everything it will


def test_two_tenants_are_introduced_with_cards(teams: Teams) -> None:
    confirm_plan(teams, JANE, JANE_PLAN)
    confirm_plan(teams, TOM, TOM_PLAN)
    teams.wait_for_text(JANE, "Possible match #1")
    teams.wait_for_text(TOM, "Possible match #1")
    for secret in ("Tom", "Jones", "tom.jones", "Hackney", "Oakridge", "Contracts Lead"):
        assert secret not in "\n".join(teams.texts(JANE))
    for secret in ("Jane", "Smith", "jane.smith", "Camden", "Fairbrook", "Head of Leisure"):
        assert secret not in "\n".join(teams.texts(TOM))
    teams.click(JANE, "Introduce us")
    teams.wait_for_text(JANE, "I'll introduce you if the other officer says yes too")
    teams.click(TOM, "Introduce us")
    teams.wait_for_text(JANE, "You're introduced")
    teams.wait_for_text(TOM, "You're introduced")
    jane_intro = teams.texts(JANE)[-1]
    assert "Name: Tom Jones" in jane_intro and "tom.jones@hackney.gov.uk" in jane_intro
    assert "London Borough of Hackney" in jane_intro and "Contracts Lead" in jane_intro
    # Each click replaced its card in place: buttons gone, choice shown.
    updates = [s for s in teams.connector.sent if s.method == "PUT"]
    assert updates and all("actions" not in s.activity["attachments"][0]["content"] for s in updates)
    assert any("You chose: Introduce us" in str(s.activity) for s in updates)


def test_a_second_click_changes_nothing_and_says_so(teams: Teams) -> None:
    confirm_plan(teams, JANE, JANE_PLAN)
    confirm_plan(teams, TOM, TOM_PLAN)
    teams.wait_for_text(JANE, "Possible match #1")
    teams.click(JANE, "Introduce us")
    teams.wait_for_text(JANE, "I'll introduce you")
    teams.click(JANE, "Not now")  # the same card, clicked again before Teams redrew it
    teams.wait_for_text(JANE, "You've already answered possible match #1. Nothing has changed.")


def test_choosing_from_a_long_list_uses_a_drop_down(teams: Teams) -> None:
    teams.join(JANE)
    teams.say(JANE, "We are thinking about changing how we run things here, possibly next year")
    teams.wait_for_text(JANE, "Which service is this about?")
    card = teams.sent_to(JANE)[-1].activity["attachments"][0]["content"]
    menus = {element["id"]: element for element in card["body"] if element["type"] == "Input.ChoiceSet"}
    assert len(menus["notalone_search"]["choices"]) == len(
        taxonomy.service_areas()
    )  # every service, to type into
    assert len(menus["notalone_action"]["choices"]) <= 8  # the groups, a few at a time
    assert [a["title"] for a in card["actions"]] == ["Choose"]
    teams.click(JANE, "Libraries")
    teams.wait_for_text(JANE, "What kind of change are you considering for libraries?")


def test_a_proposal_reaches_an_officer_after_a_restart(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop, connector: tuple[FakeConnector, str]
) -> None:
    url = databases.url()
    first = start_teams(loop, clock, url, *connector)
    databases.track(first.database)
    confirm_plan(first, JANE, JANE_PLAN)
    second = start_teams(loop, clock, url, *connector)  # a new process: nothing of the first in memory
    databases.track(second.database)
    confirm_plan(second, TOM, TOM_PLAN)
    second.wait_for_text(JANE, "Possible match #1")


def test_an_officer_who_blocked_the_bot_is_marked_unreachable(teams: Teams, clock: ManualClock) -> None:
    confirm_plan(teams, JANE, JANE_PLAN)
    teams.connector.refuse[JANE.conversation] = 403
    confirm_plan(teams, TOM, TOM_PLAN)
    teams.wait_for_text(TOM, "Possible match #1")
    teams.click(TOM, "Introduce us")
    teams.wait_for_text(TOM, "I'll introduce you")
    with teams.database.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM officer WHERE NOT reachable")).scalar_one() == 1
    clock.advance(timedelta(days=15))
    teams.engine.tick()
    teams.wait_for_text(TOM, "has lapsed")


def test_unhandled_invokes_get_a_clean_answer(teams: Teams) -> None:
    teams.join(JANE)
    reply = teams.post(teams.activity(JANE, type="invoke", name="composeExtension/query", value={}))
    assert reply.status == 200
    card_action = teams.activity(
        JANE, type="invoke", name="adaptiveCard/action", value={"action": {"verb": "x"}}
    )
    assert teams.post(card_action).status == 200


def test_group_chats_and_malformed_activities_are_refused_or_ignored(teams: Teams) -> None:
    teams.join(JANE)
    group = teams.activity(JANE, text=JANE_PLAN)
    group["conversation"] = {"id": "19:group", "conversationType": "groupChat", "tenantId": JANE.tenant}
    assert teams.post(group).status in (200, 202)
    assert teams.post({}, raw=b"{not json").status == 400
    assert teams.post({"type": "message"}).status == 400
    assert teams.post({"type": 12, "conversation": {"id": ["x"]}}).status == 400
    assert teams.connector.sent == []
    assert not teams.engine.knows(Identity("teams", JANE.tenant, JANE.aad))


def test_a_repeated_activity_is_handled_once(teams: Teams) -> None:
    teams.join(JANE)
    activity = teams.activity(JANE, text=JANE_PLAN)
    assert teams.post(activity).status in (200, 202)
    assert teams.post(activity).status in (200, 202)
    teams.wait_for_text(JANE, "Here's what I understood")
    assert sum("Here's what I understood" in t for t in teams.texts(JANE)) == 1
