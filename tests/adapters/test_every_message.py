"""Every message Notalone can send, through both translators: each Teams card valid against the official
Adaptive Card 1.5 schema, within 28 KB and showing its text exactly as written; each Slack payload read by
slack_sdk's Block Kit classes and within Block Kit's limits.

The messages are every public text of `bot.wording` (new wording is covered as soon as it is written),
filled with realistic, hostile, unicode and over-long values, and everything the real core sends officers
in a scripted console session from a first plan to an introduction, export, landscape, circle and
follow-up."""

from __future__ import annotations

import io
import json
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.console.app import Console
from adapters.slack import translate as slack
from adapters.slack.settings_modal import settings_view
from adapters.teams import translate as teams
from adapters.teams.settings_card import saved_activity, settings_activity
from bot import wording
from bot.admin.service import build_form
from bot.clock import OffsetClock
from bot.conversation.actions import KeepPlan, encode
from bot.core import Core
from bot.domain.directory import CouncilDirectory
from bot.domain.workspaces import Policy
from bot.messages import Attachment, Button, ButtonStyle, Message
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from bot.storage.models import MatchScope
from matching import taxonomy
from tests.adapters.console.test_transcripts import RecordingConsoleNotifier
from tests.adapters.slack.blocks import block_problems, view_problems
from tests.adapters.teams.cards import card_problems, cards_of, texts_of

HOSTILE = "<at>Bob</at> [click](http://evil) **bold** _x_ <!channel> <@U123> &amp; `code` # 1. \\. ~~s~~"
UNICODE = "Llyfrgelloedd Caerdydd — ŵŷ “quotes” 🙂 中文 עברית Zürich"
LONG = (HOSTILE + " " + UNICODE + " ") * 40  # about 4,000 characters, the longest message taken
VARIANTS: dict[str, str] = {"realistic": "", "hostile": HOSTILE, "unicode": UNICODE, "long": LONG}
REALISTIC: dict[str, str] = {
    "name": ", Callum",
    "email": "callum.rennie@leeds.gov.uk",
    "organisation": "Leeds City Council",
    "domain": "leeds.gov.uk",
    "service": "Leisure centres and sport",
    "model": "Staff mutual",
    "stage": "Options appraisal or business case",
    "timeline": "April 2027",
    "text": "We're spinning our leisure centres out into a staff mutual, business case stage, next April.",
}


def _fill(field: str, spec: str, variant: str) -> object:
    if spec:  # a number format such as {length:,}
        return 1_234_567
    return VARIANTS[variant] or REALISTIC.get(field, "3")


def _fields(template: str) -> list[tuple[str, str]]:
    return [(field, spec) for _, field, spec, _ in string.Formatter().parse(template) if field is not None]


def wording_texts() -> Iterator[tuple[str, str]]:
    """Every public text in `bot.wording` (constants, and the values of its tables), each filled in
    every variant: (name, text)."""
    for name, value in sorted(vars(wording).items()):
        if name.startswith("_") or not name.isupper():
            continue
        templates = (
            value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
        )
        for index, template in enumerate(templates):
            assert isinstance(template, str), name
            for variant in VARIANTS:
                filled = {field: _fill(field, spec, variant) for field, spec in _fields(template)}
                yield f"{name}[{index}]:{variant}", template.format(**filled)


def shapes(text: str) -> Iterator[Message]:
    """A text the ways a message can carry it: alone, above the most buttons a card shows, as every
    button's label, as an attachment, and as the options of the longest list."""
    actions = [encode(KeepPlan(n)) for n in range(1, 151)]
    every = len(taxonomy.service_areas()) + 10  # the longest list the core offers: every service
    yield Message(text)
    yield Message(text, tuple(Button(f"Choice {n}", a) for n, a in enumerate(actions[:5])), ref="proposal:1")
    yield Message("Pick one", tuple(Button(text, a, ButtonStyle.PRIMARY) for a in actions[:3]))
    yield Message(
        "Pick one",
        tuple(Button(text, a) for a in actions[:8]),
        searchable=tuple(Button(text, a) for a in actions[:every]),
    )
    yield Message("Choose", searchable=tuple(Button(f"{n} {text[:20]}", a) for n, a in enumerate(actions)))
    yield Message(wording.EXPORT_READY, attachment=Attachment("notalone-export.json", text))


