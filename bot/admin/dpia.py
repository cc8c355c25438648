"""The data-protection pack: a draft DPIA for the council's data protection officer, from the facts."""

from __future__ import annotations

from bot.admin.data_protection import ServiceFacts, TableFacts, inventory
from bot.admin.documents import Block, Document, Heading, Table, bullets, para
from bot.admin.dpia_risks import risks, screening
from bot.storage.inventory import Holds

TITLE = "Notalone: data protection pack"


def dpia(facts: ServiceFacts) -> Document:
    """The whole pack: a starting point for the controller's DPIA, every figure as configured."""
    tables = inventory(facts)
    blocks: list[Block] = [*_about(facts), *_processing(facts), *_lawful_basis(), *_data(tables)]
    blocks += [*_flows(facts), *_retention(facts), *_rights(facts), *_security(facts)]
    blocks += [*risks(facts), *screening(), *_sign_off()]
    return Document(TITLE, tuple(blocks))


def _about(facts: ServiceFacts) -> tuple[Block, ...]:
    blocks: list[Block] = [
        Heading(2, "About this pack"),
        para(
            "This pack is for the information governance or data protection officer of an organisation "
            "deciding whether to switch Notalone on. It was produced by the notalone governance command "
            "from this service's own configuration and code, so every period and figure in it is the one "
            "the service applies now. It is a starting point for your data protection impact assessment "
            "(DPIA): the choices marked as yours (the lawful basis, residual risk, sign-off) are for you."
        ),
    ]
    if not facts.controller_set:
        blocks.append(
            para(
                "Action for the operator: no data controller is named. Set NOTALONE_CONTROLLER_NAME (and "
                "NOTALONE_CONTACT_EMAIL) to the organisation that runs this service, then produce this "
                "pack again. Until then the privacy page says the same."
            )
        )
    return tuple(blocks)


def _processing(facts: ServiceFacts) -> tuple[Block, ...]:
    contact = facts.contact_email or "not set (NOTALONE_CONTACT_EMAIL)"
    dpo = facts.dpo_email or "not set (NOTALONE_DPO_EMAIL)"
    platforms = [name for name, on in (("Slack", facts.slack), ("Microsoft Teams", facts.teams)) if on]
    return (
        Heading(2, "1. The processing in brief"),
        para(
            "Council officers planning to outsource, spin out, share or bring back in house a service often "
            "cannot talk about it openly. Notalone is a chat bot on Slack and Microsoft Teams: an officer "
            "describes a plan in private, Notalone finds officers in other organisations planning something "
            "comparable, and introduces them only when both say yes."
        ),
        Table(
            "Who is responsible",
            ("Item", "This service"),
            (
                ("Data controller", facts.controller),
                ("Privacy contact", contact),
                ("Data protection officer", dpo),
                ("Platforms switched on", ", ".join(platforms) or "none yet (browser trial only)"),
                ("Where the data is stored", facts.database),
            ),
        ),
        para(
            "Each organisation whose officers use Notalone is likely to be a controller of its own officers' "
            "use of it, or a joint controller with the operator. Agree who answers officers' requests and "
            "who reports a breach before switching it on."
        ),
    )


def _lawful_basis() -> tuple[Block, ...]:
    return (
        Heading(2, "2. Purpose and lawful basis"),
        para(
            "Purpose: to let public servants find and, with both sides' agreement, meet peers in other "
            "public bodies planning comparable service changes, so that decisions about public services are "
            "better informed. The data is not used for anything else: not for marketing, performance "
            "management or research about individuals."
        ),
        para("Suggested lawful basis under UK GDPR Article 6, for the controller to choose:"),
        bullets(
            "Article 6(1)(e), public task, where the controller is a council or other public authority: "
            "sharing practice with other public bodies supports its functions and its duty to secure best "
            "value. The controller should name the power it relies on (for a council in England, for "
            "example, the general power of competence in section 1 of the Localism Act 2011).",
            "Article 6(1)(f), legitimate interests, where the controller is not a public authority (a "
            "membership body or a company running Notalone for councils). Public authorities cannot rely "
            "on it for their public tasks. A legitimate interests assessment would note that officers take "
            "part by choice, in their work role, and that nothing is shared without their agreement.",
        ),
        para(
            "Consent is not suggested as the lawful basis: the data subjects are employees, and their "
            "agreement to an introduction is a safeguard built into the service rather than the basis for "
            "processing. No special category data (Article 9) or criminal offence data (Article 10) is "
            "asked for; see risk 6 for what an officer might type."
        ),
    )


