"""Documents (bot/admin/documents.py) as accessible HTML pages: escaped, semantic, one h1, en-GB.

The same renderer makes the served /privacy and /terms pages (with the site's stylesheet) and the
printable data-protection pack (one file, its style inside it, nothing fetched from anywhere).
"""

from __future__ import annotations

from html import escape

from bot import wording
from bot.admin.documents import Block, Bullets, Document, Heading, Link, Paragraph, Table, Text
from bot.admin.notices import PRIVACY_PATH, TERMS_PATH

# For the standalone pack: readable on screen, tidy on paper (no links' colours, tables kept whole).
PRINTABLE_CSS = """
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 11pt/1.45 system-ui, -apple-system,
  "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a; background: #ffffff; }
h1 { color: #1d4f4a; } h2 { color: #1d4f4a; margin-top: 2rem; border-bottom: 1px solid #c8d3d1; }
a { color: #1d4f4a; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.25rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #8a9896; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
thead th { background: #eef3f2; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; } tr, li { break-inside: avoid; } thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  footer { display: none; }
}
"""


def site_page(document: Document) -> str:
    """A page of the site, with its stylesheet, a way back, and the data links in the footer."""
    head = '<link rel="stylesheet" href="/static/notalone.css">'
    top = '<p><a href="/">Back to Notalone</a></p>'
    return _page(document, head=head, under_title=top, footer=footer_links())


def printable(document: Document, *, note: str) -> str:
    """One self-contained, printable file: the style is inside it and nothing is fetched."""
    head = f"<style>{PRINTABLE_CSS}</style>"
    return _page(document, head=head, under_title=f'<p class="small">{escape(note)}</p>', footer="")


def footer_links() -> str:
    """The footer every page carries: how Notalone handles data, and its terms of use."""
    return (
        f'<nav aria-label="About Notalone"><p><a href="{PRIVACY_PATH}">{escape(wording.PRIVACY_LINK)}</a> · '
        f'<a href="{TERMS_PATH}">{escape(wording.TERMS_LINK)}</a></p></nav>'
    )


def _page(document: Document, *, head: str, under_title: str, footer: str) -> str:
    body = "\n".join(_block(block) for block in document.blocks)
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"  <title>{escape(document.title)}</title>\n  {head}\n</head>\n<body>\n"
        f'  <header class="site">\n    <h1>{escape(document.title)}</h1>\n    {under_title}\n  </header>\n'
        f"  <main>\n{body}\n  </main>\n"
        + (f"  <footer>\n    {footer}\n  </footer>\n" if footer else "")
        + "</body>\n</html>\n"
    )


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 6)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.parts)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in block.items) + "</ul>"
    return _table(block)


def _table(table: Table) -> str:
    header = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in table.header)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(cell)}</th>' if index == 0 else f"<td>{escape(cell)}</td>"
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f"<table><caption>{escape(table.caption)}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _inline(parts: Text) -> str:
    return "".join(
        f'<a href="{escape(part.href)}">{escape(part.text)}</a>' if isinstance(part, Link) else escape(part)
        for part in parts
    )
