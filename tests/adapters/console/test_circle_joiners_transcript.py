"""Two later officers join a formed circle at the console, all in words: the first, once a member has
said yes to her, is asked about the second like the members; her "welcome them" introduces the two; a
member who said not now to her never learns who she is; and three weeks on each side of each of those
introductions is asked once whether they talked."""

from __future__ import annotations

from pathlib import Path

from tests.adapters.console.test_transcripts import Officer

ANNA, BEN, CARA, DEV = (
    "anna.zorblat@camden.gov.uk",
    "ben.vexmoor@leeds.gov.uk",
    "cara.plimsk@cardiff.gov.uk",
    "dev.ostrang@hackney.gov.uk",
)
EVE, FAY = "eve.quorn@bristol.gov.uk", "fay.rundle@manchester.gov.uk"
PLANS = {
    ANNA: "We are moving our library service to a staff mutual, options appraisal, April 2027",
    BEN: "Exploring spinning out our libraries as a staff mutual",
    CARA: "Libraries into a staff-led mutual, business case, 2027",
    DEV: "Our library service could become a staff mutual, early thinking, 2027",
    EVE: "Our library service might become a staff mutual, options appraisal, 2027",
    FAY: "Our libraries could be run by a staff mutual, options appraisal, 2027",
}
ABOUT_A_NEWCOMER = "introduced you to an officer who joined it. Did you talk?"
ABOUT_A_MEMBER = "introduced you to one of its members. Did you talk?"


def to(officer: Officer, email: str, *, since: int = 0) -> str:
    """Everything printed to this officer (from line `since` on), as one text."""
    return "\n".join(line for line in officer.notifier.lines[since:] if line.startswith(f"[{email}]"))


def as_(officer: Officer, email: str, *lines: str) -> None:
    officer.type(f"/as {email}")
    for line in lines:
        officer.type(line)


def test_a_later_officer_in_the_circle_welcomes_the_next_and_both_are_followed_up(tmp_path: Path) -> None:
    officer = Officer(tmp_path)
    for email in (ANNA, BEN, CARA, DEV):
        as_(officer, email, PLANS[email], "Looks right")
    for email in (ANNA, BEN, CARA):
        as_(officer, email, "join the circle")
    as_(officer, DEV, "not now #1")
    as_(officer, EVE, PLANS[EVE], "Looks right", "join the circle")
    as_(officer, ANNA, "welcome them")
    as_(officer, BEN, "not now")
    as_(officer, FAY, PLANS[FAY], "Looks right")
    assert "Officers in 5 councils, yours included" in to(officer, FAY)
    before = len(officer.notifier.lines)
    as_(officer, FAY, "join the circle")
    asked = to(officer, EVE, since=before)
    assert "A council with a comparable plan would like to join your circle (possible match #1)" in asked
    assert "Fay" not in asked and "Manchester" not in asked

    as_(officer, EVE, "welcome them")
    assert "Name: Eve Quorn" in to(officer, FAY) and "Name: Fay Rundle" in to(officer, EVE)
    assert "Eve Quorn" not in to(officer, BEN) and "Fay Rundle" not in to(officer, BEN)
    as_(officer, FAY, "my plans")
    assert "possible match #1 (a circle): in a circle with Eve Quorn" in to(officer, FAY)

    before = len(officer.notifier.lines)
    officer.type("/wait 22")
    eves = to(officer, EVE, since=before)
    assert eves.count(ABOUT_A_MEMBER) == 1 and eves.count(ABOUT_A_NEWCOMER) == 1  # she met Anna, then Fay
    assert to(officer, FAY, since=before).count(ABOUT_A_MEMBER) == 1
    assert to(officer, ANNA, since=before).count(ABOUT_A_NEWCOMER) == 1
    for email in (BEN, CARA, DEV):
        assert ABOUT_A_MEMBER not in to(officer, email) and ABOUT_A_NEWCOMER not in to(officer, email)
    as_(officer, EVE, "yes it helped #1")
    assert "Thank you, that's good to hear. Noted, as a count only." in to(officer, EVE)
    as_(officer, EVE, "my plans")
    assert "in a circle with Anna Zorblat, Fay Rundle" in to(officer, EVE)
