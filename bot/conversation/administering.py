"""Administration in the conversation itself: `admin` shows the settings and statistics to an admin."""

from __future__ import annotations

from bot import wording
from bot.admin.authority import is_admin
from bot.admin.service import describe_settings
from bot.admin.stats import stats_text, workspace_stats
from bot.conversation.actions import AdminAction, ChangeSettings, ShowAudit, ShowStats, encode
from bot.conversation.turn import Turn
from bot.domain.audit import audit_csv, audit_lines
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Attachment, Button, ButtonStyle, Message


def admin_menu(turn: Turn) -> None:
    """Reply to `admin`: the settings and three choices, or a polite refusal."""
    # The acting officer's own workspace: the only one they may administer.
    workspace = WorkspaceRef.of_officer(turn.officer)
    if not is_admin(turn.session, turn.officer, workspace):
        turn.reply(wording.NOT_AN_ADMIN)
        return
    buttons = (
        Button(wording.ADMIN_CHANGE_SETTINGS, encode(ChangeSettings()), ButtonStyle.PRIMARY),
        Button(wording.ADMIN_SHOW_STATS, encode(ShowStats())),
        Button(wording.ADMIN_SHOW_AUDIT, encode(ShowAudit())),
    )
    summary = describe_settings(
        turn.session, workspace, directory=turn.directory, defaults=turn.service_defaults
    )
    turn.reply(Message(wording.ADMIN_MENU.format(settings=summary), buttons))


def on_admin_action(turn: Turn, action: AdminAction) -> None:
    """An admin's choice from the menu (an adapter that can show a form handles Change settings itself)."""
    workspace = WorkspaceRef.of_officer(turn.officer)
    if not is_admin(turn.session, turn.officer, workspace):
        turn.reply(wording.NOT_AN_ADMIN)
        return
    if isinstance(action, ShowStats):
        stats = workspace_stats(
            turn.session,
            workspace,
            directory=turn.directory,
            now=turn.now,
            viewer_organisation=turn.officer.organisation_id,
        )
        turn.reply(stats_text(stats))
    elif isinstance(action, ShowAudit):
        csv_text = audit_csv(audit_lines(turn.session, workspace, admin_view=True))
        attachment = Attachment("notalone-audit-log.csv", csv_text, media_type="text/csv")
        turn.reply(Message(wording.ADMIN_AUDIT_READY, attachment=attachment))
    else:
        turn.reply(wording.ADMIN_SETTINGS_ELSEWHERE)