def problems(message: Message) -> list[str]:
    """Everything wrong with a message as Teams and as Slack would receive it, clicked or not."""
    attachment = message.attachment
    written = message.text + ("\n" + attachment.filename + "\n" + attachment.content if attachment else "")
    found: list[str] = []
    activities = teams.to_activities(message)
    for activity in activities:
        found += [f"teams: {p}" for p in card_problems(activity, written=written)]
    texts = [text for activity in activities for card in cards_of(activity) for text in texts_of(card)]
    if "".join("".join(texts).split()) != "".join(written.split()):
        found.append("teams: the cards do not show the message's text, whole and in order")
    if len(activities) > 1 and len(json.dumps(written)) < 20_000:
        found.append(f"teams: {len(activities)} cards for {len(written)} characters")
    blocks = slack.to_blocks(message)
    for post in slack.in_posts(blocks):
        found += [f"slack: {p}" for p in block_problems(post)]
    sections = "".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    if "".join(message.text.split()) not in "".join(sections.split()):
        found.append("slack: the sections do not carry the whole text")
    for action in cards_of(activities[-1])[0].get("actions", [])[:1]:
        # What Teams sends back on a click; the card shown then, without its buttons.
        shown, label = action["data"].get("shown"), action["data"].get("label", "")
        if shown is not None:
            clicked = teams.after_choice(shown, label)
            found += [f"teams clicked: {p}" for p in card_problems(clicked, written=f"{shown}\n{label}")]
    for button in message.buttons[:1]:
        found += [f"slack clicked: {p}" for p in block_problems(slack.after_choice(blocks, button.label))]
    return found


@pytest.mark.parametrize("name,text", list(wording_texts()), ids=lambda value: str(value)[:60])
def test_every_wording_renders_validly_on_both_platforms(name: str, text: str) -> None:
    for message in shapes(text):
        assert problems(message) == [], name


def test_the_app_home_and_settings_forms_are_valid_whatever_they_hold() -> None:
    for text in (LONG, HOSTILE, UNICODE, "\n".join([LONG] * 12)):
        assert view_problems(slack.home_view(text, wording.SLACK_HOME_WELCOME, admin=text)) == []
        assert view_problems(slack.home_view(None, text)) == []
    directory = CouncilDirectory.builtin()
    policy = Policy(match_scope=MatchScope.REGIONS, match_regions=("London",), welcome_message=LONG[:1000])
    form = build_form("teams:t-1", policy, ["ada@camden.gov.uk", HOSTILE], directory=directory)
    assert card_problems(settings_activity(form), written=HOSTILE) == []
    errors = {field.key: HOSTILE for field in form.fields}
    assert card_problems(settings_activity(form, errors=errors), written=HOSTILE) == []
    assert card_problems(saved_activity()) == []
    assert view_problems(settings_view(build_form("slack:T1", policy, [HOSTILE], directory=directory))) == []


# --- what the real core sends in one scripted session ------------------------------------------

SESSION = """\
/as jane.smith@camden.gov.uk Head of Leisure
We're spinning our leisure centres out into a staff mutual, business case stage, live next April
1
/as callum.rennie@leeds.gov.uk Contracts Lead
Exploring moving our sports centres and pools into a staff mutual
1
1
/as jane.smith@camden.gov.uk
1
help
my plans
export
how many others
is this confidential?
/as anna.b@bristol.gov.uk
We are moving our library service to a staff mutual, options appraisal, April 2027
1
/as ben.c@cardiff.gov.uk
Exploring spinning out our libraries as a staff mutual
1
/as cara.d@hackney.gov.uk
Libraries into a staff-led mutual, business case, 2027
1
/as dev.e@camden.gov.uk
Our library service could become a staff mutual, early thinking, 2027
1
/as anna.b@bristol.gov.uk
join the circle #2
/as ben.c@cardiff.gov.uk
introduce us #2
/as cara.d@hackney.gov.uk
yes
/wait 21
/as callum.rennie@leeds.gov.uk
1
my plans
forget me
2
"""
# Each kind of message the session must have produced, by words in its first line: it stays a full run.
KINDS = {
    "confirm": wording.UNDERSTOOD_HEADER,
    "possible match": "Possible match #1 for your plan 1",
    "introduction": "You're introduced",
    "help": wording.HELP[:20],
    "my plans": "Your plans",
    "export": wording.EXPORT_READY[:20],
    "landscape": "Other councils with a confirmed plan",
    "circle offer": "for your plan 1: a circle",
    "circle formed": "Your circle has formed",
    "follow-up": "A quick question about possible match",
}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    """Everything every officer received, in order."""
    database = make_engine(f"sqlite:///{Path(tmp_path_factory.mktemp('every')) / 'chat.db'}")
    upgrade(database)
    notifier = RecordingConsoleNotifier()
    clock = OffsetClock()
    engine = Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock)
    console = Console(engine, notifier, clock, io.StringIO())
    for line in SESSION.splitlines():
        console.feed(line)
    database.dispose()
    return [message for _, message in notifier.sent]


def test_a_whole_session_renders_validly_on_both_platforms(session: list[Message]) -> None:
    for kind, opening in KINDS.items():
        assert any(opening in m.text.split("\n")[0] for m in session), kind
    lines = [line for m in session if "You're introduced" in m.text for line in m.text.split("\n")]
    assert {"Email: callum.rennie@leeds.gov.uk", "Email: jane.smith@camden.gov.uk"} <= set(lines)
    for message in session:
        assert problems(message) == [], message.text[:80]
