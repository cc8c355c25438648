"""Administration in the conversation itself: `admin` shows the settings and statistics to an admin."""

from __future__ import annotations

from bot import wording
from bot.admin.audit import audit_csv, audit_lines
from bot.admin.authority import is_admin
from bot.admin.policy import WorkspaceRef, policy_for
from bot.admin.service import admin_addresses, settings_summary
from bot.admin.stats import stats_text, workspace_stats
from bot.messages import Attachment, Button, ButtonStyle, Message
from bot.turn import Turn

SETTINGS_ACTION = "admin:settings"
STATS_ACTION = "admin:stats"
AUDIT_ACTION = "admin:audit"


def workspace_of_turn(turn: Turn) -> WorkspaceRef:
    """The workspace the acting officer writes from: the only one they may administer."""
    return WorkspaceRef(turn.officer.platform, turn.officer.workspace_id)


def admin_menu_text(turn: Turn) -> str:
    """The settings as text, for an admin."""
    workspace = workspace_of_turn(turn)
    summary = settings_summary(
        policy_for(turn.session, workspace),
        admin_addresses(turn.session, workspace),
        directory=turn.directory,
        defaults=turn.service_defaults,
    )
    return wording.ADMIN_MENU.format(settings=summary)


def admin_menu(turn: Turn) -> None:
    """Reply to `admin`: the settings and three choices, or a polite refusal."""
    if not is_admin(turn.session, turn.officer, workspace_of_turn(turn)):
        turn.reply(wording.NOT_AN_ADMIN)
        return
    buttons = (
        Button(wording.ADMIN_CHANGE_SETTINGS, SETTINGS_ACTION, ButtonStyle.PRIMARY),
        Button(wording.ADMIN_SHOW_STATS, STATS_ACTION),
        Button(wording.ADMIN_SHOW_AUDIT, AUDIT_ACTION),
    )
    turn.reply(Message(admin_menu_text(turn), buttons))


def on_admin_action(turn: Turn, action: str) -> None:
    """An admin's choice from the menu (an adapter that can show a form handles Change settings itself)."""
    workspace = workspace_of_turn(turn)
    if not is_admin(turn.session, turn.officer, workspace):
        turn.reply(wording.NOT_AN_ADMIN)
        return
    if action == STATS_ACTION:
        policy = policy_for(turn.session, workspace)
        stats = workspace_stats(turn.session, workspace, policy, directory=turn.directory, now=turn.now)
        turn.reply(stats_text(stats))
    elif action == AUDIT_ACTION:
        csv_text = audit_csv(audit_lines(turn.session, workspace, admin_view=True))
        attachment = Attachment("notalone-audit-log.csv", csv_text, media_type="text/csv")
        turn.reply(Message(wording.ADMIN_AUDIT_READY, attachment=attachment))
    else:
        turn.reply(wording.ADMIN_SETTINGS_ELSEWHERE)
