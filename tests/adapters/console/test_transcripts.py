"""Officers' first conversations, typed into the console as they would type them, each reply's kind checked.

Every message here is one a new officer might really send: questions, small talk, garbage, Welsh, plans
with odd dates, commands in the middle of a draft, plans after garbage. Each line says what kind of
reply the officer must get first. Across all of them: never more than 8 choices at once, never "Sorry,
I didn't follow that", and a question never starts a plan draft.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.console.app import Console, ConsoleNotifier
from bot import wording
from bot.clock import OffsetClock
from bot.core import Core
from bot.delivery.notifier import Address
from bot.messages import Identity, Message
from bot.settings import Settings
from tests.migrated_copies import migrated_sqlite

MOST_CHOICES = 8

# The kind of a reply, told by how its first message begins.
KINDS = (
    ("which organisation", wording.ASK_ORGANISATION.split("{")[0][:30]),
    ("which organisation", wording.ASK_ORGANISATION_AGAIN),
    ("councils offered", wording.ORGANISATION_CHOICES),
    ("plan kept", wording.PLAN_KEPT_FOR_LATER[:30]),
    ("plan kept", wording.PLAN_NOT_A_NAME[:30]),
    ("organisation noted", wording.ORGANISATION_CHOSEN.split("{")[0]),
    ("organisation name", wording.ASK_ORGANISATION_NAME),
    ("answer", "I help officers planning"),
    ("answer", wording.ANSWER_HOW_MATCHING_WORKS.split("{")[0][:30]),
    ("answer", wording.ANSWER_WHO_SEES_WHAT.split("{")[0][:30]),
    ("answer", wording.ANSWER_CONFIDENTIAL[:30]),
    ("answer", wording.ANSWER_NOT_NOW.split("{")[0][:30]),
    ("answer", wording.ANSWER_PAUSE[:30]),
    ("answer", wording.ANSWER_FIRST_CALL[:30]),
    ("answer", wording.ANSWER_TELL_ME_WHEN[:30]),
    ("answer", wording.ANSWER_REOPEN[:30]),
    ("answer", wording.ANSWER_FURTHER_ALONG[:30]),
    ("answer", wording.ANSWER_TRYING[:30]),
    ("answer", wording.ANSWER_ABOUT_THEM[:30]),
    ("answer", wording.ANSWER_PERMISSIONS[:30]),
    ("answer", wording.ANSWER_LIMITING[:30]),
    ("answer", wording.ANSWER_CHANGE_MIND[:30]),
    ("decide later", wording.DECIDE_LATER[:30]),
    ("say introduce us", wording.SAY_INTRODUCE_US[:30]),
    ("answer", wording.ANSWER_COLLEAGUES[:30]),
    ("answer", wording.ANSWER_LEAVING[:30]),
    ("answer", wording.ANSWER_INVITE[:30]),
    ("answer", wording.ANSWER_CIRCLES[:30]),
    ("answer", wording.ANSWER_SERVICES[:30]),
    ("answer", wording.ANSWER_AI[:30]),
    ("answer", wording.ANSWER_WHO_USES[:30]),
    ("answer", wording.ANSWER_HOSTING[:30]),
    ("answer", wording.ANSWER_FOI[:30]),
    *(("answer", meaning[:30]) for meaning in wording.KIND_MEANINGS.values()),
    ("not sure it is right", wording.CONFIRM_UNSURE[:30]),
    ("council not needed", wording.COUNCIL_NOT_NEEDED[:30]),
    ("answer", wording.ANSWER_YOUR_CHOICE[:30]),
    ("answer", wording.ANSWER_EXPORT[:30]),
    ("answer", wording.ANSWER_ERASE.split("{")[0][:30]),
    ("answer", wording.ANSWER_WHO_RUNS_IT[:30]),
    ("answer", wording.ANSWER_ADMINS.split("{")[0][:30]),
    ("landscape", wording.ANSWER_LANDSCAPE[:30]),
    ("landscape", wording.LANDSCAPE_HEADER[:30]),
    ("landscape", wording.LANDSCAPE_NONE_FOR_SERVICE[:30]),
    ("landscape", wording.LANDSCAPE_WHAT_TO_ASK[:30]),
    ("landscape limited", wording.LANDSCAPE_LIMITED[:30]),
    ("help", wording.HELP[:30]),
    ("draft", wording.UNDERSTOOD_HEADER),
    ("which service", wording.ASK_SERVICE_UNSURE),
    ("which service", wording.ASK_SERVICE_IN_WORDS[:30]),
    ("which service", wording.IS_IT_ONE_OF),
    ("which service", wording.ASK_SERVICE),
    ("which group", wording.ASK_SERVICE_GROUP[:30]),
    ("which kind", wording.ASK_MODEL.rstrip("?")),
    ("which field", wording.WHICH_FIELD),
    ("which stage", wording.ASK_STAGE),
    ("when", wording.ASK_TIMELINE[:30]),
    ("unclear", wording.NOT_UNDERSTOOD[:30]),
    ("nothing to confirm", wording.NOTHING_TO_CONFIRM[:30]),
    ("writing together", wording.WHAT_NEXT_DRAFTING[:30]),
    ("answer", wording.WHAT_NEXT_WAITING[:30]),
    ("small talk", wording.HELLO_AGAIN[:30]),
    ("small talk", wording.YOU_ARE_WELCOME[:30]),
    ("small talk", wording.YOU_ARE_WELCOME_PENDING),
    ("goodbye", wording.GOODBYE[:30]),
    ("small talk", wording.NOTED[:30]),
    ("welsh", wording.ENGLISH_ONLY[:30]),
    ("switch", wording.SWITCH_QUESTION[:30]),
    ("switch", wording.SWITCH_QUESTION_EMPTY[:30]),
    ("pick one", wording.PICK_ONE[:30]),
    ("not a name", wording.NOT_AN_ORGANISATION[:30]),
    ("cannot answer", wording.CANNOT_ANSWER[:30]),
    ("confirm forget", wording.CONFIRM_FORGET[:30]),
    ("confirm withdraw", wording.CONFIRM_WITHDRAW.split("{")[0]),
    ("my plans", wording.MY_PLANS_HEADER[:20]),
    ("my plans", wording.NO_PLANS[:20]),
    ("my plans", wording.NO_SAVED_PLANS),
    ("saved", wording.PLAN_SAVED.split("{")[0]),
    ("discarded", wording.DRAFT_DISCARDED[:30]),
    ("discarded", wording.EDIT_DISCARDED.split("{")[0]),
    ("adds to plan", wording.ADDS_TO_PLAN.split("{")[0]),
    ("set aside", wording.DRAFT_SET_ASIDE[:30]),
    ("keep going", wording.KEEP_GOING[:30]),
    ("nothing to cancel", wording.NOTHING_TO_CANCEL),
    ("forgotten", wording.FORGOTTEN[:30]),
    ("updated", wording.PLAN_UPDATED.format(number=1)),  # before "withdrawn", which opens "Plan " too
    ("withdrawn", wording.WITHDRAWN.split("{")[0]),
    ("accepted", wording.ACCEPTED_WAITING.split("#")[0]),
    ("declined", wording.DECLINED.split("#")[0]),
    ("which match", wording.WHICH_MATCH.split("{")[0]),
    ("kept", wording.KEPT),
    ("export", wording.EXPORT_READY[:30]),
    ("paused", wording.PAUSED.split("{")[0]),
    ("new plan", wording.NEW_PLAN[:30]),
    ("timeline not understood", wording.TIMELINE_NOT_UNDERSTOOD[:30]),
    ("introduced", wording.INTRODUCTION.split("(")[0]),
    ("follow-up", wording.FOLLOW_UP_QUESTION.split("#")[0]),
    ("did it help", wording.FOLLOW_UP_WHICH_YES[:30]),
    ("follow-up noted", wording.FOLLOW_UP_THANKS["helped"][:30]),
    ("follow-up noted", wording.FOLLOW_UP_THANKS["not_much_use"][:30]),
    ("follow-up noted", wording.FOLLOW_UP_THANKS["not_yet"][:30]),
    ("follow-up noted", wording.FOLLOW_UP_THANKS["no"][:30]),
    ("already noted", wording.FOLLOW_UP_ALREADY_NOTED[:30]),
    ("which introduction", wording.FOLLOW_UP_WHICH.split("{")[0]),
    ("not relevant", wording.NOT_RELEVANT_NOTED.split("#")[0]),
    ("lapsed", "Possible match #"),  # the lapse after expiry (a proposal never opens a reply)
    ("welcome back", wording.WELCOME_BACK.split("{")[0]),
)


def kind_of(messages: list[Message]) -> str:
    """What kind of reply the officer got, from its first message."""
    if not messages:
        return "nothing"
    first = messages[0].text
    if "I'm Notalone." in first.split("\n")[0]:
        return "welcome"
    for kind, opening in KINDS:
        if first.startswith(opening):
            return kind
    return f"unknown: {first[:60]}"


class RecordingConsoleNotifier(ConsoleNotifier):
    """The console's own notifier, also keeping each message as sent."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        super().__init__(self.lines.append)
        self.sent: list[tuple[Identity, Message]] = []

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        self.sent.append((recipient, message))
        super().send(recipient, message, address=address)