def _data(tables: tuple[TableFacts, ...]) -> tuple[Block, ...]:
    held = [table for table in tables if table.holds != Holds.NONE]
    other = [table.name for table in tables if table.holds == Holds.NONE]
    blocks: list[Block] = [
        Heading(2, "3. Whose data, and what is held"),
        para(
            "Data subjects: officers of councils and other public bodies who write to Notalone, acting in "
            "their work role; workspace administrators (their platform ids); and, only if an officer "
            "writes about them, other people named in plan text."
        ),
        para(
            "The tables below are generated from the database's own table definitions. A column is shown "
            "as encrypted when its type seals it; that is read from the code, not written by hand."
        ),
        Table(
            "Tables holding personal or plan data",
            ("Table", "Holds", "Why", "How long", "Encrypted columns"),
            tuple(
                (t.name, t.holds.value, t.purpose, t.retention, ", ".join(t.sealed_columns) or "none")
                for t in held
            ),
        ),
    ]
    for table in held:
        blocks.append(Heading(3, f"Table {table.name}"))
        blocks.append(
            Table(
                f"Columns of {table.name}",
                ("Column", "What it holds", "Encrypted"),
                tuple((c.name, c.description, "yes" if c.sealed else "no") for c in table.columns),
            )
        )
    blocks.append(
        para(
            "Tables holding no personal data (settings, the daily landscape snapshot of councils, circles' "
            "shared summaries, Slack's sign-in and bot records): " + ", ".join(other) + "."
        )
    )
    return tuple(blocks)


def _flows(facts: ServiceFacts) -> tuple[Block, ...]:
    return (
        Heading(2, "4. Where the data goes, and who processes it"),
        bullets(
            "An officer writes on Slack or Teams. The platform sends it to Notalone's web process, which "
            "checks it came from the platform, stores it encrypted and acknowledges it.",
            "A worker process reads it, runs the conversation and matching, and writes the replies "
            "(encrypted) to an outbox in the same database; they are sent through the platform and "
            "deleted once the platform takes them.",
            f"Everything is stored in {facts.database}.",
            "Matching runs inside Notalone. No data is sent to any other service: no analytics, no "
            "advertising, no external AI service.",
        ),
        Table(
            "Processors",
            ("Processor", "What it does", "Applies here"),
            (
                (
                    "Slack (Salesforce)",
                    "Carries officers' messages to and from Notalone; holds them under the workspace's own "
                    "Slack agreement and retention settings.",
                    "yes" if facts.slack else "not switched on",
                ),
                (
                    "Microsoft (Teams, Azure Bot Service)",
                    "Carries officers' messages to and from Notalone; holds them under the tenant's own "
                    "Microsoft agreement and retention settings.",
                    "yes" if facts.teams else "not switched on",
                ),
                (
                    "The hosting platform and database provider",
                    "Runs Notalone's processes and database, chosen by the operator. Check where it keeps "
                    "data and its backups (UK, EEA or elsewhere).",
                    "yes",
                ),
            ),
        ),
        para(
            "Slack and Microsoft may process data outside the UK under their own international transfer "
            "arrangements; the controller should check these against its own agreements with them."
        ),
    )


def _retention(facts: ServiceFacts) -> tuple[Block, ...]:
    figures = facts.figures()
    reminder = (
        f"one reminder to each side yet to answer, {figures['reminder']} before it lapses"
        if 0 < facts.proposal_reminder_days < facts.proposal_expiry_days
        else "no reminder (NOTALONE_PROPOSAL_REMINDER_DAYS is 0 or not less than the expiry)"
    )
    return (
        Heading(2, "5. How long data is kept, and erasure"),
        Table(
            "Retention periods, as configured",
            ("What", "How long", "Set by"),
            (
                (
                    "Possible match left unanswered",
                    f"lapses after {figures['expiry']}",
                    "NOTALONE_PROPOSAL_EXPIRY_DAYS; a workspace may set fewer",
                ),
                ("Reminder before a possible match lapses", reminder, "NOTALONE_PROPOSAL_REMINDER_DAYS"),
                (
                    "'Did you talk?' after an introduction",
                    f"asked once, {figures['follow_up']} after it",
                    "NOTALONE_FOLLOW_UP_DAYS",
                ),
                (
                    "Plan untouched",
                    f"{figures['retention_months']} by default (1 to 120 months per "
                    f"workspace), then deleted {figures['notice']} after a warning unless kept",
                    "each workspace's administrators",
                ),
                (
                    "Officer record (name, job title, email)",
                    "until the officer types forget me",
                    "the officer",
                ),
                (
                    "Rate-limit counters",
                    f"{figures['counts_kept']} (plans added: {figures['plan_counts_kept']})",
                    "fixed in the code",
                ),
                (
                    "Message waiting to be sent",
                    f"until the platform takes it; dropped after "
                    f"{figures['delivery_attempts']} refused attempts",
                    "NOTALONE_DELIVERY_ATTEMPTS",
                ),
            ),
        ),
        para(
            "Forget me: an officer types forget me and confirms. Every row about them is deleted in one "
            "transaction: their details, plans, drafts, their side of possible matches and circles, answers, "
            "audit trail, platform address and messages waiting to be sent to them or carrying their "
            "contact details. A possible match still open lapses for the other officer at its usual time, "
            "who is not told why. Anyone they were already introduced to keeps what both agreed to share."
        ),
        para(
            "Backups: Notalone does not make backups; the hosting platform or database provider does. "
            "Backups hold the encrypted form only. Set a backup retention period, and after a key rotation "
            "let backups under the old key age out. On SQLite, freed space is zeroed after an erasure; "
            "on PostgreSQL the worker vacuums the erased tables after an erasure, so deleted rows' "
            "encrypted form does not linger in the tables (the write-ahead log, replicas and backups keep "
            "it until they roll over)."
        ),
    )


