"""What officers read at /privacy and /terms, from the same facts as the data-protection pack.

These are documents rather than bot replies, so their words live here with the pack's rather than in
bot/wording.py; every figure comes from the running configuration.
"""

from __future__ import annotations

from bot import wording
from bot.admin.data_protection import ServiceFacts
from bot.admin.documents import Block, Document, Heading, Inline, Link, bullets, para

PRIVACY_PATH = "/privacy"
TERMS_PATH = "/terms"
PRIVACY_TITLE = wording.PRIVACY_LINK
TERMS_TITLE = wording.TERMS_LINK


def _contact(facts: ServiceFacts) -> tuple[Inline, ...]:
    if facts.contact_email:
        return ("write to ", Link(facts.contact_email, f"mailto:{facts.contact_email}"))
    return ("ask your workspace's administrators who runs Notalone for your organisation",)


def _controller(facts: ServiceFacts) -> str:
    if facts.controller_set:
        return f"Notalone is run by {facts.controller}, the data controller for what it holds."
    return (
        "The organisation running this Notalone service has not yet given its name here "
        "(NOTALONE_CONTROLLER_NAME). Until it does, ask your workspace's administrators who runs it: that "
        "organisation is the data controller for what it holds."
    )


def privacy(facts: ServiceFacts) -> Document:
    """The privacy notice for officers."""
    figures = facts.figures()
    blocks: list[Block] = [
        Heading(2, "Who runs it"),
        para(_controller(facts)),
        para("For anything about your data, ", *_contact(facts), "."),
    ]
    if facts.dpo_email:
        blocks.append(
            para("Its data protection officer: ", Link(facts.dpo_email, f"mailto:{facts.dpo_email}"), ".")
        )
    blocks += [
        Heading(2, "What we keep, and why"),
        bullets(
            "Who you are on Slack or Teams (their ids for you), and your name, job title and work email as "
            "your platform gives them, so we can reach you and, if you both agree, introduce you. Your "
            "organisation is found from your email address.",
            "Each plan you confirm: your own words, and the service, kind of change, stage and timeline you "
            "agreed. These are used only to find comparable plans in other organisations.",
            "Possible matches for your plans, your answers to them, and whether introductions helped.",
            "A record of what you did (for example 'plan created'), never with any text.",
        ),
        para(
            "Your words, your name, job title and email are stored encrypted. We use them for nothing else: "
            "no marketing, no advertising, no external AI service, and your employer's administrators never "
            "see them."
        ),
        Heading(2, "Who sees what"),
        bullets(
            "Only you see your plans and your words.",
            "For a possible match, the other officer sees only your plan's service, kind of change, stage "
            "and rough timeline: never your name, organisation, email or words.",
            "Only when you both say yes do you each see the other's name, job title, organisation and email.",
            "If you say no, the other officer is not told: for them the possible match lapses, as if nobody "
            "answered.",
            f"Your organisation's administrators see only counts, and any count below {facts.smallest_shown} "
            f"reads 'fewer than {facts.smallest_shown}'. They never see plans, matches or names.",
        ),
        Heading(2, "How long we keep it"),
        bullets(
            f"A possible match lapses after {figures['expiry']} unless you both say yes (your workspace may "
            "choose fewer).",
            f"A plan you have not changed for {figures['retention_months']} (your workspace may choose "
            f"another period) is deleted {figures['notice']} after we warn you, unless you keep it.",
            f"About {figures['follow_up']} after an introduction we ask you once whether you talked.",
            "Your details stay until you type forget me.",
        ),
        Heading(2, "Your rights"),
        bullets(
            "Type export to the bot to receive everything held about you.",
            "Type edit and a plan's number to correct it; your name, job title and email come from your "
            "Slack or Teams profile, so correct them there.",
            "Type pause, withdraw or forget me to stop matching a plan, remove it, or erase everything held "
            "about you. Forget me cannot be undone.",
            (
                "If you are unhappy with how your data is handled, ",
                *_contact(facts),
                ". You can also complain to the Information Commissioner's Office (ico.org.uk).",
            ),
        ),
        para("Using Notalone means agreeing to its ", Link(TERMS_TITLE.lower(), TERMS_PATH), "."),
    ]
    return Document(PRIVACY_TITLE, tuple(blocks))


def terms(facts: ServiceFacts) -> Document:
    """Short, plain terms of use for officers."""
    return Document(
        TERMS_TITLE,
        (
            Heading(2, "What Notalone is"),
            para(
                "Notalone helps officers of councils and other public bodies who are planning a service "
                "change find peers elsewhere planning something comparable. It introduces you only if you "
                "both say yes. ",
                _controller(facts),
            ),
            Heading(2, "What we ask of you"),
            bullets(
                "Describe only your own work plans, in your work role.",
                "Do not put personal data about other people in your plan text: no names of staff, "
                "residents or service users, and nothing about anyone's health, union membership or the "
                "like.",
                "Keep what another officer tells you after an introduction as confidential as you would "
                "want yours kept.",
                "Do not use Notalone to find out what a particular council or person is planning.",
            ),
            Heading(2, "Your data"),
            para(
                "What is kept, who sees it and how to erase it: ",
                Link(PRIVACY_TITLE, PRIVACY_PATH),
                ".",
            ),
            Heading(2, "No warranty"),
            para(
                "Notalone is provided as it is. Possible matches are suggestions made by a computer model "
                "and may be wrong; what you do after an introduction is for you and your organisation to "
                "decide. We may pause or change the service."
            ),
            Heading(2, "Questions"),
            para("For questions about Notalone, ", *_contact(facts), "."),
        ),
    )
