"""A plain document (headings, paragraphs, lists, tables, links) that adapters render as HTML or Markdown.

The data-protection pack and the /privacy and /terms pages are built as these from one set of facts, so
the words are written once and each renderer only escapes and lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """A link inside a paragraph or list item; `href` is a path on this site or a mailto: address."""

    text: str
    href: str


Inline = str | Link
Text = tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading: level 2 under the document's title, 3 below that."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    parts: Text


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Table:
    """A table with a caption and a header row; cells are plain text."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]

    def plain_text(self) -> str:
        """Every word of the document, for tests and searches."""
        words: list[str] = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading):
                words.append(block.text)
            elif isinstance(block, Paragraph):
                words.append(joined(block.parts))
            elif isinstance(block, Bullets):
                words.extend(joined(item) for item in block.items)
            else:
                words += [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
        return "\n".join(words)


def joined(parts: Text) -> str:
    """The parts' text, links by their words."""
    return "".join(part.text if isinstance(part, Link) else part for part in parts)


def para(*parts: Inline) -> Paragraph:
    return Paragraph(parts)


def bullets(*items: str | Text) -> Bullets:
    return Bullets(tuple((item,) if isinstance(item, str) else item for item in items))
