"""Workspace admins in Teams: the installer changes the tenant's settings with an Adaptive Card form."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.conversation.actions import ChangeSettings, SaveSettings, encode
from bot.domain.workspaces import WorkspaceRef
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.teams.conftest import start_teams
from tests.adapters.teams.fake_connector import FakeConnector, card_texts
from tests.adapters.teams.harness import Teams, TeamsUser, card_inputs
from tests.adapters.teams.test_teams_flow import JANE, TOM
from tests.bot.test_logs import logged
from tests.conftest import DatabaseFactory

SAM = TeamsUser("tenant-camden", "aad-sam", "Sam Patel", "sam.patel@camden.gov.uk", "Project Officer")
CAMDEN = WorkspaceRef("teams", JANE.tenant)
HACKNEY = WorkspaceRef("teams", TOM.tenant)
FORM_INTRO = "Change what you need, then press Save"
SAVE = encode(SaveSettings())
REFUSAL = "Only this workspace's administrators can see or change its Notalone settings"


def install(teams: Teams, user: TeamsUser) -> None:
    """The person opens Notalone in their personal chat, then adds it to their team, which makes them
    its tenant's first admin (if nobody administers it yet)."""
    install_personally(teams, user)
    assert teams.install_in_team(user).status in (200, 202)
    teams.settle()


def install_personally(teams: Teams, user: TeamsUser) -> None:
    """The person adds Notalone for themselves: anyone may, so it makes no admin."""
    teams.join(user)
    assert teams.install(user).status in (200, 202)
    teams.wait_for_text(user, "Notalone")
    teams.settle()


def admins_of(teams: Teams, workspace: WorkspaceRef) -> str:
    return str(teams.engine.admin.operator_form(workspace).field("admins").value or "")


def open_form(teams: Teams, user: TeamsUser) -> dict[str, dict[str, Any]]:
    """Type admin, press Change settings, and return the form's inputs by id."""
    teams.say(user, "admin")
    teams.wait_for_text(user, "Notalone settings for this workspace")
    teams.click(user, "Change settings")
    teams.wait_for_text(user, FORM_INTRO)
    return card_inputs(teams.sent_to(user)[-1].activity)


def changes_in(teams: Teams, workspace: WorkspaceRef) -> list[str]:
    return sorted(
        line.setting for line in teams.engine.admin.audit(workspace) if line.action == "setting_changed"
    )


def test_the_installer_changes_settings_with_a_form_card(teams: Teams) -> None:
    install(teams, JANE)
    inputs = open_form(teams, JANE)
    expected = {field.key: field for field in teams.engine.admin.operator_form(CAMDEN).fields}
    assert inputs.keys() == expected.keys()
    assert (
        inputs["organisation"]["type"] == "Input.Text" and inputs["organisation"]["label"] == "Organisation"
    )
    assert inputs["allowed_domains"]["isMultiline"] is True
    assert inputs["match_scope"] | {"choices": None} == {
        "type": "Input.ChoiceSet",
        "id": "match_scope",
        "label": "Who we match with",
        "style": "compact",
        "value": "everyone",
        "choices": None,
        "isRequired": True,
        "errorMessage": "Please answer this.",
    }
    assert inputs["match_regions"]["isMultiSelect"] is True
    assert {"title": "London", "value": "London"} in inputs["match_regions"]["choices"]
    assert inputs["matching_paused"] | {"title": ""} == {
        "type": "Input.Toggle",
        "id": "matching_paused",
        "title": "",
        "valueOn": "true",
        "valueOff": "false",
        "value": "false",
    }
    assert inputs["retention_months"]["type"] == "Input.Number" and inputs["retention_months"]["value"] == 12
    assert "jane.smith@camden.gov.uk" in inputs["admins"]["value"]
    assert "From 1 to 120" in card_texts(teams.sent_to(JANE)[-1].activity)

    teams.submit(
        JANE,
        "Save",
        {
            "matching_paused": "true",
            "allowed_domains": "camden.gov.uk",
            "match_scope": "regions",
            "match_regions": "London,South East",
        },
    )
    teams.wait_for_text(JANE, "Saved. Changed:")
    teams.settle()  # the form is replaced after the core's answer
    form_id = teams.sent_to(JANE)[-2].id
    assert FORM_INTRO in teams.texts(JANE)[-2]
    replaced = [s.activity for s in teams.connector.sent if s.method == "PUT" and form_id in s.activity["id"]]
    assert replaced and "actions" not in replaced[-1]["attachments"][0]["content"]
    assert "These settings are saved" in card_texts(replaced[-1])
    summary = teams.engine.admin.operator_summary(CAMDEN)
    assert "- Matching paused: yes" in summary
    assert "- Who may use it (email domains): camden.gov.uk" in summary
    assert "Councils in the listed regions: London, South East" in summary
    assert changes_in(teams, CAMDEN) == ["allowed_domains", "match_regions", "match_scope", "matching_paused"]
    assert all(line.who.startswith("officer ") for line in teams.engine.admin.audit(CAMDEN))


