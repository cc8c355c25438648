"""Asking each side of an introduction "Did you talk?", once, and taking the answer by button or in words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session, select

from bot import wording
from bot.conversation.actions import AnswerFollowUp, encode
from bot.conversation.folding import fold
from bot.conversation.replies import yes_or_no
from bot.conversation.turn import Turn
from bot.domain.follow_ups import (
    CircleQuestion,
    Noted,
    Question,
    answers_of,
    note_answer,
    pending_circles_for,
    pending_for,
)
from bot.domain.numbering import number_of
from bot.domain.officers import identity_of
from bot.domain.proposals import own_plan_id
from bot.domain.summaries import long_date
from bot.domain.welcome_follow_ups import AskedAbout, WelcomeQuestion, asked_about, pending_welcomes_for
from bot.messages import Button, ButtonStyle, Message, Outbox
from bot.storage.models import (
    Circle,
    CircleMember,
    FollowUp,
    FollowUpAnswer,
    Introduction,
    Officer,
    Plan,
    Proposal,
)

_LABELS = (
    (FollowUpAnswer.HELPED, wording.FOLLOW_UP_HELPED),
    (FollowUpAnswer.NOT_MUCH_USE, wording.FOLLOW_UP_NOT_MUCH_USE),
    (FollowUpAnswer.NOT_YET, wording.FOLLOW_UP_NOT_YET),
    (FollowUpAnswer.NO, wording.FOLLOW_UP_NO),
)
_SAID = {
    FollowUpAnswer.HELPED: (
        "yes it helped",
        "yes and it helped",
        "yes it did help",
        "it helped",
        "helped",
        "yes helpful",
        "yes very helpful",
        "very helpful",
        "helpful",
        "yes useful",
        "useful",
        "yes it was useful",
        "it was useful",
        "it was helpful",
    ),
    FollowUpAnswer.NOT_MUCH_USE: (
        "yes not much use",
        "yes but not much use",
        "not much use",
        "yes not useful",
        "not useful",
        "not very useful",
        "not helpful",
        "not very helpful",
        "yes but it didn t help",
        "it didn t help",
        "didn t help",
    ),
    FollowUpAnswer.NOT_YET: (
        "not yet",
        "no not yet",
        "haven t yet",
        "we haven t yet",
        "not talked yet",
        "we haven t talked yet",
        "haven t talked yet",
    ),
    FollowUpAnswer.NO: (
        "no we didn t",
        "no we didn t talk",
        "we didn t talk",
        "didn t talk",
        "no we haven t",
    ),
}
_PHRASES = {phrase: answer for answer, phrases in _SAID.items() for phrase in phrases}
# An answer in an officer's own words ("yes we met twice, really useful", "had a call but it wasn't much
# use", "they never replied", "we're meeting next week"), read only while a question waits and nothing
# else could take the words. First cue found wins, in this order: the later ones would also match the
# earlier ones' words ("not yet ... useful", "no, not much use").
_MOST_WORDS = 25
_CUES = (
    (
        FollowUpAnswer.NOT_YET,
        re.compile(
            r"\bnot yet\b|\byet to\b|\bhaven t\b(?: \w+){0,4} (?:yet|chance|time|round)\b"
            r"|\b(?:booked|arranged|set up|planning|going|hoping|meeting|speaking|talking)\b(?: \w+){0,3} "
            r"(?:next|soon|tomorrow|in the new year)\b|\bnext (?:week|month)\b"
        ),
    ),
    (
        FollowUpAnswer.NOT_MUCH_USE,
        re.compile(
            r"\b(?:not|wasn t|weren t|isn t|didn t|hardly|no)\b(?: \w+){0,2} "
            r"(?:use|useful|helpful|help|helped|relevant|worth it|worthwhile)\b"
            r"|\bwaste of time\b|\bvery different\b|\bnot comparable\b"
        ),
    ),
    (
        FollowUpAnswer.NO,
        re.compile(
            r"^(?:no|nope|sadly not|not really)\b"
            r"|\b(?:didn t|did not|never|haven t|have not|couldn t|won t)\b(?: \w+){0,2} "
            r"(?:talk|talked|speak|spoke|meet|met|reply|replied|respond|responded|answer|answered|hear|heard)\b"
            r"|\bno (?:reply|response|answer)\b|\bdecided not\b"
        ),
    ),
    (
        FollowUpAnswer.HELPED,
        re.compile(
            r"\b(?:helped|helpful|useful|valuable|invaluable|worthwhile|insightful|reassuring|great|brilliant"
            r"|excellent|fantastic|really good|very good|good to"
            r"|(?:good|great|useful|helpful|positive|productive)"
            r" (?:chat|call|conversation|meeting|talk|catch up))\b"
        ),
    ),
)
_TALKED = re.compile(
    r"^(?:yes|yeah|yep|we did|i did)\b"
    r"|\b(?:we|i) (?:met|spoke|talked|chatted"
    r"|had (?:a|an)(?: \w+)? (?:call|chat|meeting|conversation|catch up))\b"
)


def _in_own_words(words: str) -> tuple[FollowUpAnswer | None, bool]:
    """The answer an officer's own words give, and whether they at least say they talked."""
    if len(words.split()) > _MOST_WORDS:
        return None, False
    for answer, cue in _CUES:
        if cue.search(words):
            return answer, True
    return None, bool(_TALKED.search(words))


