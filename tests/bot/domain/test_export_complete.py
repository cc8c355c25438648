"""An export holds everything kept about the officer: how they are reached, what waits for them, their
admin roles and flags, and whom they met (as shared with them), and nothing about anyone they did not meet."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine as Database

from bot import wording
from bot.admin import authority
from bot.clock import ManualClock
from bot.delivery import addresses, pending
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Message
from bot.storage.models import AdminRole
from tests.bot.domain.test_circle_later_joiners import EVE_EMAIL, FAY, FAY_EMAIL, eve_welcomed_then_fay
from tests.bot.domain.test_circle_newcomers import EVE, formed_then_eve, welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV, PEOPLE, four_councils
from tests.bot.domain.test_double_opt_in import JANE, TOM, two_plans
from tests.support import Desk, session_on

# What a Teams personal chat gives the bot to reach an officer later.
REFERENCE = {"conversation": {"id": "a:1Zq-personal-chat"}, "serviceUrl": "https://smba.example/uk/"}
WAITING = "Your circle reminder: reply by Friday (waiting since the platform refused it)"


def export_of(desk: Desk, email: str) -> tuple[dict[str, Any], str]:
    exported = next(m for m in desk.say(email, "export") if m.attachment)
    assert exported.attachment is not None
    return json.loads(exported.attachment.content), exported.attachment.content


def test_an_export_holds_how_the_officer_is_reached_what_waits_for_them_and_their_admin_roles(
    desk: Desk, database: Database, clock: ManualClock
) -> None:
    desk.admins.add(ANNA)
    four_councils(desk)
    anna = desk.who(ANNA)
    with session_on(database) as session:
        addresses.remember(session, anna, REFERENCE, now=clock.now())
        authority.appoint(session, WorkspaceRef.of(anna), ANNA, role=AdminRole.INSTALLER, now=clock.now())
        # Held by a sender for now (the platform refused it): still waiting for her.
        parcel = pending.Parcel(anna, Message(WAITING))
        pending.put_all(session, [parcel], now=clock.now(), claimed_until=[clock.now() + timedelta(hours=1)])
        session.commit()

    data, _ = export_of(desk, ANNA)

    assert data["conversation_reference"]["reference"] == REFERENCE
    assert [message["text"] for message in data["messages_waiting"]] == [WAITING]
    assert [role["role"] for role in data["admin_roles"]] == ["installer"]
    assert data["officer"]["platform_admin"] is True and data["officer"]["reachable"] is True
    assert data["officer"]["verified"] is True
    ben, _ = export_of(desk, BEN)
    assert (
        ben["admin_roles"] == [] and ben["conversation_reference"] is None and ben["messages_waiting"] == []
    )
    assert ben["officer"]["platform_admin"] is False


def test_an_export_names_those_met_in_a_circle_and_nobody_who_was_not_met(desk: Desk) -> None:
    four_councils(desk)
    for email in (ANNA, BEN, CARA):
        desk.choose(email, wording.JOIN_CIRCLE)
    desk.choose(DEV, wording.NOT_NOW)  # Dev was offered the same circle but never met anyone

    data, content = export_of(desk, ANNA)

    met = {(person["how"], person["email"]): person for person in data["introduced_to"]}
    assert set(met) == {("circle", BEN), ("circle", CARA)}
    for email, name, title, _ in PEOPLE[1:3]:
        own, _ = export_of(desk, email)  # their organisation as the service knows it
        assert met["circle", email] | {"at": None} == {
            "how": "circle",
            "at": None,
            "name": name,
            "job_title": title,
            "organisation": own["officer"]["organisation"],
            "email": email,
        }
        assert met["circle", email]["at"] and own["officer"]["organisation"]
    _, dev_name, dev_title, dev_council = PEOPLE[3]
    for secret in (DEV, dev_name, dev_title, dev_council):
        assert secret not in content


def test_an_export_names_the_officer_met_in_a_pair(desk: Desk) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    before, _ = export_of(desk, JANE)
    assert before["introduced_to"] == []  # one yes introduces nobody
    desk.choose(TOM, "Introduce us")

    data, _ = export_of(desk, JANE)

    [tom] = data["introduced_to"]
    assert tom["how"] == "pair" and tom["at"]
    assert (tom["name"], tom["job_title"], tom["email"]) == ("Tom Jones", "Leisure Contracts Manager", TOM)
    assert tom["organisation"] == "London Borough of Hackney"


def test_an_export_names_a_later_officer_welcomed_into_a_circle_only_by_who_welcomed_them(desk: Desk) -> None:
    formed_then_eve(desk)
    eve = EVE[0]
    desk.choose(eve, wording.JOIN_CIRCLE)
    desk.choose(BEN, wording.NOT_NOW)
    desk.choose(ANNA, wording.WELCOME_YES)

    eves, _ = export_of(desk, eve)
    annas, _ = export_of(desk, ANNA)
    _, ben_content = export_of(desk, BEN)

    assert [(person["how"], person["email"]) for person in eves["introduced_to"]] == [("circle", ANNA)]
    assert ("circle", eve) in {(person["how"], person["email"]) for person in annas["introduced_to"]}
    for secret in EVE:  # Ben said not now: Eve is not his to see
        assert secret not in ben_content
    # Each member's own answer about the council asking to join, and never who asked.
    bens = json.loads(ben_content)
    assert [(w["number"], w["your_answer"]) for w in annas["circle_welcomes"]] == [(2, "yes")]
    assert [(w["number"], w["your_answer"]) for w in bens["circle_welcomes"]] == [(2, "not_now")]
    assert eves["circle_welcomes"] == []


def test_an_export_names_a_later_officer_met_by_another_and_holds_their_answer_about_them(
    desk: Desk,
) -> None:
    eve_welcomed_then_fay(desk)
    desk.choose(FAY_EMAIL, wording.JOIN_CIRCLE)
    about_fay = welcome_questions(desk.inbox(EVE_EMAIL))[-1]
    desk.act(EVE_EMAIL, about_fay.buttons[0].action)  # Eve, in the circle, says yes to Fay

    eves, _ = export_of(desk, EVE_EMAIL)
    fays, _ = export_of(desk, FAY_EMAIL)
    _, cara_content = export_of(desk, CARA)

    assert [(p["how"], p["email"]) for p in eves["introduced_to"]] == [
        ("circle", ANNA),
        ("circle", FAY_EMAIL),
    ]
    assert [(p["how"], p["email"]) for p in fays["introduced_to"]] == [("circle", EVE_EMAIL)]
    assert [(w["number"], w["your_answer"]) for w in eves["circle_welcomes"]] == [(1, "yes")]
    assert [w["your_answer"] for w in json.loads(cara_content)["circle_welcomes"]] == ["pending", "pending"]
    for secret in FAY:  # Cara has not answered about Fay: Fay is not hers to see
        assert secret not in cara_content
