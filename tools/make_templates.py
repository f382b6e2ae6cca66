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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from papergen.write import normalise_docx  # noqa: E402  (after the path tweak: tools run uncompiled)

OUT = Path(__file__).resolve().parents[1] / "src" / "papergen" / "templates" / "default"
FONT = "Arial"
CONTENT_WIDTH = Cm(16)


def base_document() -> DocumentObject:
    doc = Document()
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
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def borderless(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def cell_text(table: Table, row: int, col: int, text: str, style: str | None = None, bold: bool = False) -> None:
    paragraph = table.cell(row, col).paragraphs[0]
    if style:
        paragraph.style = style
    run = paragraph.add_run(text)
    run.bold = bold


def standard_header(doc: DocumentObject, left: str, middle: str, right_second_line: str) -> None:
    header = doc.sections[0].header
    table = header.add_table(2, 3, CONTENT_WIDTH)
    borderless(table)
    cell_text(table, 0, 0, left, bold=True)
    cell_text(table, 0, 1, middle, bold=True)
    page_numbers(table.cell(0, 2).paragraphs[0])
    cell_text(table, 1, 0, "{{ organ }}")
    cell_text(table, 1, 1, right_second_line)
    header.paragraphs[0].text = ""


def standard_footer(doc: DocumentObject) -> None:
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.text = ("Postadress: {{ organisation.postadress }}"
              "{% if organisation.epost %} · E-post: {{ organisation.epost }}{% endif %}"
              "{% if organisation.webbadress %} · {{ organisation.webbadress }}{% endif %}")


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
    standard_header(doc, "{{ organisation.namn }}", "Kallelse", "{{ datum }}")
    standard_footer(doc)
    p(doc, "Kallelse", "Title")
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

    p(doc).add_run().add_break(WD_BREAK.PAGE)
    p(doc, "Föredragningslista", "Heading 1")
    p(doc, "{%p for a in arenden %}")
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
    cell_text(table, 0, 0, "Tjänsteställe, handläggare", "Etikett")
    cell_text(table, 0, 1, "Sammanträdesdatum", "Etikett")
    cell_text(table, 0, 2, "FöredragningsPM", "Etikett")
    cell_text(table, 1, 0, "{{ tjanstestalle_handlaggare }}")
    cell_text(table, 1, 1, "{{ sammantradesdatum }}")
    cell_text(table, 1, 2, "{% if dnr %}Dnr: {{ dnr }}{% endif %}")
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
    each_paragraph(doc, "rad", "beslutsunderlag", "{{ rad }}")
    p(doc, "{%p endif %}")
    p(doc, "{%p if underskrift %}")
    p(doc, "{{ underskrift.namn }}", "Underskrift")
    p(doc, "{{ underskrift.titel }}")
    p(doc, "{%p endif %}")
    p(doc, "{%p if skickas_till %}")
    p(doc, "Skickas till:", "Tät").runs[0].bold = True
    each_paragraph(doc, "rad", "skickas_till", "{{ rad }}", "Tät")
    p(doc, "{%p endif %}")
    return doc


def remissvar() -> DocumentObject:
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", "Yttrande", "{{ datum }}{% if dnr %}  Dnr: {{ dnr }}{% endif %}")
    standard_footer(doc)
    each_paragraph(doc, "rad", "mottagare", "{{ rad }}", "Tät")
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
    return table


def anslag_block(doc: DocumentObject, var: str) -> None:
    """Anslag/bevis (rules.md R1.25): the fields of a real anslag, one box per justering."""
    p(doc, f"Anslag/bevis: {{{{ {var}.rubrik }}}}", "Heading 2")
    p(doc, f"{{{{ {var}.bevis }}}}")
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


def paragraf_block(doc: DocumentObject, var: str) -> None:
    """One § (document-types.md 5.1): förslag, yrkanden, propositionsordning, omröstning, beslut."""
    p(doc, f"{{{{ {var}.nummer }}}}\t{{{{ {var}.rubrik }}}}", "Heading 1")
    p(doc, f"{{%p if {var}.rad %}}")
    p(doc, f"{{{{ {var}.rad }}}}")
    p(doc, "{%p endif %}")
    each_paragraph(doc, "rad", f"{var}.narvaro", "{{ rad }}")
    each_paragraph(doc, "rad", f"{var}.jav", "{{ rad }}")
    each_paragraph(doc, "punkt", f"{var}.punkter", "{{ punkt }}", "List Bullet")
    p(doc, f"{{%p if {var}.sammanfattning %}}")
    p(doc, "Sammanfattning", "Heading 2")
    p(doc, f"{{{{p {var}.sammanfattning }}}}")
    p(doc, "{%p endif %}")
    forslag_block(doc, f"{var}.forslag", "Heading 2")
    titled_lines(doc, f"{var}.yrkanden", "Yrkanden", "Heading 2")
    titled_lines(doc, f"{var}.propositionsordning", "Propositionsordning", "Heading 2")

    p(doc, f"{{%p if {var}.omrostning %}}")
    p(doc, "Omröstning", "Heading 2")
    p(doc, f"{{{{ {var}.omrostning.proposition }}}}")
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
    # Names need the room; the vote columns hold one mark each.
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(5.5), Cm(5.5), Cm(1.6), Cm(1.6), Cm(1.8))):
            cell.width = width
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
    standard_header(doc, "{{ organisation.namn }}", "Protokoll", "{{ datum }}")
    signature_footer(doc, ("Justerandes signatur", ""))
    p(doc, "Protokoll", "Title")
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
    p(doc).add_run().add_break(WD_BREAK.PAGE)
    paragraf_block(doc, "para")
    p(doc, "{%p endfor %}")
    return doc


def protokollsutdrag() -> DocumentObject:
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", "Protokollsutdrag", "{{ datum }}")
    signature_footer(doc, ("Justerandes signatur", "Utdragsbestyrkande"))
    p(doc, "Protokollsutdrag", "Title")
    label_value_table(doc, [("Organ", "{{ organ }}"), ("Sammanträdesdatum", "{{ datum }}")])
    paragraf_block(doc, "paragraf")
    p(doc, "{{ justering }}").paragraph_format.space_before = Pt(12)
    p(doc, "Utdragsbestyrkande", "Heading 2")
    p(doc, "……………………………………………………", "Tät").paragraph_format.space_before = Pt(18)
    p(doc, "{{ bestyrkande }}", "Tät")
    anslag_block(doc, "anslag")
    return doc


def anslagsbevis() -> DocumentObject:
    doc = base_document()
    standard_header(doc, "{{ organisation.namn }}", "Anslagsbevis", "{{ datum }}")
    standard_footer(doc)
    p(doc, "Anslagsbevis", "Title")
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
                        ("protokollsutdrag", protokollsutdrag), ("anslagsbevis", anslagsbevis)):
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