class Officer:
    """One person at the console, typing as one officer."""

    def __init__(self, tmp_path: Path, **settings: Any) -> None:
        database = migrated_sqlite(tmp_path / "chat.db")
        self.notifier = RecordingConsoleNotifier()
        clock = OffsetClock()  # one clock, as `notalone chat` has: /wait moves the core's time too
        engine = Core(
            database, self.notifier, settings=Settings(database_url="sqlite://", **settings), clock=clock
        )
        self.console = Console(engine, self.notifier, clock, io.StringIO())
        self.everything: list[Message] = []

    def type(self, line: str) -> list[Message]:
        """What this officer receives after typing one line."""
        before = len(self.notifier.sent)
        self.console.feed(line)
        received = [m for _, m in self.notifier.sent[before:]]
        self.everything.extend(received)
        return received


@pytest.fixture
def officer(tmp_path: Path) -> Iterator[Officer]:
    yield Officer(tmp_path)


# Each conversation: an officer (by email) and what they type, each line with the kind of reply due.
CONVERSATIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "questions before anything": (
        "priya.shah@camden.gov.uk",
        [
            ("What can you do?", "answer"),
            ("How does this work?", "answer"),
            ("Is this confidential?", "answer"),
            ("who can see my plan?", "answer"),
            ("what happens if I say not now", "answer"),
            ("can my manager see what I write here?", "answer"),
            ("how do you decide who to match me with", "answer"),
            ("Who runs this?", "answer"),
            ("what can our admins see", "answer"),
            ("how do I get a copy of my data?", "answer"),
            ("can I delete everything you hold on me?", "answer"),
            ("Which other councils are looking at leisure mutuals?", "landscape"),
            ("is anyone else outsourcing libraries?", "landscape"),
            ("how many councils are doing this", "landscape"),
            ("my plans", "my plans"),
        ],
    ),
    "small talk and garbage, then a plan": (
        "tom.jones@hackney.gov.uk",
        [
            ("hi", "small talk"),
            ("Good morning!", "small talk"),
            ("asdfgh jkl", "unclear"),
            ("???", "unclear"),
            ("🙂", "unclear"),
            ("wat dis bot do", "unclear"),
            ("thanks", "small talk"),
            ("ok fair enough", "small talk"),
            ("thanks, that's helpful", "small talk"),
            ("Lovely, cheers", "small talk"),
            ("Got it, cheers", "small talk"),
            (
                "We are thinking of spinning our leisure centres out into a staff mutual by April 2028",
                "draft",
            ),
            ("1", "saved"),
        ],
    ),
    "a hello with a remark, then the plan": (
        "gareth.price@caerphilly.gov.uk",
        [
            ("hi there, my director said to try this", "small talk"),
            ("Morning. My manager asked me to have a look at this thing before Friday", "small talk"),
            ("my boss says you might be useful, no idea what to write here though", "unclear"),
            ("Hi, we're thinking of changing how we run one of our services next year", "which service"),
            ("our day centres for adults with learning disabilities, into a LATC", "draft"),
            ("Looks right", "saved"),
        ],
    ),
    "more about the plan just saved, in a few words": (
        "siobhan.kerr@fife.gov.uk",
        [
            ("We're doing an options appraisal on our library service, one option is a SCIO", "draft"),
            ("Looks right", "saved"),
            ("not sure yet, early days, cabinet paper due in the spring", "adds to plan"),
            ("Looks right", "updated"),
            ("we are hoping to go live in April 2028", "adds to plan"),
            ("Discard", "discarded"),
            ("my plans", "my plans"),
        ],
    ),
    "Welsh and mixed Welsh-English": (
        "rhian.evans@cardiff.gov.uk",
        [
            ("Bore da", "small talk"),
            ("Rydyn ni'n ystyried trosglwyddo'r llyfrgelloedd i ymddiriedolaeth", "welsh"),
            ("Diolch! We're looking at moving our libraries into a charitable trust next year", "draft"),
            ("Looks right", "saved"),
        ],
    ),
    "commands in the middle of a draft": (
        "sam.patel@leeds.gov.uk",
        [
            ("We're outsourcing our street cleansing to a private contractor, procurement stage", "draft"),
            ("help", "help"),
            ("my plans", "my plans"),
            ("Is this confidential?", "answer"),
            ("export", "export"),
            ("forget me", "confirm forget"),
            ("2", "kept"),
            ("1", "saved"),
            ("Our parks team may become a community interest company in 2027/28", "draft"),
            ("withdraw 1", "confirm withdraw"),
            ("yes", "withdrawn"),
            ("cancel", "discarded"),
            ("cancel", "nothing to cancel"),
        ],
    ),
    "a new plan while a draft is open": (
        "lucy.brown@bristol.gov.uk",
        [
            ("We want to bring our housing repairs back in house when the contract ends in 2028", "draft"),
            (
                "Separately we are exploring a shared service for revenues and benefits with our neighbours",
                "switch",
            ),
            ("keep going", "keep going"),
            ("new plan", "switch"),
            ("2", "keep going"),
            ("looks right", "saved"),
            ("new plan", "new plan"),
            (
                "Separately we are exploring a shared service for revenues and benefits with our neighbours",
                "draft",
            ),
        ],
    ),
    "service unclear, answered in words": (
        "mark.hughes@kent.gov.uk",
        [
            ("We're considering setting up a staff mutual for one of our teams, early days", "which service"),
            ("what does that mean?", "cannot answer"),
            ("it's the youth service", "draft"),
            ("no", "which field"),
            ("the stage", "which stage"),
            ("not sure", "draft"),
            ("yes", "saved"),
        ],
    ),
    "an unknown email domain": (
        "chris.lowe@wyreforestdc.org.uk",
        [
            ("We're looking at moving our leisure centres into a staff mutual, live in 2027/28", "plan kept"),
            ("Is this confidential?", "answer"),
            ("help", "help"),
            ("WFDC", "councils offered"),
            ("1", "organisation noted"),
            ("Looks right", "saved"),
            ("my plans", "my plans"),
        ],
    ),
    "a personal email address": (
        "kim.owusu@gmail.com",
        [
            ("hi", "which organisation"),
            ("Our libraries may move into a charitable trust", "plan kept"),
            ("Kirklees council", "councils offered"),
            ("Another organisation", "organisation name"),
            ("Kirklees Community Libraries Trust", "organisation noted"),
            ("Looks right", "saved"),
        ],
    ),
    "questions about words, one it cannot answer, and taking something back": (
        "t.nguyen@leeds.gov.uk",
        [
            ("what's a staff mutual?", "answer"),
            ("is this FOI-able?", "answer"),
            ("can you tell me if Bradford is doing anything on libraries?", "cannot answer"),
            ("We might bring housing repairs back in house, very early", "draft"),
            ("what's the difference between a trust and an ALEO for your purposes", "answer"),
            ("yes", "saved"),
            ("sorry can I delete that, I don't think I was meant to share it", "answer"),
            ("withdraw 1", "confirm withdraw"),
            ("the first one", "withdrawn"),
        ],
    ),
    "a Highland officer feeling her way in": (
        "morag.campbell@highland.gov.uk",
        [
            ("Morning. Our head of service asked me to have a look at this thing", "small talk"),
            ("is that the sort of thing you do?", "answer"),
            (
                "we've got a wee problem with our school meals, the catering contract with the current "
                "provider ends summer 2027 and nobody wants to rebid",
                "which kind",
            ),
            ("sorry what do you need from me", "writing together"),
            ("we'd probably bring it back in house tbh", "draft"),
            ("Looks right", "saved"),
            ("Looks right", "nothing to confirm"),
            ("hello, is this the thing for sharing services with other councils?", "answer"),
        ],
    ),
    "an Armagh officer with worries said, not asked": (
        "ciaran.oneill@armaghbanbridgecraigavon.gov.uk",
        [
            (
                "we're looking at handing the leisure centres to a charitable trust, outline business case "
                "going to committee in March",
                "draft",
            ),
            ("yep", "saved"),
            ("grand so who else is doing this", "landscape"),
            ("I'd rather not be introduced to anyone from down south to be honest", "answer"),
            ("how do I stop getting messages", "answer"),
        ],
    ),
    "a Torfaen officer who is live, and a Northamptonshire officer just starting": (
        "gareth.price@torfaen.gov.uk",
        [
            (
                "Shwmae. We transferred our leisure and libraries to a trust back in 2021, its been "
                "running a few years now. Happy to share what we learned",
                "draft",
            ),
            ("yes that's it", "saved"),
            ("/as helen.ward@northnorthants.gov.uk", "welcome"),
            (
                "Hi - quick one. We're at the early stages of looking at a leisure trust for our leisure "
                "centres. Members are nervous. Target April 2028",
                "draft",
            ),
            ("yep, looks good thanks", "saved"),
            # a possible match waits: an affirmation is no consent, and nothing says none waits
            ("great thanks", "small talk"),
            ("yep, all good thanks", "unclear"),
            ("introduce us", "accepted"),
            ("/as gareth.price@torfaen.gov.uk", "welcome back"),
            ("introduce us", "introduced"),
            ("thanks! what should I ask them", "answer"),
        ],
    ),
    "a Fife officer handing community centres to local groups": (
        "fiona.reid@fife.gov.uk",
        [
            (
                "We are looking at transferring our community centres and village halls to community "
                "groups, asset transfer, next year",
                "draft",
            ),
            ("Looks right", "saved"),
        ],
    ),
    "a Lambeth officer in a hurry": (
        "j.okoro@lambeth.gov.uk",
        [
            ("MOW - externalise?", "draft"),
            ("not sure", "not sure it is right"),
            ("2026/27", "draft"),
            ("y", "saved"),
            ("we want to get this right", "unclear"),  # "want to" alone is no stage to add to plan 1
            ("we are at the options appraisal now", "adds to plan"),
            ("discard", "discarded"),
            ("can I add my colleague", "answer"),
        ],
    ),
    "a cautious Kent officer asking before typing anything": (
        "priya.natarajan@kent.gov.uk",
        [
            ("Before I type anything - where is this hosted and is it ISO27001?", "answer"),
            ("Hi - quick one. If I put something in here does it count as a disclosure under FOI?", "answer"),
            ("does it use AI? we are not allowed to put things into ChatGPT", "answer"),
            ("is my data used to train anything", "answer"),
            ("I'm worried about the unions finding out", "answer"),
            ("who else in Kent uses this", "answer"),
            (
                "Proposal: following the Cabinet decision of 14 October, officers are developing a full "
                "business case for the transfer of the Council's adult day services and short breaks to a "
                "Local Authority Trading Company (Teckal-compliant), with a target transfer date of 1 April "
                "2027, subject to staff consultation and TUPE.",
                "draft",
            ),
        ],
    ),
    "a Cornwall officer with harbours, who wants a kind of change not shown first": (
        "tom.bradley@cornwall.gov.uk",
        [
            ("we want to do something about our harbours", "which kind"),
            ("Something else", "which kind"),
            ("Community asset transfer", "draft"),
        ],
    ),
    "a Ceredigion officer who starts in Welsh and keeps it hush hush": (
        "rhian.jones@ceredigion.gov.uk",
        [
            ("Bore da! Ydych chi'n siarad Cymraeg?", "welsh"),
            ("Do you speak Welsh?", "welsh"),
            (
                "ok in English then. We're thinking the council's care homes might go to a not-for-profit, "
                "it's very early and hush hush",
                "draft",
            ),
            ("how long will you keep my plan", "answer"),
            ("what if I change jobs", "answer"),
            ("can I get a copy of what you hold", "answer"),
        ],
    ),
    "two officers in the West Country, one who changes her mind": (
        "sam.ali@bristol.gov.uk",
        [
            (
                "Bristol here - looking at taking our home care back in house from the current providers "
                "when contracts end March 2027",
                "draft",
            ),
            ("Looks right", "saved"),
            ("/as liz.moran@bathnes.gov.uk", "welcome"),
            ("Insourcing domiciliary care, options appraisal stage, hoping for 2027", "draft"),
            ("Looks right", "saved"),
            ("can I see their plan in their own words", "answer"),
            ("are they from round here", "answer"),
            ("not now", "declined"),
            ("actually I'd like to meet them after all", "accepted"),
        ],
    ),
    "a Wrexham officer coming back ten days later": (
        "mark.evans@wrexham.gov.uk",
        [
            (
                "Our waste collection service is moving to a teckal company, the cabinet approved it in "
                "October and we're now setting up the company for go live April 2027",
                "draft",
            ),
            ("Looks right", "saved"),
            ("/wait 10", "nothing"),
            ("how many people in my council use this", "answer"),
            ("thanks, that's all for now", "small talk"),
            ("bye", "goodbye"),
        ],
    ),
    "a West Lothian officer whose plan sits with the IJB": (
        "ailsa.munro@westlothian.gov.uk",
        [
            ("hiya, quick q - does this cover IJB stuff or just council services?", "answer"),
            (
                "ok. Our IJB is looking at moving care at home out of the council into an ALEO, Best Value "
                "review reported in the summer",
                "draft",
            ),
            ("yes", "saved"),
            ("what's the difference between not now and not relevant", "answer"),
        ],
    ),
    "a Salford officer looking for the catch": (
        "dave.p@salford.gov.uk",
        [
            ("whats the catch", "answer"),
            ("is it free", "answer"),
            ("how do I get my colleagues in other councils on here", "answer"),
        ],
    ),
    "a Northumberland officer who names her council at the summary": (
        "gill.h@northumberland.gov.uk",
        [
            ("what is this exactly", "answer"),
            (
                "ok. so we're looking at whether our adult day centres could be run by a social enterprise, "
                "nothing decided, members haven't seen anything yet",
                "draft",
            ),
            ("Northumberland", "council not needed"),
            ("sure", "saved"),  # like "Surrey" to a council list, but a yes here
            ("is that it?", "answer"),
            ("do I need to do anything else", "answer"),
        ],
    ),
    "a Mid Ulster officer sent by a colleague": (
        "r.mcallister@midulstercouncil.org",
        [
            ("Hiya, my colleague in Fermanagh said to try this", "small talk"),
            ("We're looking at the leisure centres. Possibly a trust. Early days", "draft"),
            ("2", "which field"),
            ("stage", "which stage"),
            ("actually we've done the options appraisal already", "draft"),
            ("1", "saved"),
            ("can I see who else has leisure plans", "landscape"),
        ],
    ),
    "a Southwark officer who says it's fine": (
        "s.okafor@southwark.gov.uk",
        [
            (
                "Hi there, I'm Sarah, commissioning manager at Southwark. Our cabinet member has asked us to "
                "look at options for the carers support service, currently in-house, possibly outsourcing to "
                "the voluntary sector when the current arrangement ends March 2028. Very sensitive as staff "
                "don't know.",
                "draft",
            ),
            ("what will the other person see exactly?", "answer"),
            ("can you let me know when someone else starts doing this", "answer"),
            ("thank you!", "small talk"),  # nothing saved yet: no promise of messages
            ("ok thats fine", "saved"),
            ("will you tell me if another council comes along", "answer"),
        ],
    ),
    "a Wigan officer who writes a list and withdraws by mistake": (
        "tony.b@wigan.gov.uk",
        [
            ("- service: school meals - option: LATC - stage: business case - go live Sept 2027", "draft"),
            ("1", "saved"),
            ("delete plan 1", "confirm withdraw"),
            ("yes", "withdrawn"),
            ("how do I put it back", "answer"),
        ],
    ),
    "a Cheshire West officer trying it out first": (
        "m.hughes@cheshirewestandchester.gov.uk",
        [
            ("Morning", "small talk"),
            ("Just testing this out before I put anything real in", "answer"),
            ("We might bring the grounds maintenance contract back in house when it ends in 2027", "draft"),
            ("discard", "discarded"),
        ],
    ),
    "a Carmarthenshire officer who greets in Welsh": (
        "d.evans@carmarthenshire.gov.wales",
        [
            ("Prynhawn da", "small talk"),
            ("sorry, english is fine", "small talk"),
            (
                "Our cabinet agreed last month to take the leisure service into a wholly owned company "
                "(Teckal), aiming for 1 April 2027. TUPE consultation with staff starts in January",
                "draft",
            ),
            ("yes", "saved"),
            ("is there anyone who has done this already that I could talk to", "answer"),
        ],
    ),
    "a Mendip officer whose council has gone": (
        "p.wright@mendip.gov.uk",
        [
            (
                "Waste and recycling collection - we're out to tender, contract award due summer 2027",
                "plan kept",
            ),
            ("looks ok", "not a name"),
            ("never mind, leave it", "not a name"),
            ('what does "active" mean in my plans', "cannot answer"),
            ("Somerset", "councils offered"),
        ],
    ),
    "a Bradford officer weighing her first possible match": (
        "a.khan@leeds.gov.uk",
        [
            (
                "We're exploring moving our libraries into a charitable trust, hopefully by April 2028",
                "draft",
            ),
            ("yes", "saved"),
            ("/as b.jones@bradford.gov.uk", "welcome"),
            (
                "Bradford is looking at a charitable trust for the library service, options appraisal "
                "stage, 2028",
                "draft",
            ),
            ("yes", "saved"),
            ("which council are they from?", "answer"),
            ("can I see their plan first", "answer"),
            ("maybe later", "decide later"),
            ("what if I say yes and then change my mind", "answer"),
            ("ok go on then", "say introduce us"),  # never consent: only a plain yes or Introduce us
            ("let me think about it", "decide later"),
            ("introduce us", "accepted"),
        ],
    ),
    "a Dudley IT officer evaluating it for the tenant": (
        "it.support@dudley.gov.uk",
        [
            (
                "I'm from IT, I've been asked to evaluate this for our Teams tenant. What permissions does "
                "it need?",
                "answer",
            ),
            ("does it store data outside the UK", "answer"),
            ("can we limit it to certain departments", "answer"),
            ("who do I contact about a DPIA", "answer"),
            ("can it read our channels or emails?", "answer"),
        ],
    ),
    "a Wolverhampton officer on a phone": (
        "sam@wolverhampton.gov.uk",
        [
            ("libs", "which kind"),
            ("trust", "draft"),
            ("idk", "not sure it is right"),
            ("2027", "draft"),
            ("y", "saved"),
        ],
    ),
    "a Derby officer correcting a plan just saved": (
        "r.gill@derby.gov.uk",
        [
            ("Derby are considering a trust for museums, business case next spring", "draft"),
            ("yes", "saved"),
            ("actually it's a staff mutual not a trust", "adds to plan"),
            ("yes", "updated"),
            ("add libraries too", "adds to plan"),
            ("yes", "updated"),
            ("my plans", "my plans"),
        ],
    ),
    "a Newport officer checking mid-draft": (
        "nia.h@newport.gov.uk",
        [
            ("we're considering moving the libraries and museums into a cultural trust", "draft"),
            ("hang on is this going to my manager?", "answer"),
            ("Looks right", "saved"),
        ],
    ),
    "a Powys officer who wants a group": (
        "bethan.k@powys.gov.uk",
        [
            ("is there a forum or group for people doing this?", "answer"),
            ("can you set up a meeting with everyone doing the same as me", "answer"),
            ("we're looking at moving our residential care homes to a charitable trust in 2027", "draft"),
            ("perfect", "saved"),
        ],
    ),
    "odd dates": (
        "dan.wood@york.gov.uk",
        [
            ("Our home care went live as a staff mutual in April", "draft"),
            ("discard", "discarded"),
            ("cancel", "nothing to cancel"),
            ("We might outsource school meals when the contract is up in 2027", "draft"),
            ("change something", "which field"),
            ("timeline", "when"),
            ("whenever", "timeline not understood"),
            ("Q3 2027", "draft"),
            ("forget me", "confirm forget"),
            ("Erase everything", "forgotten"),
        ],
    ),
}


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_a_first_conversation_gets_the_right_reply_to_every_message(officer: Officer, name: str) -> None:
    email, lines = CONVERSATIONS[name]
    assert kind_of(officer.type(f"/as {email}")) == "welcome"
    for line, expected in lines:
        received = officer.type(line)
        assert kind_of(received) == expected, f"{line!r} got {[m.text[:80] for m in received]}"
        if expected in ("answer", "landscape"):
            # A draft already open is shown again after the answer; no new one is started.
            texts = [m.text for m in received]
            drafts = [i for i, text in enumerate(texts) if text.startswith(wording.UNDERSTOOD_HEADER)]
            assert all(i > 0 and texts[i - 1] == wording.STILL_WRITING for i in drafts), texts
    _never_a_trap(officer.everything)


