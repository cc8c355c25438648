"""Console translation: typed lines in, printed lines out."""

from __future__ import annotations

from adapters.console.translate import (
    choice_number,
    console_command,
    is_email,
    profile_for,
    render,
)
from bot.conversation.actions import ConfirmDraft, DiscardDraft, encode
from bot.messages import Attachment, Button, Message


def test_every_printed_line_names_its_recipient() -> None:
    message = Message(
        "Hello\nSecond line",
        (Button("Looks right", encode(ConfirmDraft())), Button("Discard", encode(DiscardDraft()))),
    )
    assert render("jane.smith@camden.gov.uk", message) == [
        "[jane.smith@camden.gov.uk] Hello",
        "[jane.smith@camden.gov.uk] Second line",
        "[jane.smith@camden.gov.uk]   1) Looks right",
        "[jane.smith@camden.gov.uk]   2) Discard",
    ]


def test_attachments_are_printed_in_full() -> None:
    lines = render("a@b.gov.uk", Message("Here", attachment=Attachment("x.json", '{\n  "a": 1\n}')))
    assert lines[1:] == [
        "[a@b.gov.uk] (file x.json)",
        "[a@b.gov.uk] {",
        '[a@b.gov.uk]   "a": 1',
        "[a@b.gov.uk] }",
    ]


def test_names_are_guessed_from_the_address() -> None:
    profile = profile_for("jane.smith@camden.gov.uk", "Head of Leisure")
    assert (profile.name, profile.job_title) == ("Jane Smith", "Head of Leisure")
    assert profile_for("o_brien-k@x.gov.uk", None).name == "O Brien K"


def test_console_commands_and_choices() -> None:
    assert console_command("/as jane@camden.gov.uk Head") is not None
    assert console_command("pause 1") is None
    assert choice_number(" 2 ") == 2 and choice_number("2 plans") is None and choice_number("9999999") is None
    assert choice_number("2028") is None  # a year typed for a timeline is words for the bot, not a choice
    assert is_email("jane@camden.gov.uk") and not is_email("jane") and not is_email("a b@c.d")
