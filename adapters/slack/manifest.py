"""The Slack app manifest, with the deployment's address filled in."""

from __future__ import annotations

from importlib.resources import files
from urllib.parse import urlsplit

PLACEHOLDER = "https://HOST"


def manifest_for(url: str) -> str:
    """The manifest text for a deployment reachable at `url` (https, no path)."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.netloc or parts.path not in ("", "/") or parts.query:
        raise ValueError(
            "give the public address as https://HOST, for example https://notalone.example.gov.uk"
        )
    template = (files("adapters.slack") / "manifest.yml").read_text(encoding="utf-8")
    return template.replace(PLACEHOLDER, f"https://{parts.netloc}")