def _never_a_trap(messages: list[Message]) -> None:
    for message in messages:
        assert len(message.buttons) <= MOST_CHOICES, message.text
        assert "Sorry, I didn't follow that" not in message.text
        assert "Please choose one of the options above" not in message.text


def test_a_possible_match_can_be_answered_in_words(officer: Officer) -> None:
    officer.type("/as anna.b@camden.gov.uk")
    officer.type("We are moving our library service to a staff mutual, options appraisal, April 2027")
    officer.type("Looks right")
    officer.type("/as ben.c@leeds.gov.uk")
    officer.type("Exploring spinning out our libraries as a staff mutual")
    officer.type("Looks right")
    officer.type("/as cara.d@cardiff.gov.uk")
    officer.type("Libraries into a staff-led mutual, business case, 2027")
    officer.type("Looks right")
    # Three councils' comparable plans: Cara is offered a circle with Anna and Ben (who have a pair too).
    joined = officer.type("introduce us")  # the one possible match waiting for Cara
    assert joined[0].text.startswith("Thanks: yes to possible match #1")
    officer.type("/as ben.c@leeds.gov.uk")
    assert kind_of(officer.type("yes")) == "which match"  # the pair and the circle await Ben
    declined = officer.type("not now #1")
    assert kind_of(declined) == "declined" and "possible match #1" in declined[0].text
    officer.type("/as anna.b@camden.gov.uk")
    accepted = officer.type("introduce us #2")
    assert accepted[0].text.startswith("Thanks: yes to possible match #2")
    _never_a_trap(officer.everything)


