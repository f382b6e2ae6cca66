"""A Word file as canonical text, for `git diff` (textconv) and for reading a paper without Word.

Owns the text form of a .docx: one paragraph per line in body order, headings
marked with '#', list items with '-', table rows as '| a | b |', the page
header once at the top. Typographic spaces are undone (render.format.plain),
so a diff shows words, not invisible characters.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from papergen.render.format import plain

_HEADING = re.compile(r"Heading (\d)")


def _clean(text: str) -> str:
    # A tab (the att-sats indent) and line breaks read as one space on a line of their own.
    return " ".join(plain(text).replace("\t", " ").split())


def _paragraph(p: Paragraph) -> str:
    text = _clean(p.text)
    if not text:
        return ""
    style = p.style.name if p.style is not None else ""
    if style == "Title":
        return f"# {text}"
    heading = _HEADING.fullmatch(style)
    if heading:
        return f"{'#' * int(heading.group(1))} {text}"
    if style.startswith("List") or (p._p.pPr is not None and p._p.pPr.numPr is not None):
        return f"- {text}"
    return text


def _table(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column; it is written once.
            if cell._tc is last:
                continue
            last = cell._tc
            text = " ".join(t for t in (_clean(p.text) for p in cell.paragraphs) if t)
            cells.append(text.replace("|", "\\|"))
        if any(cells):
            yield "| " + " | ".join(cells) + " |"


def _body(document: Document) -> Iterator[str]:
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            line = _paragraph(Paragraph(child, document))
            if line:
                yield line
        elif child.tag == qn("w:tbl"):
            yield from _table(Table(child, document))


def docx_text(data: bytes) -> str:
    """The canonical text of one .docx, ending in a newline."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    if document.sections:
        header = [_clean(p.text) for p in document.sections[0].header.paragraphs]
        lines += [f"Sidhuvud: {h}" for h in header if h]
    lines += list(_body(document))
    return "\n".join(lines) + "\n"
