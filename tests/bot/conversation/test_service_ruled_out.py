"""An officer who names the service by what it is not ("ferries, not tourism") gets the one they meant."""

from __future__ import annotations

from tests.bot.domain.test_double_opt_in import JANE
from tests.support import Desk


def test_the_service_said_with_the_one_it_is_not_is_the_one_drafted(desk: Desk) -> None:
    desk.open(JANE)
    asked = desk.say(JANE, "we're wondering whether the boats could be run by an arms length company")
    assert "which service" in asked[0].text.lower()
    reply = desk.say(JANE, "hmm the service is ferries not tourism")[0].text
    assert "Service: Passenger and community transport" in reply
    assert "Tourism" not in reply


def test_a_kind_of_change_ruled_out_in_the_plan_is_not_the_one_drafted(desk: Desk) -> None:
    desk.open(JANE)
    reply = desk.say(JANE, "Not a charitable trust after all: a staff mutual for our libraries, early days")
    assert "Kind of change: Staff mutual" in reply[0].text
