"""`notalone governance`: the data-protection pack for an organisation's information governance officer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.settings import Settings

MARKDOWN_NAME = "dpia.md"
HTML_NAME = "dpia.html"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `governance` command."""
    command = subparsers.add_parser(
        "governance",
        help="write the data-protection pack (a draft DPIA) for your information governance officer",
        description="Writes dpia.md (Markdown) and dpia.html (one printable page) to DIR: what personal "
        "data Notalone holds, why, where, whether encrypted and for how long; the suggested lawful basis; "
        "processors; retention and erasure; officers' rights; security; risks; and the ICO's DPIA "
        "screening questions answered. Every figure is this configuration's (the same environment as "
        "`notalone serve`); set NOTALONE_CONTROLLER_NAME and NOTALONE_CONTACT_EMAIL first. Reads no "
        "database.",
    )
    command.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the pack to")


def run(arguments: argparse.Namespace, settings: Settings, *, out: TextIO = sys.stdout) -> int:
    """Write the pack's two files and say where they are."""
    # Imported here: `notalone --help` reads this module for its options only.
    from adapters.host.markdown import to_markdown
    from adapters.web.documents import printable
    from bot.admin.data_protection import service_facts
    from bot.admin.dpia import dpia

    facts = service_facts(settings)
    document = dpia(facts)
    note = (
        "Produced by notalone governance from this service's configuration. A draft for the data "
        f"controller ({facts.controller}) to complete and sign off."
    )
    folder: Path = arguments.out
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKDOWN_NAME).write_text(to_markdown(document, note=note), encoding="utf-8")
    (folder / HTML_NAME).write_text(printable(document, note=note), encoding="utf-8")
    print(f"Wrote {folder / MARKDOWN_NAME} and {folder / HTML_NAME}.", file=out)
    if not facts.controller_set:
        print("Set NOTALONE_CONTROLLER_NAME to name the data controller, then run this again.", file=out)
    return 0
