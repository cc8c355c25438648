"""Statistics for a workspace's admins: counts by month, never plans, pairs or names.

Every count below five is shown as "fewer than 5", so that no officer can be picked out of a small one.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import wording
from bot.admin.landscape import landscape_for_admins
from bot.domain.directory import CouncilDirectory
from bot.domain.follow_ups import answers_by_month
from bot.domain.landscape import SMALLEST_SHOWN as LANDSCAPE_SMALLEST
from bot.domain.workspaces import Policy, WorkspaceRef, domain_listed, email_domain, policy_for
from bot.storage.models import (
    AuditEvent,
    Circle,
    CircleAnswer,
    CircleMember,
    FollowUpAnswer,
    Introduction,
    Officer,
    Organisation,
    Plan,
    PlanStatus,
    Proposal,
)

SMALLEST_SHOWN = LANDSCAPE_SMALLEST  # one threshold for every figure about others (DESIGN rule 8)
MONTHS_SHOWN = 12
BAR_WIDTH = 20
REFUSED = "access_refused"
FOLLOW_UP_ANSWERS = tuple(answer.value for answer in FollowUpAnswer)  # helped, not_much_use, not_yet, no


@dataclass(frozen=True)
class MonthCounts:
    """What happened in one calendar month."""

    month: str  # "2026-11"
    officers: int
    plans: int
    proposals: int
    introductions: int


@dataclass(frozen=True)
class FollowUpCounts:
    """After introductions, in one calendar month: questions asked, and each answer given."""

    month: str
    asked: int
    helped: int
    not_much_use: int
    not_yet: int
    no: int


@dataclass(frozen=True)
class CircleCounts:
    """Circles with officers of the workspace, in one calendar month: offered to them, and formed with
    one of them saying yes."""

    month: str
    offered: int
    formed: int


@dataclass(frozen=True)
class WorkspaceStats:
    """A workspace's counts: by month (oldest first), and as things stand now."""

    months: tuple[MonthCounts, ...]
    officers: int
    active_plans: int
    unverified: int
    unverified_reasons: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    landscape: str | None = None  # other councils' comparable plans, across Notalone
    follow_ups: tuple[FollowUpCounts, ...] = ()
    circles: tuple[CircleCounts, ...] = ()


def shown(count: int, *, grouped: bool = True) -> str:
    """A count as an admin may see it."""
    if count < SMALLEST_SHOWN:
        return wording.FEWER_THAN_5
    return f"{count:,}" if grouped else str(count)


