"""`notalone governance` writes the data-protection pack from the configuration, through the real command."""

from __future__ import annotations

import re
from pathlib import Path

from tests.adapters.processes import environment, notalone


def pack(folder: Path, **variables: str) -> tuple[str, str, str]:
    """Run the command as an operator would; returns its output, the Markdown and the HTML."""
    shown = notalone("governance", "--out", str(folder), env=environment(**variables))
    assert shown.returncode == 0, shown.stderr
    return (
        shown.stdout,
        (folder / "dpia.md").read_text(encoding="utf-8"),
        (folder / "dpia.html").read_text(encoding="utf-8"),
    )


def test_the_pack_states_the_configured_figures_and_controller(tmp_path: Path) -> None:
    said, markdown, html = pack(
        tmp_path / "set",
        NOTALONE_PROPOSAL_EXPIRY_DAYS="9",
        NOTALONE_FOLLOW_UP_DAYS="30",
        NOTALONE_CONTROLLER_NAME="Borsetshire County Council",
        NOTALONE_CONTACT_EMAIL="privacy@borsetshire.gov.uk",
        DATABASE_URL="postgresql+psycopg://notalone:hunter2@db.internal:5432/notalone",
    )
    assert "dpia.md" in said and "NOTALONE_CONTROLLER_NAME" not in said
    for text in (markdown, html):
        assert "lapses after 9 days" in text and "asked once, 30 days after it" in text
        assert "Borsetshire County Council" in text and "privacy@borsetshire.gov.uk" in text
        assert "PostgreSQL" in text
        assert "hunter2" not in text and "db.internal" not in text  # never the database's address
        assert "lapses after 14 days" not in text  # the default expiry is nowhere once it is changed
    # Read from the models: plan text is encrypted, its service areas are not.
    assert re.search(r"\| text \| the plan in the officer's own words \| yes \|", markdown)
    assert re.search(r"\| service\\_areas \| [^|]+ \| no \|", markdown)


def test_without_a_controller_the_pack_says_the_operator_must_name_one(tmp_path: Path) -> None:
    said, markdown, html = pack(tmp_path / "unset", DATABASE_URL=f"sqlite:///{tmp_path / 'n.db'}")
    assert "Set NOTALONE_CONTROLLER_NAME" in said
    assert "lapses after 14 days" in markdown and "SQLite file" in markdown
    assert "no data controller is named" in markdown and "no data controller is named" in html
    assert not (tmp_path / "n.db").exists()  # the pack reads no database


def test_the_html_pack_is_one_accessible_printable_page(tmp_path: Path) -> None:
    _, _, html = pack(tmp_path, NOTALONE_CONTROLLER_NAME="A <b>bold</b> council")
    assert '<html lang="en-GB">' in html and html.count("<h1>") == 1
    assert "<main>" in html and "@media print" in html and "<caption>" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; council" in html and "<b>bold" not in html
    assert not re.search(r"(src|href)=\"https?:", html)  # nothing fetched from elsewhere
    assert "<script" not in html and "<link" not in html
    for question in ("Combining, comparing or matching data from multiple sources", "Data about employees"):
        assert question in html
