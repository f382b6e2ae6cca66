"""Write the default Word templates in src/papergen/templates/default/ with python-docx.

Run `python tools/make_templates.py` after changing this file and commit the
.docx files it writes. The templates are ordinary Word documents: an
organisation copies one to templates/<organisation>/ and restyles it in Word
(styles, header, footer, margins). They hold only placement and loops
(docxtpl tags); every value and every decision comes from
papergen.render.context.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from papergen.render.docx.package import normalise_docx  # noqa: E402  (after the path tweak: tools run uncompiled)

OUT = Path(__file__).resolve().parents[1] / "src" / "papergen" / "templates" / "default"
FONT = "Arial"
CONTENT_WIDTH = Cm(16)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def base_document() -> DocumentObject:
    doc = Document()
    # python-docx's blank document carries Word 2010's stylesWithEffects.xml, a copy of the styles
    # that the styles added here would not be in (a validator, and Word, read that as damage).
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(r_id)
    section = doc.sections[0]
    # A4 with Swedish office margins; python-docx's default is US Letter.
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.widow_control = True  # no line of a paragraph alone at a page's top or foot
    _set_language(doc)
    for name, size, before in (("Title", 16, 12), ("Heading 1", 15, 12), ("Heading 2", 13, 12),
                               ("Heading 3", 11, 8), ("Heading 4", 11, 6)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:rFonts",):
            fonts = rpr.find(qn(tag))
            if fonts is not None:
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attr), None)
                fonts.set(qn("w:ascii"), FONT)
                fonts.set(qn("w:hAnsi"), FONT)
    title_border = styles["Title"].element.pPr.find(qn("w:pBdr")) if styles["Title"].element.pPr is not None else None
    if title_border is not None:
        title_border.getparent().remove(title_border)

    att = styles.add_style("Att-sats", WD_STYLE_TYPE.PARAGRAPH)
    att.base_style = normal
    # "att" hangs in the margin of its clause: a hanging indent and one tab stop.
    att.paragraph_format.left_indent = Cm(1.25)
    att.paragraph_format.first_line_indent = Cm(-1.25)
    att.paragraph_format.tab_stops.add_tab_stop(Cm(1.25))
    att.paragraph_format.space_after = Pt(6)

    label = styles.add_style("Etikett", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = normal
    label.font.size = Pt(8)
    label.paragraph_format.space_after = Pt(0)

    tight = styles.add_style("Tät", WD_STYLE_TYPE.PARAGRAPH)
    tight.base_style = normal
    tight.paragraph_format.space_after = Pt(0)

    sign = styles.add_style("Underskrift", WD_STYLE_TYPE.PARAGRAPH)
    sign.base_style = normal
    sign.paragraph_format.space_before = Pt(36)
    sign.paragraph_format.space_after = Pt(0)
    sign.paragraph_format.keep_with_next = True

    for name in ("Header", "Footer"):
        styles[name].font.name = FONT
        styles[name].font.size = Pt(8)
        # python-docx's stops sit at US Letter positions; put them at A4's centre and right edge.
        stops = styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Cm(8), WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(CONTENT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    return doc


def _set_language(doc: DocumentObject) -> None:
    """sv-SE in the document defaults, so spelling and hyphenation are Swedish."""
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    lang.set(qn("w:eastAsia"), "sv-SE")
    lang.set(qn("w:bidi"), "ar-SA")
    doc.core_properties.language = "sv-SE"


def field(paragraph: Paragraph, instr: str) -> None:
    """A simple field such as PAGE or NUMPAGES, updated by Word and LibreOffice."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def page_numbers(paragraph: Paragraph) -> None:
    """'Sida X (Y)': rules.md R5.04."""
    paragraph.add_run("Sida ")
    field(paragraph, "PAGE")
    paragraph.add_run(" (")
    field(paragraph, "NUMPAGES")
    paragraph.add_run(")")


