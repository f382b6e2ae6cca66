"""A Word file as canonical text, for `git diff` (textconv) and for reading a paper without Word.

Owns the text form of a .docx: one paragraph per line in body order, headings
marked with '#', list items with '-', table rows as '| a | b |'. The page
headers come once at the top ('Sidhuvud: ', tables included: a PM's Dnr,
datum and handläggare stand there) and the footers once at the end ('Sidfot: '),
so a diff shows a changed Dnr or address. A field shows its instruction
('Sida {PAGE} ({NUMPAGES})'), not the number Word last cached. Typographic
spaces are undone (render.format.plain), so a diff shows words, not invisible
characters.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from papergen.model.format import plain

_HEADING = re.compile(r"Heading (\d)")


def _clean(text: str) -> str:
    # A tab (the att-sats indent) and line breaks read as one space on a line of their own.
    return " ".join(plain(text).replace("\t", " ").split())


_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_FLD_SIMPLE, _FLD_CHAR, _INSTR = qn("w:fldSimple"), qn("w:fldChar"), qn("w:instrText")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")


def _text(p: etree._Element) -> str:
    """A paragraph's text in document order, each field as {INSTRUCTION} instead of its cached result."""
    out: list[str] = []
    instr: list[str] | None = None  # inside a complex field's instruction
    skipping = False  # inside a complex field's cached result
    for el in p.iter(_T, _TAB, _BR, _CR, _FLD_SIMPLE, _FLD_CHAR, _INSTR, _NO_BREAK_HYPHEN):
        if el.tag == _FLD_CHAR:
            kind = el.get(qn("w:fldCharType"))
            if kind == "begin":
                instr = []
            elif kind == "separate" and instr is not None:
                out.append("{" + " ".join("".join(instr).split()) + "}")
                instr, skipping = None, True
            elif kind == "end":
                if instr is not None:  # a field without a cached result
                    out.append("{" + " ".join("".join(instr).split()) + "}")
                instr, skipping = None, False
        elif el.tag == _INSTR:
            if instr is not None:
                instr.append(el.text or "")
        elif skipping or instr is not None or any(a.tag == _FLD_SIMPLE for a in el.iterancestors()):
            continue
        elif el.tag == _FLD_SIMPLE:
            out.append("{" + " ".join((el.get(qn("w:instr")) or "").split()) + "}")
        elif el.tag == _T:
            out.append(el.text or "")
        elif el.tag == _NO_BREAK_HYPHEN:
            out.append("-")
        else:
            out.append(" ")
    return "".join(out)


def _paragraph(p: Paragraph) -> str:
    text = _clean(_text(p._p))
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
            text = " ".join(t for t in (_clean(_text(p._p)) for p in cell.paragraphs) if t)
            cells.append(text.replace("|", "\\|"))
        if any(cells):
            yield "| " + " | ".join(cells) + " |"


def _blocks(container: etree._Element, parent: Document | _Header | _Footer) -> Iterator[str]:
    """The lines of a body, header or footer: paragraphs and tables in document order."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            line = _paragraph(Paragraph(child, parent))
            if line:
                yield line
        elif child.tag == qn("w:tbl"):
            yield from _table(Table(child, parent))


def _margins(document: Document, which: str) -> list[str]:
    """Every header (or footer) the document defines, each once, in section order.

    A section's first-page and even-page variants count only where Word shows
    them; a part linked to the previous section's is that one, not a new one.
    """
    lines: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for section in document.sections:
        variants = [getattr(section, which)]
        if section.different_first_page_header_footer:
            variants.insert(0, getattr(section, f"first_page_{which}"))
        if document.settings.odd_and_even_pages_header_footer:
            variants.append(getattr(section, f"even_page_{which}"))
        for part in variants:
            text = () if part.is_linked_to_previous else tuple(_blocks(part._element, part))
            if text and text not in seen:  # the same header in two sections is printed once
                seen.add(text)
                lines += text
    return lines


def docx_text(data: bytes) -> str:
    """The canonical text of one .docx, ending in a newline."""
    document = docx.Document(io.BytesIO(data))
    lines = [f"Sidhuvud: {line}" for line in _margins(document, "header")]
    lines += list(_blocks(document.element.body, document))
    lines += [f"Sidfot: {line}" for line in _margins(document, "footer")]
    return "\n".join(lines) + "\n"
