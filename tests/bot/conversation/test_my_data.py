"""Managing my data: my plans, pause, resume, withdraw, edit, export and a complete forget me."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import inspect, text

from bot.clock import ManualClock
from bot.conversation.actions import DraftField, SetDraftField, encode
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, TOM_PLAN, two_plans
from tests.support import Desk, count, match_numbers, proposals_to


def test_my_plans_lists_each_plan_with_its_proposals(desk: Desk) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    listing = desk.say(JANE, "my plans")[0].text
    assert "1. Leisure" in listing and "(active)" in listing
    assert "possible match #1: you said yes; waiting for the other officer" in listing
    desk.choose(TOM, "Introduce us")
    assert "introduced to Tom Jones" in desk.say(JANE, "My plans")[0].text


def test_pause_stops_matching_and_resume_restarts_it(desk: Desk) -> None:
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    assert "Paused plan 1" in desk.say(JANE, "pause 1")[0].text
    assert "already paused" in desk.say(JANE, "pause 1")[0].text
    desk.open(TOM)
    desk.describe_and_confirm(TOM, TOM_PLAN)
    assert proposals_to(desk.inbox(TOM)) == []
    resumed = desk.say(JANE, "resume all")
    assert "Resumed all your plans" in resumed[0].text
    assert len(proposals_to(desk.inbox(JANE))) == 1 and len(proposals_to(desk.inbox(TOM))) == 1


def test_withdraw_asks_first_and_lets_open_proposals_lapse_quietly(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    asked = desk.say(TOM, "withdraw 1")[0]
    assert [b.label for b in asked.buttons] == ["Withdraw it", "Keep it"]
    assert "Fine, nothing has changed." in desk.choose(TOM, "Keep it")[0].text
    desk.say(TOM, "withdraw 1")
    assert "Plan 1 is withdrawn" in desk.choose(TOM, "Withdraw it")[0].text
    before = len(desk.inbox(JANE))
    desk.engine.tick()
    assert len(desk.inbox(JANE)) == before  # not told now: that would give the withdrawal away
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    assert "has lapsed" in desk.inbox(JANE)[-1].text
    assert "withdrawn" in desk.say(TOM, "my plans")[0].text
    assert "can't be changed" in desk.say(TOM, "resume 1")[0].text


def test_edit_changes_one_field_with_choices(desk: Desk) -> None:
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    desk.say(JANE, "edit 1")
    desk.choose(JANE, "Stage")
    stages = desk.inbox(JANE)[-1]
    assert len(stages.buttons) == 7  # six stages and "Not sure yet"
    chosen = encode(SetDraftField(DraftField.STAGE, "procurement"))
    procurement = next(b for b in stages.buttons if b.action == chosen)
    summary = desk.act(JANE, procurement.action)[0].text
    assert f"Stage: {procurement.label}" in summary
    assert "Plan 1 is updated" in desk.choose(JANE, "Looks right")[0].text
    plans = json.loads(desk.say(JANE, "export")[0].attachment.content)["plans"]  # type: ignore[union-attr]
    assert [(p["number"], p["stage"], p["text"]) for p in plans] == [(1, "procurement", JANE_PLAN)]


def test_correcting_the_timeline_in_words(desk: Desk) -> None:
    desk.open(JANE)
    desk.say(JANE, JANE_PLAN)
    desk.choose(JANE, "Change something")
    desk.choose(JANE, "Timeline")
    assert "couldn't read a date" in desk.say(JANE, "whenever, really")[0].text
    updated = desk.say(JANE, "2028/29")[0]
    assert "Timeline: April 2028" in updated.text
    desk.choose(JANE, "Change something")
    desk.choose(JANE, "Timeline")
    assert "Timeline: not known yet" in desk.choose(JANE, "Not sure yet")[0].text


def test_export_holds_everything_about_me_and_nothing_about_them(desk: Desk) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    exported = desk.say(JANE, "export")[0]
    assert exported.attachment is not None
    data = json.loads(exported.attachment.content)
    assert data["officer"]["email"] == JANE and data["officer"]["organisation"] == "London Borough of Camden"
    assert data["plans"][0]["text"] == JANE_PLAN
    assert data["proposals"][0]["your_answer"] == "accepted"
    assert [e["action"] for e in data["audit_events"]][:1] == ["plan_created"]
    assert "Oakridge" not in exported.attachment.content and "tom" not in exported.attachment.content


def test_forget_me_leaves_no_row_about_the_officer(
    desk: Desk, database: Database, clock: ManualClock
) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Introduce us")
    ann = "ann.brown@leeds.gov.uk"
    desk.open(ann)
    desk.describe_and_confirm(ann, "Leeds leisure centres may become a staff mutual next year.")
    with_jane = proposals_to(desk.inbox(JANE))[-1].ref
    assert with_jane is not None
    desk.act(ann, f"{with_jane}:accept")
    desk.say(JANE, "edit 1")  # leaves an unfinished draft behind
    desk.say(JANE, "cancel")
    desk.say(JANE, "forget me")
    assert "Fine, nothing has changed." in desk.choose(JANE, "Keep my data")[0].text
    desk.say(JANE, "forget me")
    goodbye = desk.choose(JANE, "Erase everything")
    assert "erased everything" in goodbye[-1].text

    with database.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f"SELECT * FROM {table}")).mappings():
                flat = " ".join(str(value) for value in row.values())
                for secret in ("jane", "Jane", "Fairbrook", "business case"):
                    assert secret not in flat, f"{table} still holds {secret}"
    assert count(database, "officer") == 2 and count(database, "plan") == 2
    assert count(database, "introduction") == 0 and count(database, "conversation") == 0

    # Ann, who was waiting, hears "lapsed" in the usual words, and only at the usual time.
    told_before = len(desk.inbox(ann))
    desk.engine.tick()
    assert len(desk.inbox(ann)) == told_before
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    lapses = [m.text for m in desk.inbox(ann)[told_before:]]
    [number] = match_numbers([m for m in proposals_to(desk.inbox(ann)) if m.ref == with_jane])
    assert any(f"Possible match #{number} for your plan 1 has lapsed" in t for t in lapses)
    assert count(database, "match_proposal") == 1  # Tom and Ann's own, not Jane's
    assert desk.inbox(JANE)[-1].text == goodbye[-1].text  # an erased officer receives nothing more

    # Jane can come back as a new officer; nothing of her old self remains.
    back = desk.open(JANE)
    assert back[0].text.startswith("Hello, Jane")
    assert "no plans" in desk.say(JANE, "my plans")[0].text


def test_unknown_domain_organisation_is_erased_with_its_only_officer(desk: Desk, database: Database) -> None:
    stranger = "pat.lee@leisure-consultancy.example"
    desk.open(stranger)
    desk.say(stranger, "Riverside Leisure Trust")
    desk.choose(stranger, "Keep this name")
    desk.say(stranger, "forget me")
    desk.choose(stranger, "Erase everything")
    with database.connect() as connection:
        names = connection.execute(text("SELECT name FROM organisation")).scalars().all()
    assert "Riverside Leisure Trust" not in names
    assert count(database, "officer") == 0
