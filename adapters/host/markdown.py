"""Documents (bot/admin/documents.py) as Markdown, for the data-protection pack."""

from __future__ import annotations

from bot.admin.documents import Block, Bullets, Document, Heading, Link, Paragraph, Table, Text

_SPECIAL = str.maketrans(
    {"|": "\\|", "*": "\\*", "_": "\\_", "`": "\\`", "[": "\\[", "]": "\\]", "<": "&lt;"}
)


def to_markdown(document: Document, *, note: str) -> str:
    """The document as Markdown: a title, a note under it, then each block."""
    parts = [f"# {_text(document.title)}", _text(note), *(_block(block) for block in document.blocks)]
    return "\n\n".join(parts) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * min(max(block.level, 2), 6) + " " + _text(block.text)
    if isinstance(block, Paragraph):
        return _inline(block.parts)
    if isinstance(block, Bullets):
        return "\n".join(f"- {_inline(item)}" for item in block.items)
    return _table(block)


def _table(table: Table) -> str:
    lines = [
        f"**{_text(table.caption)}**",
        "",
        "| " + " | ".join(_text(cell) for cell in table.header) + " |",
        "|" + "---|" * len(table.header),
    ]
    lines += ["| " + " | ".join(_text(cell) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines)


def _inline(parts: Text) -> str:
    return "".join(f"[{_text(p.text)}]({p.href})" if isinstance(p, Link) else _text(p) for p in parts)


def _text(text: str) -> str:
    """Plain text that Markdown shows as written (no emphasis, links or table breaks of its own)."""
    return " ".join(text.translate(_SPECIAL).split())
