"""Markdown blocks as WordprocessingML: the Word constructs of a Rich value.

Owns the translation of Markdown block trees into real Word constructs:
paragraph styles, lists whose numbering restarts per list, tables with a
repeating header row, hyperlinks, and the Swedish typography of their text.
The XML is written as text, element for element what python-docx built for
the same blocks before (so documents did not change when it stopped being
used), and placed by the template's `{{p … }}` tags.

Styles are named as in Word's UI and looked up by name in the template's
styles.xml, so a template restyled in a Swedish Word (styleId "Rubrik1" for
"heading 1") still gets its own heading styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from papergen.model import format as _format
from papergen.source.markdown import Block, Heading, Inline, ListBlock, Paragraph, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

_INDENT = 425  # twips per list level (0.75 cm)
_BULLETS = ("•", "◦", "▪")
# Tables are as wide as the default templates' text (A4 less 2 x 2.5 cm margins), in one grid that the
# cells repeat; the first column, which holds the row labels, gets twice the share of the others.
_TABLE_TWIPS = 9072
_KEEP_WHOLE_ROWS = 15
# The characters XML 1.0 cannot hold; lxml refused them with this message, so does this module.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_XML_MESSAGE = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
_ON = ("1", "true", "on")  # ST_OnOff values meaning on

# typografi is a pure function of its text, and the same names, dates and phrases recur in every
# paper of a meeting: remembering recent results makes it nearly free (bounded, so memory stays flat).
typografi = lru_cache(maxsize=8192)(_format.typografi)


def xml_attr(value: str) -> str:
    """An attribute value (in double quotes)."""
    return xml_text(value).replace('"', "&quot;")


def xml_text(text: str) -> str:
    """Character data as lxml writes it: &, <, > escaped, a carriage return kept as &#13;."""
    if _NOT_XML.search(text):
        raise ValueError(_NOT_XML_MESSAGE)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


class Styles:
    """A template's styles by UI name ("Heading 1", "List Paragraph") -> styleId.

    Word writes the built-in heading styles with lower-case names ("heading 1");
    the UI names used here are mapped as python-docx maps them. The default
    style of a type needs no reference (None), and neither does a style the
    template lacks: Word then uses Normal, and the paper still renders.
    """

    _INTERNAL = {f"Heading {n}": f"heading {n}" for n in range(1, 10)} | {
        "Caption": "caption", "Footer": "footer", "Header": "header"}

    def __init__(self, styles_xml: bytes | None) -> None:
        self._xml = styles_xml
        self._by_name: dict[str, tuple[str, str]] | None = None  # name -> (styleId, type); read on first use
        self._by_id: dict[str, str] = {}  # styleId -> type
        self._default: dict[str, str] = {}  # type -> styleId of its default style

    @property
    def source(self) -> bytes | None:
        """The styles part the names were read from."""
        return self._xml

    def state(self) -> tuple[dict[str, tuple[str, str]], dict[str, str], dict[str, str]]:
        """What reading the styles part found, as plain values (kept with a prepared template)."""
        by_name = self._by_name if self._by_name is not None else self._read()
        return by_name, self._by_id, self._default

    @classmethod
    def restored(cls, styles_xml: bytes | None,
                 state: tuple[dict[str, tuple[str, str]], dict[str, str], dict[str, str]]) -> Styles:
        """Styles as state() left them, without parsing the part again (~10 ms a template)."""
        styles = cls(styles_xml)
        styles._by_name, styles._by_id, styles._default = state
        return styles

    def _read(self) -> dict[str, tuple[str, str]]:
        by_name: dict[str, tuple[str, str]] = {}
        if self._xml is not None:
            for style in etree.fromstring(self._xml).iterchildren(f"{_W}style"):
                style_id = style.get(f"{_W}styleId") or ""
                kind = style.get(f"{_W}type")
                name = style.find(f"{_W}name")
                if name is not None:
                    by_name.setdefault(name.get(f"{_W}val") or "", (style_id, kind or "paragraph"))
                self._by_id.setdefault(style_id, kind or "paragraph")
                if kind is not None and style.get(f"{_W}default") in _ON:
                    self._default[kind] = style_id  # the last default of a type wins, as the standard says
        self._by_name = by_name
        return by_name

    def id(self, name: str, kind: str) -> str | None:
        """styleId to reference for the style called `name` of `kind` ("paragraph" | "table")."""
        by_name = self._by_name if self._by_name is not None else self._read()
        found = by_name.get(self._INTERNAL.get(name, name))
        if found is None and name in self._by_id:
            found = (name, self._by_id[name])
        if found is None:
            return None
        style_id, actual = found
        if actual != kind:
            raise ValueError(f"assigned style is type {actual}, need type {kind}")
        return None if self._default.get(kind) == style_id else style_id