def test_a_mistake_brings_the_form_back_with_the_answers_kept_and_changes_nothing(teams: Teams) -> None:
    install(teams, JANE)
    open_form(teams, JANE)
    before = teams.engine.admin.operator_summary(CAMDEN)
    teams.submit(JANE, "Save", {"retention_months": "500", "allowed_domains": "camden.gov.uk"})
    teams.wait_for_text(JANE, "Nothing has been saved")
    card = teams.sent_to(JANE)[-1].activity["attachments"][0]["content"]
    body = card["body"]
    at = next(i for i, element in enumerate(body) if element.get("id") == "retention_months")
    assert body[at]["value"] == 500
    assert body[at + 1]["inlines"] == [
        {"type": "TextRun", "text": "Give a whole number from 1 to 120.", "color": "Attention"}
    ]
    assert card_inputs(teams.sent_to(JANE)[-1].activity)["allowed_domains"]["value"] == "camden.gov.uk"
    assert teams.engine.admin.operator_summary(CAMDEN) == before
    assert changes_in(teams, CAMDEN) == []

    teams.submit(JANE, "Save", {"retention_months": "24"})  # corrected on the card that came back
    teams.wait_for_text(JANE, "Saved. Changed:")
    assert changes_in(teams, CAMDEN) == ["allowed_domains", "retention_months"]


def test_someone_who_does_not_administer_the_tenant_is_refused(teams: Teams) -> None:
    install(teams, JANE)
    install_personally(teams, SAM)  # a personal install: Sam is an officer, not an admin
    teams.say(SAM, "admin")
    teams.wait_for_text(SAM, REFUSAL)
    teams.post(teams.activity(SAM, value={"notalone_action": encode(ChangeSettings())}, text=None))
    teams.wait_for_text(SAM, REFUSAL, count=2)
    crafted = {"notalone_action": SAVE, "workspace": str(CAMDEN), "matching_paused": "true"}
    teams.post(teams.activity(SAM, value=crafted, text=None))
    teams.wait_for_text(SAM, REFUSAL, count=3)
    assert not any(FORM_INTRO in text for text in teams.texts(SAM))
    assert "- Matching paused: no" in teams.engine.admin.operator_summary(CAMDEN)
    assert changes_in(teams, CAMDEN) == []


def test_a_submit_naming_another_tenant_changes_nothing_there(teams: Teams) -> None:
    install(teams, JANE)
    install(teams, TOM)
    before = teams.engine.admin.operator_summary(HACKNEY)
    for workspace in (str(HACKNEY), "teams:", "hackney", 7):
        crafted = {"notalone_action": SAVE, "workspace": workspace, "matching_paused": "true"}
        teams.post(teams.activity(JANE, value=crafted, text=None))
    teams.wait_for_text(JANE, REFUSAL, count=4)
    stranger = TeamsUser(TOM.tenant, "aad-stranger", "Someone", "someone@hackney.gov.uk")
    teams.join(stranger)
    for action in (encode(ChangeSettings()), SAVE):
        crafted = {"notalone_action": action, "workspace": str(HACKNEY), "matching_paused": "true"}
        teams.post(teams.activity(stranger, value=crafted, text=None))
    teams.wait_for_text(stranger, REFUSAL, count=2)
    assert teams.engine.admin.operator_summary(HACKNEY) == before
    assert changes_in(teams, HACKNEY) == [] and changes_in(teams, CAMDEN) == []


def test_a_personal_install_makes_no_admin_and_a_team_install_does(teams: Teams) -> None:
    install_personally(teams, SAM)  # the first person in the tenant to use Notalone
    teams.join(JANE)
    added = teams.activity(
        JANE, type="conversationUpdate", membersAdded=[{"id": "28:notalone-bot"}], text=None
    )
    teams.post(added)  # the bot added to a personal chat: no install by an admin either
    teams.wait_for_text(JANE, "Notalone")
    teams.settle()
    assert admins_of(teams, CAMDEN) == ""
    teams.say(SAM, "admin")
    teams.wait_for_text(SAM, REFUSAL)

    assert teams.install_in_team(JANE).status in (200, 202)
    teams.settle()
    assert admins_of(teams, CAMDEN) != ""
    open_form(teams, JANE)  # Jane administers Camden now; Sam still does not
    teams.say(SAM, "admin")
    teams.wait_for_text(SAM, REFUSAL, count=2)
    assert not any("Notalone settings for this workspace" in text for text in teams.texts(SAM))