def test_a_bare_yes_answers_the_one_possible_match_waiting(officer: Officer) -> None:
    officer.type("/as anna.b@camden.gov.uk")
    officer.type("We are moving our library service to a staff mutual, options appraisal, April 2027")
    officer.type("Looks right")
    officer.type("/as ben.c@leeds.gov.uk")
    officer.type("Exploring spinning out our libraries as a staff mutual")
    officer.type("Looks right")
    accepted = officer.type("yes please")
    assert kind_of(accepted) == "accepted" and "possible match #1" in accepted[0].text


def test_at_least_sixty_realistic_messages_are_checked() -> None:
    assert sum(len(lines) for _, lines in CONVERSATIONS.values()) >= 60


# Any interleaving of these, in any state, never traps the officer: cancel, help, my plans and
# forget me are each answered on the next message.
MOVES = [
    "We're spinning our leisure centres out into a staff mutual, business case stage",
    "We are thinking about changing how we run things here",
    "Our libraries may move to a trust in 2027/28",
    "1",
    "2",
    "3",
    "yes",
    "no",
    "not sure",
    "hello",
    "Is this confidential?",
    "asdf",
    "new plan",
    "edit 1",
    "withdraw 1",
    "pause all",
    "it's the libraries",
    "Something else",
]
ALWAYS = {
    "cancel": ("discarded", "nothing to cancel", "kept", "set aside"),
    "help": ("help",),
    "my plans": ("my plans",),
    "forget me": ("confirm forget",),
}


