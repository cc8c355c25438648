"""The pack's risks and mitigations, and the ICO's DPIA screening questions answered for Notalone."""

from __future__ import annotations

from bot.admin.data_protection import ServiceFacts
from bot.admin.documents import Block, Heading, Table, para

YES, NO, PARTLY = "Yes", "No", "Partly"


def risks(facts: ServiceFacts) -> tuple[Block, ...]:
    """Risks to officers, what reduces each, and what remains."""
    smallest, expiry = facts.smallest_shown, facts.figures()["expiry"]
    rows = (
        (
            "Another officer works out who is behind a possible match from its four-line summary (service, "
            "kind of change, stage, rough timeline), for example a rare service or a small council.",
            "Before both say yes nothing else crosses: no name, council, email or words. The officer sees "
            "and confirms the four lines before any are shared. Colleagues in one council are not matched "
            "unless its administrators allow it. Matching can be limited to chosen regions or councils, and "
            "named councils can be excluded.",
            "Low to medium: a very unusual plan may still be recognisable to someone who knows the field. "
            "Officers are told exactly what the other side sees.",
        ),
        (
            "An officer learns that a named colleague elsewhere turned them down.",
            f"A no is never shown: the other side sees the offer lapse at its expiry ({expiry}), in the "
            "same words and at the same time as when nobody answered. A declined pair is never proposed "
            "again.",
            "Low.",
        ),
        (
            "A workspace administrator works out what a colleague is planning, or who was matched.",
            f"Administrators see counts by month only. Any count below {smallest} reads 'fewer than "
            f"{smallest}'. They never see plans, possible matches, pairs or names. Consent events are kept "
            "out of the administrators' audit log, because their times could reveal a decline.",
            "Low.",
        ),
        (
            "Figures about other councils ('how many others plan this') are differenced to pick one out.",
            f"Councils are counted, never officers, and never the asker's own council. Counts below "
            f"{smallest} read 'fewer than {smallest}'. Figures come from one snapshot a day, so one "
            "officer's own changes cannot move them. Questions are limited per officer per day.",
            "Low.",
        ),
        (
            "In a peer circle (three to six councils), members infer who else is in it before it forms.",
            f"Every member sees the same four lines and only a size that rule allows ('fewer than "
            f"{smallest} councils', or the number from {smallest}). Contact details are shared only among "
            "members who said yes, once three have. A 'not now' is never shown to anyone.",
            "Low.",
        ),
        (
            "An officer writes personal data about someone else, or special category data (for example "
            "about staff, a trade union or someone's health), into their plan text.",
            "The terms of use ask officers not to. Plan text is encrypted at rest, is never shown to another "
            "officer, administrator or in logs, and is erased by forget me or retention.",
            "Medium: the service cannot stop it being typed. The council may wish to remind officers.",
        ),
        (
            "Someone with a copy of the database or a backup reads plans, names or emails.",
            "Plan text, drafts, names, job titles, emails, typed organisation names, platform conversation "
            "references and the outbox are encrypted with Fernet (AES-128-CBC with HMAC-SHA256). Keys "
            "are kept apart from the database and can be rotated with notalone keys rotate.",
            "Low without the key; whoever holds the key can read everything, so keys must be guarded.",
        ),
        (
            "Slack installation tokens, kept in Slack's own tables, are misused.",
            "They are encrypted like the personal fields and re-encrypted by notalone keys rotate, and they "
            "act only as the Notalone bot in that workspace. The database should be reachable only from the "
            "service.",
            "Low without the key.",
        ),
        (
            "An officer who has left the council stays on record.",
            "Plans untouched for the workspace's retention period are deleted after a warning. The officer "
            "record itself (name, job title, email) stays until the officer types forget me.",
            "Medium: the council should agree with the operator how leavers' records are erased.",
        ),
        (
            "Someone who should not be in a workspace (a journalist, say) uses Notalone there.",
            "They see only their own plans and, for a possible match, the four-line summary. Workspaces "
            "can be limited to their councils' email domains; others are refused and nothing is kept.",
            "Low.",
        ),
        (
            "Erased data remains in backups or database files.",
            "Erasure deletes every row about the officer; on SQLite freed space is zeroed. What PostgreSQL "
            "and backups keep is ciphertext, unreadable without the key.",
            "Low, for as long as backups are kept: set a backup retention period.",
        ),
    )
    return (
        Heading(2, "8. Risks and how they are reduced"),
        para(
            "Each risk is to the officers whose data Notalone holds. Residual risk is our suggestion; the "
            "council should make its own judgement."
        ),
        Table(
            "Risks, mitigations and residual risk",
            ("No.", "Risk", "What reduces it", "Residual risk"),
            tuple((str(number), *row) for number, row in enumerate(rows, start=1)),
        ),
    )


