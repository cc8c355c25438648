"""`notalone teams-package`: the Teams app package (manifest and two icons, zipped) for upload."""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import Any

MANIFEST_VERSION = "1.19"
SCHEMA = (
    f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
)
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
COMMANDS = (
    ("help", "What Notalone can do, and what stays private"),
    ("new plan", "Describe a service change you are planning"),
    ("my plans", "Your plans and any possible matches"),
)


def manifest(app_id: str, host: str, *, version: str = "1.0.0") -> dict[str, Any]:
    """The Teams app manifest: a personal-scope bot answering at https://HOST/api/messages."""
    try:
        bot_id = str(uuid.UUID(app_id))
    except ValueError as error:
        raise ValueError(
            "--app-id must be the bot's Microsoft App ID, a GUID such as 00000000-0000-..."
        ) from error
    host = host.strip().lower().removeprefix("https://").rstrip("/")
    if not _HOST.match(host):
        raise ValueError("--host must be the public host name only, such as notalone.example.gov.uk")
    site = f"https://{host}"
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": bot_id,
        "developer": {
            "name": "Notalone",
            "websiteUrl": f"{site}/",
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": "Notalone", "full": "Notalone: you are not alone"},
        "description": {
            "short": "Meet officers in other councils planning a comparable service change, privately.",
            "full": (
                "Tell Notalone, in private, about a service change you are planning: outsourcing, a staff "
                "mutual, a trust, a shared service or bringing it back in house. It looks for officers in "
                "other councils planning something comparable and introduces you only if you both say yes. "
                "Nobody learns anything about you unless you agree."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#1D4F4A",
        "bots": [
            {
                "botId": bot_id,
                "scopes": ["personal"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {
                        "scopes": ["personal"],
                        "commands": [{"title": title, "description": text} for title, text in COMMANDS],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def build_package(app_id: str, host: str, output: Path) -> Path:
    """Write the zip (manifest.json, color.png, outline.png) and return where it went."""
    content = json.dumps(manifest(app_id, host), indent=2)
    icons = files("adapters.teams") / "package"
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", content)
        for name in ("color.png", "outline.png"):
            package.writestr(name, (icons / name).read_bytes())
    return output