@pytest.mark.random_data
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.sampled_from(MOVES), max_size=8), always=st.sampled_from(sorted(ALWAYS)))
def test_no_sequence_of_messages_traps_the_officer(
    tmp_path_factory: pytest.TempPathFactory, moves: list[str], always: str
) -> None:
    officer = Officer(tmp_path_factory.mktemp("chat"))
    officer.type("/as alex.green@camden.gov.uk")
    for move in moves:
        officer.type(move)
    received = officer.type(always)
    assert kind_of(received) in ALWAYS[always], [m.text[:80] for m in received]
    _never_a_trap(officer.everything)


def test_an_officer_at_live_offers_advice_and_one_exploring_hears_they_are_further_along(
    officer: Officer,
) -> None:
    officer.type("/as dee.evans@camden.gov.uk")
    draft = officer.type(
        "Our leisure centres moved into a staff mutual in 2024 and it is now live and running"
    )
    assert kind_of(draft) == "draft" and wording.ADVISE_OFFER in draft[-1].text
    assert [b.label for b in draft[-1].buttons][-1] == wording.ADVISE_BUTTON
    toggled = officer.type("I'm happy to advise others")
    assert kind_of(toggled) == "draft" and wording.ADVISE_ON in toggled[-1].text
    saved = officer.type("Looks right")
    assert kind_of(saved) == "saved" and wording.ADVISING_SAVED.format(number=1) in [m.text for m in saved]
    assert "happy to advise others" in officer.type("my plans")[-1].text

    officer.type("/as eve.fox@leeds.gov.uk")
    officer.type("We are exploring moving our sports centres and swimming pools into a staff mutual")
    received = [m.text for m in officer.type("Looks right")]
    proposals = [text for text in received if text.startswith("Possible match #")]
    assert len(proposals) == 2  # one to each officer
    assert any("they are further along (live and running) and happy to advise" in text for text in proposals)
    assert any("at an earlier stage (exploring options), and you said you're happy to advise" in text
               for text in proposals)  # fmt: skip
    assert not any("Dee" in text or "Camden" in text or "Evans" in text for text in proposals)


