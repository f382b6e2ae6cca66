"""The Word papers as a Word user reads them: table grids, page flow, running headers, the logotyp,
the envelope window, and the delegationsbeslut and budget papers (issue 20)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import REPO, check_minimal
from lxml import etree

from papergen import api
from papergen.model.core import Project
from papergen.render.context_beslut import budget_ctx
from papergen.source.canonical import blocks_to_markdown

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MEETING = "meeting-2021-03-12"


def _xml(docx: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def _text(element: etree._Element) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("papers")
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=out, formats=("docx", "md"))
    assert not report.blocked
    return out / "meeting-2020-02-14"


# --- tables -------------------------------------------------------------------------------

def test_every_table_has_one_grid_that_its_cells_repeat(shipped: Path) -> None:
    """A table's columns come from one grid: every cell is as wide as its grid column."""
    for docx in sorted(shipped.glob("*.docx")):
        for table in _xml(docx).iter(f"{{{W}}}tbl"):
            grid = [int(c.get(f"{{{W}}}w")) for c in table.xpath("./w:tblGrid/w:gridCol", namespaces=NS)]
            for row in table.xpath("./w:tr", namespaces=NS):
                widths = [int(w) for w in row.xpath("./w:tc/w:tcPr/w:tcW/@w:w", namespaces=NS)]
                assert widths == grid, f"{docx.name}: cells {widths}, grid {grid}"


def test_vote_list_gives_names_room_and_each_serving_ersattare_her_ledamot(shipped: Path) -> None:
    table = next(t for t in _xml(shipped / "protokoll.docx").iter(f"{{{W}}}tbl")
                 if _text(t).startswith("LedamotTjänstgörande ersättare"))
    grid = [int(c) for c in table.xpath("./w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert grid == [3402, 3402, 680, 680, 908]  # 6 + 6 cm for names, the marks narrow: 16 cm
    rows = [[_text(c) for c in r.xpath("./w:tc", namespaces=NS)] for r in table.xpath("./w:tr", namespaces=NS)]
    assert ["Bulent Oktay (S)", "Ingrid Båve (S)", "X", "", ""] in rows
    assert ["Torbjörn Appelqvist (M)", "Magnus Johansson (M)", "X", "", ""] in rows


def test_an_anslag_box_never_splits_across_pages(shipped: Path) -> None:
    for name in ("protokoll.docx", "anslagsbevis.docx", "protokollsutdrag-10.docx"):
        boxes = [t for t in _xml(shipped / name).iter(f"{{{W}}}tbl") if _text(t).startswith("OrganRegional")]
        assert boxes, name
        for box in boxes:
            rows = box.xpath("./w:tr", namespaces=NS)
            assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
            for row in rows[:-1]:  # each row keeps with the next, so Word moves the box whole
                assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in row.iter(f"{{{W}}}p"))


def test_jav_is_marked_in_the_attendance_list(shipped: Path) -> None:
    text = (shipped / "protokoll.md").read_text(encoding="utf-8")
    assert "- Torbjörn Appelqvist (M), jäv § 7\n" in text
    assert "[-" not in text and "{+" not in text


# --- kallelse ----------------------------------------------------------------------------

def test_kallelse_names_itself_once_on_page_one_and_its_agenda_pages_say_foredragningslista(shipped: Path) -> None:
    docx = shipped / "kallelse.docx"
    body = _xml(docx)
    sections = body.xpath("//w:sectPr", namespaces=NS)
    assert len(sections) == 2
    with zipfile.ZipFile(docx) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}

        def header(section: etree._Element, kind: str) -> str:
            ref = section.xpath(f"./w:headerReference[@w:type='{kind}']/@r:id",
                                namespaces={**NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006"
                                                           "/relationships"})
            return _text(etree.fromstring(z.read("word/" + target[ref[0]])))

        assert sections[0].find("w:titlePg", NS) is not None
        first, later, agenda = header(sections[0], "first"), header(sections[0], "default"), header(sections[1],
                                                                                                  "default")
    assert "Kallelse" not in first and "Kallelse" in later
    assert "Föredragningslista" in agenda
    assert [_text(p) for p in body.iter(f"{{{W}}}p")].count("Kallelse") == 1


def test_kallelse_first_page_has_the_address_block(shipped: Path) -> None:
    with zipfile.ZipFile(shipped / "kallelse.docx") as z:
        footers = [_text(etree.fromstring(z.read(n))) for n in z.namelist() if n.startswith("word/footer")]
    assert any(f.startswith("PostadressE-postWebbplatsRegion Örebro länBox 1613, 701 16 Örebro") for f in footers)


# --- the logotyp ------------------------------------------------------------------------------

def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _with_logo(root: Path, line: str) -> None:
    org = root / "content" / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_a_configured_logo_heads_the_kallelse_and_the_letters(minimal: Path) -> None:
    logo = _png(60, 20)
    (minimal / "content" / "logo.png").write_bytes(logo)
    _with_logo(minimal, "logo: content/logo.png")
    report = api.build(minimal, minimal / "content" / MEETING, formats=("docx",))
    assert not report.blocked
    for name in ("kallelse.docx", "remissvar-02.docx"):
        path = minimal / "build" / MEETING / name
        with zipfile.ZipFile(path) as z:
            assert z.read("word/media/logo.png") == logo
            assert b'<Default Extension="png" ContentType="image/png"/>' in z.read("[Content_Types].xml")
        doc = _xml(path)
        pr = doc.xpath("//wp:docPr", namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/"
                                                       "wordprocessingDrawing"})
        assert [p.get("descr") for p in pr] == ["Testkommunens logotyp"]
    # 1.5 cm high at its own aspect ratio (3:1)
    extent = doc.xpath("//wp:extent", namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/"
                                                         "wordprocessingDrawing"})[0]
    assert (extent.get("cx"), extent.get("cy")) == ("1620000", "540000")
    manifest = (minimal / "build" / MEETING / "manifest.json").read_text(encoding="utf-8")
    assert "content/logo.png" in manifest  # a source of the papers: a new logo is a new build