_NUMBER = re.compile(
    r"^(?P<words>.*?)"
    r"(?: (?:for |to |about )?(?:possible match |match )?(?:no |number )?(?P<number>\d{1,6}))?$"
)


def follow_up_buttons(follow_up_id: int) -> tuple[Button, ...]:
    """The four answers to "Did you talk?"."""
    return tuple(
        Button(
            label,
            encode(AnswerFollowUp(follow_up_id, answer)),
            ButtonStyle.PRIMARY if i == 0 else ButtonStyle.DEFAULT,
        )
        for i, (answer, label) in enumerate(_LABELS)
    )


def follow_up_message(session: Session, follow_up: FollowUp, proposal: Proposal, officer_id: int) -> Message:
    """The question, naming the match by the officer's own number, with its four answers."""
    assert follow_up.id is not None and proposal.id is not None
    introduction = session.get(Introduction, follow_up.introduction_id)
    own = session.get(Plan, own_plan_id(proposal, officer_id))
    introduced = introduction.created_at if introduction else follow_up.asked_at
    text = wording.FOLLOW_UP_QUESTION.format(
        introduced=long_date(introduced.date()),
        match=number_of(session, proposal.id, officer_id),
        number=own.number if own else "",
    )
    return Message(text, follow_up_buttons(follow_up.id), ref=f"followup:{follow_up.id}")


def send_follow_ups(session: Session, outbox: Outbox, questions: Iterable[Question]) -> None:
    """Ask each officer whose question was just claimed (unless they can no longer be reached)."""
    for question in questions:
        officer = session.get(Officer, question.officer_id)
        follow_up = session.get(FollowUp, question.follow_up_id)
        proposal = session.get(Proposal, question.proposal_id)
        if officer is None or follow_up is None or proposal is None or not officer.reachable:
            continue
        outbox.add(identity_of(officer), follow_up_message(session, follow_up, proposal, question.officer_id))


def circle_follow_up_message(session: Session, follow_up: FollowUp, member: CircleMember) -> Message:
    """The question about a formed circle, naming it by the member's own number, with its four answers."""
    assert follow_up.id is not None
    circle = session.get(Circle, member.circle_id)
    own = session.get(Plan, member.plan_id) if member.plan_id is not None else None
    formed = circle.formed_at if circle is not None and circle.formed_at else follow_up.asked_at
    text = wording.FOLLOW_UP_CIRCLE_QUESTION.format(
        formed=long_date(formed.date()), match=member.number, number=own.number if own else ""
    )
    return Message(text, follow_up_buttons(follow_up.id), ref=f"followup:{follow_up.id}")


def send_circle_follow_ups(session: Session, outbox: Outbox, questions: Iterable[CircleQuestion]) -> None:
    """Ask each member whose question about a circle was just claimed (unless they can't be reached)."""
    for question in questions:
        officer = session.get(Officer, question.officer_id)
        follow_up = session.get(FollowUp, question.follow_up_id)
        member = session.exec(
            select(CircleMember).where(
                CircleMember.circle_id == question.circle_id, CircleMember.officer_id == question.officer_id
            )
        ).first()
        if officer is None or follow_up is None or member is None or not officer.reachable:
            continue
        outbox.add(identity_of(officer), circle_follow_up_message(session, follow_up, member))