def test_a_group_chat_install_makes_its_installer_the_first_admin_and_later_ones_do_not(teams: Teams) -> None:
    install_personally(teams, JANE)
    assert teams.install_in_team(JANE, scope="groupChat").status in (200, 202)
    teams.settle()
    assert teams.install_in_team(SAM).status in (200, 202)  # a second team: Camden has its admin
    teams.settle()
    open_form(teams, JANE)
    install_personally(teams, SAM)
    teams.say(SAM, "admin")
    teams.wait_for_text(SAM, REFUSAL)


def test_after_the_sole_admin_erases_themselves_a_personal_installer_is_not_made_admin(teams: Teams) -> None:
    install(teams, JANE)
    teams.say(JANE, "forget me")
    teams.wait_for_text(JANE, "Erase everything")
    teams.click(JANE, "Erase everything")
    teams.settle()
    assert admins_of(teams, CAMDEN) == ""

    install_personally(teams, SAM)
    assert admins_of(teams, CAMDEN) == ""
    teams.say(SAM, "admin")
    teams.wait_for_text(SAM, REFUSAL)


def test_settings_in_teams_log_nothing_typed_or_personal(
    teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    install(teams, JANE)
    open_form(teams, JANE)
    typed = {"welcome_message": "Zebra crossing budget", "retention_months": "500"}
    teams.submit(JANE, "Save", {**typed, "allowed_domains": "bad..domain"})
    teams.wait_for_text(JANE, "Nothing has been saved")
    teams.submit(JANE, "Save", {"retention_months": "24", "allowed_domains": "camden.gov.uk"})
    teams.wait_for_text(JANE, "Saved. Changed:")
    assert caplog.records
    text = logged(caplog)
    for secret in ("Zebra crossing", "bad..domain", "Jane Smith", "jane.smith@camden.gov.uk"):
        assert secret not in text, f"the logs hold {secret!r}"


def test_a_settings_form_sent_again_by_teams_is_shown_and_saved_once(teams: Teams) -> None:
    install(teams, JANE)
    teams.say(JANE, "admin")
    teams.wait_for_text(JANE, "Notalone settings for this workspace")
    menu = teams.sent_to(JANE)[-1]
    change = next(
        a["data"]
        for a in menu.activity["attachments"][0]["content"]["actions"]
        if a["title"] == "Change settings"
    )
    ask = teams.activity(JANE, value=change, replyToId=menu.id, text=None)
    teams.post(ask)
    teams.post(ask)  # Teams sends the same activity again
    teams.wait_for_text(JANE, FORM_INTRO)
    teams.settle()
    assert sum(FORM_INTRO in text for text in teams.texts(JANE)) == 1

    form = teams.sent_to(JANE)[-1]
    values = {key: str(element["value"]) for key, element in card_inputs(form.activity).items()}
    save = form.activity["attachments"][0]["content"]["actions"][0]["data"]
    answers = {**values, **save, "retention_months": "24"}
    submitted = teams.activity(JANE, value={k: v for k, v in answers.items() if v}, replyToId=form.id)
    teams.post(submitted)
    teams.post(submitted)
    teams.wait_for_text(JANE, "Saved. Changed:")
    teams.settle()
    assert sum("Saved. Changed:" in text for text in teams.texts(JANE)) == 1
    assert changes_in(teams, CAMDEN) == ["retention_months"]
    assert [s.activity for s in teams.connector.sent if s.method == "PUT" and form.id in s.activity["id"]]


def test_settings_form_actions_count_against_the_rate_limits(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop, connector: tuple[FakeConnector, str]
) -> None:
    teams = start_teams(loop, clock, databases.url(), *connector, messages_per_minute=3)
    databases.track(teams.database)
    install(teams, JANE)  # one message counted
    asks = [{"notalone_action": encode(ChangeSettings())}] * 4
    for value in asks:
        teams.post(teams.activity(JANE, value=value, text=None))
    teams.wait_for_text(JANE, "You're sending messages faster than I can take them")
    teams.settle()
    texts = teams.texts(JANE)
    assert sum(FORM_INTRO in text for text in texts) == 2  # the second and third message this minute
    assert sum("faster than I can take them" in text for text in texts) == 1  # then once, politely