def mark_header_row(table: Table) -> None:
    """Repeat the first row on every page and tell assistive technology it is a header."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))  # on; the SDK's schema allows no val="true" here


def column_widths(table: Table, widths: tuple[int, ...]) -> None:
    """One grid for the table: w:tblGrid, every cell's w:tcW and a fixed layout agree (twips).

    Word and LibreOffice lay a table out from its grid; cell widths that
    disagree with it make names wrap in columns that were meant to be wide.
    """
    tbl = table._tbl
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for tc, width in zip(row._tr.findall(qn("w:tc")), widths, strict=True):
            tc_pr = tc.get_or_add_tcPr()
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = OxmlElement("w:tcW")
                tc_pr.insert(0, tc_w)
            tc_w.set(qn("w:type"), "dxa")
            tc_w.set(qn("w:w"), str(width))
    tbl_pr = tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    _schema_order(tbl_pr)


_TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                 "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _schema_order(tbl_pr: object) -> None:
    """w:tblPr's children in the order ECMA-376 gives them (Word refuses a file otherwise)."""
    children = list(tbl_pr)  # type: ignore[call-overload]
    children.sort(key=lambda el: _TBL_PR_ORDER.index(el.tag.split("}")[1]))
    for el in children:
        tbl_pr.append(el)  # type: ignore[attr-defined]


def keep_together(table: Table) -> None:
    """The table stays on one page: no row splits, and every row keeps with the next (Word's way)."""
    rows = table.rows
    for i, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        tr_pr.insert(0, cant)
        if i < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def borderless(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)
    _schema_order(tbl_pr)


def cell_text(table: Table, row: int, col: int, text: str, style: str | None = None, bold: bool = False) -> None:
    paragraph = table.cell(row, col).paragraphs[0]
    if style:
        paragraph.style = style
    run = paragraph.add_run(text)
    run.bold = bold


def standard_header(doc: DocumentObject, left: str, middle: str, right_second_line: str,
                    header: object | None = None) -> None:
    header = header if header is not None else doc.sections[0].header
    table = header.add_table(2, 3, CONTENT_WIDTH)  # type: ignore[attr-defined]
    borderless(table)
    column_widths(table, (3402, 3969, 1701))  # the date and a Dnr on one line beside the name; "Sida 12 (21)"
    cell_text(table, 0, 0, left, bold=True)
    cell_text(table, 0, 1, middle, bold=True)
    page_numbers(table.cell(0, 2).paragraphs[0])
    table.cell(0, 2).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cell_text(table, 1, 0, "{{ organ }}")
    cell_text(table, 1, 1, right_second_line)
    header.paragraphs[0].text = ""  # type: ignore[attr-defined]


def konstruerat_header(doc: DocumentObject, header: object | None = None) -> None:
    """'Konstruerat exempel – …' under the header on every page, only for a paper made from constructed sources."""
    header = header if header is not None else doc.sections[0].header
    header.add_paragraph("{%p if konstruerat %}")
    header.add_paragraph().add_run("{{ konstruerat }}").bold = True
    header.add_paragraph("{%p endif %}")


def standard_footer(doc: DocumentObject) -> None:
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.text = ("Postadress: {{ organisation.postadress }}"
              "{% if organisation.epost %} · E-post: {{ organisation.epost }}{% endif %}"
              "{% if organisation.webbadress %} · {{ organisation.webbadress }}{% endif %}")


def address_block(footer: object) -> None:
    """The organisation's Postadress, E-post and webbplats as a block of labelled columns, as the
    first page of a real kallelse has them (seed 003 page 1), in place of the one-line footer."""
    table = footer.add_table(2, 3, CONTENT_WIDTH)  # type: ignore[attr-defined]
    borderless(table)
    column_widths(table, (3402, 3402, 2268))
    cell_text(table, 0, 0, "Postadress", "Etikett")
    cell_text(table, 0, 1, "E-post", "Etikett")
    cell_text(table, 0, 2, "Webbplats", "Etikett")
    cell = table.cell(1, 0)
    cell.paragraphs[0].text = "{%p for rad in organisation.postadress_rader %}"
    cell.add_paragraph("{{ rad }}", "Footer")
    cell.add_paragraph("{%p endfor %}")
    cell_text(table, 1, 1, "{{ organisation.epost }}", "Footer")
    cell_text(table, 1, 2, "{{ organisation.webbadress }}", "Footer")
    footer.paragraphs[0].text = ""  # type: ignore[attr-defined]


