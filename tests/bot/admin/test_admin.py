"""Workspace admins: who they are, what they may touch, and that every setting does what it says."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine as Database

from bot.admin.authority import NotAnAdmin
from bot.admin.stats import stats_csv, stats_text
from bot.clock import ManualClock
from bot.domain.workspaces import WorkspaceRef
from tests.support import Desk, count, proposals_to

ADMIN = "ada.admin@camden.gov.uk"
JANE = "jane.smith@camden.gov.uk"
TOM = "tom.jones@hackney.gov.uk"
KIT = "kit.wood@kent.gov.uk"
MANI = "mani.lee@manchester.gov.uk"
CAMDEN = WorkspaceRef("test", "camden")
LEISURE = (
    "We're looking at spinning our leisure centres out into a staff mutual, business case stage, "
    "hoping to go live next April."
)
LEISURE_AGAIN = "We are exploring moving our sports centres and swimming pools into a staff mutual."


@pytest.fixture
def town(desk: Desk) -> Desk:
    """Camden officers in their own workspace, with one platform admin; others each in their own."""
    desk.workspaces.update({ADMIN: "camden", JANE: "camden", TOM: "hackney", KIT: "kent", MANI: "manchester"})
    desk.admins.add(ADMIN)
    desk.open(ADMIN)
    desk.open(JANE)
    return desk


def configure(desk: Desk, **answers: object) -> None:
    saved = desk.engine.admin.save(desk.who(ADMIN), CAMDEN, answers)
    assert not saved.errors, saved.errors


def test_only_admins_see_or_change_settings(town: Desk) -> None:
    assert "Only this workspace's administrators" in town.say(JANE, "admin")[-1].text
    with pytest.raises(NotAnAdmin):
        town.engine.admin.form(town.who(JANE), CAMDEN)
    with pytest.raises(NotAnAdmin):
        town.engine.admin.save(town.who(JANE), CAMDEN, {"matching_paused": True})
    menu = town.say(ADMIN, "admin")[-1]
    assert "Matching paused: no" in menu.text
    assert [b.label for b in menu.buttons] == ["Change settings", "Statistics", "Audit log"]
    assert town.engine.admin.form(town.who(ADMIN), CAMDEN).field("matching_paused").value is False


def test_an_admin_of_one_workspace_cannot_read_or_change_another(town: Desk) -> None:
    town.workspaces["boss@hackney.gov.uk"] = "hackney"
    town.admins.add("boss@hackney.gov.uk")
    town.open("boss@hackney.gov.uk")
    hackney = WorkspaceRef("test", "hackney")
    for crafted in ({"matching_paused": True}, {"admins": ADMIN}, {"allowed_domains": "camden.gov.uk"}):
        with pytest.raises(NotAnAdmin):
            town.engine.admin.save(town.who(ADMIN), hackney, crafted)
    with pytest.raises(NotAnAdmin):
        town.engine.admin.form(town.who(ADMIN), hackney)
    assert "Matching paused: no" in town.engine.admin.operator_summary(hackney)
    assert town.engine.admin.audit(hackney) == []


def test_an_appointed_admin_is_told_and_can_then_act(town: Desk) -> None:
    configure(town, admins=JANE)
    assert any("You are now an administrator" in m.text for m in town.inbox(JANE))
    assert "Saved. Changed: appointed administrators" in town.inbox(ADMIN)[-1].text
    saved = town.engine.admin.save(town.who(JANE), CAMDEN, {"matching_paused": True})
    assert saved.changed == ("matching_paused",)
    lines = town.engine.admin.audit(CAMDEN)
    assert [(line.action, line.setting) for line in lines] == [
        ("setting_changed", "matching_paused"),
        ("admin_appointed", ""),
    ]
    assert all("officer" in line.who for line in lines)  # operators see officers by id only


def test_mistakes_are_all_reported_and_nothing_changes(town: Desk) -> None:
    saved = town.engine.admin.save(
        town.who(ADMIN),
        CAMDEN,
        {
            "retention_months": "500",
            "allowed_domains": "camden.gov.uk, not a domain",
            "matching_paused": True,
        },
    )
    assert set(saved.errors) == {"retention_months", "allowed_domains"}
    assert "1 to 120" in saved.errors["retention_months"]
    assert "Matching paused: no" in town.engine.admin.operator_summary(CAMDEN)
    assert town.engine.admin.audit(CAMDEN) == []


def test_allowed_domains_turn_others_away_and_keep_nothing(town: Desk, database: Database) -> None:
    configure(town, allowed_domains="camden.gov.uk")
    town.workspaces["visitor@gmail.com"] = "camden"
    officers_before = count(database, "officer")
    reply = town.open("visitor@gmail.com")
    assert len(reply) == 1 and "isn't available to you" in reply[0].text
    assert "haven't kept anything" in reply[0].text
    town.say("visitor@gmail.com", "We plan to outsource our parks to a trust")
    assert count(database, "officer") == officers_before
    assert count(database, "plan") == 0
    stats = town.engine.admin.stats(CAMDEN)
    assert stats.refused == 2 and "fewer than 5" in stats_text(stats)
    town.workspaces["new.person@camden.gov.uk"] = "camden"
    assert "Hello" in town.open("new.person@camden.gov.uk")[0].text  # an allowed domain gets in


def test_a_welcome_message_greets_newcomers_only(town: Desk) -> None:
    configure(town, welcome_message="Questions? Ask Ada in Strategy.")
    town.workspaces["newcomer@camden.gov.uk"] = "camden"
    first = town.open("newcomer@camden.gov.uk")
    assert any(m.text.endswith("Questions? Ask Ada in Strategy.") for m in first)
    assert not any("Ask Ada" in m.text for m in town.open(JANE))


def test_a_workspace_of_one_organisation_verifies_by_domain(town: Desk) -> None:
    configure(town, organisation="Camden", allowed_domains="camden-partners.org.uk")
    town.workspaces["sam@camden-partners.org.uk"] = "camden"
    town.workspaces["pat@elsewhere.org.uk"] = "camden"
    town.open("sam@camden-partners.org.uk")
    reply = town.describe_and_confirm("sam@camden-partners.org.uk", LEISURE)
    assert any("Saved as plan 1" in m.text for m in reply)
    assert not any("verified" in m.text for m in reply)
    assert "isn't available" in town.open("pat@elsewhere.org.uk")[0].text


def _match_jane_with(desk: Desk, other: str) -> int:
    desk.describe_and_confirm(JANE, LEISURE)
    desk.open(other)
    desk.describe_and_confirm(other, LEISURE_AGAIN)
    return len(proposals_to(desk.inbox(other)))


def test_matching_within_listed_regions_only(town: Desk) -> None:
    configure(town, match_scope="regions", match_regions=["London"])
    assert _match_jane_with(town, KIT) == 0  # Kent is in the South East
    town.open(TOM)
    town.describe_and_confirm(TOM, LEISURE_AGAIN)
    assert len(proposals_to(town.inbox(JANE))) == 1  # Hackney is in London


def test_matching_with_listed_councils_and_never_lists(town: Desk) -> None:
    configure(town, match_scope="listed", match_councils="Manchester\nKent", never_councils="Kent")
    assert _match_jane_with(town, KIT) == 0
    town.open(MANI)
    town.describe_and_confirm(MANI, LEISURE_AGAIN)
    assert len(proposals_to(town.inbox(JANE))) == 1


def test_same_organisation_matching_only_when_enabled(town: Desk) -> None:
    colleague = "chris.lo@camden.gov.uk"
    town.workspaces[colleague] = "camden"
    assert _match_jane_with(town, colleague) == 0
    configure(town, same_organisation=True)
    town.describe_and_confirm(colleague, LEISURE_AGAIN + " A second option.")
    assert len(proposals_to(town.inbox(colleague))) == 1


def test_pausing_stops_new_matches_but_pending_ones_keep_their_clock(town: Desk, clock: ManualClock) -> None:
    assert _match_jane_with(town, TOM) == 1
    configure(town, matching_paused=True)
    town.open(KIT)
    town.describe_and_confirm(KIT, LEISURE_AGAIN)
    assert len(proposals_to(town.inbox(JANE))) == 1  # Kent matched Hackney, not Camden
    town.choose(JANE, "Introduce us")
    with_jane = proposals_to(town.inbox(TOM))[0]
    reply = town.act(TOM, with_jane.buttons[0].action)  # the pending proposal still works
    assert any("You're introduced" in m.text for m in reply)


def test_expiry_and_weekly_cap_follow_the_workspace(town: Desk, clock: ManualClock) -> None:
    configure(town, proposal_expiry_days="3", proposals_per_week="1")
    assert _match_jane_with(town, TOM) == 1
    assert "28 November 2026" in proposals_to(town.inbox(JANE))[0].text or clock.now().day != 25
    town.open(KIT)
    town.describe_and_confirm(KIT, LEISURE_AGAIN)
    assert len(proposals_to(town.inbox(JANE))) == 1  # Jane has had her one this week
    clock.advance(timedelta(days=3, minutes=1))
    town.engine.tick()
    assert "lapsed" in town.inbox(JANE)[-1].text


def test_retention_warns_then_deletes_untouched_plans(
    town: Desk, clock: ManualClock, database: Database
) -> None:
    configure(town, retention_months="2")
    town.describe_and_confirm(JANE, LEISURE)
    town.describe_and_confirm(JANE, "We may outsource our parks maintenance to a contractor.")
    clock.advance(timedelta(days=62))
    assert town.engine.apply_retention() == 2
    warnings = [m for m in town.inbox(JANE) if "unless you keep it" in m.text]
    assert len(warnings) == 2 and warnings[0].buttons[0].label == "Keep plan 1"
    assert town.engine.apply_retention() == 0  # warned once
    town.choose(JANE, "Keep plan 1")
    clock.advance(timedelta(days=14))
    town.engine.apply_retention()
    assert count(database, "plan") == 1
    assert any("I've deleted your plan 2" in m.text for m in town.inbox(JANE))
    assert "1. " in town.say(JANE, "my plans")[-1].text


def test_statistics_suppress_small_counts(town: Desk) -> None:
    for n in range(3):
        email = f"officer{n}@camden.gov.uk"
        town.workspaces[email] = "camden"
        town.open(email)
    few = town.engine.admin.stats(CAMDEN)
    assert few.officers == 5
    assert "2026-11,5,fewer than 5,fewer than 5,fewer than 5" in stats_csv(few)
    text = town.say(ADMIN, "admin") and town.choose(ADMIN, "Statistics")[-1].text
    assert "Now: 5 officers, fewer than 5 active plans" in text
    assert "jane" not in text.lower() and "camden.gov.uk" not in text


def test_admins_see_setting_changes_but_never_consent_events(town: Desk) -> None:
    configure(town, matching_paused=True, retention_months="6")
    _match_jane_with(town, TOM)
    reply = town.say(ADMIN, "admin") and town.choose(ADMIN, "Audit log")[-1]
    assert reply.attachment is not None
    rows = reply.attachment.content.splitlines()
    assert rows[0] == "when,who,action,setting,object,object_id"
    assert sorted(row.split(",")[3] for row in rows[1:]) == ["matching_paused", "retention_months"]
    assert all(",Ada Admin," in row for row in rows[1:])
    operator = [line.action for line in town.engine.admin.audit(None)]
    assert "plan_created" in operator and "setting_changed" in operator


def test_an_erased_admin_leaves_the_changes_but_not_their_name_or_role(
    town: Desk, database: Database
) -> None:
    configure(town, admins=JANE)
    town.engine.admin.save(town.who(JANE), CAMDEN, {"retention_months": "24"})
    town.say(JANE, "forget me")
    town.choose(JANE, "Erase everything")
    assert count(database, "workspace_admin") == 0
    lines = town.engine.admin.audit(CAMDEN)
    assert (lines[0].who, lines[0].setting) == ("an officer since erased", "retention_months")