class Numbering:
    """The numbering part of one render, with a w:num for each Markdown list.

    Each list gets its own w:num, so an ordered list restarts at its own start
    number instead of continuing the previous list.
    """

    def __init__(self, xml: bytes, parser: etree.XMLParser) -> None:
        self._xml = xml
        self._parser = parser
        self._root: etree._Element | None = None  # parsed when the first list needs it
        self._abstract: dict[bool, str] = {}

    @property
    def changed(self) -> bool:
        return self._root is not None

    def xml(self) -> bytes:
        assert self._root is not None
        return etree.tostring(self._root, encoding="UTF-8", standalone=True)

    def new_list(self, ordered: bool, level: int, start: int) -> int:
        root = self._tree()
        abstract_id = self._abstract_id(root, ordered)
        num_ids = {int(n) for n in root.xpath("./w:num/@w:numId", namespaces={"w": W})}
        num_id = next(n for n in range(1, len(num_ids) + 2) if n not in num_ids)  # fills gaps, from 1
        num = etree.SubElement(root, f"{_W}num", {f"{_W}numId": str(num_id)})  # in the tree: prefix w
        etree.SubElement(num, f"{_W}abstractNumId", {f"{_W}val": abstract_id})
        override = etree.SubElement(num, f"{_W}lvlOverride", {f"{_W}ilvl": str(level)})
        etree.SubElement(override, f"{_W}startOverride", {f"{_W}val": str(start)})
        cleanup = root.find(f"{_W}numIdMacAtCleanup")
        if cleanup is not None:
            cleanup.addprevious(num)  # schema order: numIdMacAtCleanup comes last
        return num_id

    def _tree(self) -> etree._Element:
        if self._root is None:
            self._root = etree.fromstring(self._xml, self._parser)
        return self._root

    def _abstract_id(self, root: etree._Element, ordered: bool) -> str:
        if ordered in self._abstract:
            return self._abstract[ordered]
        name = "papergen-decimal" if ordered else "papergen-bullet"
        abstracts = root.findall(f"{_W}abstractNum")
        for node in abstracts:
            n = node.find(f"{_W}name")
            if n is not None and n.get(f"{_W}val") == name:
                self._abstract[ordered] = node.get(f"{_W}abstractNumId") or "0"
                return self._abstract[ordered]
        new_id = str(max((int(n.get(f"{_W}abstractNumId") or 0) for n in abstracts), default=0) + 1)
        levels = []
        for lvl in range(9):
            fmt, text = ("decimal", f"%{lvl + 1}.") if ordered else ("bullet", _BULLETS[lvl % 3])
            levels.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{(lvl + 1) * _INDENT}" w:hanging="{_INDENT}"/></w:pPr></w:lvl>')
        node = etree.fromstring(
            f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{new_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{name}"/>{"".join(levels)}'
            f"</w:abstractNum>")
        first_num = root.find(f"{_W}num")
        if first_num is not None:
            first_num.addprevious(node)  # schema order: every abstractNum before any num
        else:
            root.append(node)
        self._abstract[ordered] = new_id
        return new_id


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    type: str
    target: str
    external: bool


IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EMU_PER_CM = 360000
_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}