# The landscape, as the hidden sessions replay it: councils describe comparable plans, another asks.
LANDSCAPE_COUNCILS = ("camden", "hackney", "leeds", "bristol", "kent", "cardiff")
LANDSCAPE_PLAN = "We are thinking of spinning our leisure centres out into a staff mutual"
LANDSCAPE_QUESTION = "How many other councils are moving leisure centres to a staff mutual?"


def _comparable_plans(officer: Officer, councils: tuple[str, ...]) -> None:
    for council in councils:
        officer.type(f"/as planner@{council}.gov.uk")
        officer.type(LANDSCAPE_PLAN)
        assert kind_of(officer.type("1")) == "saved"


def _numbers_shown(messages: list[Message]) -> list[int]:
    """Every number in landscape answers, but the day they were counted on."""
    texts = [m.text for m in messages if kind_of([m]) == "landscape"]
    assert texts
    return [int(n) for t in texts for n in re.findall(r"\d+", re.sub(r"\d+ \w+ \d{4}", "", t))]


@pytest.mark.parametrize("wait", [False, True])
def test_a_seventh_council_hears_how_many_others(officer: Officer, wait: bool) -> None:
    _comparable_plans(officer, LANDSCAPE_COUNCILS)
    if wait:
        officer.type("/wait 1")
    officer.type("/as asker@manchester.gov.uk")
    answer = officer.type(LANDSCAPE_QUESTION)
    assert kind_of(answer) == "landscape"
    six = "Leisure centres and sport, staff mutual, trust or social enterprise: 6 other councils"
    assert six in answer[0].text
    officer.type(LANDSCAPE_PLAN)
    officer.type("1")
    again = officer.type("how many others?")
    assert six in again[0].text  # their own plan changes nothing
    assert min(_numbers_shown(officer.everything)) >= 5


