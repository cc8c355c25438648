"""A whole multi-officer session run from a file through `notalone chat`, as a person would."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

SESSION = """\
/as jane.smith@camden.gov.uk Head of Leisure
We're spinning our leisure centres out into a staff mutual, business case stage, live next April
1
/as tom.jones@hackney.gov.uk
We are exploring moving our sports centres and pools into a staff mutual
1
1
/as jane.smith@camden.gov.uk
7
1
my plans
/as ann.brown@leeds.gov.uk
Leeds may move its sports centres and swimming pools into a leisure trust
1
2
/wait 15
/as nobody
/quit
this line is never read
"""


def chat(script: str, database: Path, *options: str, model_cache: Path | None = None) -> list[str]:
    # The key file is made on the first run, as on a user's machine, and found again after a restart.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "NOTALONE_KEY_FILE": f"{database}.key"}
    if model_cache is not None:
        env["NOTALONE_MODEL_CACHE"] = str(model_cache)
    result = subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", "chat", *options],
        input=script,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # generous: only a hang should hit it, never a busy machine
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def lines_for(output: list[str], email: str) -> list[str]:
    prefix = f"[{email}] "
    return [line[len(prefix) :] for line in output if line.startswith(prefix)]


def test_a_scripted_session_reaches_an_introduction_and_a_lapse(tmp_path: Path) -> None:
    output = chat(SESSION, tmp_path / "chat.db")
    jane = lines_for(output, "jane.smith@camden.gov.uk")
    tom = lines_for(output, "tom.jones@hackney.gov.uk")
    ann = lines_for(output, "ann.brown@leeds.gov.uk")

    assert "Here's what I understood:" in jane and "Timeline: April 2027" in jane
    assert "Saved as plan 1. Only you can see it." in jane
    assert "There's no choice 7. Type a number from 1 to 3." in output
    assert "Name: Tom Jones" in jane and "Email: tom.jones@hackney.gov.uk" in jane
    assert "Name: Jane Smith" in tom and "Job title: Head of Leisure" in tom
    assert "   - possible match #1: introduced to Tom Jones" in jane
    # Ann's possible matches are the second and third made, with Tom then Jane: she counts only her own,
    # and nobody is shown a proposal's id.
    assert [line for line in ann if line.startswith("Possible match #")][:2] == [
        "Possible match #1 for your plan 1",
        "Possible match #2 for your plan 1",
    ]
    assert not any("#3" in line for line in output)
    # Ann declined Tom (choice 2 on her latest proposal); after the wait, Jane's offer to Ann lapses.
    assert any(line.startswith("Understood: no introduction for possible match #") for line in ann)
    assert any("has lapsed" in line for line in jane)
    assert not any("Ann" in line or "Leeds" in line for line in jane + tom)
    assert "That doesn't look like an email address. Try /as jane.smith@camden.gov.uk" in output
    assert not any("this line is never read" in line for line in output if not line.startswith(">"))
    assert "> this line is never read" not in output


def test_the_same_database_carries_on_after_a_restart(tmp_path: Path) -> None:
    database = tmp_path / "chat.db"
    chat("/as jane.smith@camden.gov.uk\nOur libraries may become a charitable trust\n", database)
    output = chat("/as jane.smith@camden.gov.uk\n1\nmy plans\n", database)
    jane = lines_for(output, "jane.smith@camden.gov.uk")
    assert "You have an unfinished plan. Here it is again:" in jane
    assert "Saved as plan 1. Only you can see it." in jane
    assert any(line.startswith("1. Libraries") for line in jane)


def test_fresh_starts_with_nobody_and_leaves_the_saved_database_alone(tmp_path: Path) -> None:
    saved = tmp_path / "chat.db"
    chat("/as jane.smith@camden.gov.uk\nOur libraries may become a charitable trust\n1\n", saved)
    before = saved.read_bytes()
    first = chat(SESSION, saved, "--fresh")
    assert chat(SESSION, saved, "--fresh") == first  # the same session, the same transcript
    jane = lines_for(first, "jane.smith@camden.gov.uk")
    assert "You have an unfinished plan. Here it is again:" not in jane
    assert "Saved as plan 1. Only you can see it." in jane  # not plan 2: her saved plan is elsewhere
    assert saved.read_bytes() == before


def test_a_session_can_be_kept_in_a_file_of_ones_choosing(tmp_path: Path) -> None:
    chosen = tmp_path / "workshop.db"
    chat(
        "/as jane.smith@camden.gov.uk\nOur libraries may become a charitable trust\n1\n",
        tmp_path / "x.db",
        "--database",
        str(chosen),
    )
    # ...a path or a URL: the same file either way.
    output = chat(
        "/as jane.smith@camden.gov.uk\nmy plans\n", tmp_path / "x.db", "--database", f"sqlite:///{chosen}"
    )
    assert any(line.startswith("1. Libraries") for line in lines_for(output, "jane.smith@camden.gov.uk"))
    assert not (tmp_path / "x.db").exists()


def test_waiting_runs_every_job_a_worker_would_have_run_on_those_days(tmp_path: Path) -> None:
    script = """\
