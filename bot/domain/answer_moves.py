"""Moving one answer about a circle (a member's, a later officer's, or a member's about a later officer)
from one value to another in one conditional UPDATE.

The UPDATE holds only while the row still reads the answer it is moved from and while what it answers
is still open: the circle (a member's answer), the later officer's own request (theirs), or that
request, said yes to (a member's about them). Undoing a move holds whether open or not. The database
serialises two processes moving the same row, so exactly one finds it as it was, whatever the answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, true, update
from sqlmodel import Session, col

from bot.storage.models import Circle, CircleAnswer, CircleMember, CircleRequest, CircleState, CircleWelcome

OPEN_STATES = (CircleState.OFFERED, CircleState.FORMED)

Answered = type[CircleMember] | type[CircleRequest] | type[CircleWelcome]


def request_open(*, now: datetime) -> ColumnElement[bool]:
    """A later officer's request that has neither lapsed nor passed its expiry."""
    return and_(col(CircleRequest.lapse_notified).is_(False), col(CircleRequest.expires_at) > now)


def _still_open(model: Answered, *, now: datetime) -> ColumnElement[bool]:
    if model is CircleRequest:
        return request_open(now=now)
    if model is CircleWelcome:
        return exists().where(
            col(CircleRequest.id) == col(CircleWelcome.request_id),
            request_open(now=now),
            col(CircleRequest.answer) == CircleAnswer.YES,
        )
    return exists().where(
        col(Circle.id) == col(CircleMember.circle_id),
        col(Circle.state).in_(OPEN_STATES),
        col(Circle.lapse_notified).is_(False),
        col(Circle.expires_at) > now,
    )


def move_answer(
    session: Session,
    model: Answered,
    row_id: int | None,
    *,
    was: CircleAnswer,
    to: CircleAnswer,
    now: datetime | None,
    answered_at: datetime | None,
) -> bool:
    """Set the row's answer to `to` (and when it was given) if it still reads `was` and what it answers
    is still open at `now` (`now=None`: open or not, to undo a move); whether this call moved it."""
    if row_id is None:
        return False
    opened = _still_open(model, now=now) if now is not None else true()
    moved = session.execute(
        update(model)
        .where(col(model.id) == row_id, col(model.answer) == was, opened)
        .values({col(model.answer): to, col(model.answered_at): answered_at})
        .returning(col(model.id))
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    return moved is not None
