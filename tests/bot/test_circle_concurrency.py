"""Members of one circle answer at the same instant from two processes: it forms exactly once."""

from __future__ import annotations

from functools import partial

from bot import wording
from tests.bot.test_concurrency import TwoProcesses, two_processes  # noqa: F401 (the fixture)
from tests.support import at_once, count

COUNCILS = ("camden", "leeds", "cardiff", "hackney")
SERVICES = (
    "Our library service could move to a staff mutual, options appraisal, 2027",
    "Our leisure centres and pools could move to a staff mutual, options appraisal, 2027",
)


def test_yeses_at_the_same_instant_form_a_circle_once_and_join_the_rest(
    two_processes: TwoProcesses,  # noqa: F811 (the fixture, imported)
) -> None:
    first, second = two_processes.desks
    for round_number, plan in enumerate(SERVICES):
        emails = [f"officer{round_number}@{council}.gov.uk" for council in COUNCILS]
        for email in emails:
            first.open(email)
            first.describe_and_confirm(email, plan)
        anna, ben, cara, dev = emails
        # The first two yeses at once: neither may miss the other, and neither forms it.
        replies = at_once(
            partial(first.choose, anna, wording.JOIN_CIRCLE), partial(second.choose, ben, wording.JOIN_CIRCLE)
        )
        assert all(reply[0].text.startswith("Thanks: yes") for reply in replies)
        # The third and fourth at once: exactly one of them forms it; the other joins it.
        at_once(
            partial(first.choose, cara, wording.JOIN_CIRCLE), partial(second.choose, dev, wording.JOIN_CIRCLE)
        )
        formed = {e: sum(m.text.startswith("Your circle has formed") for m in first.inbox(e)) for e in emails}
        joined = {e: sum(m.text.startswith("You've joined") for m in first.inbox(e)) for e in emails}
        assert sorted(formed.values()) == [0, 1, 1, 1] and sorted(joined.values()) == [0, 0, 0, 1]
        assert all(formed[e] + joined[e] == 1 for e in emails), (formed, joined)
        for email in emails:
            # Everyone ends up knowing every other member, whichever yes landed first.
            assert all(other in first.texts(email) for other in emails if other != email)
            assert "Sorry, something went wrong" not in first.texts(email)
    assert count(two_processes.database, "circle") == len(SERVICES)
