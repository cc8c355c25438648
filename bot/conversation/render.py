"""Turning proposals and introductions into messages: only the right details for the right officer."""

from __future__ import annotations

from sqlmodel import Session

from bot import wording
from bot.conversation.actions import AnswerProposal, NotRelevant, encode
from bot.domain.advising import stage_reason
from bot.domain.numbering import number_of
from bot.domain.officers import identity_of, organisation_name
from bot.domain.plans import fields_of
from bot.domain.proposals import other_officer_id, own_plan_id
from bot.domain.summaries import in_sentence, long_date, model_name, service_names, summary
from bot.messages import Button, ButtonStyle, Message
from bot.storage.models import Officer, Plan, Proposal


def proposal_ref(proposal_id: int) -> str:
    """The reference adapters use to update a proposal's message in place."""
    return f"proposal:{proposal_id}"


def why_matched(proposal: Proposal, own: Plan, other: Plan) -> str:
    """The reason, built from the plans' structure (service, kind of change, stage), never their words."""
    services = service_names(proposal.shared_service_areas, mid_sentence=True)
    reasons = [wording.WHY_SERVICE.format(services=services)]
    if proposal.shared_delivery_model:
        model = in_sentence(model_name(proposal.shared_delivery_model))
        reasons.append(wording.WHY_MODEL.format(model=model))
    return " ".join(reasons) + stage_reason(own, other) + "."


def proposal_message(session: Session, proposal: Proposal, *, own: Plan, other: Plan) -> Message:
    """A proposal as one side sees it (`own` their plan): the other side's four-line summary, two choices."""
    assert proposal.id is not None
    text = wording.PROPOSAL.format(
        match=number_of(session, proposal.id, own.officer_id),
        number=own.number,
        summary=summary(fields_of(other)),
        why=why_matched(proposal, own, other),
        expires=long_date(proposal.expires_at.date()),
    )
    return Message(text, proposal_buttons(proposal.id), ref=proposal_ref(proposal.id))


def proposal_buttons(proposal_id: int) -> tuple[Button, ...]:
    """Yes, not now or not relevant: the same three choices on a proposal and on its reminder."""
    return (
        Button(wording.INTRODUCE_US, encode(AnswerProposal(proposal_id, accept=True)), ButtonStyle.PRIMARY),
        Button(wording.NOT_NOW, encode(AnswerProposal(proposal_id, accept=False))),
        Button(wording.NOT_RELEVANT, encode(NotRelevant(proposal_id))),
    )


def reminder_message(session: Session, proposal: Proposal, viewer: Officer) -> Message:
    """The one reminder before a proposal lapses: which one, when, and the same two choices.

    Nothing about the other side: their plan may be gone (withdrawn, erased), and every reminder must
    read the same whatever they did."""
    assert proposal.id is not None and viewer.id is not None
    own = session.get(Plan, own_plan_id(proposal, viewer.id))
    assert own is not None
    text = wording.REMINDER.format(
        match=number_of(session, proposal.id, viewer.id),
        number=own.number,
        expires=long_date(proposal.expires_at.date()),
    )
    return Message(text, proposal_buttons(proposal.id), ref=proposal_ref(proposal.id))


def lapse_message(proposal_id: int, *, match: int, plan_number: int) -> Message:
    """The same words whether the other side declined, withdrew, left or nobody answered."""
    return Message(wording.LAPSED.format(match=match, number=plan_number), ref=proposal_ref(proposal_id))


def contact_card(session: Session, officer: Officer) -> str:
    """Name, title, organisation and email: shared only once both said yes."""
    return wording.CONTACT_CARD.format(
        name=officer.name or wording.NOT_GIVEN,
        title=officer.job_title or wording.NOT_GIVEN,
        organisation=organisation_name(session, officer) or wording.NOT_GIVEN,
        email=officer.email or wording.NOT_GIVEN,
    )


def introduction_message(session: Session, proposal: Proposal, viewer: Officer) -> Message:
    """The introduction for one side: the other officer's contact card and a first message to send."""
    assert proposal.id is not None and viewer.id is not None
    other = session.get(Officer, other_officer_id(proposal, viewer.id))
    own = session.get(Plan, own_plan_id(proposal, viewer.id))
    assert other is not None and own is not None
    first_name = (other.name or "").split(" ")[0] or "there"
    text = wording.INTRODUCTION.format(
        match=number_of(session, proposal.id, viewer.id),
        number=own.number,
        contact=contact_card(session, other),
        opening=wording.OPENING.format(
            name=first_name, services=service_names(proposal.shared_service_areas, mid_sentence=True)
        ),
    )
    return Message(
        text,
        ref=proposal_ref(proposal.id),
        peer=identity_of(other),
        shared_text=_shared_introduction(session, proposal, viewer, other),
    )


def _shared_introduction(session: Session, proposal: Proposal, first: Officer, second: Officer) -> str:
    officers = sorted((first, second), key=lambda officer: officer.id or 0)
    return wording.GROUP_INTRODUCTION.format(
        first=contact_card(session, officers[0]),
        second=contact_card(session, officers[1]),
        services=service_names(proposal.shared_service_areas, mid_sentence=True),
    )
