"""The README's map of the packages ("How it is built") names every sub-package there is, and only those."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mapped() -> set[str]:
    """The folders and modules the map names, as paths from the repository's root."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1]
    block = section.split("```", 2)[1]
    found: set[str] = set()
    top = ""
    for line in block.splitlines():
        if not line.strip() or line.startswith(" " * 6):
            continue  # blank, or a description carried on
        names = line.split("   ")[0].replace(",", " ").split()
        if not line.startswith(" "):
            top = names[0].rstrip("/")
            found.add(top)
            continue
        found.update(f"{top}/{name.rstrip('/')}" for name in names if re.fullmatch(r"[a-z_]+(/|\.py)", name))
    return found


def packages() -> set[str]:
    """The three top-level packages and the sub-packages of `bot` and `adapters`."""
    found = {"bot", "matching", "adapters"}
    for top in ("bot", "adapters"):
        for path in (ROOT / top).iterdir():
            if (path / "__init__.py").exists() and path.name != "data":
                found.add(f"{top}/{path.name}")
    return found


def test_the_map_names_every_package_and_nothing_that_is_not_there() -> None:
    names = mapped()
    assert "bot/conversation" in names and "bot/core.py" in names  # the map is read
    assert packages() <= names, f"missing from the README's map: {sorted(packages() - names)}"
    for name in names:
        assert (ROOT / name).exists(), f"the README's map names {name}, which is not there"
