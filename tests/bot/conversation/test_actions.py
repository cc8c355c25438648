"""Button actions: every action survives the wire, every string decodes to an action or to None, and
every action the bot builds fits where the platforms carry it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import wording
from bot.conversation.actions import (
    MAX_ENCODED,
    MAX_NUMBER,
    Action,
    ActionTooLong,
    AdviseOthers,
    AnotherOrganisation,
    AnswerCircle,
    AnswerProposal,
    AnswerWelcome,
    BackToDraft,
    BrowseChoices,
    ChangeDraft,
    ChangeSettings,
    ChooseDraftField,
    ChooseOrganisation,
    ConfirmDraft,
    ConfirmForget,
    ConfirmWithdraw,
    DiscardDraft,
    DraftField,
    KeepOrganisationName,
    KeepPlan,
    PlanFromQuestion,
    Reconsider,
    ReconsiderCircle,
    ReconsiderWelcome,
    RetypeOrganisation,
    SaveSettings,
    SetDraftField,
    ShowAudit,
    ShowLandscape,
    ShowStats,
    SwitchDraft,
    decode,
    encode,
)
from bot.conversation.drafts import (
    Draft,
    area_groups,
    area_question,
    browse_areas,
    confirmation,
    field_question,
    model_question,
    stage_question,
    switch_question,
    timeline_question,
)
from bot.conversation.landscape import landscape_button
from bot.conversation.managing import forget_question, withdraw_question
from bot.conversation.render import proposal_buttons
from bot.messages import Button
from matching import taxonomy

numbers = st.integers(0, MAX_NUMBER)
codes = st.from_regex(r"[a-z0-9_]{0,60}", fullmatch=True) | st.sampled_from(
    [a.code for a in taxonomy.service_areas()]
)
every_action: st.SearchStrategy[Action] = st.one_of(
    st.builds(AnswerProposal, numbers, st.booleans()),
    st.builds(AnswerCircle, numbers, st.booleans()),
    st.builds(AnswerWelcome, numbers, st.booleans()),
    st.builds(Reconsider, numbers),
    st.builds(ReconsiderCircle, numbers),
    st.builds(ReconsiderWelcome, numbers),
    st.builds(KeepPlan, numbers),
    st.sampled_from([ConfirmDraft(), ChangeDraft(), DiscardDraft(), BackToDraft()]),
    st.builds(ChooseDraftField, st.sampled_from(DraftField)),
    st.builds(SetDraftField, st.sampled_from(DraftField), codes),
    st.builds(BrowseChoices, st.sampled_from(DraftField), st.none() | numbers, numbers),
    st.builds(SwitchDraft, st.booleans()),
    st.builds(AdviseOthers, st.booleans()),
    st.builds(ConfirmWithdraw, st.booleans()),
    st.builds(ConfirmForget, st.booleans()),
    st.sampled_from([ChangeSettings(), ShowStats(), ShowAudit(), SaveSettings()]),
    st.builds(ChooseOrganisation, st.from_regex(r"[A-Z0-9]{1,10}", fullmatch=True)),
    st.sampled_from([AnotherOrganisation(), KeepOrganisationName(), RetypeOrganisation()]),
    st.builds(ShowLandscape, st.none() | numbers),
    st.just(PlanFromQuestion()),
)
# Strings near the real ones: pieces of encoded actions, joined and cut, as a tamperer would try.
PIECES = [
    "proposal",
    "circle",
    "welcome",
    "reconsider",
    "plan",
    "draft",
    "admin",
    "withdraw",
    "forget",
    "set",
    "field",
    "areas",
    "keep",
    "browse",
    "switch",
    "new",
    "organisation",
    "council",
    "another",
    "retype",
    "advise",
    "on",
    "landscape",
]
near_misses = st.lists(
    st.sampled_from(PIECES) | st.text(max_size=12) | st.integers(-10, 10**12).map(str), max_size=6
).map(":".join)

# What buttons already in officers' chats, or waiting in the outbox, carry: they must keep working.
ON_THE_WIRE: dict[str, Action] = {
    "proposal:12:accept": AnswerProposal(12, accept=True),
    "proposal:12:decline": AnswerProposal(12, accept=False),
    "plan:3:keep": KeepPlan(3),
    "draft:confirm": ConfirmDraft(),
    "draft:change": ChangeDraft(),
    "draft:discard": DiscardDraft(),
    "draft:back": BackToDraft(),
    "draft:field:timeline": ChooseDraftField(DraftField.TIMELINE),
    "draft:set:areas:libraries": SetDraftField(DraftField.AREAS, "libraries"),
    "draft:set:model:": SetDraftField(DraftField.MODEL, ""),
    "withdraw:yes": ConfirmWithdraw(yes=True),
    "withdraw:no": ConfirmWithdraw(yes=False),
    "forget:yes": ConfirmForget(yes=True),
    "forget:no": ConfirmForget(yes=False),
    "admin:settings": ChangeSettings(),
    "admin:stats": ShowStats(),
    "admin:audit": ShowAudit(),
    "admin:save": SaveSettings(),
    "draft:advise:on": AdviseOthers(on=True),
    "draft:advise:off": AdviseOthers(on=False),
    "landscape:": ShowLandscape(),
    "landscape:4": ShowLandscape(4),
    "landscape:plan": PlanFromQuestion(),
    "proposal:12:reconsider": Reconsider(12),
    "circle:7:yes": AnswerCircle(7, yes=True),
    "circle:7:notnow": AnswerCircle(7, yes=False),
    "circle:7:reconsider": ReconsiderCircle(7),
    "welcome:9:yes": AnswerWelcome(9, yes=True),
    "welcome:9:reconsider": ReconsiderWelcome(9),
}


@pytest.mark.parametrize(("text", "action"), ON_THE_WIRE.items())
def test_buttons_already_sent_keep_their_meaning(text: str, action: Action) -> None:
    assert decode(text) == action and encode(action) == text


@pytest.mark.random_data
@given(every_action)
def test_every_action_survives_the_wire(action: Action) -> None:
    assert decode(encode(action)) == action


@pytest.mark.random_data
@given(st.text() | near_misses | st.binary().map(lambda raw: raw.decode("utf-8", "replace")))
def test_decoding_never_raises_and_accepts_only_what_encode_writes(text: str) -> None:
    decoded = decode(text)
    assert decoded is None or encode(decoded) == text  # so equal strings are equal actions


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "proposal:abc:accept",
        "proposal:-1:accept",
        "proposal:012:accept",  # never written with a leading zero
        "proposal:١٢:accept",  # digits int() would read, but not ours
        "plan:²:keep",
        f"proposal:{MAX_NUMBER + 1}:accept",  # beyond a stored id
        "proposal:12:accept:",
        "proposal:12:maybe",
        "draft:set:areas:not-an-area",
        "draft:set:areas:Libraries",
        "draft:set:colour:red",
        "draft:field:colour",
        "withdraw:",
        "forget:YES",
        "admin:",
        "admin:settings ",
        "x" * 5000,
        "proposal:1:accept\x00",
        "circle:07:reconsider",
        "circle:7:reconsider:",
        "circle::reconsider",
        "welcome:-9:reconsider",
        "welcome:9:Reconsider",
    ],
)
def test_tampered_input_decodes_to_nothing(text: str | None) -> None:
    assert decode(text) is None


def test_values_out_of_shape_cannot_be_made() -> None:
    for make in (
        lambda: AnswerProposal(-1, accept=True),
        lambda: KeepPlan(MAX_NUMBER + 1),
        lambda: ReconsiderCircle(-1),
        lambda: ReconsiderWelcome(MAX_NUMBER + 1),
        lambda: SetDraftField(DraftField.AREAS, "not-an-area"),
        lambda: SetDraftField(DraftField.AREAS, "a:b"),
    ):
        with pytest.raises(ValueError):
            make()


def test_an_action_too_long_for_a_platform_is_refused_when_built() -> None:
    with pytest.raises(ActionTooLong, match=r"SetDraftField encodes to 166 characters.* at most 150"):
        encode(SetDraftField(DraftField.AREAS, "a" * MAX_ENCODED))


def test_every_button_the_bot_builds_fits_every_platform() -> None:
    draft = Draft(text="x")
    every_area = tuple(a.code for a in taxonomy.service_areas())
    browsing = [
        browse_areas(group, page) for group in (None, *range(len(area_groups()))) for page in (0, 1, 2)
    ]
    questions = (
        area_question(guesses=every_area),
        *browsing,
        model_question(),
        model_question(1),
        stage_question(),
        timeline_question(),
    )
    messages = (
        confirmation(draft),
        confirmation(Draft(text="x", stage="live")),
        confirmation(Draft(text="x", stage="live", advise=True)),
        field_question(),
        switch_question(),
        withdraw_question(MAX_NUMBER),
        forget_question(),
    )
    buttons = [b for m in (*questions, *messages) for b in m.buttons] + list(proposal_buttons(MAX_NUMBER))
    buttons += [landscape_button(), landscape_button(MAX_NUMBER)]
    buttons += [
        Button(wording.SAY_YES_AFTER_ALL.format(match=MAX_NUMBER), encode(ReconsiderCircle(MAX_NUMBER))),
        Button(
            wording.CIRCLE_WELCOME_SAY_YES_AFTER_ALL.format(match=MAX_NUMBER),
            encode(ReconsiderWelcome(MAX_NUMBER)),
        ),
    ]
    assert len(buttons) > 70
    for button in buttons:
        assert decode(button.action) is not None and len(button.action) <= MAX_ENCODED
