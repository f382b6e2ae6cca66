"""Word backend: a document context + a docxtpl template -> .docx bytes.

Renders the Jinja parts of a template prepared once per process
(papergen.render.docx.template), places Rich values as WordprocessingML
(papergen.render.docx.wordml), applies the Swedish typography to every string placed
in Word, and writes the package (papergen.render.docx.package), reusing the
compressed bytes of every part the render did not change. What comes out is
what docxtpl's render and python-docx's save made of the same template and
context, at a fraction of the cost (issue 8). Template lookup is
papergen.render.templates; the core-property normalisation is papergen.build.write.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from pathlib import Path
from typing import Any

from jinja2 import Environment
from lxml import etree

from papergen.render.context import Logo, Rich
from papergen.render.docx import template as docx_template
from papergen.render.docx.package import CONTENT_TYPES, ZipPart, inflate, normalise_core, write_zip
from papergen.render.docx.template import PARSER, JinjaPart, WordTemplate
from papergen.render.docx.wordml import (
    _NOT_XML,
    BlockWriter,
    Numbering,
    Relationships,
    W,
    picture_paragraph,
    typografi,
    with_image_type,
)

_NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
_DOCPR_IDS = 1000  # docxtpl numbers the drawings of the body from 1001 (fix_docpr_ids)


def _xml_safe(text: str) -> str:
    """The text with every character XML 1.0 cannot hold shown as U+FFFD.

    `check` reports each such character where it stands; should one reach a paper
    anyway it is marked on the page as a lost character, never dropped and never a
    crash of the XML parser.
    """
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text  # U+FFFD: a character lost


class WordXml:
    """Body-level WordprocessingML for a `{{p … }}` tag: autoescaping leaves it as it is."""

    __slots__ = ("xml",)

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


class _Images:
    """The image parts one render adds (the logotyp), by part name."""

    def __init__(self, rels: Relationships) -> None:
        self.rels = rels
        self.parts: dict[str, bytes] = {}
        self.extensions: set[str] = set()

    def paragraph(self, logo: Logo) -> str:
        bild = logo.bild
        assert bild is not None
        ext = "png" if bild.format == "png" else "jpeg"
        target = f"media/logo.{ext}"
        self.parts[f"word/{target}"] = bild.data
        self.extensions.add(ext)
        return picture_paragraph(self.rels.image(target), f"logo.{ext}", logo.beskrivning, bild.bredd_px,
                                 bild.hojd_px)


def _prepare(value: Any, writer: BlockWriter, images: _Images) -> Any:
    """Typography on every string; Rich blocks become WordprocessingML ('' when empty).

    Lists and hyperlinks are numbered in this walk's order, the order the
    context holds them, so the same context always gets the same ids.
    """
    if isinstance(value, str):
        return typografi(_xml_safe(value))
    if isinstance(value, Rich):
        if not value.blocks:
            return ""
        return WordXml(writer.blocks(value.blocks))
    if isinstance(value, Logo):
        return WordXml(images.paragraph(value)) if value else ""
    if isinstance(value, dict):
        return {k: _prepare(v, writer, images) for k, v in value.items()}
    if isinstance(value, list):
        return [_prepare(v, writer, images) for v in value]
    return value


def _document(word: WordTemplate, body: str) -> tuple[bytes, int]:
    """The main document part around the rendered body, and its number of sections.

    As docxtpl: the body is read leniently (recover), fix_tables evens out
    the columns a `{%tc %}` loop made, and the drawings are renumbered.
    """
    tree = docx_template.fix_tables(body)
    for number, drawing in enumerate(tree.xpath("//wp:docPr", namespaces=_NS), start=_DOCPR_IDS + 1):
        drawing.attrib["id"] = str(number)
    root = etree.fromstring(word.document_shell, PARSER)
    root.replace(root.find("w:body", _NS), tree)
    sections = len(root.xpath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces=_NS))
    return etree.tostring(root, encoding="UTF-8", standalone=True), sections


def render_docx(template: Path, context: dict[str, Any], env: Environment, *, title: str,
                stamp: dt.datetime, prepared: OrderedDict[Any, Any] | None = None) -> bytes:
    """Render one document. Jinja errors propagate to the caller, which locates them.

    `prepared`: the run's prepared templates (papergen.render.docx.template.load), kept across its papers.
    """
    env.autoescape = True  # docxtpl's render(autoescape=True) set this on the environment it was given
    word = docx_template.load(template, env, prepared)
    numbering = Numbering(word.numbering_xml, PARSER)
    rels = Relationships(word.rels_xml, PARSER)
    images = _Images(rels)
    prepared = _prepare(context, BlockWriter(word.styles, numbering, rels), images)
    changed: dict[str, bytes] = {}
    changed[word.document], sections = _document(word, word.body.render(env, prepared))
    for part in word.headers_footers:
        xml = part.render(env, prepared).encode("utf-8")
        changed[part.name] = etree.tostring(etree.fromstring(xml, PARSER), encoding="UTF-8", standalone=True)
    core = word.core_properties(prepared)
    footnotes = list(word.footnotes)
    for _ in range(sections):  # docxtpl renders the footnotes once for each section
        for i, part in enumerate(footnotes):
            xml = part.render(env, prepared)
            changed[part.name] = xml.encode("utf-8")
            footnotes[i] = JinjaPart.of(part.name, xml)
    if numbering.changed:
        changed[word.numbering] = numbering.xml()
    if rels.changed:
        changed[word.rels] = rels.xml()
    changed[word.core] = normalise_core(core, stamp, _xml_safe(title))
    changed.update(images.parts)
    for ext in sorted(images.extensions):
        types = changed.get(CONTENT_TYPES) or inflate(word.parts[CONTENT_TYPES])
        changed[CONTENT_TYPES] = with_image_type(types, ext)
    parts = word.parts | {name: ZipPart.of(name, data) for name, data in changed.items()}
    return write_zip(parts.values())