def p(doc: DocumentObject, text: str = "", style: str | None = None, bold_label: str | None = None) -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    if bold_label:
        paragraph.add_run(bold_label).bold = True
    if text:
        paragraph.add_run(text)
    return paragraph


def each_paragraph(doc: DocumentObject, item: str, sequence: str, text: str, style: str | None = None) -> None:
    """One paragraph repeated for each element: docxtpl's paragraph-level loop."""
    p(doc, f"{{%p for {item} in {sequence} %}}")
    p(doc, text, style)
    p(doc, "{%p endfor %}")


def forslag_block(doc: DocumentObject, var: str, heading: str) -> None:
    """Förslag till beslut: lead-in, att-satser with a hanging indent, villkor, efterskrift."""
    p(doc, f"{{%p if {var} %}}")
    p(doc, "Förslag till beslut", heading)
    p(doc, f"{{%p if {var}.inledning %}}")
    p(doc, f"{{{{ {var}.inledning }}}}")
    p(doc, "{%p endif %}")
    each_paragraph(doc, "att", f"{var}.att_satser", "att\t{{ att }}", "Att-sats")
    each_paragraph(doc, "villkor", f"{var}.villkor", "{{ villkor }}", "List Bullet")
    each_paragraph(doc, "rad", f"{var}.efterskrift", "{{ rad }}")
    p(doc, "{%p endif %}")


