"""Word backend: a document context + a docxtpl template -> .docx bytes.

Owns the translation of Markdown block trees into real Word constructs
(paragraph styles, lists whose numbering restarts per list, tables with a
repeating header row, hyperlinks) as docxtpl sub-documents, and the Swedish
typography of every string placed in Word. Template lookup is
papergen.render.templates; byte normalisation is papergen.write.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc
from jinja2 import Environment
from lxml import etree

from papergen.render.context import Rich
from papergen.render.format import typografi
from papergen.source.markdown import Block, Heading, Inline, ListBlock, Paragraph, Table
from papergen.write import normalise_docx

_INDENT = 425  # twips per list level (0.75 cm)
_BULLETS = ("•", "◦", "▪")


class _Numbering:
    """Numbering definitions in the document's numbering part.

    Each Markdown list gets its own w:num, so an ordered list restarts at its
    own start number instead of continuing the previous list.
    """

    def __init__(self, document: DocumentObject) -> None:
        self.root = document.part.numbering_part.element
        self.abstract: dict[bool, str] = {}

    def _abstract_id(self, ordered: bool) -> str:
        if ordered in self.abstract:
            return self.abstract[ordered]
        name = "papergen-decimal" if ordered else "papergen-bullet"
        for node in self.root.findall(qn("w:abstractNum")):
            n = node.find(qn("w:name"))
            if n is not None and n.get(qn("w:val")) == name:
                self.abstract[ordered] = node.get(qn("w:abstractNumId"))
                return self.abstract[ordered]
        ids = [int(n.get(qn("w:abstractNumId"))) for n in self.root.findall(qn("w:abstractNum"))]
        new_id = str(max(ids, default=0) + 1)
        levels = []
        for lvl in range(9):
            if ordered:
                fmt, text = "decimal", f"%{lvl + 1}."
            else:
                fmt, text = "bullet", _BULLETS[lvl % 3]
            levels.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{(lvl + 1) * _INDENT}" w:hanging="{_INDENT}"/></w:pPr></w:lvl>')
        xml = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new_id}">'
               f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{name}"/>{"".join(levels)}'
               f"</w:abstractNum>")
        node = parse_xml(xml)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(node)  # schema order: every abstractNum before any num
        else:
            self.root.append(node)
        self.abstract[ordered] = new_id
        return new_id

    def new_list(self, ordered: bool, level: int, start: int) -> int:
        num = self.root.add_num(int(self._abstract_id(ordered)))
        override = num.add_lvlOverride(ilvl=level)
        override.add_startOverride(start)
        return int(num.numId)


class _BlockWriter:
    """Appends Markdown blocks to a python-docx document body (a docxtpl sub-document)."""

    def __init__(self, document: DocumentObject, numbering: _Numbering) -> None:
        self.doc = document
        self.numbering = numbering

    def blocks(self, blocks: tuple[Block, ...], level: int = 0) -> None:
        for block in blocks:
            self.block(block, level)

    def block(self, block: Block, level: int) -> None:
        if isinstance(block, Paragraph):
            self.inlines(self.doc.add_paragraph(), block.inlines)
        elif isinstance(block, Heading):
            self.inlines(self.doc.add_paragraph(style=f"Heading {min(block.level, 4)}"), block.inlines)
        elif isinstance(block, ListBlock):
            self.list(block, level)
        else:
            self.table(block)

    def list(self, block: ListBlock, level: int) -> None:
        num_id = self.numbering.new_list(block.ordered, level, block.start)
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, ListBlock):
                    self.list(child, level + 1)
                    continue
                if isinstance(child, Paragraph):
                    paragraph = self.doc.add_paragraph(style="List Paragraph")
                    if first:
                        _number(paragraph, num_id, level)
                    else:
                        paragraph.paragraph_format.left_indent = Twips((level + 1) * _INDENT)
                    self.inlines(paragraph, child.inlines)
                else:
                    self.block(child, level + 1)
                first = False

    def table(self, block: Table) -> None:
        table = self.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = "Table Grid"
        for col, cell in enumerate(block.header):
            paragraph = table.cell(0, col).paragraphs[0]
            self.inlines(paragraph, cell, bold=True)
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(header)
        for r, row in enumerate(block.rows, start=1):
            for col, cell in enumerate(row):
                paragraph = table.cell(r, col).paragraphs[0]
                if col < len(block.align) and block.align[col] == "right":
                    paragraph.alignment = 2
                self.inlines(paragraph, cell)

    def inlines(self, paragraph: DocxParagraph, inlines: tuple[Inline, ...], bold: bool = False) -> None:
        for run in inlines:
            if run.line_break:
                paragraph.add_run().add_break()
            elif run.link:
                _hyperlink(paragraph, typografi(run.text), run.link)
            else:
                r = paragraph.add_run(typografi(run.text))
                r.bold = run.bold or bold or None
                r.italic = run.italic or None


def _number(paragraph: DocxParagraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _hyperlink(paragraph: DocxParagraph, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.extend([color, underline])
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.extend([rpr, t])
    link.append(run)
    paragraph._p.append(link)


_PATCHED: dict[str, str] = {}


class _Template(DocxTemplate):
    """docxtpl cleans each XML part of the template with ~20 regular expressions on every render;
    the result depends only on the part's text, so it is kept per process (bounded)."""

    def patch_xml(self, src_xml: str) -> str:
        found = _PATCHED.get(src_xml)
        if found is None:
            if len(_PATCHED) >= 256:
                _PATCHED.clear()
            found = _PATCHED[src_xml] = super().patch_xml(src_xml)
        return found


@cache
def _blank_document_xml() -> bytes:
    """python-docx's empty document body, parsed from its default template once per process."""
    return etree.tostring(docx.Document().element)


def _new_subdoc(tpl: DocxTemplate) -> Subdoc:
    """tpl.new_subdoc() without opening python-docx's default template for every sub-document.

    A sub-document without a file only lends its body element (its part is the
    main document's), so a fresh copy of the empty body is all it needs; this
    was a third of a meeting's render time (issue 8 profile).
    """
    sub = Subdoc.__new__(Subdoc)
    sub.tpl = tpl
    sub.docx = tpl.get_docx()
    sub.subdocx = DocumentObject(parse_xml(_blank_document_xml()), sub.docx.part)
    return sub


def _prepare(value: Any, tpl: DocxTemplate, numbering: _Numbering) -> Any:
    """Typography on every string; Rich blocks become sub-documents ('' when empty)."""
    if isinstance(value, str):
        return typografi(value)
    if isinstance(value, Rich):
        if not value.blocks:
            return ""
        sub = _new_subdoc(tpl)
        _BlockWriter(sub.subdocx, numbering).blocks(value.blocks)
        return sub
    if isinstance(value, dict):
        return {k: _prepare(v, tpl, numbering) for k, v in value.items()}
    if isinstance(value, list):
        return [_prepare(v, tpl, numbering) for v in value]
    return value


def render_docx(template: Path, context: dict[str, Any], env: Environment, *, title: str,
                stamp: dt.datetime) -> bytes:
    """Render one document. Jinja errors propagate to the caller, which locates them."""
    tpl = _Template(str(template))
    numbering = _Numbering(tpl.get_docx())
    prepared = _prepare(context, tpl, numbering)
    tpl.render(prepared, jinja_env=env, autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_docx(buffer.getvalue(), stamp, title)
