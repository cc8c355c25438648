"""The settings modal: pure functions, no HTTP."""

from __future__ import annotations

import json
from typing import Any

from adapters.slack.settings_modal import answers_from, errors_for, first_field, settings_view
from bot import wording
from bot.admin.form import Choice, FieldKind, FormField, SettingsForm
from bot.admin.service import build_form
from bot.domain.directory import CouncilDirectory
from bot.domain.workspaces import Policy
from bot.storage.models import MatchScope

REGIONS = (Choice("London", "London"), Choice("Wales", "Wales"))


def form(*fields: FormField) -> SettingsForm:
    return SettingsForm("slack:T0CAMDEN", fields)


def by_key(view: dict[str, Any]) -> dict[str, Any]:
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    return {b["block_id"]: b for b in blocks if b["type"] == "input"}


def test_each_kind_of_field_becomes_its_own_input() -> None:
    view = settings_view(
        form(
            FormField("name", "Name", FieldKind.TEXT, "Camden", hint="A council"),
            FormField("words", "Words", FieldKind.LONG_TEXT, "a\nb"),
            FormField("count", "Count", FieldKind.NUMBER, "", required=False),
            FormField("months", "Months", FieldKind.NUMBER, "12", required=True),
            FormField("scope", "Scope", FieldKind.CHOICE, "b", choices=(Choice("a", "A"), Choice("b", "B"))),
            FormField("regions", "Regions", FieldKind.MULTI_CHOICE, ("Wales",), choices=REGIONS),
            FormField("paused", "Paused", FieldKind.TOGGLE, True),
            FormField("shared", "Shared", FieldKind.TOGGLE, False, required=True),
        )
    )
    assert view["private_metadata"] == "slack:T0CAMDEN" and view["callback_id"] == "notalone_admin"
    assert len(str(view["title"]["text"])) <= 24
    blocks = by_key(view)
    assert blocks["name"]["element"] == {
        "type": "plain_text_input",
        "action_id": "text",
        "max_length": 3000,
        "initial_value": "Camden",
    }
    assert blocks["name"]["hint"] == {"type": "plain_text", "text": "A council", "emoji": True}
    assert blocks["words"]["element"]["multiline"] is True
    assert "initial_value" not in blocks["count"]["element"]
    assert (blocks["count"]["optional"], blocks["months"]["optional"]) == (True, False)
    scope = blocks["scope"]["element"]
    assert scope["type"] == "radio_buttons" and scope["initial_option"]["value"] == "b"
    regions = blocks["regions"]["element"]
    assert regions["type"] == "multi_static_select"
    assert [o["value"] for o in regions["initial_options"]] == ["Wales"]
    assert blocks["paused"]["element"]["initial_options"][0]["value"] == "on"
    assert "initial_options" not in blocks["shared"]["element"]
    assert blocks["shared"]["optional"] is True  # an unticked box must be allowed: it means no


def test_the_real_form_fits_slacks_limits_and_reads_back_unchanged() -> None:
    directory = CouncilDirectory.builtin()
    policy = Policy(match_scope=MatchScope.REGIONS, match_regions=("London",), matching_paused=True)
    real = build_form("slack:T0CAMDEN", policy, ["ada@camden.gov.uk"], directory=directory)
    view = settings_view(real)
    assert len(view["blocks"]) <= 100 and len(json.dumps(view)) < 100_000
    blocks = by_key(view)
    assert list(blocks) == [f.key for f in real.fields]
    for block in blocks.values():
        assert len(block["label"]["text"]) <= 2000
        for option in block["element"].get("options", []):
            assert len(option["text"]["text"]) <= 75 and len(option["value"]) <= 150
    # What Slack sends back when the admin saves without touching anything.
    state = {key: {b["element"]["action_id"]: _initial(b["element"])} for key, b in blocks.items()}
    answers = answers_from({"state": {"values": state}})
    assert answers["match_scope"] == "regions" and answers["match_regions"] == ["London"]
    assert answers["matching_paused"] is True and answers["same_organisation"] is False
    assert answers["admins"] == "ada@camden.gov.uk" and answers["proposals_per_week"] == ""
    assert first_field({"state": {"values": state}}) == "organisation"


def _initial(element: dict[str, Any]) -> dict[str, Any]:
    if element["type"] == "plain_text_input":
        return {"type": "plain_text_input", "value": element.get("initial_value")}
    if element["type"] in ("radio_buttons", "static_select"):
        return {"type": element["type"], "selected_option": element.get("initial_option")}
    return {"type": element["type"], "selected_options": element.get("initial_options", [])}


def test_a_value_too_long_to_show_is_left_out_rather_than_cut() -> None:
    view = settings_view(
        form(
            FormField("short", "Short", FieldKind.TEXT, "ok"),
            FormField("never", "Never match with", FieldKind.LONG_TEXT, "x" * 3001),
        )
    )
    assert list(by_key(view)) == ["short"]
    note = wording.SLACK_SETTINGS_NOT_SHOWN.format(label="Never match with")
    assert note in json.dumps(view)


def test_choices_too_many_for_a_menu_are_typed_in_instead() -> None:
    many = tuple(Choice(f"r{i}", f"Region {i}") for i in range(101))
    regions = FormField("regions", "Regions", FieldKind.MULTI_CHOICE, ("r1", "r2"), choices=many)
    view = settings_view(form(regions))
    element = by_key(view)["regions"]["element"]
    assert element["type"] == "plain_text_input" and element["initial_value"] == "r1\nr2"


def test_crafted_state_is_read_safely() -> None:
    state = {
        "a": {"text": {"type": "plain_text_input", "value": None}},
        "b": {"choice": {"type": "static_select", "selected_option": None}},
        "c": {"toggle": {"type": "checkboxes", "selected_options": [{"value": "on"}, "junk"]}},
        "d": {"unknown": {"type": "datepicker"}},
        "e": {"text": {}, "choice": {}},
        "f": "not a dict",
    }
    assert answers_from({"state": {"values": state}}) == {"a": "", "b": "", "c": True}
    assert answers_from({}) == {} and first_field({"state": []}) is None
    assert errors_for({"a": "x" * 5000}) == {"a": "x" * 1000}
