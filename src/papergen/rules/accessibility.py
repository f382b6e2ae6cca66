"""Accessibility in the sources (PG539): what the editor can fix before anything is built.

Link texts are the one accessibility matter a Markdown source decides on its
own: headings are checked when reading (PG112) and images are not allowed
(PG110). The built files are checked too (papergen.build.a11y, PG701–PG706), with
the same list of link texts that say nothing about where they lead.
"""

from __future__ import annotations

from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.rules.base import Meeting, finding
from papergen.source.markdown import Block, Heading, Inline, ListBlock, Paragraph, Table

# A screen reader lists a page's links out of context: these say nothing about where they lead (WCAG 2.4.4).
VAGUE_LINK_TEXTS = frozenset({"här", "klicka här", "läs mer", "länk", "länken", "mer", "denna länk", "click here",
                              "here", "read more"})


def _links(inlines: tuple[Inline, ...]) -> Iterator[tuple[str, str]]:
    """(link text, target) of each link: neighbouring runs with one target are one link."""
    text, target = "", None
    for run in (*inlines, Inline("")):
        if run.link != target:
            if target is not None:
                yield " ".join(text.split()), target
            text, target = "", run.link
        text += run.text


def _block_links(blocks: tuple[Block, ...], line: int) -> Iterator[tuple[str, str, int]]:
    """Every link of these blocks with the file line it is on (a table's: the line of the block before it)."""
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            line = block.line or line
            yield from ((t, u, line) for t, u in _links(block.inlines))
        elif isinstance(block, ListBlock):
            for item in block.items:
                for found in _block_links(item.blocks, line):
                    line = found[2]
                    yield found
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from ((t, u, line) for t, u in _links(cell))


def _texts(m: Meeting) -> Iterator[tuple[str, tuple[Block, ...], int]]:
    for a in m.arenden:
        for section in a.sektioner:
            yield a.fil, section.blocks, section.line
        if a.sammanfattning_foredragningslista:
            yield a.fil, a.sammanfattning_foredragningslista, 1
        if a.yttrande:
            yield a.yttrande.fil, a.yttrande.blocks, 1
        for d in a.delegationsbeslut:
            yield d.fil, d.blocks, 1


def link_texts(m: Meeting) -> Iterator[Diagnostic]:
    """PG539: a link whose text does not say where it goes ("här", "läs mer", or nothing)."""
    for path, blocks, line in _texts(m):
        for text, target, at in _block_links(blocks, line):
            if not text or text.lower().rstrip(".") in VAGUE_LINK_TEXTS:
                yield finding(Severity.WARNING, "PG539",
                              f"länktexten '{text}' säger inte vart länken går ({target}); skriv vad läsaren "
                              f"hittar där, t.ex. '[Regionens remissvar]({target})'", Span(path, at, 1))