def picture_paragraph(r_id: str, name: str, descr: str, width_px: int, height_px: int,
                      height_cm: float = 1.5) -> str:
    """An inline picture in a paragraph of its own, `height_cm` high at its own aspect ratio.

    Every namespace is declared on the element that uses it: the body is parsed as a fragment.
    """
    cy = round(height_cm * _EMU_PER_CM)
    cx = round(cy * width_px / height_px)
    return (f'<w:p><w:r><w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="{xml_attr(name)}" descr="{xml_attr(descr)}"/>'
            f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}"><pic:pic xmlns:pic="{_PIC}">'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="{xml_attr(name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip xmlns:r="{_R}" r:embed="{xml_attr(r_id)}"/><a:stretch><a:fillRect/></a:stretch>'
            f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            f"</wp:inline></w:drawing></w:r></w:p>")


def with_image_type(content_types: bytes, extension: str) -> bytes:
    """[Content_Types].xml with a Default for the image extension (unchanged when it has one)."""
    root = etree.fromstring(content_types)
    ns = root.nsmap.get(None, "")
    if any(d.get("Extension", "").lower() == extension for d in root.iterchildren(f"{{{ns}}}Default")):
        return content_types
    default = etree.Element(f"{{{ns}}}Default", {"Extension": extension, "ContentType": _CONTENT_TYPES[extension]})
    first_override = root.find(f"{{{ns}}}Override")
    if first_override is not None:
        first_override.addprevious(default)  # schema order: the Defaults, then the Overrides
    else:
        root.append(default)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


class Relationships:
    """The main document part's relationships of one render; hyperlinks are added here.

    A new id is the lowest free rIdN and a URL already linked reuses its
    relationship, so the same document always gets the same ids.
    """

    def __init__(self, xml: bytes, parser: etree.XMLParser) -> None:
        self._xml = xml
        self._parser = parser
        root = etree.fromstring(xml, parser)
        self._rels = [Relationship(r.get("Id") or "", r.get("Type") or "", r.get("Target") or "",
                                   r.get("TargetMode") == "External") for r in root]
        self._added: list[Relationship] = []

    @property
    def changed(self) -> bool:
        return bool(self._added)

    def hyperlink(self, url: str) -> str:
        return self._once(HYPERLINK, url, external=True)

    def image(self, target: str) -> str:
        """The relationship to an image part (target relative to word/), added once."""
        return self._once(IMAGE, target, external=False)

    def _once(self, type_: str, target: str, *, external: bool) -> str:
        """The id of the relationship of this type to `target`, added with the first free rIdN if new."""
        for rel in self._rels:
            if rel.type == type_ and rel.external == external and rel.target == target:
                return rel.id
        ids = {rel.id for rel in self._rels}
        new_id = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        rel = Relationship(new_id, type_, target, external)
        self._rels.append(rel)
        self._added.append(rel)
        return new_id

    def xml(self) -> bytes:
        root = etree.fromstring(self._xml, self._parser)
        for rel in self._added:
            # Attribute order and escaping as lxml writes them; the URL can hold & and quotes.
            attrs = {"Id": rel.id, "Type": rel.type, "Target": rel.target}
            if rel.external:
                attrs["TargetMode"] = "External"
            etree.SubElement(root, f"{{{RELS}}}Relationship", attrs)
        return etree.tostring(root, encoding="UTF-8", standalone=True)


class BlockWriter:
    """Writes Markdown blocks as body-level WordprocessingML (w:p and w:tbl, no namespace declarations)."""

    def __init__(self, styles: Styles, numbering: Numbering, rels: Relationships) -> None:
        self.styles = styles
        self.numbering = numbering
        self.rels = rels

    def blocks(self, blocks: tuple[Block, ...], level: int = 0) -> str:
        out: list[str] = []
        for i, block in enumerate(blocks):
            if i and isinstance(block, Table) and isinstance(blocks[i - 1], Table):
                out.append("<w:p/>")  # two tables that touch are one table to Word: keep them apart
            self.block(out, block, level)
        return "".join(out)

    def block(self, out: list[str], block: Block, level: int) -> None:
        if isinstance(block, Paragraph):
            out.append(_paragraph("", self.inlines(block.inlines)))
        elif isinstance(block, Heading):
            out.append(_paragraph(self._style_ppr(f"Heading {min(block.level, 4)}"), self.inlines(block.inlines)))
        elif isinstance(block, ListBlock):
            self.list(out, block, level)
        else:
            self.table(out, block)

    def list(self, out: list[str], block: ListBlock, level: int) -> None:
        num_id = self.numbering.new_list(block.ordered, level, block.start)
        style = self.styles.id("List Paragraph", "paragraph")
        pstyle = f'<w:pStyle w:val="{xml_attr(style)}"/>' if style else ""
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, ListBlock):
                    self.list(out, child, level + 1)
                    continue  # a nested list first: the next paragraph still carries the number
                if isinstance(child, Paragraph):
                    if first:
                        ppr = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
                    else:
                        ppr = f'<w:ind w:left="{(level + 1) * _INDENT}"/>'
                    out.append(_paragraph(f"<w:pPr>{pstyle}{ppr}</w:pPr>", self.inlines(child.inlines)))
                else:
                    self.block(out, child, level + 1)
                first = False

    def table(self, out: list[str], block: Table) -> None:
        cols = len(block.header)
        widths = _column_widths(cols)
        style = self.styles.id("Table Grid", "table")
        cell_pr = [f'<w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr>' for w in widths]
        out.append(
            "<w:tbl><w:tblPr>"
            + (f'<w:tblStyle w:val="{xml_attr(style)}"/>' if style else "")
            + f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0"'
            ' w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
            + "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
            # The header row repeats on every page; no row is split between two pages.
            '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>')
        # A short table (a budget, a list of amounts) is read whole: every row keeps with the next, so
        # Word moves it to the next page instead of splitting it. A long one breaks between rows.
        short = len(block.rows) <= _KEEP_WHOLE_ROWS
        for col, cell in enumerate(block.header):
            head_ppr = "<w:pPr><w:keepNext/></w:pPr>" if short else ""
            out.append(f"<w:tc>{cell_pr[col]}{_paragraph(head_ppr, self.inlines(cell, bold=True))}</w:tc>")
        out.append("</w:tr>")
        for i, row in enumerate(block.rows):
            keep = "<w:keepNext/>" if short and i < len(block.rows) - 1 else ""
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for col in range(cols):
                cell = row[col] if col < len(row) else ()
                right = col < len(block.align) and block.align[col] == "right"
                jc = '<w:jc w:val="right"/>' if right and col < len(row) else ""
                ppr = f"<w:pPr>{keep}{jc}</w:pPr>" if keep or jc else ""
                out.append(f"<w:tc>{cell_pr[col]}{_paragraph(ppr, self.inlines(cell))}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")

    def inlines(self, inlines: tuple[Inline, ...], bold: bool = False) -> str:
        out: list[str] = []
        for run in inlines:
            if run.line_break:
                out.append("<w:r><w:br/></w:r>")
            elif run.link:
                r_id = self.rels.hyperlink(run.link)
                out.append(f'<w:hyperlink r:id="{xml_attr(r_id)}"><w:r><w:rPr><w:color w:val="0563C1"/>'
                           f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">'
                           f"{xml_text(typografi(run.text))}</w:t></w:r></w:hyperlink>")
            else:
                props = ("<w:b/>" if run.bold or bold else "") + ("<w:i/>" if run.italic else "")
                out.append(f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else '<w:rPr/>'}"
                           f"{_run_content(typografi(run.text))}</w:r>")
        return "".join(out)

    def _style_ppr(self, name: str) -> str:
        style = self.styles.id(name, "paragraph")
        return f'<w:pPr><w:pStyle w:val="{xml_attr(style)}"/></w:pPr>' if style else "<w:pPr/>"


def _column_widths(cols: int) -> list[int]:
    """Twips per column: the label column two shares, every other one share, summing to the text width."""
    if cols == 0:
        return []
    if cols < 3:
        return [_TABLE_TWIPS // cols] * cols
    share = _TABLE_TWIPS // (cols + 1)
    return [_TABLE_TWIPS - share * (cols - 1)] + [share] * (cols - 1)


def _paragraph(ppr: str, runs: str) -> str:
    return f"<w:p>{ppr}{runs}</w:p>" if ppr or runs else "<w:p/>"


_SPECIAL = re.compile(r"([\t\r\n])")


def _run_content(text: str) -> str:
    """A tab becomes w:tab and a line end w:br; the text between them w:t, space-preserved when it
    starts or ends with white space (which Word would otherwise drop)."""
    out: list[str] = []
    for piece in _SPECIAL.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{xml_text(piece)}</w:t>")
    return "".join(out)