def screening() -> tuple[Block, ...]:
    """The ICO's DPIA screening checklist, each question answered honestly for Notalone."""
    rows = (
        (
            "Systematic and extensive profiling or automated decision-making to make significant decisions "
            "about people",
            NO,
            "A model suggests which plans are comparable. Nothing happens unless both officers say yes; no "
            "decision with legal or similarly significant effect is made about anyone.",
        ),
        ("Special category or criminal offence data on a large scale", NO, "None is asked for. See risk 6."),
        ("Systematic monitoring of a publicly accessible place", NO, "None."),
        (
            "New technologies",
            PARTLY,
            "A text-similarity model (scikit-learn, run inside the service; no external AI service) reads "
            "plan text to find comparable plans. It is not novel technology, but it is new to this use.",
        ),
        (
            "Profiling, automated decision-making or special category data to decide access to a service, "
            "opportunity or benefit",
            NO,
            "Being offered a possible match is an opportunity, but the officer decides whether to take it "
            "up.",
        ),
        ("Profiling on a large scale", NO, "Plans are compared, not people evaluated."),
        ("Biometric or genetic data", NO, "None."),
        (
            "Combining, comparing or matching data from multiple sources",
            YES,
            "Matching officers' plans across councils is this in substance: plans from many organisations "
            "are compared to find comparable ones. This is the purpose of the service, and the reason a "
            "DPIA is advisable.",
        ),
        (
            "Processing without giving a privacy notice directly to the individual (invisible processing)",
            NO,
            "Officers start every exchange themselves. /privacy is linked from the Slack App Home, the Teams "
            "app and the web pages, and the bot answers questions about privacy.",
        ),
        (
            "Tracking individuals' location or behaviour",
            NO,
            "None. When an officer last wrote is kept for running the service, not to monitor them.",
        ),
        ("Children's data, or online services offered to children", NO, "Officers are adults at work."),
        (
            "Data that could cause a risk of physical harm if breached",
            PARTLY,
            "Unlikely. But leaked plans (a planned outsourcing, say) could harm an officer's standing or "
            "relations with colleagues, unions or members. Hence encryption and the double opt-in.",
        ),
        ("Evaluation or scoring", PARTLY, "Plans, not people, are scored for how comparable they are."),
        ("Systematic monitoring", NO, "None."),
        (
            "Sensitive data or data of a highly personal nature",
            PARTLY,
            "Plans are commercially and politically sensitive work information, not personal in nature; "
            "see risk 6 for personal data typed into them.",
        ),
        (
            "Processing on a large scale",
            NO,
            "Officers involved in service changes across councils: many organisations, but few people in "
            "each and a narrow set of data.",
        ),
        (
            "Vulnerable data subjects",
            PARTLY,
            "The data subjects are employees acting in their work role. Employees can be treated as "
            "vulnerable because of the imbalance of power with their employer: use is voluntary, and "
            "employers' administrators see counts only, never who uses it or for what.",
        ),
        (
            "Innovative technological or organisational solutions",
            PARTLY,
            "Confidential matching between councils is a new way of working.",
        ),
        (
            "Processing that prevents people exercising a right or using a service or contract (denial of "
            "service)",
            NO,
            "Nobody is refused a service because of it. Officers can export, correct, pause, withdraw or "
            "erase at any time.",
        ),
        (
            "Data about employees",
            YES,
            "All data subjects are employees of councils and other public bodies, acting in their work role.",
        ),
    )
    return (
        Heading(2, "9. ICO DPIA screening questions"),
        para(
            "The Information Commissioner's Office's DPIA screening checklist, answered for Notalone. On "
            "these answers a DPIA is advisable; this pack is written to be its starting point."
        ),
        Table("The ICO's screening questions", ("Question", "Answer", "Why"), rows),
    )
