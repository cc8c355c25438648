"""The logs of a whole flow, at every level from every logger, hold no plan text, name or email."""

from __future__ import annotations

import logging

import pytest

from bot.clock import ManualClock
from tests.bot.domain.test_double_opt_in import TOM, TOM_PLAN
from tests.bot.domain.test_erasure_complete import (
    PLAINTEXTS,
    ZARA,
    ZARA_NAME,
    ZARA_PLAN,
    zara_writes_and_meets_tom,
)
from tests.support import Desk

SECRETS = (*PLAINTEXTS, ZARA, ZARA_NAME, "Oakridge", "Tom Jones", TOM, "Leisure Contracts Manager")


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Everything logged, as an operator's log collector would keep it (messages, arguments, tracebacks)."""
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), record.exc_text or ""]
    return "\n".join(parts)


def test_a_whole_flow_logs_nothing_personal(
    desk: Desk, clock: ManualClock, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    zara_writes_and_meets_tom(desk)
    desk.say(ZARA, "cancel")
    desk.say(ZARA, "export")
    desk.say(TOM, "edit 7")  # a polite error
    desk.say(TOM, "x" * 5000)  # too long
    # A turn that fails unexpectedly is logged, but only by reference and error type.
    import bot.conversation.describing
    import bot.conversation.reading

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"boom while reading {ZARA_PLAN} from {ZARA}")

    # Where a message is first read, and where a draft is read again: wherever the turn reads it, it fails.
    monkeypatch.setattr(bot.conversation.reading, "draft_from_text", broken)
    monkeypatch.setattr(bot.conversation.describing, "draft_from_text", broken)
    assert "something went wrong" in desk.say(TOM, TOM_PLAN)[0].text
    desk.say(ZARA, "forget me")
    desk.choose(ZARA, "Erase everything")
    assert any("turn failed" in r.getMessage() for r in caplog.records)  # the capture really works
    text = logged(caplog)
    for secret in SECRETS:
        assert secret not in text, f"the logs hold {secret!r}"
