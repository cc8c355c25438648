"""Workspace admins in Slack, end to end: the settings modal opened, saved and refused, the App Home's
admin section, and the installer made an admin, over real HTTP against a fake Slack."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import text

from adapters.slack.translate import identity
from bot import wording
from bot.conversation.actions import ChangeSettings, encode
from bot.domain.workspaces import WorkspaceRef
from tests.adapters.slack.conftest import CAMDEN, HACKNEY
from tests.adapters.slack.fake_slack import EXPIRED_TRIGGER
from tests.adapters.slack.harness import Reply, Slack, view_of
from tests.adapters.slack.test_slack_flow import install

ADA, BEN, INSTALLER = "U0ADA", "U0BEN", "UADMIN"  # the fake's OAuth answer names UADMIN the installer
CAMDEN_WS = WorkspaceRef("slack", CAMDEN.team_id)
HACKNEY_WS = WorkspaceRef("slack", HACKNEY.team_id)
SETTINGS = encode(ChangeSettings())
FIELDS = {
    "organisation",
    "allowed_domains",
    "match_scope",
    "match_regions",
    "match_councils",
    "never_councils",
    "same_organisation",
    "matching_paused",
    "retention_months",
    "proposal_expiry_days",
    "proposals_per_week",
    "welcome_message",
    "admins",
}


def camden(slack: Slack) -> None:
    """Camden installed; Ada is a Slack admin there, Ben is not."""
    install(slack, "code-camden")
    slack.fake.add_user(ADA, CAMDEN.team_id, name="Ada Lovelace", email="ada@camden.gov.uk", admin=True)
    slack.fake.add_user(BEN, CAMDEN.team_id, name="Ben Okri", email="ben@camden.gov.uk")


def open_settings(slack: Slack, team: str, user: str, *, trigger_id: str | None = None) -> dict[str, Any]:
    """`/notalone admin`, and the modal Slack was asked to open."""
    opened = len(slack.fake.opened())
    assert slack.command(team, user, "admin", trigger_id=trigger_id).status == 200
    slack.fake.wait_for(lambda: len(slack.fake.opened()) > opened)
    return view_of(slack.fake.opened()[-1])


def field_value(slack: Slack, workspace: WorkspaceRef, key: str) -> object:
    return slack.engine.admin.operator_form(workspace).field(key).value


def changed_settings(slack: Slack, workspace: WorkspaceRef) -> list[str]:
    return [line.setting for line in slack.engine.admin.audit(workspace) if line.action == "setting_changed"]


def response_errors(reply: Reply) -> dict[str, str]:
    assert reply.status == 200
    if not reply.body:
        return {}
    body = json.loads(reply.body)
    assert body["response_action"] == "errors"
    return dict(body["errors"])


def test_an_admin_opens_the_settings_and_saves_a_change(slack: Slack) -> None:
    camden(slack)
    # Ada has never written: welcomed, then the form.
    view = open_settings(slack, CAMDEN.team_id, ADA, trigger_id="77.1234.abcd")
    call = slack.fake.opened()[-1]
    assert call.params["trigger_id"] == "77.1234.abcd" and call.token == CAMDEN.bot_token
    assert view["private_metadata"] == "slack:T0CAMDEN" and view["callback_id"] == "notalone_admin"
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert {b["block_id"] for b in inputs} == FIELDS
    assert {b["label"]["type"] for b in inputs} == {"plain_text"}
    paused = next(b for b in inputs if b["block_id"] == "matching_paused")
    assert paused["element"]["type"] == "checkboxes" and "initial_options" not in paused["element"]

    started = time.monotonic()
    reply = slack.submit(
        CAMDEN.team_id,
        ADA,
        view,
        {"matching_paused": True, "allowed_domains": "camden.gov.uk\n@Camden.org.uk"},
    )
    assert time.monotonic() - started < 3  # Slack closes a modal's submission after three seconds
    assert response_errors(reply) == {}
    assert field_value(slack, CAMDEN_WS, "matching_paused") is True
    assert field_value(slack, CAMDEN_WS, "allowed_domains") == "camden.gov.uk\ncamden.org.uk"
    assert set(changed_settings(slack, CAMDEN_WS)) == {"matching_paused", "allowed_domains"}
    slack.wait_for_text(ADA, "Saved. Changed:")
    # The App Home was published again, with the new settings in its admin section.
    home = view_of(slack.fake.published(ADA)[-1])
    assert wording.SLACK_HOME_ADMIN in json.dumps(home)


def test_a_mistake_is_shown_under_its_field_and_nothing_is_saved(slack: Slack) -> None:
    camden(slack)
    view = open_settings(slack, CAMDEN.team_id, ADA)
    reply = slack.submit(
        CAMDEN.team_id,
        ADA,
        view,
        {"matching_paused": True, "retention_months": "0", "allowed_domains": "not a domain!"},
    )
    errors = response_errors(reply)
    assert set(errors) == {"retention_months", "allowed_domains"}
    assert errors["retention_months"] == wording.ERROR_NUMBER_RANGE.format(low=1, high=120)
    assert field_value(slack, CAMDEN_WS, "matching_paused") is False
    assert changed_settings(slack, CAMDEN_WS) == []


def test_someone_who_is_not_an_admin_gets_no_form_and_a_polite_refusal(slack: Slack) -> None:
    camden(slack)
    assert slack.command(CAMDEN.team_id, BEN, "admin").status == 200
    slack.wait_for_text(BEN, wording.NOT_AN_ADMIN)
    # A crafted click on Change settings opens nothing either.
    ben_dm = slack.fake.posted(f"D{BEN}")[-1]
    button = {"type": "button", "action_id": "notalone_0", "value": SETTINGS, "text": {"text": "x"}}
    assert slack.send_action(CAMDEN.team_id, BEN, ben_dm, button).status == 200
    slack.wait_for_text(BEN, wording.NOT_AN_ADMIN, count=2)
    slack.settle()
    assert slack.fake.opened() == []


def test_an_admin_no_longer_an_admin_in_slack_is_refused_at_once(slack: Slack) -> None:
    camden(slack)
    open_settings(slack, CAMDEN.team_id, ADA)
    slack.fake.users[ADA]["is_admin"] = False
    assert slack.command(CAMDEN.team_id, ADA, "admin").status == 200
    slack.wait_for_text(ADA, wording.NOT_AN_ADMIN)
    slack.settle()
    assert len(slack.fake.opened()) == 1


def test_a_submission_cannot_change_another_workspace(slack: Slack) -> None:
    camden(slack)
    install(slack, "code-hackney")
    view = open_settings(slack, CAMDEN.team_id, ADA)
    aimed_at_hackney = {**view, "private_metadata": "slack:T0HACKNEY"}
    change = {"matching_paused": True, "welcome_message": "Hello from Camden"}
    for team in (CAMDEN.team_id, HACKNEY.team_id):  # Ada as herself, and claiming to be in Hackney
        errors = response_errors(slack.submit(team, ADA, aimed_at_hackney, change))
        assert errors == {"organisation": wording.NOT_AN_ADMIN}
    malformed = {**view, "private_metadata": "nonsense"}
    assert response_errors(slack.submit(CAMDEN.team_id, ADA, malformed, change)) == {
        "organisation": wording.NOT_AN_ADMIN
    }
    for workspace in (HACKNEY_WS, CAMDEN_WS):
        assert field_value(slack, workspace, "matching_paused") is False
        assert changed_settings(slack, workspace) == []


def test_the_app_home_shows_admins_their_workspace_and_no_one_else(slack: Slack) -> None:
    camden(slack)
    for user in (ADA, BEN):
        slack.dm(CAMDEN.team_id, user, "hello")
        slack.wait_for_text(user, "I'm Notalone")
        slack.event(CAMDEN.team_id, {"type": "app_home_opened", "user": user, "tab": "home"})
    slack.settle()
    ada_home = json.dumps(view_of(slack.fake.published(ADA)[-1]))
    ben_home = json.dumps(view_of(slack.fake.published(BEN)[-1]))
    assert wording.SLACK_HOME_ADMIN in ada_home and SETTINGS in ada_home
    assert wording.STATS_TITLE in ada_home
    assert wording.SLACK_HOME_ADMIN not in ben_home and SETTINGS not in ben_home
    # Change settings on the App Home opens the form.
    assert slack.click_home(CAMDEN.team_id, ADA, wording.ADMIN_CHANGE_SETTINGS).status == 200
    slack.fake.wait_for(lambda: len(slack.fake.opened()) == 1)
    assert view_of(slack.fake.opened()[0])["private_metadata"] == "slack:T0CAMDEN"


def test_the_installer_administers_the_workspace(slack: Slack) -> None:
    install(slack, "code-camden")
    assert [line.action for line in slack.engine.admin.audit(CAMDEN_WS)] == ["installed"]
    slack.fake.add_user(INSTALLER, CAMDEN.team_id, name="Ian Staller", email="ian@camden.gov.uk")
    view = open_settings(slack, CAMDEN.team_id, INSTALLER)  # not a Slack admin: the installer
    assert view["private_metadata"] == "slack:T0CAMDEN"
    assert slack.engine.admin.is_admin(identity(CAMDEN.team_id, INSTALLER))
    install(slack, "code-camden")  # installing again records nothing new
    assert [line.action for line in slack.engine.admin.audit(CAMDEN_WS)] == ["installed"]


def test_the_dm_menu_opens_the_form_and_keeps_its_buttons(slack: Slack) -> None:
    camden(slack)
    slack.dm(CAMDEN.team_id, ADA, "admin")
    slack.wait_for_text(ADA, "Notalone settings for this workspace")
    slack.click(CAMDEN.team_id, ADA, wording.ADMIN_CHANGE_SETTINGS)
    slack.fake.wait_for(lambda: len(slack.fake.opened()) == 1)
    slack.settle()
    assert not [c for c in slack.fake.calls if c.method == "chat.update"]


def test_a_form_that_could_not_open_in_time_says_so(slack: Slack) -> None:
    camden(slack)
    slack.dm(CAMDEN.team_id, ADA, "hello")
    slack.wait_for_text(ADA, "I'm Notalone")
    assert slack.command(CAMDEN.team_id, ADA, "admin", trigger_id=EXPIRED_TRIGGER).status == 200
    slack.wait_for_text(ADA, wording.SLACK_SETTINGS_NOT_OPENED)


def test_an_installer_who_erases_themselves_leaves_no_user_id_in_the_installation(slack: Slack) -> None:
    install(slack, "code-camden")
    slack.fake.add_user(INSTALLER, CAMDEN.team_id, name="Ian Staller", email="ian@camden.gov.uk")
    slack.dm(CAMDEN.team_id, INSTALLER, "forget me")
    slack.wait_for_text(INSTALLER, "Erase everything")
    slack.click(CAMDEN.team_id, INSTALLER, "Erase everything")
    slack.wait_for_text(INSTALLER, wording.FORGOTTEN.splitlines()[0])
    with slack.database.connect() as connection:
        installers = connection.execute(text("SELECT user_id, user_token FROM slack_installations")).all()
    assert installers and all(row == ("erased", None) for row in installers)
    # The workspace keeps its bot: a colleague is still answered.
    slack.fake.add_user(ADA, CAMDEN.team_id, name="Ada Lovelace", email="ada@camden.gov.uk")
    slack.dm(CAMDEN.team_id, ADA, "hello")
    slack.wait_for_text(ADA, "I'm Notalone")
