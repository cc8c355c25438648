"""Questions about Notalone: recognised in officers' own words, never mistaken for a plan or a command,
and answered truthfully with the figures that apply to the officer."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import timedelta
from importlib import resources

import pytest

import bot.core
from bot import wording
from bot.clock import ManualClock
from bot.conversation.commands import ALIASES
from bot.conversation.questions import Facts, Topic, also_asked, answer, facts_for, topic_of
from bot.conversation.turn import Turn
from bot.domain.workspaces import DEFAULT_POLICY, WorkspaceRef
from bot.messages import Incoming
from bot.settings import Settings
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, TOM_PLAN, two_plans
from tests.conftest import DeskFactory
from tests.support import Desk, proposals_to

QUESTIONS = [
    # Others, named by where they are
    (
        "Morning. Quick one - my boss asked me to find out if any other Welsh councils have put their "
        "leisure into a trust. Can you help?",
        Topic.LANDSCAPE,
    ),
    ("Have other London boroughs moved libraries to a trust?", Topic.LANDSCAPE),
    # A worry, said rather than asked
    ("hi, my director doesn't know I'm looking at this yet", Topic.WHO_SEES_WHAT),
    ("Members aren't aware of any of this. Off the record for now please", Topic.WHO_SEES_WHAT),
    # What the other side gets, and who they are
    ("if I say yes do they get my email?", Topic.WHO_SEES_WHAT),
    ("hmm, who is it?", Topic.HOW_MATCHING_WORKS),
    # What a service is
    ("what counts as a service here?", Topic.SERVICES),
    ("Which services do you cover?", Topic.SERVICES),
    ("hiya, quick q - does this cover IJB stuff or just council services?", Topic.SERVICES),
    ("what's the difference between not now and not relevant", Topic.NOT_NOW),
    # How long the other side has
    ("how long does the other side get to answer?", Topic.NOT_NOW),
    # Someone further along
    ("is there anyone further along I could learn from?", Topic.FURTHER_ALONG),
    ("Can you put me in touch with a council that has already done this?", Topic.FURTHER_ALONG),
    ("Has anyone been through this already?", Topic.FURTHER_ALONG),
    ("Is there someone who has done it before that I could ask?", Topic.FURTHER_ALONG),
    ("Do you do mentoring?", Topic.FURTHER_ALONG),
    ('what does "one stage ahead" mean?', Topic.FURTHER_ALONG),
    ("I'm worried about the unions finding out", Topic.WHO_SEES_WHAT),
    ("hang on is this going to my manager?", Topic.WHO_SEES_WHAT),
    ("does this get sent to the other council?", Topic.WHO_SEES_WHAT),
    ("nervous that members will find out before cabinet", Topic.WHO_SEES_WHAT),
    # Who uses it: never said
    ("who else in Kent uses this", Topic.WHO_USES),
    ("how many councils are using this?", Topic.WHO_USES),
    ("how many people in my council use this", Topic.WHO_USES),
    # What a cautious officer asks before typing anything
    ("does it use AI? we are not allowed to put things into ChatGPT", Topic.AI),
    ("is my data used to train anything", Topic.AI),
    ("Before I type anything - where is this hosted and is it ISO27001?", Topic.HOSTING),
    ("is the data kept in the UK?", Topic.HOSTING),
    ("If I put something in here does it count as a disclosure under FOI?", Topic.FOI),
    ("could this be requested under freedom of information", Topic.FOI),
    ("Is this FOI-able?", Topic.FOI),
    # What the kinds of change mean
    ("what's a staff mutual?", Topic.MEANING),
    ("whats the difference between a trust and an ALEO for your purposes", Topic.MEANING),
    ("sorry, what does LATC mean?", Topic.MEANING),
    ("What is a CIC exactly", Topic.MEANING),
    ("is any of this discoverable if the press put in an FOISA request?", Topic.FOI),
    # About the other side of a possible match
    ("can I see their plan in their own words", Topic.ABOUT_THEM),
    ("are they from round here", Topic.ABOUT_THEM),
    ("which council is it?", Topic.ABOUT_THEM),
    # Wanting a group, not a pair
    ("is there a forum or group for people doing this?", Topic.CIRCLES),
    ("can you set up a meeting with everyone doing the same as me", Topic.CIRCLES),
    ("can you put me in a group with others doing this?", Topic.CIRCLES),
    # A suspicious newcomer
    ("whats the catch", Topic.CONFIDENTIAL),
    ("is it free", Topic.WHO_RUNS_IT),
    ("how do I get my colleagues in other councils on here", Topic.INVITE),
    # Retention, leaving, a copy
    ("how long will you keep my plan", Topic.ERASE),
    ("what if I change jobs", Topic.LEAVING),
    ("I'm retiring in March, what happens to my plans?", Topic.LEAVING),
    ("can I get a copy of what you hold", Topic.EXPORT),
    # Bringing in a colleague
    ("can I add my colleague", Topic.COLLEAGUES),
    ("Could my deputy use this too?", Topic.COLLEAGUES),
    ("how do I share my plan with my manager?", Topic.COLLEAGUES),
    # Once introduced, what to talk about
    ("thanks! what should I ask them", Topic.FIRST_CALL),
    ("what should we talk about on the call?", Topic.FIRST_CALL),
    ("how should I approach her?", Topic.FIRST_CALL),
    # Whom they would rather not meet: every introduction is their own choice
    ("I'd rather not be introduced to anyone from down south to be honest", Topic.YOUR_CHOICE),
    ("please don't introduce me to Belfast", Topic.YOUR_CHOICE),
    ("can you not match me with councils in England?", Topic.YOUR_CHOICE),
    ("how do I stop getting messages", Topic.PAUSE),
    # Opened with a word that changes nothing
    ("grand so who else is doing this", Topic.LANDSCAPE),
    ("sorry what do you need from me", Topic.WHAT_NEXT),
    # What it does
    ("is that the sort of thing you do?", Topic.WHAT_IT_DOES),
    ("hello, is this the thing for sharing services with other councils?", Topic.WHAT_IT_DOES),
    ("What can you do?", Topic.WHAT_IT_DOES),
    ("what is this", Topic.WHAT_IT_DOES),
    ("How does this work?", Topic.WHAT_IT_DOES),
    ("Sorry, what's this for?", Topic.WHAT_IT_DOES),
    ("Sorry, what\u2019s this for?", Topic.WHAT_IT_DOES),  # a phone's curly apostrophe
    ("\u201cWho runs this?\u201d", Topic.WHO_RUNS_IT),
    ("who are you?", Topic.WHAT_IT_DOES),
    ("Tell me more about Notalone", Topic.WHAT_IT_DOES),
    ("how do I use this", Topic.WHAT_IT_DOES),
    # How matching works
    ("how do you match people", Topic.HOW_MATCHING_WORKS),
    ("How do you decide who to introduce me to?", Topic.HOW_MATCHING_WORKS),
    ("How many matches will I get?", Topic.HOW_MATCHING_WORKS),
    ("can you put me in touch with someone doing the same thing", Topic.HOW_MATCHING_WORKS),
    # Who sees what
    ("who can see my plan", Topic.WHO_SEES_WHAT),
    ("Will my boss see this?", Topic.WHO_SEES_WHAT),
    ("will other councils see this", Topic.WHO_SEES_WHAT),
    ("Does the other officer see my name?", Topic.WHO_SEES_WHAT),
    ("Could my councillors find out about this?", Topic.WHO_SEES_WHAT),
    ("I'm worried my chief exec will find out", Topic.WHO_SEES_WHAT),
    ("what gets shared with the other person?", Topic.WHO_SEES_WHAT),
    ("what if the other council is a competitor?", Topic.WHO_SEES_WHAT),
    ("Is it a problem if they're our commercial rivals?", Topic.WHO_SEES_WHAT),
    # What now: answered from where the officer is
    ("what now?", Topic.WHAT_NEXT),
    ("is that it?", Topic.WHAT_NEXT),
    ("What permissions does it need?", Topic.PERMISSIONS),
    ("can it read our channels or emails?", Topic.PERMISSIONS),
    ("can we limit it to certain departments", Topic.LIMITING),
    ("does it store data outside the UK", Topic.HOSTING),
    ("who do I contact about a DPIA", Topic.HOSTING),
    ("which council are they from?", Topic.ABOUT_THEM),
    ("can I see their plan first", Topic.ABOUT_THEM),
    ("what if I say yes and then change my mind", Topic.CHANGE_MIND),
    ("can I take back my yes?", Topic.CHANGE_MIND),
    ("how do I put it back", Topic.REOPEN),
    ("Just testing this out before I put anything real in", Topic.TRYING),
    ("only having a look around for now", Topic.TRYING),
    ("oops I didn't mean to withdraw that", Topic.REOPEN),
    ("can I reopen plan 2?", Topic.REOPEN),
    ("can you let me know when someone else starts doing this", Topic.TELL_ME_WHEN),
    ("will you tell me if another council comes along?", Topic.TELL_ME_WHEN),
    ("Please notify me as soon as anyone is doing the same", Topic.TELL_ME_WHEN),
    ("tell me if my manager can see this", Topic.WHO_SEES_WHAT),
    ("can I see who else has leisure plans", Topic.LANDSCAPE),
    ("could you show me which councils are doing libraries", Topic.LANDSCAPE),
    ("Is that all I need to do", Topic.WHAT_NEXT),
    ("do I have to do anything more?", Topic.WHAT_NEXT),
    ("where was I?", Topic.WHAT_NEXT),
    ("Sorry, where were we up to?", Topic.WHAT_NEXT),
    ("What happens next?", Topic.WHAT_NEXT),
    ("ok, now what?", Topic.WHAT_NEXT),
    # Confidential
    ("Is this confidential?", Topic.CONFIDENTIAL),
    ("is it safe to tell you about this", Topic.CONFIDENTIAL),
    ("Is my data encrypted?", Topic.CONFIDENTIAL),
    ("is this all off the record?", Topic.CONFIDENTIAL),
    # Not now
    ("what happens if I say not now", Topic.NOT_NOW),
    ("What if I ignore a match?", Topic.NOT_NOW),
    ("How long do I have to answer?", Topic.NOT_NOW),
    ("If I decline, will they know it was me?", Topic.NOT_NOW),
    ("what happens if I don't answer", Topic.NOT_NOW),
    # Circles
    ("what's a circle?", Topic.CIRCLES),
    ("How do circles work?", Topic.CIRCLES),
    ("If I join the circle, who will know?", Topic.CIRCLES),
    # Pause
    ("can I pause", Topic.PAUSE),
    ("im not sure how this works tbh", Topic.WHAT_IT_DOES),
    ("Don't understand what this bot is for", Topic.WHAT_IT_DOES),
    ("Can I put my plan on hold for a bit?", Topic.PAUSE),
    ("Can I stop matching for a while?", Topic.PAUSE),
    # Export
    ("how do I get my data", Topic.EXPORT),
    ("I'd like a copy of my data please", Topic.EXPORT),
    ("What do you hold about me?", Topic.EXPORT),
    ("how do I make a subject access request", Topic.EXPORT),
    ("Can I download my plans?", Topic.EXPORT),
    # Erase
    ("delete everything you hold on me", Topic.ERASE),
    ("Can you erase my data if I leave the council?", Topic.ERASE),
    ("how do I delete my account?", Topic.ERASE),
    ("If I delete my plan will the other officer know?", Topic.ERASE),
    # Who runs it
    ("who runs this", Topic.WHO_RUNS_IT),
    ("who made you?", Topic.WHO_RUNS_IT),
    ("Are you a real person?", Topic.WHO_RUNS_IT),
    ("Who's behind Notalone?", Topic.WHO_RUNS_IT),
    # Admins
    ("what can our admins see", Topic.ADMINS),
    ("will the admins see this", Topic.ADMINS),
    ("Do administrators see my plans?", Topic.ADMINS),
    # Landscape
    ("Which other councils are looking at leisure mutuals?", Topic.LANDSCAPE),
    ("how many councils are doing this", Topic.LANDSCAPE),
    ("is anyone else outsourcing libraries", Topic.LANDSCAPE),
    ("who else is doing a staff mutual", Topic.LANDSCAPE),
    ("Am I the only one doing this?", Topic.LANDSCAPE),
    ("Are any other councils bringing waste back in house?", Topic.LANDSCAPE),
    ("do you know anybody who has spun out a library service?", Topic.LANDSCAPE),
    # Wanting to reach the councils just counted: answered by how introductions happen.
    ("can I talk to them?", Topic.HOW_MATCHING_WORKS),
    ("How do I get in touch with those councils?", Topic.HOW_MATCHING_WORKS),
    ("who are they?", Topic.HOW_MATCHING_WORKS),
    ("Can I have their contact details?", Topic.HOW_MATCHING_WORKS),
    # A worry with a statement that names no service: "looking at this" is no plan.
    ("is this confidential? my director doesn't know I'm looking at this yet", Topic.WHO_SEES_WHAT),
    ("Is it private? We're only thinking about it at the moment", Topic.CONFIDENTIAL),
]

NOT_QUESTIONS = [
    "We are just having a look at options for the depot",  # exploring, not trying Notalone out
    # Plans, with or without a question tacked on: the plan wins, and its confirmation says what is shared.
    "We're spinning out our leisure centres into a staff mutual next April",
    "We'd rather not talk to the unions until the business case for the libraries trust is done",
    "Our head of service wants the parks contract brought back in house",
    "Thinking of outsourcing libraries — is anyone else doing this?",
    "Thinking of outsourcing libraries - is anyone else doing this?",
    "We're outsourcing our libraries, is anyone else?",
    "We are considering a shared service for revenues and benefits with two neighbours. Is this private?",
    "Our libraries are going to a trust, is anyone else doing that",
    JANE_PLAN,
    TOM_PLAN,
    # Commands, handled by the command parser.
    "help",
    "help?",
    "my plans",
    "forget me",
    "export my data",
    "pause 2",
    # Small talk, and questions that are not about Notalone.
    "hi",
    "thanks!",
    "how are you?",
    "How does TUPE work?",
    "Can you recommend a consultant?",
    "what's the weather like",
    "",
]

COMMAND_WORDS = {*ALIASES, "describe"} - {"?", "new", "list", "stop", "plans", "menu", "edit"}


def facts(**changes: object) -> Facts:
    """Figures unlike any default, so a figure in an answer can only have come from them."""
    base = Facts(
        proposal_expiry_days=37,
        proposal_reminder_days=11,
        proposals_per_week=23,
        max_open_plans=41,
        retention_months=53,
        smallest_count_shown=7,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "topic"), QUESTIONS)
def test_a_question_is_recognised_in_the_officers_own_words(text: str, topic: Topic) -> None:
    assert topic_of(text) == topic


def test_there_are_enough_phrasings_to_mean_something() -> None:
    assert len(QUESTIONS) >= 40 and {topic for _, topic in QUESTIONS} == set(Topic)


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_plans_commands_and_small_talk_are_not_questions(text: str) -> None:
    assert topic_of(text) is None


def test_no_hand_written_plan_is_mistaken_for_a_question() -> None:
    evaluation = resources.files("matching.data").joinpath("eval")
    texts = [
        json.loads(line)["text"]
        for split in ("tune", "heldout")
        for line in evaluation.joinpath(f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(texts) > 300
    assert [text for text in texts if topic_of(text) is not None] == []


def test_a_question_mark_or_capitals_do_not_change_the_topic() -> None:
    assert topic_of("WHO CAN SEE MY PLAN") == topic_of("who can see my plan?") == Topic.WHO_SEES_WHAT
    assert topic_of("Who\u2019s behind this?") == Topic.WHO_RUNS_IT  # a curly apostrophe, as phones type it


@pytest.mark.parametrize("topic", list(Topic))
def test_every_figure_in_an_answer_comes_from_the_facts(topic: Topic) -> None:
    given = facts()
    figures = {str(value) for value in dataclasses.asdict(given).values() if isinstance(value, int)}
    assert set(re.findall(r"\d+", answer(topic, given))) <= figures


@pytest.mark.parametrize("topic", list(Topic))
def test_every_answer_is_short_and_ends_with_what_to_do_next(topic: Topic) -> None:
    text = answer(topic, facts(proposal_expiry_days=365, proposals_per_week=100, max_open_plans=1000))
    assert len(text) <= 600
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    assert 2 <= len(sentences) <= 6
    last = sentences[-1].lower()
    assert any(re.search(rf"\b{re.escape(word)}\b", last) for word in COMMAND_WORDS), last


def test_the_expiry_quoted_follows_the_facts() -> None:
    for topic in (Topic.NOT_NOW, Topic.WHO_SEES_WHAT):
        assert "37 days" in answer(topic, facts())
        assert "9 days" in answer(topic, facts(proposal_expiry_days=9))
        assert re.search(r"\b1 day\b(?!s)", answer(topic, facts(proposal_expiry_days=1)))


def test_the_reminder_is_promised_only_when_one_is_sent() -> None:
    assert "remind you 11 days before" in answer(Topic.NOT_NOW, facts())
    assert "remind" not in answer(Topic.NOT_NOW, facts(proposal_reminder_days=0))
    # An offer open for less than the reminder's lead gets no reminder (proposals.due_reminders).
    assert "remind" not in answer(Topic.NOT_NOW, facts(proposal_expiry_days=5, proposal_reminder_days=5))


def test_other_figures_follow_the_facts() -> None:
    assert "23 possible matches" in answer(Topic.HOW_MATCHING_WORKS, facts())
    assert "up to 41 plans" in answer(Topic.WHAT_IT_DOES, facts())
    assert "53 months" in answer(Topic.ERASE, facts())
    admins = answer(Topic.ADMINS, facts(retention_months=1))
    assert "below 7" in admins and "'fewer than 7'" in admins and "1 month)" in admins


def test_help_and_the_admins_answer_tell_of_circles_and_the_question_after_an_introduction() -> None:
    admins = answer(Topic.ADMINS, facts())
    assert "circles" in admins and "talked" in admins  # admins see both, as counts
    assert "circle" in wording.HELP and "whether you talked" in wording.HELP


def test_paused_matching_is_owned_up_to() -> None:
    assert "paused" not in answer(Topic.HOW_MATCHING_WORKS, facts())
    assert "paused matching" in answer(Topic.HOW_MATCHING_WORKS, facts(matching_paused=True))


def test_the_landscape_answer_names_no_council_and_no_count() -> None:
    text = answer(Topic.LANDSCAPE, facts())
    assert set(re.findall(r"\d+", text)) == {str(facts().smallest_count_shown)}  # never a count
    assert "how many others" in text and "describe" in text.lower()


# --- Against the real core ---------------------------------------------------------------------


@pytest.fixture
def turns(monkeypatch: pytest.MonkeyPatch) -> list[Turn]:
    """Every turn the core builds, as routing receives it."""
    seen: list[Turn] = []
    route = bot.core.route

    def record(turn: Turn, incoming: Incoming, *, is_new: bool) -> None:
        seen.append(turn)
        route(turn, incoming, is_new=is_new)

    monkeypatch.setattr(bot.core, "route", record)
    return seen


ADMIN = "ada.admin@camden.gov.uk"


def test_facts_come_from_the_settings_and_the_workspace(make_desk: DeskFactory, turns: list[Turn]) -> None:
    desk = make_desk(
        proposal_reminder_days=4, proposals_per_week=6, max_open_plans=8, proposal_expiry_days=20
    )
    desk.open(JANE)
    assert facts_for(turns[-1]) == Facts(
        proposal_expiry_days=20,
        proposal_reminder_days=4,
        proposals_per_week=6,
        max_open_plans=8,
        retention_months=DEFAULT_POLICY.retention_months,
    )
    desk.admins.add(ADMIN)
    desk.open(ADMIN)
    answers = {"proposal_expiry_days": "5", "proposals_per_week": "2", "retention_months": "3"}
    assert not desk.engine.admin.save(desk.who(ADMIN), WorkspaceRef("test", "local"), answers).errors
    desk.say(JANE, "hello")
    workspace = facts_for(turns[-1])
    assert (workspace.proposal_expiry_days, workspace.proposals_per_week, workspace.retention_months) == (
        5,
        2,
        3,
    )


def test_facts_without_service_defaults_fall_back_to_the_rules(desk: Desk, turns: list[Turn]) -> None:
    desk.open(JANE)
    bare = dataclasses.replace(turns[-1], service_defaults={}, policy=DEFAULT_POLICY)
    defaults = Settings(database_url="sqlite://")
    found = facts_for(bare)
    assert found.proposal_expiry_days == defaults.proposal_expiry_days
    assert found.proposal_reminder_days == defaults.proposal_reminder_days


def test_what_not_now_promises_is_what_happens(
    make_desk: DeskFactory, clock: ManualClock, turns: list[Turn]
) -> None:
    desk = make_desk(proposal_expiry_days=6, proposal_reminder_days=2)
    two_plans(desk)
    promised = answer(Topic.NOT_NOW, facts_for(turns[-1]))
    assert "normally 6 days after" in promised and "remind you 2 days before" in promised
    assert len(proposals_to(desk.inbox(JANE))) == 1
    desk.choose(TOM, "Not now")
    heard = len(desk.inbox(JANE))
    clock.advance(timedelta(days=4, minutes=1))
    desk.engine.remind()
    assert "A reminder" in desk.inbox(JANE)[-1].text  # Jane hasn't answered: reminded, 2 days before
    clock.advance(timedelta(days=1, hours=23, minutes=58))  # a minute before the offer's sixth day ends
    desk.engine.tick()
    assert "has lapsed" not in desk.inbox(JANE)[-1].text
    clock.advance(timedelta(minutes=2))
    desk.engine.tick()
    told = [m.text for m in desk.inbox(JANE)[heard:]]
    assert "has lapsed" in told[-1] and not any("no" in t.split() or "declin" in t for t in told)


def test_what_now_is_answered_from_where_the_officer_is(desk: Desk) -> None:
    officer = "ruth.evans@powys.gov.uk"
    desk.open(officer)
    assert [m.text for m in desk.say(officer, "what now?")] == [wording.ANSWER_WHAT_NEXT]

    desk.say(officer, "We're thinking of outsourcing our parks maintenance")
    writing = desk.say(officer, "what now?")
    assert writing[0].text == wording.WHAT_NEXT_DRAFTING
    assert writing[1].buttons  # the draft's own question again, with its choices
    desk.say(officer, "cancel")

    desk.describe_and_confirm(officer, "We're thinking of outsourcing parks maintenance next year")
    assert [m.text for m in desk.say(officer, "What happens next?")] == [wording.WHAT_NEXT_WAITING]


def test_the_other_council_is_not_the_landscape(desk: Desk) -> None:
    officer = "ruth.evans@powys.gov.uk"
    desk.open(officer)
    shown = [m.text for m in desk.say(officer, "what if the other council is a competitor?")]
    assert len(shown) == 1 and shown[0].startswith(wording.ANSWER_WHO_SEES_WHAT.split(".")[0])
    assert not any(wording.LANDSCAPE_HEADER_ASKED[:20] in text for text in shown)


def test_a_worried_first_message_is_answered_not_taken_for_a_plan(desk: Desk) -> None:
    officer = "morag.mcleod@fife.gov.uk"
    desk.open(officer)
    replies = desk.say(officer, "is this confidential? my director doesn't know I'm looking at this yet")
    assert len(replies) == 1 and not replies[0].buttons  # an answer, no list of services to choose from
    assert replies[0].text.startswith(wording.ANSWER_WHO_SEES_WHAT.split(".")[0])
    plan = desk.say(officer, "we're thinking about moving school meals into an ALEO, very early days")
    assert "Catering and school meals" in plan[0].text


TWO_QUESTIONS = [
    ("Hello! Quick question first - who runs this and who can see what I type?", Topic.WHO_RUNS_IT),
    ("can I pause my plan and how do I get my data out?", Topic.PAUSE),
    ("How do I delete everything? And can I pause instead?", Topic.PAUSE),
]
ONE_QUESTION = [
    "Is this confidential? Who can see my plan?",  # one answer says both
    "how many councils are doing this and who are they?",  # the landscape is answered alone
    "what happens if someone matches with me?",
    "Can I pause my plan?",
]


@pytest.mark.parametrize(("text", "second"), TWO_QUESTIONS)
def test_a_second_question_in_the_same_message_is_answered_too(text: str, second: Topic) -> None:
    first = topic_of(text)
    assert first is not None and also_asked(text, first) == second


@pytest.mark.parametrize("text", ONE_QUESTION)
def test_one_question_or_two_with_one_answer_get_one_answer(text: str) -> None:
    first = topic_of(text)
    assert first is not None and also_asked(text, first) is None


def test_an_officer_asking_two_things_at_once_reads_both_answers(desk: Desk) -> None:
    desk.open("d.okonkwo@southwark.gov.uk")
    replies = desk.say("d.okonkwo@southwark.gov.uk", TWO_QUESTIONS[0][0])
    facts = Facts(14, 2, 3, 10, 24)  # the openings quoted below hold no figure
    openings = [answer(topic, facts)[:40] for topic in (Topic.WHO_SEES_WHAT, Topic.WHO_RUNS_IT)]
    assert [m.text[:40] for m in replies[:2]] == openings


@pytest.mark.parametrize("topic", [Topic.FURTHER_ALONG, Topic.WHO_USES])
def test_an_officer_with_a_plan_is_not_asked_to_describe_one_to_start(topic: Topic) -> None:
    assert "describe your plan" in answer(topic, facts()).lower()
    assert "describe your plan" not in answer(topic, facts(has_plans=True)).lower()


@pytest.mark.parametrize(
    ("asked", "explained"),
    [
        ("what's a staff mutual?", ["staff_mutual"]),
        (
            "what's the difference between a trust and an ALEO?",
            ["charitable_trust", "local_authority_trading_company"],
        ),
        ("what does community asset transfer mean", ["community_asset_transfer"]),
    ],
)
def test_what_a_kind_of_change_means_is_said_for_the_kinds_named(asked: str, explained: list[str]) -> None:
    text = answer(Topic.MEANING, facts(), asked=asked)
    said = [kind for kind, meaning in wording.KIND_MEANINGS.items() if meaning in text]
    assert sorted(said) == sorted(explained)
    assert text.endswith(wording.MEANING_ROUGHLY)


def test_a_question_about_words_that_names_no_kind_of_change_is_not_about_meanings() -> None:
    for text in (
        "what is the catch",
        "what's a possible match?",
        "what is this",
        "what's the point",
        "what are other councils doing with staff mutuals?",
        "what are the others doing about leisure trusts",
    ):
        assert topic_of(text) != Topic.MEANING, text
