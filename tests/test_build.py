"""Building: the Word files are real Word (styles, lists, tables, A4, sv-SE) and say exactly what was written."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO, diagnostics_text
from docx.oxml.ns import qn

from papergen import api
from papergen.model.format import plain

MEETING = "meeting-2021-03-12"


def build_minimal(root: Path, **kw: object) -> api.Report:
    return api.build(root, root / "content" / MEETING, out_root=root / "build", **kw)  # type: ignore[arg-type]


def doc_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return plain("\n".join(parts))


def test_build_writes_every_document(minimal: Path) -> None:
    report = build_minimal(minimal)
    assert diagnostics_text(report) == []
    names = sorted(p.name for p in report.written)
    # budget-03: ärende 3's kostnads- och finansieringsbudget as a bilaga paper of its own
    assert names == ["budget-03.docx", "budget-03.md", "kallelse.docx", "kallelse.md", "pm-01.docx", "pm-01.md",
                     "remissvar-02.docx", "remissvar-02.md"]


def test_special_characters_come_out_exactly(minimal: Path) -> None:
    build_minimal(minimal)
    out = minimal / "build" / MEETING
    kallelse = doc_text(out / "kallelse.docx")
    assert "1. Budget 2022 för Kultur & Fritid <utkast>" in kallelse
    assert 'att\tanta budgeten om 2 000 000 kronor för "Kultur & Fritid", samt' in kallelse
    md = (out / "kallelse.md").read_text(encoding="utf-8")
    assert "## 1. Budget 2022 för Kultur & Fritid <utkast>" in md
    assert 'att anta budgeten om 2 000 000 kronor för "Kultur & Fritid", samt' in md


def test_word_page_language_and_styles(minimal: Path) -> None:
    build_minimal(minimal)
    d = docx.Document(str(minimal / "build" / MEETING / "pm-01.docx"))
    section = d.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    styles = [(p.style.name, p.text) for p in d.paragraphs if p.text]
    assert ("Title", "Budget 2022 för Kultur & Fritid <utkast>") in styles
    assert ("Heading 2", "Sammanfattning") in styles
    att = [t for s, t in styles if s == "Att-sats"]
    assert att == ["att\tanta budgeten om 2\u00a0000\u00a0000\u00a0kronor för \"Kultur & Fritid\", samt",
                   "att\tge förvaltningen i uppdrag att följa upp den den\u00a014\u00a0februari\u00a02022."]
    assert d.core_properties.title == "FöredragningsPM 1. Budget 2022 för Kultur & Fritid <utkast>"


def test_header_shows_dnr_and_page_fields(minimal: Path) -> None:
    build_minimal(minimal)
    with zipfile.ZipFile(minimal / "build" / MEETING / "pm-01.docx") as z:
        header = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert "Dnr: KS 2021/17" in header
    assert 'w:instr=" PAGE "' in header and 'w:instr=" NUMPAGES "' in header


def test_markdown_lists_restart_and_nest(minimal: Path) -> None:
    build_minimal(minimal)
    d = docx.Document(str(minimal / "build" / MEETING / "pm-01.docx"))
    numbered = []
    for p in d.paragraphs:
        num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
        if num_pr is not None and p.style.name == "List Paragraph":
            numbered.append((p.text, int(num_pr.ilvl.val), int(num_pr.numId.val)))
    texts = [t for t, _, _ in numbered]
    assert texts == ["Bibliotek", "Fritidsgårdar", "Norr", "Söder", "Simhall", "Första", "Andra"]
    first_list, second_list = numbered[0][2], numbered[5][2]
    assert first_list != second_list, "the second numbered list must restart, not continue at 4"
    assert [lvl for _, lvl, _ in numbered] == [0, 0, 1, 1, 0, 0, 0]
    numbering = d.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if int(num.get(qn("w:numId"))) == second_list:
            start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
            assert start.get(qn("w:val")) == "1"


def test_markdown_table_has_repeating_header_row(minimal: Path) -> None:
    build_minimal(minimal)
    d = docx.Document(str(minimal / "build" / MEETING / "pm-01.docx"))
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Del", "Belopp"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert plain(table.rows[1].cells[1].text) == "1 000 000"


def test_links_become_hyperlinks(minimal: Path) -> None:
    build_minimal(minimal)
    d = docx.Document(str(minimal / "build" / MEETING / "pm-01.docx"))
    targets = [r.target_ref for r in d.part.rels.values() if r.is_external]
    assert "https://www.testkommunen.se" in targets


def test_remissvar_has_addressee_own_and_sender_dnr(minimal: Path) -> None:
    build_minimal(minimal)
    path = minimal / "build" / MEETING / "remissvar-02.docx"
    text = doc_text(path)
    for expected in ("Regionen", "200 00 Regionstad", "Er referens: RS 2021/5", "Yttrande över regional plan",
                     "Kommunen tillstyrker planen.", "För Testkommunen", "Anna Ordförande"):
        assert expected in text
    with zipfile.ZipFile(path) as z:
        header = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert "Dnr: KS 2021/20" in header and "Yttrande" in header


def test_nothing_is_written_while_an_error_stands(minimal: Path) -> None:
    assert build_minimal(minimal).written
    before = {p: p.read_bytes() for p in (minimal / "build" / MEETING).iterdir()}
    meeting = minimal / "content" / MEETING / "meeting.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("plats: Sessionssalen", "plats:"),
                       encoding="utf-8")
    (minimal / "content" / MEETING / "arenden" / "01-budget.md").write_text("---\nnummer: 1\n", encoding="utf-8")
    report = build_minimal(minimal)
    assert report.written == [] and report.errors == 2 and report.blocked
    after = {p: p.read_bytes() for p in (minimal / "build" / MEETING).iterdir()}
    assert after == before


def test_template_error_is_a_diagnostic_and_nothing_is_written(minimal: Path) -> None:
    override = minimal / "templates" / "testkommunen"
    override.mkdir(parents=True)
    (override / "pm.md.j2").write_text("# {{ rubrik }}\n{{ finns_inte }}\n", encoding="utf-8")
    report = build_minimal(minimal)
    assert report.written == []
    assert diagnostics_text(report) == [
        "templates/testkommunen/pm.md.j2:2:1: error[PG302]: pm-01.md: fel i mallen: 'finns_inte' is undefined"]


def test_organisation_template_overrides_default(minimal: Path) -> None:
    override = minimal / "templates" / "testkommunen"
    override.mkdir(parents=True)
    (override / "pm.md.j2").write_text("# {{ rubrik }} (egen mall)\n", encoding="utf-8")
    build_minimal(minimal)
    assert (minimal / "build" / MEETING / "pm-01.md").read_text(encoding="utf-8") == \
        "# Budget 2022 för Kultur & Fritid <utkast> (egen mall)\n"


def test_refuses_an_output_folder_that_holds_the_sources(minimal: Path) -> None:
    report = api.build(minimal, minimal / "content" / MEETING, out_root=minimal / "content")
    assert report.written == [] and report.blocked and report.exit_code() == 1
    assert diagnostics_text(report)[0].startswith("error[PG401]: vägrar skriva till")


def test_a_refused_write_keeps_the_findings_beside_it(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    report = api.build(tmp_path, tmp_path / "content" / "meeting-2020-02-14", out_root=tmp_path / "content")
    codes = [d.code for d in report.diagnostics]
    # PG401, then every finding of `papergen check` on the meeting (tests/test_check_output.py EXPECTED)
    assert report.blocked and codes[0] == "PG401" and "PG501" in codes and len(codes) == 109


def test_same_sources_same_bytes(minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build_minimal(minimal)
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in first.written}
    monkeypatch.setenv("TZ", "America/New_York")
    second = api.build(minimal, minimal / "content" / MEETING, out_root=tmp_path / "other")
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in second.written} == hashes


def test_docx_zip_entries_are_normalised(minimal: Path) -> None:
    build_minimal(minimal)
    with zipfile.ZipFile(minimal / "build" / MEETING / "kallelse.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2021-03-12T00:00:00Z" in core


def test_shipped_meeting_builds(tmp_path: Path) -> None:
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=tmp_path)
    assert not report.blocked
    names = sorted(p.name for p in report.written if p.suffix == ".docx")
    # No remissvar-05: the yttrande has neither date nor Dnr (PG541), so no letter is written.
    assert names == sorted(["kallelse.docx", "protokoll.docx", "anslagsbevis.docx", "budget-09.docx",
                            "budget-11.docx"] + [f"delegationsbeslut-12-{n}.docx" for n in (1, 2, 3)]
                           + [f"pm-{n:02d}.docx" for n in range(3, 13)]
                           + [f"protokollsutdrag-{n:02d}.docx" for n in range(1, 14)])
    for path in report.written:
        if path.suffix == ".docx":
            assert docx.Document(str(path)).paragraphs, path


def test_manifest_is_the_same_from_two_build_directories(minimal: Path, tmp_path: Path) -> None:
    first = api.build(minimal, minimal / "content" / MEETING, out_root=tmp_path / "a")
    second = api.build(minimal, minimal / "content" / MEETING, out_root=tmp_path / "b")
    one = (tmp_path / "a" / MEETING / "manifest.json").read_bytes()
    assert one == (tmp_path / "b" / MEETING / "manifest.json").read_bytes()
    assert [p.read_bytes() for p in first.written] == [p.read_bytes() for p in second.written]
    manifest = json.loads(one)
    assert manifest["meeting"] == MEETING
    assert sorted(manifest["outputs"]) == sorted(p.name for p in first.written)
    for path in first.written:
        entry = manifest["outputs"][path.name]
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert set(entry["sources"]) <= set(manifest["sources"])
    pm = manifest["outputs"]["pm-01.md"]["sources"]
    assert "content/meeting-2021-03-12/arenden/01-budget.md" in pm
    assert "content/meeting-2021-03-12/arenden/03-projekt.md" not in pm
    assert "papergen:default/pm.md.j2" in pm
    organisation = minimal / "content" / "organisation.yaml"
    assert manifest["sources"]["content/organisation.yaml"] == hashlib.sha256(organisation.read_bytes()).hexdigest()


def test_an_unchanged_build_leaves_the_folder_alone_and_a_tampered_one_is_rewritten(minimal: Path) -> None:
    folder = minimal / "build" / MEETING
    build_minimal(minimal)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    inode = folder.stat().st_ino
    report = build_minimal(minimal)
    assert report.written and {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    assert folder.stat().st_ino == inode  # not swapped: nothing was written
    (folder / "pm-01.md").write_text("ändrad för hand", encoding="utf-8")
    (folder / "extra.txt").write_text("kvar från förr", encoding="utf-8")
    build_minimal(minimal)
    assert not (folder / "extra.txt").exists()
    assert (folder / "pm-01.md").read_text(encoding="utf-8").startswith("# ")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == entry["sha256"]


def test_the_library_takes_paths_relative_to_the_working_folder(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papergen.publish import publish

    monkeypatch.chdir(minimal)
    assert api.check(Path("."), Path("content") / MEETING).diagnostics == []
    report = api.build(Path("."), Path("content") / MEETING, formats=("md",))
    assert report.written and not report.blocked
    assert not publish(Path("."), Path("content") / MEETING, formats=("md",)).blocked