def test_with_two_councils_no_figure_below_five_is_shown(officer: Officer) -> None:
    _comparable_plans(officer, LANDSCAPE_COUNCILS[:1])
    officer.type("/as asker@manchester.gov.uk")
    for question in (LANDSCAPE_QUESTION, "is anyone else spinning out leisure centres?", "how many others"):
        assert kind_of(officer.type(question)) == "landscape"
    officer.type(LANDSCAPE_PLAN)
    officer.type("1")
    officer.type("/wait 1")
    answer = officer.type("how many others?")
    assert "fewer than 5 other councils" in answer[0].text
    shown = _numbers_shown(officer.everything)
    assert all(n >= 5 for n in shown), shown
    assert not re.search(r"\b[1-4] other council", "\n".join(m.text for m in officer.everything))


def test_after_an_introduction_each_side_is_asked_once_and_answers(officer: Officer) -> None:
    """Two officers introduced, three weeks pass, the follow-up question arrives and each answers."""
    officer.type("/as anna.b@camden.gov.uk")
    officer.type("We are moving our library service to a staff mutual, options appraisal, April 2027")
    officer.type("Looks right")
    officer.type("/as ben.c@leeds.gov.uk")
    officer.type("Exploring spinning out our libraries as a staff mutual")
    officer.type("Looks right")
    assert kind_of(officer.type("introduce us")) == "accepted"
    officer.type("/as anna.b@camden.gov.uk")
    assert kind_of(officer.type("introduce us")) == "introduced"
    assert officer.type("/wait 20") == []  # not yet three weeks
    asked = officer.type("/wait 1")
    assert kind_of(asked) == "follow-up" and len(asked) == 2  # each side, once
    assert [b.label for b in asked[0].buttons] == ["Yes, and it helped", "Yes, not much use", "Not yet", "No"]
    assert kind_of(officer.type("help")) == "help"  # commands still come first
    assert kind_of(officer.type("yes it helped")) == "follow-up noted"
    assert kind_of(officer.type("no, we didn't talk")) == "already noted"
    officer.type("/as ben.c@leeds.gov.uk")
    assert kind_of(officer.type("yes")) == "did it help"
    assert kind_of(officer.type("2")) == "follow-up noted"  # the second choice: not much use
    assert officer.type("/wait 30") == []  # asked once only
    _never_a_trap(officer.everything)