def _rights(facts: ServiceFacts) -> tuple[Block, ...]:
    contact = facts.contact_email or "the controller's privacy contact"
    return (
        Heading(2, "6. Officers' rights, and how each is met"),
        Table(
            "Data subjects' rights",
            ("Right", "How it is met"),
            (
                (
                    "To be informed",
                    "The /privacy page, linked from the Slack App Home, the Teams app and "
                    "the web pages; the bot answers questions such as 'is this confidential?'.",
                ),
                ("Of access", "The officer types export and receives everything held about them, at once."),
                (
                    "To rectification",
                    "edit and a plan's number corrects a plan. Name, job title and email "
                    "come from the officer's platform profile and are refreshed from it.",
                ),
                (
                    "To erasure",
                    "The officer types forget me (see section 5); withdraw and a number removes "
                    "one plan from matching.",
                ),
                (
                    "To restrict processing",
                    "pause and a number (or pause all) stops matching a plan until resume.",
                ),
                ("To object", "withdraw a plan, or forget me. Taking part is voluntary throughout."),
                ("To data portability", "export gives a structured JSON file."),
                (
                    "Automated decision-making",
                    "None with legal or similarly significant effect: a "
                    "possible match is only a suggestion, and nothing happens unless both say yes.",
                ),
                ("Anything else", f"Write to {contact}."),
            ),
        ),
    )


def _security(facts: ServiceFacts) -> tuple[Block, ...]:
    keys = (
        "keys are given in NOTALONE_SECRET_KEY"
        if facts.keys_from_environment
        else "the key is in a key file on the server, readable by its owner only (set NOTALONE_SECRET_KEY "
        "to keep it apart from the server's disk)"
    )
    return (
        Heading(2, "7. Security measures"),
        bullets(
            "Encryption at rest: plan text, drafts, officers' names, job titles and emails, typed "
            "organisation names, platform conversation references, events waiting to be handled, the "
            "outbox and Slack's installation tokens are encrypted with Fernet (AES-128-CBC with "
            f"HMAC-SHA256); {keys}.",
            "Key rotation: notalone keys generate makes a new key; notalone keys rotate re-encrypts "
            "everything under it, in batches, resumably.",
            "Every request is checked as coming from Slack (signing secret) or Microsoft (Bot Framework "
            "token) before anything is read or stored; a forged or replayed request changes nothing.",
            "Logs carry ids only: never message text, plan text, names or emails.",
            f"Administrators see counts only, never plans, matches or names; any count below "
            f"{facts.smallest_shown} reads 'fewer than {facts.smallest_shown}'.",
            "Abuse limits: messages per minute per officer and per workspace, plans per day, and questions "
            "about other councils per day, counted under a keyed hash that survives erasure.",
            "Serve it behind HTTPS. SECURITY.md in the source describes each measure and the test that "
            "proves it.",
        ),
    )


def _sign_off() -> tuple[Block, ...]:
    return (
        Heading(2, "10. Sign-off"),
        Table(
            "For the controller to complete",
            ("Item", "Name and date"),
            (
                ("Lawful basis chosen", ""),
                ("Residual risks accepted by", ""),
                ("Data protection officer's advice", ""),
                ("Approved by", ""),
                ("Review date", ""),
            ),
        ),
    )