def welcome_follow_up_message(session: Session, follow_up: FollowUp, about: AskedAbout) -> Message:
    """The question about an introduction made in a circle to, or by, a later officer."""
    assert follow_up.id is not None
    own = session.get(Plan, about.plan_id) if about.plan_id is not None else None
    text = wording.FOLLOW_UP_WELCOME_QUESTION.format(
        introduced=long_date(about.introduced_at.date()),
        match=about.number,
        number=own.number if own else "",
        whom=wording.FOLLOW_UP_WELCOME_WHOM[follow_up.side],
    )
    return Message(text, follow_up_buttons(follow_up.id), ref=f"followup:{follow_up.id}")


def send_welcome_follow_ups(session: Session, outbox: Outbox, questions: Iterable[WelcomeQuestion]) -> None:
    """Ask each side of a welcome whose question was just claimed (unless they can't be reached)."""
    for question in questions:
        officer = session.get(Officer, question.officer_id)
        follow_up = session.get(FollowUp, question.follow_up_id)
        about = asked_about(session, follow_up) if follow_up is not None else None
        if officer is None or follow_up is None or about is None or not officer.reachable:
            continue
        outbox.add(identity_of(officer), welcome_follow_up_message(session, follow_up, about))


def on_follow_up(turn: Turn, follow_up_id: int, answer: FollowUpAnswer) -> None:
    """Note the officer's answer once; a second answer is thanked and changes nothing."""
    noted = note_answer(
        turn.session, follow_up_id=follow_up_id, officer_id=turn.officer_id, answer=answer, now=turn.now
    )
    if noted == Noted.NOT_A_CHOICE:
        turn.reply(wording.NOT_A_CHOICE)
    elif noted == Noted.ALREADY_NOTED:
        turn.reply(Message(wording.FOLLOW_UP_ALREADY_NOTED, ref=f"followup:{follow_up_id}"))
    else:
        turn.audit("follow_up_answered", "follow_up", follow_up_id)
        turn.reply(Message(wording.FOLLOW_UP_THANKS[answer.value], ref=f"followup:{follow_up_id}"))


def follow_up_in_words(turn: Turn, text: str, *, bare: bool, plan_like: bool = False) -> bool:
    """Whether the text answered a pending "Did you talk?" (and was handled): "yes it helped", "not yet #2".

    A bare yes or no counts only when `bare` (nothing else could take it); a bare yes asks whether it helped.
    So do an officer's own words ("we met twice, really useful"), unless they read as a plan (`plan_like`).
    """
    words = " ".join(re.sub(r"[^\w]", " ", fold(text)).split())
    found = _NUMBER.match(words)
    phrase, number = (found.group("words"), found.group("number")) if found else (words, None)
    answer = _PHRASES.get(phrase)
    yes = yes_or_no(text) if answer is None and bare and number is None else None
    own_words = answer is None and yes is None and bare and not plan_like and not text.rstrip().endswith("?")
    if own_words:
        answer, talked = _in_own_words(phrase)
        yes = True if answer is None and talked else None
    if answer is None and yes is None:
        return False
    pending = [
        (number_of(turn.session, p.id or 0, turn.officer_id), f)
        for f, p in pending_for(turn.session, turn.officer_id)
    ] + [(member.number, f) for f, member in pending_circles_for(turn.session, turn.officer_id)]
    pending += [(about.number, f) for f, about in pending_welcomes_for(turn.session, turn.officer_id)]
    if not pending:
        if answer is None or own_words:
            return False  # a bare yes or no, or own words, answer a follow-up only when one is waiting
        answered = answers_of(turn.session, turn.officer_id)
        turn.reply(wording.FOLLOW_UP_ALREADY_NOTED if answered else wording.FOLLOW_UP_NONE_PENDING)
        return True
    numbered = sorted(pending, key=lambda found: found[1].id or 0)
    chosen = [f for n, f in numbered if number is None or n == int(number)]
    if number is not None:
        # Questions about one circle share its number (the circle, each later officer met in it): words
        # naming it answer the oldest, as the buttons of each message tell them apart.
        chosen = chosen[:1]
    if len(chosen) != 1 or chosen[0].id is None:
        listed = ", ".join(f"#{n}" for n in dict.fromkeys(n for n, _ in numbered))
        turn.reply(wording.FOLLOW_UP_WHICH.format(numbers=listed, first=numbered[0][0]))
        return True
    if answer is None and yes:
        turn.reply(Message(wording.FOLLOW_UP_WHICH_YES, follow_up_buttons(chosen[0].id)[:2]))
        return True
    on_follow_up(turn, chosen[0].id, answer or FollowUpAnswer.NO)
    return True
