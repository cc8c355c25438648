"""'Introduce us' said with a few polite words before it is still a yes to the one possible match."""

from __future__ import annotations

from tests.bot.domain.test_double_opt_in import JANE, TOM, two_plans
from tests.support import Desk


def test_introduce_us_after_ok_yes_is_a_yes(desk: Desk) -> None:
    two_plans(desk)
    replies = [m.text for m in desk.say(TOM, "ok yes introduce us")]
    assert replies[0].startswith("Thanks: yes to possible match #1"), replies
    assert desk.say(JANE, "ok go on then")[0].text.startswith("Thanks") is False  # never consent
