"""A whole Slack flow leaves no email, name, job title, plan text or token in the clear in a copy of the
database (the SQLite file and its log, or `pg_dump` of PostgreSQL), before and after `forget me`."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.adapters.slack.fake_slack import Workspace
from tests.adapters.slack.harness import Slack
from tests.adapters.slack.test_slack_flow import install
from tests.copies import database_copy, in_the_clear

# Tokens long enough that no sealed value can spell them by chance (tests/copies.py).
NORTHFIELD = Workspace(
    "T0NORTHFIELD", "Northfield Council", "xoxb-northfield-5e1f0c9a2b7d", "UBOTNORTHFIELD",
    user_token="xoxp-northfield-installer-8d2c41",
)  # fmt: skip
SOUTHMERE = Workspace("T0SOUTHMERE", "Southmere Council", "xoxb-southmere-93a6d0e4f18c", "UBOTSOUTHMERE")

PHILIPPA, BARNABY = "U0PHILIPPA", "U0BARNABY"
PHILIPPA_NAME, PHILIPPA_EMAIL = "Philippa Quennell-Okonkwo", "philippa.quennell-okonkwo@camden.gov.uk"
PHILIPPA_TITLE = "Head of Vexillology Services"
PHILIPPA_PLAN = (
    "We're looking at spinning our leisure centres out into a staff mutual, business case stage, hoping to "
    "go live next April. The Brackenwhistle lido and the Thornaby-Quist pavilion go first."
)
PHILIPPA_DRAFT = "We may also move the Brackenwhistle library into a charitable trust"  # left unfinished
BARNABY_NAME, BARNABY_EMAIL = "Barnaby Ashdown-Fairweather", "barnaby.ashdown-fairweather@hackney.gov.uk"
BARNABY_TITLE = "Commissioning Lead for Aquatics"
BARNABY_PLAN = (
    "We are exploring moving our sports centres and swimming pools into a staff mutual; "
    "the Wickersley-Lumb baths first."
)

PERSONAL = (
    PHILIPPA_NAME, "Quennell-Okonkwo", PHILIPPA_EMAIL, "philippa.quennell", PHILIPPA_TITLE, "of Vexillology",
    PHILIPPA_PLAN, "Brackenwhistle", "Thornaby-Quist", PHILIPPA_DRAFT,
    BARNABY_NAME, "Ashdown-Fairweather", BARNABY_EMAIL, "barnaby.ashdown", BARNABY_TITLE,
    "Lead for Aquatics", BARNABY_PLAN, "Wickersley-Lumb",
)  # fmt: skip
TOKENS = (NORTHFIELD.bot_token, "xoxp-northfield-installer-8d2c41", SOUTHMERE.bot_token)


def introduced_with_a_draft_left(slack: Slack) -> None:
    """Two officers of different councils, each with a confirmed plan, introduced; one leaves a draft."""
    slack.fake.workspaces = {"code-northfield": NORTHFIELD, "code-southmere": SOUTHMERE}
    install(slack, "code-northfield")
    install(slack, "code-southmere")
    slack.fake.add_user(
        PHILIPPA, NORTHFIELD.team_id, name=PHILIPPA_NAME, email=PHILIPPA_EMAIL, title=PHILIPPA_TITLE
    )
    slack.fake.add_user(
        BARNABY, SOUTHMERE.team_id, name=BARNABY_NAME, email=BARNABY_EMAIL, title=BARNABY_TITLE
    )
    slack.dm(NORTHFIELD.team_id, PHILIPPA, PHILIPPA_PLAN)
    slack.wait_for_text(PHILIPPA, "Here's what I understood")
    slack.click(NORTHFIELD.team_id, PHILIPPA, "Looks right")
    slack.wait_for_text(PHILIPPA, "Saved as plan 1")
    slack.dm(SOUTHMERE.team_id, BARNABY, BARNABY_PLAN)
    slack.wait_for_text(BARNABY, "Here's what I understood")
    slack.click(SOUTHMERE.team_id, BARNABY, "Looks right")
    slack.wait_for_text(PHILIPPA, "Possible match #1")
    slack.wait_for_text(BARNABY, "Possible match #1")
    slack.click(NORTHFIELD.team_id, PHILIPPA, "Introduce us")
    slack.wait_for_text(PHILIPPA, "I'll introduce you if the other officer says yes too")
    slack.click(SOUTHMERE.team_id, BARNABY, "Introduce us")
    slack.wait_for_text(PHILIPPA, "You're introduced")
    slack.wait_for_text(BARNABY, f"Name: {PHILIPPA_NAME}")
    slack.dm(NORTHFIELD.team_id, PHILIPPA, PHILIPPA_DRAFT)
    slack.wait_for_text(PHILIPPA, "Here's what I understood", count=2)
    slack.settle()


def sealed_of(slack: Slack, user_id: str) -> list[str]:
    """The officer's email, name, title and plans as stored (sealed values)."""
    with slack.database.connect() as connection:
        officer = connection.execute(
            text("SELECT id, email, name, job_title FROM officer WHERE user_id = :u"), {"u": user_id}
        ).one()
        plans = connection.execute(text("SELECT text FROM plan WHERE officer_id = :i"), {"i": officer.id})
        return [officer.email, officer.name, officer.job_title, *plans.scalars()]


@pytest.mark.random_data
def test_no_personal_value_or_token_is_in_the_clear_in_a_copy_before_or_after_forget_me(
    slack: Slack,
) -> None:
    introduced_with_a_draft_left(slack)
    philippas = sealed_of(slack, PHILIPPA)
    assert len(philippas) == 4 and all(":gAAAAA" in value for value in philippas)

    before = database_copy(slack.database)
    assert PHILIPPA.encode() in before and BARNABY.encode() in before  # the copy holds their rows
    assert all(value[20:60].encode() in before for value in philippas)
    assert in_the_clear(before, PERSONAL + TOKENS) == []

    slack.dm(NORTHFIELD.team_id, PHILIPPA, "forget me")
    slack.wait_for_text(PHILIPPA, "Erase everything")
    slack.click(NORTHFIELD.team_id, PHILIPPA, "Erase everything")
    slack.wait_for_text(PHILIPPA, "erased everything")
    slack.settle()

    after = database_copy(slack.database)
    assert BARNABY.encode() in after  # the other officer is still there, sealed
    assert in_the_clear(after, PERSONAL + TOKENS) == []
    for value in philippas:  # nor is any sealed copy of hers left
        assert value[20:60].encode() not in after