/as jane.smith@camden.gov.uk
We're spinning our leisure centres out into a staff mutual, business case stage, live next April
1
/as tom.jones@hackney.gov.uk
We are exploring moving our sports centres and pools into a staff mutual
1
/wait 20
"""
    output = chat(script, tmp_path / "chat.db", "--fresh")
    waited = output.index("> /wait 20")
    jane = lines_for(output[waited:], "jane.smith@camden.gov.uk")
    tom = lines_for(output[waited:], "tom.jones@hackney.gov.uk")
    # Neither answered: each is reminded before the offer lapses, then told it lapsed, as in service.
    for after in (jane, tom):
        reminded = next(i for i, line in enumerate(after) if line.startswith("A reminder: possible match #1"))
        lapsed = next(
            i for i, line in enumerate(after) if line.startswith("Possible match #1 for your plan 1 has")
        )
        assert reminded < lapsed


def test_typing_before_choosing_an_officer_says_what_to_do(tmp_path: Path) -> None:
    output = chat("hello\n1\n", tmp_path / "chat.db")
    assert output.count("Type /as followed by a work email first, e.g. /as jane.smith@camden.gov.uk") == 2


def test_at_a_terminal_it_greets_and_prompts(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tty.db'}",
        "NOTALONE_KEY_FILE": str(tmp_path / "tty.key"),
        "TERM": "dumb",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.host.cli", "chat"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    seen = b""
    try:
        os.write(controller, b"/as jane.smith@camden.gov.uk\n")
        os.write(controller, b"help\n")
        os.write(controller, b"/quit\n")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if select.select([controller], [], [], 0.2)[0]:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the console closed the terminal on leaving
                    break
                if not chunk:
                    break
                seen += chunk
            elif process.poll() is not None:
                break
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    text = seen.decode()
    assert "Notalone console. Type /as EMAIL" in text
    assert "nobody> " in text and "jane.smith@camden.gov.uk> " in text
    assert "[jane.smith@camden.gov.uk] Here is what you can do:" in text


def test_the_trained_reader_is_kept_for_the_next_start_even_when_the_session_ends_at_once(
    tmp_path: Path,
) -> None:
    # The console has the reader's model trained while the person types, by a process of its own that
    # keeps it; quitting straight away doesn't wait for it (exit 0, nothing on stderr) nor stop it, so the
    # next start reads it instead of training again.
    kept = tmp_path / "models"
    started = time.monotonic()
    assert chat("/quit\n", tmp_path / "chat.db", model_cache=kept)[-1]
    while not list(kept.glob("*.npz")) and time.monotonic() - started < 300:  # a busy machine: minutes
        time.sleep(0.2)
    assert [p.suffix for p in kept.iterdir()] == [".npz"]
