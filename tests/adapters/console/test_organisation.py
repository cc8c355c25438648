"""Officers whose email domain we don't know, through the console: which council or organisation they
work for, offered from the directory, with their plan kept aside until that is settled."""

from __future__ import annotations

from pathlib import Path

from tests.adapters.console.test_session import chat, lines_for

PAT = "pat.lee@wfdc-mail.example"
PLAN = "We're outsourcing our libraries to a private provider next year"


def test_initials_offer_the_council_and_choosing_it_does_not_verify(tmp_path: Path) -> None:
    output = chat(f"/as {PAT}\nWFDC\n1\n", tmp_path / "chat.db")
    pat = lines_for(output, PAT)
    offered = pat.index("Is it one of these? If not, choose Another organisation.")
    assert pat[offered + 1 : offered + 3] == [
        "  1) Wyre Forest District Council",
        "  2) Another organisation",
    ]
    noted = next(line for line in pat if line.startswith("Thank you."))
    assert "noted Wyre Forest District Council" in noted and "isn't verified yet" in noted


def test_a_plan_typed_first_is_kept_and_taken_up_once_the_council_is_chosen(tmp_path: Path) -> None:
    output = chat(f"/as {PAT}\n{PLAN}\nwyre forrest\n1\n1\nmy plans\n", tmp_path / "chat.db")
    pat = lines_for(output, PAT)
    kept = next(i for i, line in enumerate(pat) if line.startswith("That sounds like a plan"))
    chosen = next(i for i, line in enumerate(pat) if "noted Wyre Forest District Council" in line)
    assert kept < chosen
    assert pat[chosen + 1] == "Here's what I understood:" and "Service: Libraries" in pat
    assert "Saved as plan 1. Only you can see it." in pat
    assert not any(PLAN in line for line in pat)  # never echoed as a name
    assert any(line.startswith("1. Libraries") for line in pat)


def test_a_plan_typed_instead_of_the_name_is_not_stored_as_the_name(tmp_path: Path) -> None:
    database = tmp_path / "chat.db"
    script = f"/as {PAT}\nLB Camden\n2\n{PLAN}\nRiverside Libraries Trust\n1\nexport\n"
    pat = lines_for(chat(script, database), PAT)
    assert pat.count("What is your organisation called? Type its name.") == 2  # asked again after the plan
    assert "noted Riverside Libraries Trust as your organisation" in "\n".join(pat)
    exported = "\n".join(pat[pat.index("(file notalone-export.json)") :])
    assert '"organisation": "Riverside Libraries Trust"' in exported
    assert PLAN in exported  # kept as the plan's own words, and only there
    assert exported.count(PLAN) == 1


def test_another_organisation_keeps_the_typed_name_unverified(tmp_path: Path) -> None:
    script = f"/as {PAT}\nHackney\n2\nHackney Community Trust\n"
    pat = lines_for(chat(script, tmp_path / "chat.db"), PAT)
    assert "  1) London Borough of Hackney" in pat and "  2) Another organisation" in pat
    noted = next(line for line in pat if line.startswith("Thank you."))
    assert "noted Hackney Community Trust as your organisation" in noted and "isn't verified" in noted


def test_a_name_that_is_no_council_can_be_kept_or_typed_again(tmp_path: Path) -> None:
    script = f"/as {PAT}\nRiverside Leisure Trust\n2\nRiverside Leisure Trust\n1\n"
    pat = lines_for(chat(script, tmp_path / "chat.db"), PAT)
    not_found = "I couldn't find Riverside Leisure Trust among the UK councils I know."
    assert sum(line.startswith(not_found) for line in pat) == 2
    assert pat.count("Which council or organisation do you work for? Type its name.") == 1
    assert any("noted Riverside Leisure Trust as your organisation" in line for line in pat)


def test_forget_me_works_while_the_organisation_is_asked(tmp_path: Path) -> None:
    database = tmp_path / "chat.db"
    script = f"/as {PAT}\n{PLAN}\nforget me\n2\nforget me\n1\n"
    pat = lines_for(chat(script, database), PAT)
    assert pat.count("  1) Erase everything") == 2
    kept = pat.index("Fine, nothing has changed.")
    assert pat[kept + 1].startswith("I don't recognise the email domain wfdc-mail.example.")
    assert pat[-1].startswith("Done. I've erased everything I held about you.")
    # Erased: coming back is a first visit, with no plan text held for them.
    again = lines_for(chat(f"/as {PAT}\nCamden\n1\n", database), PAT)
    assert again[0] == "Hello, Pat. I'm Notalone."
    assert not any("Here's what I understood" in line for line in again)


def test_cancel_drops_the_held_plan_and_help_keeps_the_choices(tmp_path: Path) -> None:
    script = f"/as {PAT}\n{PLAN}\ncancel\nCamden\nhelp\n1\n"
    pat = lines_for(chat(script, tmp_path / "chat.db"), PAT)
    assert "Fine, I've dropped what you wrote. Nothing else has changed." in pat
    assert "Here is what you can do:" in pat
    assert any("noted London Borough of Camden" in line for line in pat)  # the choice still worked
    assert not any("Here's what I understood" in line for line in pat)
