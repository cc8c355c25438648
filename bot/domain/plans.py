"""Plans: stored privately, numbered per officer, active, paused or withdrawn."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple, cast

from sqlalchemy import Integer, Table, bindparam, func
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from bot import wording
from bot.domain.summaries import PlanFields
from bot.errors import UserFacingError
from bot.storage.models import Plan, PlanStatus


def plans_of(session: Session, officer_id: int) -> Sequence[Plan]:
    """An officer's plans in the order they were written."""
    return session.exec(_PLANS_OF, params={"officer": officer_id}).all()


# Built once: every turn's home page reads the officer's plans.
_PLANS_OF = (
    select(Plan).where(col(Plan.officer_id) == bindparam("officer", type_=Integer)).order_by(col(Plan.number))
)


class PlanHeading(NamedTuple):
    """What a list of an officer's plans shows of each (not its text, which stays sealed unread)."""

    id: int
    number: int
    service_areas: list[str]
    delivery_model: str | None
    stage: str | None
    status: str
    advise_others: bool


def plan_headings(session: Session, officer_id: int) -> list[PlanHeading]:
    """An officer's plans in the order they were written, as their home page lists them: plain rows, so
    no plan's text is decrypted and no plan object made for a page built on every turn."""
    session.flush()  # what the turn changed, as a query of the ORM would have flushed it first
    rows = session.connection().execute(_HEADINGS, {"officer": officer_id})
    return [PlanHeading(*row) for row in rows]


_PLANS = cast(Table, sa_inspect(Plan).local_table)
_HEADINGS = (
    select_rows(*(_PLANS.c[name] for name in PlanHeading._fields))
    .where(_PLANS.c.officer_id == bindparam("officer", type_=Integer))
    .order_by(_PLANS.c.number)
)


def plan_by_number(session: Session, officer_id: int, number: int) -> Plan:
    """An officer's plan by the number they see, or a polite error."""
    plan = session.exec(select(Plan).where(Plan.officer_id == officer_id, Plan.number == number)).first()
    if plan is None:
        raise UserFacingError(wording.NO_SUCH_PLAN.format(number=number))
    return plan


def fields_of(plan: Plan) -> PlanFields:
    """The confirmed fields of a plan."""
    return PlanFields(
        service_areas=tuple(plan.service_areas),
        delivery_model=plan.delivery_model,
        stage=plan.stage,
        timeline_year=plan.timeline_year,
        timeline_month=plan.timeline_month,
    )


def create_plan(
    session: Session,
    officer_id: int,
    *,
    text: str,
    fields: PlanFields,
    now: datetime,
    number: int | None = None,
) -> Plan:
    """Store a confirmed plan under the officer's next number (`number`, when the caller read it already)."""
    if number is None:
        highest = session.exec(select(func.max(Plan.number)).where(Plan.officer_id == officer_id)).one()
        number = (highest or 0) + 1
    plan = Plan(officer_id=officer_id, number=number, text=text, created_at=now, updated_at=now)
    apply_fields(plan, fields, now=now)
    session.add(plan)
    session.flush()
    return plan


def apply_fields(plan: Plan, fields: PlanFields, *, now: datetime) -> None:
    """Overwrite a plan's confirmed fields."""
    plan.service_areas = list(fields.service_areas)
    plan.delivery_model = fields.delivery_model
    plan.stage = fields.stage
    plan.timeline_year = fields.timeline_year
    plan.timeline_month = fields.timeline_month
    plan.updated_at = now


def set_status(session: Session, plan: Plan, status: PlanStatus, *, now: datetime) -> None:
    """Pause, resume or withdraw a plan."""
    plan.status = status
    plan.updated_at = now
    session.add(plan)