def test_without_a_logo_the_papers_have_no_image(minimal: Path) -> None:
    api.build(minimal, minimal / "content" / MEETING, formats=("docx",))
    with zipfile.ZipFile(minimal / "build" / MEETING / "kallelse.docx") as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]


@pytest.mark.parametrize(("setting", "message"), [
    ("logo: ../utanfor.png", "logotypen '../utanfor.png' ligger utanför projektet; ange en sökväg inom "
                             "projektets mapp"),
    ("logo: content/saknas.png", "logotypen 'content/saknas.png' finns inte; ange en PNG- eller JPEG-fil i "
                                 "projektet"),
    ("logo: content/meeting-2021-03-12/meeting.yaml", "logotypen 'content/meeting-2021-03-12/meeting.yaml' är "
                                                     "inte en PNG- eller JPEG-bild"),
])
def test_a_bad_logo_is_a_located_error(minimal: Path, setting: str, message: str) -> None:
    (minimal.parent / "utanfor.png").write_bytes(_png(2, 2))
    _with_logo(minimal, setting)
    found = [d for d in check_minimal(minimal) if "PG124" in d]
    line = len((minimal / "content" / "organisation.yaml").read_text(encoding="utf-8").splitlines())
    assert found == [f"content/organisation.yaml:{line}:7: error[PG124]: {message}"]


# --- the letter's envelope window --------------------------------------------------------------

@pytest.mark.parametrize(("setting", "x"), [(None, "5953"), ("fonsterkuvert: v2", "1134")])
def test_the_addressee_is_framed_in_the_envelope_window(minimal: Path, setting: str | None, x: str) -> None:
    if setting:
        _with_logo(minimal, setting)
    api.build(minimal, minimal / "content" / MEETING, formats=("docx",))
    frames = _xml(minimal / "build" / MEETING / "remissvar-02.docx").xpath("//w:framePr", namespaces=NS)
    assert len(frames) == 3  # Regionen, Box 2, 200 00 Regionstad: one frame in Word
    for frame in frames:
        assert {k.split("}")[1]: v for k, v in frame.attrib.items()} == {
            "w": "4819", "wrap": "notBeside", "vAnchor": "page", "hAnchor": "page", "x": x, "y": "2721"}


# --- delegationsbeslut and budget -----------------------------------------------------------

def test_budget_sums_are_computed_and_a_differing_stated_sum_is_named(shipped: Path) -> None:
    from papergen.diagnostics import Collector
    from papergen.model.load import load_meeting, load_project  # the shipped 19RS9565 (seed 003:22700)

    out = Collector()
    project = load_project(REPO, out)
    assert isinstance(project, Project)
    meeting = load_meeting(project, REPO / "content" / "meeting-2020-02-14", out)
    d = next(d for a in meeting.arenden for d in a.delegationsbeslut if d.data.diarienummer == "19RS9565")
    assert d.data.budget is not None
    ctx = budget_ctx(d.data.budget)
    table = blocks_to_markdown(ctx["tabeller"].blocks)
    assert "| Tillväxtverket | 93 610 | 684 120 | 777 730 |" in table.replace("\u00a0", " ")
    assert "| **Summa finansiering** | **117 013** | **837 150** | **954 163** |" in table.replace("\u00a0", " ")
    assert [n.replace("\u00a0", " ") for n in ctx["anmarkningar"]] == [
        "Totalt för Tillväxtverket är räknat av papergen till 777 730 kronor; underlaget anger 741 730 kronor.",
        "Summa finansiering 2020 är räknad av papergen till 837 150 kronor; underlaget anger 801 150 kronor.",
        "Summa finansiering totalt är räknad av papergen till 954 163 kronor; underlaget anger 918 163 kronor.",
    ]


def test_each_delegationsbeslut_is_a_paper_in_every_format(shipped: Path) -> None:
    for n, dnr in ((1, "19RS9565"), (2, "19RS9282"), (3, "19RS10387")):
        md = (shipped / f"delegationsbeslut-12-{n}.md").read_text(encoding="utf-8")
        assert f"- Beteckning: {dnr}\n" in md and "## Beslutet\n" in md
        assert dnr in _text(_xml(shipped / f"delegationsbeslut-12-{n}.docx"))
    assert (shipped / "budget-09.md").read_text(encoding="utf-8").startswith("# Bilaga till ärende 9\n")


def test_a_budgets_two_tables_stay_two_tables_in_word(shipped: Path) -> None:
    """Tables that touch are merged by Word; the cost and the financing table are kept apart."""
    body = _xml(shipped / "budget-09.docx").find("w:body", NS)
    children = [etree.QName(c).localname for c in body]
    first = children.index("tbl", children.index("tbl") + 1)  # the header box is the first table
    assert children[first:first + 3] == ["tbl", "p", "tbl"]