def kallelse() -> DocumentObject:
    doc = base_document()
    first = doc.sections[0]
    # Page 1 names the paper once, in its title; its header has no "Kallelse" beside it, and its
    # footer is the organisation's address block. Later pages of the kallelse repeat the name.
    first.different_first_page_header_footer = True
    standard_header(doc, "{{ organisation.namn }}", "", "{{ datum }}", first.first_page_header)
    konstruerat_header(doc, first.first_page_header)
    address_block(first.first_page_footer)
    standard_header(doc, "{{ organisation.namn }}", "{{ titel }}", "{{ datum }}")
    konstruerat_header(doc)
    standard_footer(doc)
    p(doc, "{{p logo }}")  # the organisation's logotyp, when it has one (organisation.yaml logo)
    p(doc, "{{ titel }}", "Title")
    p(doc, "{{ organ }}", bold_label="Sammanträde med: ")
    p(doc, "{{ datum }}", "Tät", bold_label="Sammanträdesdatum: ")
    p(doc, "{{ tid }}", "Tät", bold_label="Tid: ")
    p(doc, "{{ plats }}", bold_label="Plats: ")
    p(doc, "{%p if gruppmoten %}")
    p(doc, "{{ gruppmoten.rubrik }}", "Tät").runs[0].bold = True
    each_paragraph(doc, "rad", "gruppmoten.rader", "{{ rad }}", "Tät")
    p(doc, "{%p endif %}")
    each_paragraph(doc, "rad", "noter", "{{ rad }}")

    table = doc.add_table(rows=4, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    borderless(table)
    cell_text(table, 0, 0, "Ledamöter kallas", bold=True)
    cell_text(table, 0, 1, "Ersättare underrättas", bold=True)
    mark_header_row(table)
    table.cell(1, 0).paragraphs[0].text = "{%tr for rad in ledamot_rader %}"
    cell_text(table, 2, 0, "{{ rad.ledamot }}", "Tät")
    cell_text(table, 2, 1, "{{ rad.ersattare }}", "Tät")
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"

    # The föredragningslista is a section of its own, so its pages' running header names it.
    agenda = doc.add_section(WD_SECTION.NEW_PAGE)
    agenda.different_first_page_header_footer = False
    agenda.header.is_linked_to_previous = False
    standard_header(doc, "{{ organisation.namn }}", "{{ lista }}", "{{ datum }}", agenda.header)
    konstruerat_header(doc, agenda.header)
    p(doc, "{{ lista }}", "Heading 1")
    p(doc, "{%p for a in arenden %}")
    p(doc, "{%p if a.avsnitt %}")
    p(doc, "{{ a.avsnitt }}", "Heading 2")
    p(doc, "{%p endif %}")
    p(doc, "{{ a.nummer }}. {{ a.rubrik }}", "Heading 2")
    p(doc, "{%p if a.rad %}")
    p(doc, "{{ a.rad }}")
    p(doc, "{%p endif %}")
    each_paragraph(doc, "punkt", "a.punkter", "{{ punkt }}", "List Bullet")
    forslag_block(doc, "a.forslag", "Heading 3")
    p(doc, "{%p if a.sammanfattning %}")
    p(doc, "Sammanfattning", "Heading 3")
    p(doc, "{{p a.sammanfattning }}")
    p(doc, "{%p endif %}")
    p(doc, "{%p if a.beslutsunderlag %}")
    p(doc, "Beslutsunderlag", "Heading 3")
    each_paragraph(doc, "rad", "a.beslutsunderlag", "{{ rad }}", "List Bullet")
    p(doc, "{%p endif %}")
    p(doc, "{%p endfor %}")
    return doc


def pm() -> DocumentObject:
    doc = base_document()
    header = doc.sections[0].header
    header.paragraphs[0].text = "{{ organisation.namn }}"
    header.paragraphs[0].runs[0].bold = True
    header.paragraphs[0].add_run("\t\t")
    page_numbers(header.paragraphs[0])
    table = header.add_table(2, 3, CONTENT_WIDTH)
    borderless(table)
    # The label only where the source has a tjänsteställe or handläggare to put under it.
    cell_text(table, 0, 0, "{% if tjanstestalle_handlaggare %}Tjänsteställe, handläggare{% endif %}", "Etikett")
    cell_text(table, 0, 1, "Sammanträdesdatum", "Etikett")
    cell_text(table, 0, 2, "{{ titel }}", "Etikett")
    column_widths(table, (4820, 2126, 2126))  # "Regional utveckling, Förnamn Efternamn" on one line
    cell_text(table, 1, 0, "{{ tjanstestalle_handlaggare }}")
    cell_text(table, 1, 1, "{{ sammantradesdatum }}")
    cell_text(table, 1, 2, "{% if dnr %}Dnr: {{ dnr }}{% endif %}")
    konstruerat_header(doc)
    standard_footer(doc)

    p(doc, "Organ", "Etikett")
    p(doc, "{{ organ }}")
    p(doc, "{%p if externt_diarienummer %}")
    p(doc, "Externt diarienummer:", "Etikett")
    p(doc, "{{ externt_diarienummer }}")
    p(doc, "{%p endif %}")
    p(doc, "{{ rubrik }}", "Title")
    forslag_block(doc, "forslag", "Heading 2")
    p(doc, "{%p for sektion in sektioner %}")
    p(doc, "{{ sektion.rubrik }}", "Heading 2")
    p(doc, "{{p sektion.innehall }}")
    p(doc, "{%p endfor %}")
    p(doc, "{%p if beslutsunderlag %}")
    p(doc, "Beslutsunderlag", "Heading 2")
    p(doc, "{%p for rad in beslutsunderlag %}")
    # With the signature and "Skickas till" after it: the last page never holds a signature alone.
    p(doc, "{{ rad }}").paragraph_format.keep_with_next = True
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")
    p(doc, "{%p if underskrift %}")
    p(doc, "{{ underskrift.namn }}", "Underskrift")
    p(doc, "{{ underskrift.titel }}").paragraph_format.keep_with_next = True
    p(doc, "{%p endif %}")
    p(doc, "{%p if skickas_till %}")
    # The list is kept with its heading and the signature: no name stands alone on the last page.
    heading = p(doc, "Skickas till:", "Tät")
    heading.runs[0].bold = True
    heading.paragraph_format.keep_with_next = True
    p(doc, "{%p for rad in skickas_till %}")
    p(doc, "{{ rad }}", "Tät").paragraph_format.keep_with_next = True
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")
    return doc


def window_frame(paragraph: Paragraph) -> None:
    """The addressee in a frame at the envelope window (context: adressfalt, in twips from the
    sheet's edges). Consecutive paragraphs with the same frame form one frame in Word."""
    frame = OxmlElement("w:framePr")
    for attr, value in (("w:w", "{{ adressfalt.bredd }}"), ("w:wrap", "notBeside"), ("w:vAnchor", "page"),
                        ("w:hAnchor", "page"), ("w:x", "{{ adressfalt.x }}"), ("w:y", "{{ adressfalt.y }}")):
        frame.set(qn(attr), value)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert(1 if p_pr.find(qn("w:pStyle")) is not None else 0, frame)


def address_field(doc: DocumentObject) -> None:
    """The addressee, one line a paragraph, in the envelope window's frame."""
    p(doc, "{%p for rad in mottagare %}")
    window_frame(p(doc, "{{ rad }}", "Tät"))
    p(doc, "{%p endfor %}")


def remissvar() -> DocumentObject:
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", "{{ titel }}", "{{ datum }}{% if dnr %}  Dnr: {{ dnr }}{% endif %}")
    konstruerat_header(doc)
    standard_footer(doc)
    p(doc, "{{p logo }}")
    address_field(doc)
    p(doc, "{%p if er_referens %}")
    p(doc, "{{ er_referens }}", bold_label="Er referens: ").paragraph_format.space_before = Pt(12)
    p(doc, "{%p endif %}")
    p(doc, "{{ rubrik }}", "Title")
    p(doc, "{{p innehall }}")
    p(doc, "{%p if underskrift.for_ %}")
    p(doc, "För {{ underskrift.for_ }}").paragraph_format.space_before = Pt(18)
    p(doc, "{%p endif %}")
    p(doc, "{{ underskrift.namn }}", "Underskrift")
    p(doc, "{{ underskrift.titel }}")
    return doc


def budget_block(doc: DocumentObject, var: str) -> None:
    """A kostnads- och finansieringsbudget: its heading kept with the tables, the sums computed."""
    p(doc, f"{{{{ {var}.rubrik }}}}", "Heading 2")
    p(doc, f"{{{{p {var}.tabeller }}}}")
    each_paragraph(doc, "rad", f"{var}.anmarkningar", "{{ rad }}", "Etikett")


def delegationsbeslut() -> DocumentObject:
    """The letter of a delegationsbeslut as seed 003 prints it (ärende 12's three beslut)."""
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", "Delegationsbeslut", "{{ datum }}")
    konstruerat_header(doc)
    standard_footer(doc)
    p(doc, "{{p logo }}")
    table = doc.add_table(2, 3)
    borderless(table)
    cell_text(table, 0, 0, "{% if tjanstestalle_handlaggare %}Tjänsteställe, handläggare{% endif %}", "Etikett")
    cell_text(table, 0, 1, "Datum", "Etikett")
    cell_text(table, 0, 2, "Beteckning", "Etikett")
    cell_text(table, 1, 0, "{{ tjanstestalle_handlaggare }}")
    cell_text(table, 1, 1, "{{ datum }}")
    cell_text(table, 1, 2, "{{ dnr }}")
    column_widths(table, (4820, 2126, 2126))
    address_field(doc)
    p(doc, "{{ rubrik }}", "Title").paragraph_format.space_before = Pt(24)
    p(doc, "{{p inledning }}")
    titled_lines(doc, "beslutet", "Beslutet", "Heading 2", "List Bullet")
    p(doc, "{%p if villkor %}")
    p(doc, "{{ villkor_rubrik }}").paragraph_format.keep_with_next = True
    each_paragraph(doc, "rad", "villkor", "{{ rad }}", "List Bullet")
    p(doc, "{%p endif %}")
    p(doc, "{{p innehall }}")
    p(doc, "{%p if budget %}")
    budget_block(doc, "budget")
    p(doc, "{%p endif %}")
    p(doc, "{%p for u in underskrifter %}")
    p(doc, "{{ u.namn }}", "Underskrift")
    p(doc, "{{ u.titel }}")
    p(doc, "{%p endfor %}")
    return doc


def titled_paper(title: str, *, konstruerat: bool = False) -> DocumentObject:
    """A paper whose running header and title name it, with the Postadress footer (and the banner of a
    constructed paper, where its context has one)."""
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", title, "{{ datum }}")
    if konstruerat:
        konstruerat_header(doc)
    standard_footer(doc)
    p(doc, title, "Title")
    return doc


def budget() -> DocumentObject:
    """A bilaga with an ärende's kostnads- och finansieringsbudget, printed from its data."""
    doc = titled_paper("Bilaga till ärende {{ nummer }}", konstruerat=True)
    label_value_table(doc, [
        ("Organ", "{{ organ }}"),
        ("Sammanträdesdatum", "{{ datum }}"),
        ("Ärende", "{{ nummer }}. {{ rubrik }}"),
        ("Dnr", "{{ dnr }}"),
        ("Ur", "{{ kalla }}"),
    ])
    budget_block(doc, "budget")
    return doc


def signature_footer(doc: DocumentObject, labels: tuple[str, ...]) -> None:
    """'Justerandes signatur' (and 'Utdragsbestyrkande') on every page, in place of the Postadress."""
    footer = doc.sections[0].footer
    table = footer.add_table(2, len(labels), CONTENT_WIDTH)
    borderless(table)
    for i, label in enumerate(labels):
        cell_text(table, 0, i, label, "Etikett")
        cell_text(table, 1, i, "……………………………")


def label_value_table(doc: DocumentObject, rows: list[tuple[str, str]]) -> Table:
    """Label | value rows with thin borders: the anslag box, the header facts."""
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    for i, (label, value) in enumerate(rows):
        cell_text(table, i, 0, label, bold=True)
        cell_text(table, i, 1, value)
    # 5.5 + 10.5 cm: a value (a place with its date) on one line; a long label may take two
    column_widths(table, (3118, 5954))
    keep_together(table)  # read as one box (an anslag above all): never half on one page, half on the next
    return table


def anslag_block(doc: DocumentObject, var: str) -> None:
    """Anslag/bevis (rules.md R1.25): the fields of a real anslag, one box per justering."""
    p(doc, f"Anslag/bevis: {{{{ {var}.rubrik }}}}", "Heading 2")
    p(doc, f"{{{{ {var}.bevis }}}}").paragraph_format.keep_with_next = True
    label_value_table(doc, [
        ("Organ", f"{{{{ {var}.organ }}}}"),
        ("Sammanträdesdatum", f"{{{{ {var}.sammantradesdatum }}}}"),
        ("Justerat", f"{{{{ {var}.justerat }}}}"),
        ("Datum då anslaget sätts upp", f"{{{{ {var}.uppsatt }}}}"),
        ("Datum då anslaget tas ned", f"{{{{ {var}.nedtas }}}}"),
        ("Sista dag för överklagande", f"{{{{ {var}.sista_overklagandedag }}}}"),
        ("Förvaringsplats för protokollet", f"{{{{ {var}.forvaringsplats }}}}"),
        ("Underskrift", f"……………………………… {{{{ {var}.underskrift }}}}"),
    ])


def titled_lines(doc: DocumentObject, var: str, title: str, heading: str, style: str | None = None) -> None:
    """A heading and one paragraph per line, left out when there are none."""
    p(doc, f"{{%p if {var} %}}")
    p(doc, title, heading)
    each_paragraph(doc, "rad", var, "{{ rad }}", style)
    p(doc, "{%p endif %}")


def paragraf_block(doc: DocumentObject, var: str, new_page: bool = False) -> None:
    """One § (document-types.md 5.1): förslag, yrkanden, propositionsordning, omröstning, beslut."""
    heading = p(doc, f"{{{{ {var}.nummer }}}}\t{{{{ {var}.rubrik }}}}", "Heading 1")
    heading.paragraph_format.page_break_before = new_page
    p(doc, f"{{%p if {var}.rad %}}")
    p(doc, f"{{{{ {var}.rad }}}}")
    p(doc, "{%p endif %}")
    each_paragraph(doc, "rad", f"{var}.narvaro", "{{ rad }}")
    each_paragraph(doc, "rad", f"{var}.jav", "{{ rad }}")
    each_paragraph(doc, "punkt", f"{var}.punkter", "{{ punkt }}", "List Bullet")
    each_paragraph(doc, "rad", f"{var}.text", "{{ rad }}")
    p(doc, f"{{%p if {var}.sammanfattning %}}")
    p(doc, "Sammanfattning", "Heading 2")
    p(doc, f"{{{{p {var}.sammanfattning }}}}")
    p(doc, "{%p endif %}")
    forslag_block(doc, f"{var}.forslag", "Heading 2")
    titled_lines(doc, f"{var}.yrkanden", "Yrkanden", "Heading 2")
    titled_lines(doc, f"{var}.propositionsordning", "Propositionsordning", "Heading 2")

    p(doc, f"{{%p if {var}.omrostning %}}")
    p(doc, "Omröstning", "Heading 2")
    p(doc, f"{{{{ {var}.omrostning.proposition }}}}").paragraph_format.keep_with_next = True
    table = doc.add_table(rows=5, cols=5)
    table.style = doc.styles["Table Grid"]
    for i, label in enumerate(("Ledamot", "Tjänstgörande ersättare", "Ja", "Nej", "Avstår")):
        cell_text(table, 0, i, label, bold=True)
    mark_header_row(table)
    table.cell(1, 0).paragraphs[0].text = f"{{%tr for r in {var}.omrostning.rader %}}"
    for i, key in enumerate(("ledamot", "ersattare", "ja", "nej", "avstar")):
        cell_text(table, 2, i, f"{{{{ r.{key} }}}}", "Tät")
        cell_text(table, 4, i, f"{{{{ {var}.omrostning.summa.{key} }}}}", bold=True)
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    # Names need the room; the vote columns hold one mark each (16 cm in all, "Avstår" fits bold).
    column_widths(table, (3402, 3402, 680, 680, 908))
    for row in table.rows[:-1]:  # the vote list, sum and all, is read on one page where it fits
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    p(doc, f"{{{{ {var}.omrostning.resultat }}}}").paragraph_format.space_before = Pt(6)
    p(doc, "{%p endif %}")

    p(doc, "Beslut", "Heading 2")
    p(doc, f"{{%p if {var}.avviker %}}")
    p(doc).add_run(f"{{{{ {var}.avviker }}}}").italic = True
    p(doc, "{%p endif %}")
    p(doc, f"{{{{ {var}.beslut.inledning }}}}")
    each_paragraph(doc, "att", f"{var}.beslut.att_satser", "att\t{{ att }}", "Att-sats")
    each_paragraph(doc, "villkor", f"{var}.beslut.villkor", "{{ villkor }}", "List Bullet")
    each_paragraph(doc, "rad", f"{var}.beslut.efterskrift", "{{ rad }}")
    titled_lines(doc, f"{var}.reservationer", "Reservationer", "Heading 2")
    titled_lines(doc, f"{var}.protokollsanteckningar", "Protokollsanteckningar", "Heading 2")
    p(doc, f"{{%p if {var}.omedelbart_justerad %}}")
    p(doc).add_run(f"{{{{ {var}.omedelbart_justerad }}}}").bold = True
    p(doc, "{%p endif %}")
    titled_lines(doc, f"{var}.beslutsunderlag", "Beslutsunderlag", "Heading 2", "List Bullet")
    titled_lines(doc, f"{var}.expediering", "Expediering", "Heading 2", "List Bullet")


def protokoll() -> DocumentObject:
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", "{{ titel }}", "{{ datum }}")
    konstruerat_header(doc)
    signature_footer(doc, ("Justerandes signatur", ""))
    p(doc, "{{ titel }}", "Title")
    label_value_table(doc, [
        ("Organ", "{{ organ }}"),
        ("Sammanträdesdatum", "{{ datum }}"),
        ("Tid", "{{ tid }}"),
        ("Plats", "{{ plats }}"),
        ("Paragrafer", "{{ paragrafer }}"),
        ("Justerare", "{{ justerare|join(', ') }}"),
        ("Justeringens plats och tid", "{{ justering }}"),
    ])
    titled_lines(doc, "beslutande", "Beslutande ledamöter", "Heading 2", "Tät")
    titled_lines(doc, "tjanstgorande_ersattare", "Tjänstgörande ersättare", "Heading 2", "Tät")
    titled_lines(doc, "ersattare", "Närvarande ersättare", "Heading 2", "Tät")
    titled_lines(doc, "ovriga", "Övriga närvarande", "Heading 2", "Tät")
    p(doc, "Underskrifter", "Heading 2")
    p(doc, "{%p for u in underskrifter %}")
    p(doc, "{{ u.roll }}", "Etikett").paragraph_format.space_before = Pt(18)
    p(doc, "……………………………………………………", "Tät").paragraph_format.space_before = Pt(18)
    p(doc, "{{ u.namn }}", "Tät")
    p(doc, "{%p endfor %}")
    p(doc, "{%p for a in anslag %}")
    anslag_block(doc, "a")
    p(doc, "{%p endfor %}")
    p(doc, "{%p for para in paragraf_lista %}")
    paragraf_block(doc, "para", new_page=True)
    p(doc, "{%p endfor %}")
    return doc


def protokollsutdrag() -> DocumentObject:
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", "{{ titel }}", "{{ datum }}")
    konstruerat_header(doc)
    signature_footer(doc, ("Justerandes signatur", "Utdragsbestyrkande"))
    p(doc, "{{ titel }}", "Title")
    label_value_table(doc, [("Organ", "{{ organ }}"), ("Sammanträdesdatum", "{{ datum }}")])
    paragraf_block(doc, "paragraf")
    p(doc, "{{ justering }}").paragraph_format.space_before = Pt(12)
    p(doc, "Utdragsbestyrkande", "Heading 2")
    p(doc, "……………………………………………………", "Tät").paragraph_format.space_before = Pt(18)
    p(doc, "{{ bestyrkande }}", "Tät")
    anslag_block(doc, "anslag")
    return doc


def anslagsbevis() -> DocumentObject:
    doc = titled_paper("{{ titel }}", konstruerat=True)
    p(doc, "{%p for a in anslag %}")
    anslag_block(doc, "a")
    p(doc, "{%p endfor %}")
    p(doc, "{{ overklagande }}").paragraph_format.space_before = Pt(12)
    return doc


def generated() -> dict[str, bytes]:
    """Each default template's name and the exact bytes this generator makes for it (normalised, so
    the same every run): tests/test_templates_generated.py compares them with the committed files."""
    from io import BytesIO

    made: dict[str, bytes] = {}
    for name, build in (("kallelse", kallelse), ("pm", pm), ("remissvar", remissvar), ("protokoll", protokoll),
                        ("protokollsutdrag", protokollsutdrag), ("anslagsbevis", anslagsbevis),
                        ("delegationsbeslut", delegationsbeslut), ("budget", budget)):
        doc = build()
        doc.core_properties.author = "papergen"
        doc.core_properties.title = name
        buffer = BytesIO()
        doc.save(buffer)
        made[f"{name}.docx"] = normalise_docx(buffer.getvalue(), None)
    return made


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for filename, data in generated().items():
        target = OUT / filename
        target.write_bytes(data)
        print(target.relative_to(OUT.parents[3]))


if __name__ == "__main__":
    main()