def _month(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _last_months(now: datetime, count: int) -> list[str]:
    year, month = now.year, now.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _by_month(moments: Iterable[datetime]) -> Counter[str]:
    return Counter(_month(moment) for moment in moments)


def workspace_stats(
    session: Session,
    workspace: WorkspaceRef,
    *,
    directory: CouncilDirectory,
    now: datetime,
    viewer_organisation: int | None = None,
) -> WorkspaceStats:
    """Count what the workspace's officers did, month by month, without reading anything they wrote;
    and the landscape, never counting the workspace's organisation (or, in a community workspace, the
    viewing admin's)."""
    policy = policy_for(session, workspace)
    members = select(Officer.id).where(
        Officer.platform == workspace.platform, Officer.workspace_id == workspace.workspace_id
    )
    officers = session.exec(
        select(Officer.created_at).where(
            Officer.platform == workspace.platform, Officer.workspace_id == workspace.workspace_id
        )
    ).all()
    plans = session.exec(select(Plan.created_at).where(col(Plan.officer_id).in_(members))).all()
    involved = or_(col(Proposal.officer_a_id).in_(members), col(Proposal.officer_b_id).in_(members))
    proposals = session.exec(select(Proposal.created_at).where(involved)).all()
    introductions = session.exec(
        select(Introduction.created_at)
        .join(Proposal, col(Proposal.id) == col(Introduction.proposal_id))
        .where(involved)
    ).all()
    counts = [_by_month(officers), _by_month(plans), _by_month(proposals), _by_month(introductions)]
    first = min((m for counter in counts for m in counter), default=_month(now))
    months = tuple(
        MonthCounts(month, *(counter[month] for counter in counts))
        for month in _last_months(now, MONTHS_SHOWN)
        if month >= first
    )
    active = session.exec(
        select(func.count()).where(col(Plan.officer_id).in_(members), Plan.status == PlanStatus.ACTIVE)
    ).one()
    reasons = _unverified_reasons(session, workspace, policy, directory)
    refused = session.exec(
        select(func.count()).where(
            AuditEvent.platform == workspace.platform,
            AuditEvent.workspace_id == workspace.workspace_id,
            AuditEvent.action == REFUSED,
        )
    ).one()
    own = _organisation_id(session, policy.organisation_code) or viewer_organisation
    answers = answers_by_month(session, members)
    follow_ups = tuple(
        FollowUpCounts(month, *(answers[month][key] for key in ("asked", *FOLLOW_UP_ANSWERS)))
        for month in _last_months(now, MONTHS_SHOWN)
        if month in answers
    )
    circles = _circle_counts(session, members, now=now)
    return WorkspaceStats(
        months,
        len(officers),
        active,
        sum(reasons.values()),
        dict(reasons),
        refused=refused,
        landscape=landscape_for_admins(session, excluding=own, members=members),
        follow_ups=follow_ups,
        circles=circles,
    )


def _circle_counts(
    session: Session, members: SelectOfScalar[int] | SelectOfScalar[None], *, now: datetime
) -> tuple[CircleCounts, ...]:
    """Circles offered to the workspace's officers, by the month they were offered, and those formed with
    one of them in it, by the month they formed."""
    offered_to = select(CircleMember.circle_id).where(col(CircleMember.officer_id).in_(members))
    joined = offered_to.where(CircleMember.answer == CircleAnswer.YES)
    offered = _by_month(session.exec(select(Circle.created_at).where(col(Circle.id).in_(offered_to))).all())
    formed = _by_month(
        moment
        for moment in session.exec(select(Circle.formed_at).where(col(Circle.id).in_(joined))).all()
        if moment is not None
    )
    return tuple(
        CircleCounts(month, offered[month], formed[month])
        for month in _last_months(now, MONTHS_SHOWN)
        if offered[month] or formed[month]
    )


def _organisation_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    return session.exec(select(Organisation.id).where(Organisation.directory_code == code)).first()


def _unverified_reasons(
    session: Session, workspace: WorkspaceRef, policy: Policy, directory: CouncilDirectory
) -> Counter[str]:
    """Why each unverified officer is unverified; the emails are read here and go no further."""
    emails = session.exec(
        select(Officer.email).where(
            Officer.platform == workspace.platform,
            Officer.workspace_id == workspace.workspace_id,
            col(Officer.verified).is_(False),
        )
    ).all()
    reasons: Counter[str] = Counter()
    council = directory.by_code(policy.organisation_code) if policy.organisation_code else None
    for email in emails:
        if not email:
            reasons["no_email"] += 1
        elif council is not None:
            reasons["not_organisation"] += 1
        elif directory.by_email(email) is None:
            reasons["unknown_domain"] += 1
        elif not domain_listed(email_domain(email), policy.allowed_domains):
            reasons["not_allowed"] += 1
        else:
            reasons["unknown_domain"] += 1
    return reasons


def stats_text(stats: WorkspaceStats) -> str:
    """The statistics as a plain-text table, with a bar chart made of text."""
    header = " | ".join(wording.STATS_COLUMNS)
    rows = [
        " | ".join((m.month, shown(m.officers), shown(m.plans), shown(m.proposals), shown(m.introductions)))
        for m in stats.months
    ]
    now = wording.STATS_NOW.format(
        officers=shown(stats.officers), active=shown(stats.active_plans), unverified=shown(stats.unverified)
    )
    lines = [wording.STATS_TITLE, header, *rows, "", now]
    if stats.unverified_reasons:
        reasons = "; ".join(
            f"{wording.STATS_UNVERIFIED_REASONS[key]}: {shown(count)}"
            for key, count in sorted(stats.unverified_reasons.items())
        )
        lines.append(wording.STATS_UNVERIFIED.format(reasons=reasons))
    if stats.refused:
        lines.append(wording.STATS_REFUSED.format(count=shown(stats.refused)))
    if stats.follow_ups:
        lines += ["", wording.STATS_FOLLOW_UPS, " | ".join(wording.STATS_FOLLOW_UP_COLUMNS)]
        lines += [
            " | ".join((f.month, *(shown(count) for count in _follow_up_counts(f)))) for f in stats.follow_ups
        ]
    if stats.circles:
        lines += ["", wording.STATS_CIRCLES, " | ".join(wording.STATS_CIRCLE_COLUMNS)]
        lines += [" | ".join((c.month, shown(c.offered), shown(c.formed))) for c in stats.circles]
    lines += ["", wording.STATS_BARS, *_bars(stats.months)]
    if stats.landscape:
        lines += ["", stats.landscape]
    return "\n".join(lines)


def _follow_up_counts(counts: FollowUpCounts) -> tuple[int, ...]:
    return (counts.asked, counts.helped, counts.not_much_use, counts.not_yet, counts.no)


def stats_json(stats: WorkspaceStats) -> str:
    """The monthly counts and their totals as JSON, each count below 5 given as null (for
    `python -m matching.evaluate --live FILE`, and for anyone's own charts)."""

    def count(number: int) -> int | None:
        return number if number >= SMALLEST_SHOWN else None

    totals = {
        "proposals": sum(m.proposals for m in stats.months),
        "introductions": sum(m.introductions for m in stats.months),
        "circles_offered": sum(c.offered for c in stats.circles),
        "circles_formed": sum(c.formed for c in stats.circles),
        "asked": sum(f.asked for f in stats.follow_ups),
        **{key: sum(getattr(f, key) for f in stats.follow_ups) for key in FOLLOW_UP_ANSWERS},
    }
    report = {
        "smallest_shown": SMALLEST_SHOWN,
        "months": [
            {
                "month": m.month,
                "officers_joined": count(m.officers),
                "plans_described": count(m.plans),
                "possible_matches": count(m.proposals),
                "introductions": count(m.introductions),
            }
            for m in stats.months
        ],
        "follow_ups": [
            {
                "month": f.month,
                "asked": count(f.asked),
                **{key: count(getattr(f, key)) for key in FOLLOW_UP_ANSWERS},
            }
            for f in stats.follow_ups
        ],
        "circles": [
            {"month": c.month, "offered": count(c.offered), "formed": count(c.formed)} for c in stats.circles
        ],
        "totals": {key: count(value) for key, value in totals.items()},
    }
    return json.dumps(report, indent=2)


def _bars(months: Iterable[MonthCounts]) -> list[str]:
    rows = list(months)
    largest = max((m.officers for m in rows), default=0)
    bars = []
    for m in rows:
        # A small count draws no bar: its length would give the number away.
        width = round(BAR_WIDTH * m.officers / largest) if largest and m.officers >= SMALLEST_SHOWN else 0
        bars.append(f"{m.month} {'█' * width}{'' if width else '·'} {shown(m.officers)}")
    return bars


def stats_csv(stats: WorkspaceStats) -> str:
    """The monthly counts as CSV, with small counts suppressed exactly as on screen."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("month", "officers_joined", "plans_described", "possible_matches", "introductions"))
    for m in stats.months:
        counts = (m.officers, m.plans, m.proposals, m.introductions)
        writer.writerow((m.month, *(shown(count, grouped=False) for count in counts)))
    return out.getvalue()
