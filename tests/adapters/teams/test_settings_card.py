"""The settings form card and the answers read back from Teams: pure functions, no HTTP."""

from __future__ import annotations

from adapters.teams.settings_card import answers_from, settings_card, to_input
from adapters.teams.translate import admin_installer_of
from bot.admin.form import Choice, FieldKind, FormField, SettingsForm
from bot.conversation.actions import SaveSettings, encode
from bot.messages import Identity
from tests.adapters.teams.test_translate import PERSON

REGIONS = (Choice("London", "London"), Choice("Wales", "Wales"))
FORM = SettingsForm(
    "teams:t-1",
    (
        FormField("organisation", "Organisation", FieldKind.TEXT, "Camden", "A council's name."),
        FormField("allowed_domains", "Domains", FieldKind.LONG_TEXT, "camden.gov.uk"),
        FormField("match_regions", "Regions", FieldKind.MULTI_CHOICE, ("London",), choices=REGIONS),
        FormField("matching_paused", "Paused", FieldKind.TOGGLE, True),
        FormField("retention_months", "Months", FieldKind.NUMBER, "12", required=True),
        FormField("proposals_per_week", "Per week", FieldKind.NUMBER, ""),
    ),
)


def test_each_kind_of_setting_has_its_input() -> None:
    card = settings_card(FORM)
    assert card["version"] == "1.5"
    inputs = {element["id"]: element for element in card["body"] if "id" in element}
    assert inputs["organisation"] == {
        "id": "organisation",
        "label": "Organisation",
        "type": "Input.Text",
        "value": "Camden",
    }
    assert inputs["allowed_domains"]["isMultiline"] is True
    assert inputs["match_regions"]["value"] == "London" and inputs["match_regions"]["isMultiSelect"]
    assert inputs["matching_paused"]["value"] == "true"
    assert inputs["retention_months"]["value"] == 12 and inputs["retention_months"]["isRequired"]
    assert "value" not in inputs["proposals_per_week"]  # empty: the service's default
    assert card["actions"][0]["data"] == {"notalone_action": encode(SaveSettings()), "workspace": "teams:t-1"}


def test_an_error_is_shown_as_written_under_its_field() -> None:
    typed = "[x](http://evil.example) isn't an email domain."
    body = settings_card(
        FORM, answers={"allowed_domains": "[x](http://evil.example)"}, errors={"allowed_domains": typed}
    )["body"]
    at = next(i for i, element in enumerate(body) if element.get("id") == "allowed_domains")
    assert body[at]["value"] == "[x](http://evil.example)"  # an input shows text as typed, never as markup
    [run] = body[at + 1]["inlines"]  # a TextRun: never markdown, so nothing needs escaping
    assert run == {"type": "TextRun", "text": typed, "color": "Attention"}


def test_answers_are_read_by_the_kind_of_each_field() -> None:
    submitted = {
        "notalone_action": encode(SaveSettings()),
        "workspace": "teams:t-1",
        "organisation": "Camden",
        "match_regions": "London,Wales",
        "matching_paused": "false",
        "retention_months": "24",
        "unknown": "ignored",
    }
    assert answers_from(submitted, FORM) == {
        "organisation": "Camden",
        "allowed_domains": "",  # left out by Teams: the admin emptied it
        "match_regions": ["London", "Wales"],
        "matching_paused": False,
        "retention_months": "24",
        "proposals_per_week": "",
    }
    assert answers_from({"match_regions": ["Wales"], "matching_paused": True}, FORM)["match_regions"] == [
        "Wales"
    ]
    assert answers_from({"organisation": {"nested": 1}}, FORM)["organisation"] == ""


def test_a_toggle_and_a_number_show_what_was_typed() -> None:
    toggle = FormField("matching_paused", "Paused", FieldKind.TOGGLE, False)
    assert to_input(toggle, True)["value"] == "true"
    number = FormField("retention_months", "Months", FieldKind.NUMBER, "12")
    assert to_input(number, "500")["value"] == 500
    assert "value" not in to_input(number, "twelve")


def test_only_an_installation_in_a_team_or_group_chat_names_an_installer_who_may_administer() -> None:
    person = Identity("teams", "t-1", "aad-1")
    added = {**PERSON, "type": "installationUpdate", "action": "add"}
    for scope in ("channel", "groupChat"):
        in_team = {**added, "conversation": {"id": "19:x", "conversationType": scope, "tenantId": "t-1"}}
        assert admin_installer_of(in_team) == person
        assert admin_installer_of({**in_team, "action": "remove"}) is None
        bot = {**in_team, "from": {"id": "28:b", "role": "bot"}}
        assert admin_installer_of(bot) is None
    assert admin_installer_of(added) is None  # a personal install: anyone may
    personal = {**added, "conversation": {"id": "a:1", "conversationType": "personal", "tenantId": "t-1"}}
    assert admin_installer_of(personal) is None
    assert (
        admin_installer_of({**PERSON, "type": "conversationUpdate", "membersAdded": [{"id": "28:bot"}]})
        is None
    )
    assert admin_installer_of({**PERSON, "type": "message", "text": "hi"}) is None
