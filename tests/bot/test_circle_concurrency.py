"""Members of one circle answer at the same instant from two processes: it forms exactly once; two
processes' reminder jobs at once remind each officer awaited for a place in it once."""

from __future__ import annotations

from functools import partial

from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot import wording
from bot.clock import ManualClock
from tests.bot.domain.test_circle_later_joiners import EVE_EMAIL, FAY, FAY_EMAIL, FAY_PLAN
from tests.bot.domain.test_circle_newcomer_reminders import NEARLY_LAPSED, PLACE, WELCOME, reminders_in
from tests.bot.domain.test_circle_newcomers import formed_then_eve, welcome_questions
from tests.bot.domain.test_circles import ANNA, BEN, CARA, DEV
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
    # The first two councils' pairs (offered before each circle) closed when their officers met in it.
    assert _pair_states(two_processes.database) == ["met_in_circle"] * len(SERVICES)


def _pair_states(database: Database) -> list[str]:
    with database.connect() as connection:
        return list(connection.execute(text("SELECT state FROM match_proposal ORDER BY id")).scalars())


def test_a_pair_answered_as_its_officers_circle_forms_is_introduced_or_closed_once(
    two_processes: TwoProcesses,  # noqa: F811 (the fixture, imported)
) -> None:
    first, second = two_processes.desks
    emails = [f"officer@{council}.gov.uk" for council in COUNCILS[:3]]
    for email in emails:
        first.open(email)
        first.describe_and_confirm(email, SERVICES[0])
    anna, ben, cara = emails
    first.say(anna, "introduce us #1")  # Anna's yes to the pair she and Ben were offered first
    first.choose(anna, wording.JOIN_CIRCLE)
    first.choose(ben, wording.JOIN_CIRCLE)
    # Ben's yes to the pair and Cara's yes that forms the circle, at the same instant.
    replies = at_once(
        partial(first.say, ben, "introduce us #1"), partial(second.choose, cara, wording.JOIN_CIRCLE)
    )
    assert replies[1][0].text.startswith("Your circle has formed")
    [state] = _pair_states(two_processes.database)
    told_ben = "\n".join(m.text for m in replies[0] if m.ref == "proposal:1")
    assert state in ("introduced", "met_in_circle"), state
    if state == "met_in_circle":  # the pair closed first: Ben is told where he met them, not that it lapsed
        assert told_ben == wording.PAIR_MET_IN_CIRCLE_CLICK.format(match=1)
    for email in emails:
        assert "Sorry, something went wrong" not in first.texts(email)
        assert sum(m.text.startswith("Your circle has formed") for m in first.inbox(email)) == 1


def test_two_changes_of_mind_at_once_for_the_last_place_in_a_formed_circle_take_it_once(
    two_processes: TwoProcesses,  # noqa: F811 (the fixture, imported)
) -> None:
    first, second = two_processes.desks
    emails = [f"officer@{council}.gov.uk" for council in (*COUNCILS, "bristol")]
    for email in emails:
        first.open(email)
        first.describe_and_confirm(email, SERVICES[0])
    anna, ben, cara, dev, eve = emails
    # Five councils offered one circle; a cap of four leaves one place once three have said yes.
    with two_processes.database.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM circle_member")).scalar_one() == len(emails)
        connection.execute(text("UPDATE circle SET size_cap = 4"))
    for email in (dev, eve):
        first.choose(email, wording.NOT_NOW)
        first.say(email, "my plans")
    for email in (anna, ben, cara):
        first.choose(email, wording.JOIN_CIRCLE)
    after_all = wording.SAY_YES_AFTER_ALL.format(match=1)
    replies = at_once(partial(first.choose, dev, after_all), partial(second.choose, eve, after_all))
    joined = [reply[0].text.startswith("You've joined a circle") for reply in replies]
    assert sorted(joined) == [False, True], [reply[0].text for reply in replies]
    refused = next(reply[0].text for reply in replies if not reply[0].text.startswith("You've joined"))
    assert refused == wording.CIRCLE_FULL_CLICK.format(match=1, number=1)
    with two_processes.database.connect() as connection:
        assert connection.execute(text("SELECT yes_count FROM circle")).scalar_one() == 4
    for email in emails:
        assert "Sorry, something went wrong" not in first.texts(email)


def test_a_yes_to_a_later_officer_and_the_next_ones_yes_at_once_still_ask_the_one_about_the_other(
    two_processes: TwoProcesses,  # noqa: F811 (the fixture, imported)
) -> None:
    first, second = two_processes.desks
    formed_then_eve(first)  # Anna, Ben and Cara formed the circle; Eve was offered a place
    first.choose(EVE_EMAIL, wording.JOIN_CIRCLE)
    email, name, title, _ = FAY
    first.open(email, name=name, title=title)
    first.describe_and_confirm(email, FAY_PLAN)
    about_eve = welcome_questions(first.inbox(ANNA))[0]
    at_once(
        partial(first.act, ANNA, about_eve.buttons[0].action),
        partial(second.choose, FAY_EMAIL, wording.JOIN_CIRCLE),
    )
    # Whichever landed first, Eve (now in the circle) is asked about Fay, once.
    assert len(welcome_questions(first.inbox(EVE_EMAIL))) == 1
    with two_processes.database.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM circle_welcome")).scalar_one() == 3 + 4
    for email in (ANNA, EVE_EMAIL, FAY_EMAIL):
        assert "Sorry, something went wrong" not in first.texts(email)


def test_two_jobs_at_once_remind_a_later_officer_of_their_place_once(
    two_processes: TwoProcesses,  # noqa: F811 (the fixture, imported)
    clock: ManualClock,
) -> None:
    first, second = two_processes.desks
    formed_then_eve(first)  # Eve is offered a place and says nothing
    clock.advance(NEARLY_LAPSED)
    at_once(first.engine.remind, second.engine.remind)
    assert len(reminders_in(first.inbox(EVE_EMAIL), PLACE)) == 1


def test_two_jobs_at_once_remind_each_member_yet_to_answer_about_a_later_officer_once(
    two_processes: TwoProcesses,  # noqa: F811 (the fixture, imported)
    clock: ManualClock,
) -> None:
    first, second = two_processes.desks
    formed_then_eve(first)
    first.say(EVE_EMAIL, "join the circle")
    first.say(ANNA, "welcome them")  # Ben and Cara say nothing
    clock.advance(NEARLY_LAPSED)
    at_once(first.engine.remind, second.engine.remind)
    told = {email: len(reminders_in(first.inbox(email), WELCOME)) for email in (ANNA, BEN, CARA, DEV)}
    assert told == {ANNA: 0, BEN: 1, CARA: 1, DEV: 0}