def test_not_relevant_lapses_for_the_other_side_and_not_now_can_become_yes(tmp_path: Path) -> None:
    officer = Officer(tmp_path, offer_circles=False)  # three comparable plans: pairs here, not a circle
    officer.type("/as anna.b@camden.gov.uk")
    officer.type("We are moving our library service to a staff mutual, options appraisal, April 2027")
    officer.type("Looks right")
    officer.type("/as ben.c@leeds.gov.uk")
    officer.type("Exploring spinning out our libraries as a staff mutual")
    officer.type("Looks right")
    officer.type("/as cara.d@cardiff.gov.uk")
    officer.type("Libraries into a staff-led mutual, business case, 2027")
    officer.type("Looks right")  # Cara's #1 is Ben's plan, #2 Anna's
    assert kind_of(officer.type("not relevant #1")) == "not relevant"
    assert kind_of(officer.type("not now #2")) == "declined"
    plans = officer.type("my plans")
    assert kind_of(plans) == "my plans"
    assert "possible match #1: you said not relevant" in plans[0].text
    assert [b.label for b in plans[0].buttons] == ["Say yes to #2 after all", "How many others?"]
    assert kind_of(officer.type("1")) == "accepted"
    officer.type("/as anna.b@camden.gov.uk")  # Anna's #1 is Ben's plan, #2 Cara's
    introduced = officer.type("introduce us #2")
    assert kind_of(introduced) == "introduced" and len(introduced) == 2
    assert "Cara D" in introduced[0].text + introduced[1].text
    officer.type("/as ben.c@leeds.gov.uk")
    assert "possible match #2: waiting for your answer" in officer.type("my plans")[0].text
    before = len(officer.notifier.sent)
    officer.type("/wait 15")  # a worker's days: reminders to whoever has yet to answer, then lapses
    to_ben = [
        m.text
        for who, m in officer.notifier.sent[before:]
        if officer.notifier.email_of(who) == "ben.c@leeds.gov.uk"
    ]
    # Cara's "Not relevant" reaches Ben only as this, the same words as when nobody answers (#1, Anna's).
    lapses = [text for text in to_ben if not text.startswith("A reminder")]
    assert lapses == [wording.LAPSED.format(match=1, number=1), wording.LAPSED.format(match=2, number=1)]
    reminders = [text.replace("#1", "#N").replace("#2", "#N") for text in to_ben if text not in lapses]
    assert len(reminders) == 2 and reminders[0] == reminders[1]
    _never_a_trap(officer.everything)


def test_a_date_told_after_saving_is_offered_as_more_about_that_plan_and_changes_it_only_on_yes(
    officer: Officer,
) -> None:
    officer.type("/as gareth.price@caerphilly.gov.uk")
    officer.type("We're looking at moving our day centres for adults into a LATC")
    officer.type("Looks right")
    offered = [m.text for m in officer.type("we are hoping to go live in April 2028")]
    assert offered[0] == wording.ADDS_TO_PLAN.format(number=1)
    assert "Timeline: April 2028" in offered[1]
    assert officer.type("Looks right")[0].text == wording.PLAN_UPDATED.format(number=1)
    officer.type("Our libraries may move to a charitable trust, business case stage")
    officer.type("Looks right")
    officer.type("/wait 1")  # a day later, with two plans: which one is meant cannot be told
    later = officer.type("the timeline is more like 2029 to be honest")
    assert kind_of(later) == "unclear"
    exported = officer.type("export")[0].attachment
    assert exported is not None and '"year": 2028' in exported.content and "2029" not in exported.content
