"""--format pdf: one LibreOffice process makes tagged PDF/A of every Word file, in the same atomic write.

The conversion tests need LibreOffice and pdftotext (skipped with the reason
without them); the missing-LibreOffice diagnostic is tested everywhere.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from papergen import api
from papergen.diagnostics import Collector, Severity
from papergen.render import pdf as pdf_backend
from papergen.render.output import Output

SOFFICE = pdf_backend.find_soffice()
PDFTOTEXT = shutil.which("pdftotext")
needs_office = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                  reason="LibreOffice (soffice) and pdftotext are not installed")


def _text(path: Path) -> str:
    return subprocess.run([str(PDFTOTEXT), str(path), "-"], check=True, capture_output=True, text=True).stdout


@needs_office
def test_shipped_meeting_as_tagged_pdf(tmp_path: Path) -> None:
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=tmp_path,
                       formats=("docx", "md", "pdf"))
    assert not report.blocked
    assert not [d for d in report.diagnostics if d.code in ("PG402", "PG403")]
    folder = tmp_path / "meeting-2020-02-14"
    docx = sorted(p.stem for p in folder.glob("*.docx"))
    pdfs = sorted(p.stem for p in folder.glob("*.pdf"))
    assert len(docx) == 31 and pdfs == docx
    # One process did them all, and its timings cover every paper.
    assert report.pdf is not None and len(report.pdf.per_document_s) == 31 and report.pdf.total_s > 0
    kallelse = _text(folder / "kallelse.pdf")
    assert "Föredragningslista" in kallelse and "13. Presentationer" in kallelse
    protokoll = _text(folder / "protokoll.pdf")
    assert "Med 12 ja-röster mot 2 nej-röster, 1 avstår" in protokoll
    assert "Utdragsbestyrkande" in _text(folder / "protokollsutdrag-10.pdf")
    for name in ("kallelse", "pm-03", "protokoll", "anslagsbevis"):
        data = (folder / f"{name}.pdf").read_bytes()
        assert b"/StructTreeRoot" in data, f"{name}.pdf is not tagged"
        assert re.search(rb"/Lang\s*\(sv-SE\)", data), f"{name}.pdf has no document language"
        assert b"pdfaid:part" in data, f"{name}.pdf does not claim PDF/A"
    info = subprocess.run(["pdfinfo", str(folder / "kallelse.pdf")], capture_output=True, text=True).stdout \
        if shutil.which("pdfinfo") else ""
    if info:
        assert "Kallelse Regional tillväxtnämnd 2020-02-14" in info and re.search(r"Tagged:\s+yes", info)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "kallelse.pdf" in manifest["outputs"]
    # A PDF comes from exactly what its Word file came from.
    assert manifest["outputs"]["kallelse.pdf"]["sources"] == manifest["outputs"]["kallelse.docx"]["sources"]


@needs_office
def test_pdf_alone_writes_no_word_files(minimal: Path) -> None:
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("pdf",))
    assert not report.blocked
    names = sorted(p.name for p in report.written)
    assert names and all(n.endswith(".pdf") for n in names)
    assert "Kallelse" in _text(report.written[0].parent / "kallelse.pdf")


@needs_office
def test_pdf_dates_and_id_come_from_the_document_not_the_clock(minimal: Path) -> None:
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("pdf",))
    data = (report.written[0].parent / "kallelse.pdf").read_bytes()
    # The meeting day, as in the .docx core properties (UTC), in Info and XMP alike.
    assert re.search(rb"/CreationDate\s*\(D:20210312000000Z\)", data)
    assert b"<xmp:CreateDate>2021-03-12T00:00:00Z</xmp:CreateDate>" in data
    ids = re.findall(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>", data)
    again = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("pdf",))
    assert ids and ids == re.findall(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>",
                                     (again.written[0].parent / "kallelse.pdf").read_bytes())


@needs_office
def test_two_libreoffice_runs_give_the_same_pdf_bytes(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two LibreOffice processes, other order, other time zone: byte-identical PDFs, still tagged PDF/A."""
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("docx",))
    folder = report.written[0].parent
    docx = [Output(p.stem, "docx", p.name, p.read_bytes()) for p in sorted(folder.glob("*.docx"))]
    assert len(docx) >= 2
    first = pdf_backend.convert(str(SOFFICE), docx, Collector())
    monkeypatch.setenv("TZ", "America/New_York")  # LibreOffice writes local time; the PDF must not show it
    second = pdf_backend.convert(str(SOFFICE), list(reversed(docx)), Collector())
    one = {o.relpath: o.data for o in first.outputs}
    two = {o.relpath: o.data for o in second.outputs}
    assert len(one) == len(docx) and one.keys() == two.keys()
    for rel in one:
        assert one[rel] == two[rel], f"{rel} differs between two LibreOffice runs"
    kallelse = folder / "kallelse.pdf"
    kallelse.write_bytes(one["kallelse.pdf"])
    data = kallelse.read_bytes()
    assert b"/StructTreeRoot" in data and re.search(rb"/Lang\s*\(sv-SE\)", data) and b"pdfaid:part>2<" in data
    assert b"/DocChecksum" not in data
    # The permanent /ID is the Word file's hash, the date in the sRGB output intent the meeting day.
    ident = hashlib.md5((folder / "kallelse.docx").read_bytes(), usedforsecurity=False).hexdigest()
    assert re.search(rb"/ID\s*\[\s*<" + ident.encode() + rb">", data)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(kallelse)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Tagged:\s+yes", info) and re.search(r"Title:\s+Kallelse", info)
    assert "Kallelse" in _text(kallelse)


def test_missing_libreoffice_is_one_warning_and_the_rest_is_written(minimal: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_backend, "find_soffice", lambda: None)
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("docx", "md", "pdf"))
    assert not report.blocked and report.exit_code() == 0
    missing = [d for d in report.diagnostics if d.code == "PG402"]
    assert len(missing) == 1 and missing[0].span is None and missing[0].severity is Severity.WARNING
    assert "apt-get install libreoffice-writer-nogui" in missing[0].message
    suffixes = {p.suffix for p in report.written}
    assert suffixes == {".docx", ".md"}


def test_cli_reports_missing_libreoffice_without_traceback(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from papergen.cli import main

    monkeypatch.setattr(pdf_backend, "find_soffice", lambda: None)
    monkeypatch.chdir(minimal)
    result = CliRunner().invoke(main, ["build", "meeting-2021-03-12", "--format", "md,pdf"])
    assert result.exit_code == 0, result.output
    assert "warning[PG402]" in result.output and "Traceback" not in result.output
    assert "skrev build/meeting-2021-03-12/kallelse.md" in result.output


@needs_office
def test_cached_pdfs_skip_libreoffice_and_an_edit_converts_only_what_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    folder = root / "content" / "meeting-2020-03-20"
    out = tmp_path / "out"
    first = api.build(root, folder, out_root=out, formats=("docx", "pdf"), use_cache=True)
    assert not first.blocked
    pdfs = {p.name: p.read_bytes() for p in (out / folder.name).glob("*.pdf")}
    assert len(pdfs) == 6
    converted: list[list[str]] = []
    real = pdf_backend.convert

    def counting(soffice: str, docx: list[Output], out_: Collector, **options: Any) -> pdf_backend.PdfRun:
        converted.append(sorted(o.relpath for o in docx))
        return real(soffice, docx, out_, **options)

    monkeypatch.setattr(pdf_backend, "convert", counting)
    api.build(root, folder, out_root=out, formats=("docx", "pdf"), use_cache=True)
    assert converted == [[]]  # every PDF from the cache: LibreOffice not started
    assert {p.name: p.read_bytes() for p in (out / folder.name).glob("*.pdf")} == pdfs
    path = folder / "arenden" / "03-sammantradesplan-hosten-2020.md"
    path.write_text(path.read_text(encoding="utf-8").replace("11 september", "4 september"), encoding="utf-8")
    api.build(root, folder, out_root=out, formats=("docx", "pdf"), use_cache=True)
    assert converted[1] == ["kallelse.docx", "protokoll.docx", "protokollsutdrag-16.docx"]
    assert "4 september" in _text(out / folder.name / "kallelse.pdf")


# --- PDFs on every core, and the warm LibreOffice of papergen serve ---

def test_papers_are_shared_among_processes_by_size_largest_first() -> None:
    docx = [Output(n, "docx", f"{n}.docx", b"x" * size) for n, size in
            (("kallelse", 50), ("pm-01", 10), ("protokoll", 90), ("pm-02", 20), ("anslagsbevis", 5))]
    shares = pdf_backend.shares(docx, 2)
    assert [[o.relpath for o in share] for share in shares] == [
        ["protokoll.docx"], ["kallelse.docx", "pm-02.docx", "pm-01.docx", "anslagsbevis.docx"]]  # 90 against 85
    assert len(pdf_backend.shares(docx, 9)) == 5  # never more processes than papers
    assert [len(s) for s in pdf_backend.shares(docx, 1)] == [5]


@needs_office
def test_several_libreoffice_processes_give_the_same_bytes_as_one(minimal: Path) -> None:
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("docx",))
    docx = [Output(p.stem, "docx", p.name, p.read_bytes()) for p in sorted(report.written[0].parent.glob("*.docx"))]
    assert len(docx) >= 3
    one = pdf_backend.convert(str(SOFFICE), docx, Collector(), jobs=1)
    three = pdf_backend.convert(str(SOFFICE), docx, Collector(), jobs=3)
    assert (one.processes, three.processes) == (1, 3)
    assert [o.relpath for o in three.outputs] == [o.relpath for o in one.outputs] == \
        [p.relpath.replace(".docx", ".pdf") for p in docx]  # in the order asked, whoever made them
    assert [o.data for o in three.outputs] == [o.data for o in one.outputs]
    assert set(three.per_document_s) == {o.relpath for o in three.outputs}


@needs_office
def test_kept_profiles_give_the_same_bytes_and_a_held_one_is_not_shared(minimal: Path, tmp_path: Path) -> None:
    import contextlib
    import fcntl

    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("docx",))
    docx = [Output(p.stem, "docx", p.name, p.read_bytes()) for p in sorted(report.written[0].parent.glob("*.docx"))]
    fresh = [o.data for o in pdf_backend.convert(str(SOFFICE), docx, Collector(), jobs=2).outputs]
    profiles = tmp_path / "profiles"
    first = [o.data for o in pdf_backend.convert(str(SOFFICE), docx, Collector(), jobs=2, profiles=profiles).outputs]
    assert (profiles / "slot-0").is_dir() and (profiles / "slot-1").is_dir()  # made once, kept
    with (profiles / "slot-0.lock").open("a") as held:  # another papergen is converting with slot 0
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with contextlib.ExitStack() as stack:
            assert pdf_backend._kept_profile(profiles, 0, stack) is None
        again = [o.data for o in pdf_backend.convert(str(SOFFICE), docx, Collector(), jobs=2,
                                                     profiles=profiles).outputs]
    assert first == fresh == again


@needs_office
def test_build_with_jobs_writes_the_same_pdfs_and_says_how_many_processes(minimal: Path) -> None:
    from click.testing import CliRunner

    from papergen.cli import main

    folder = minimal / "content" / "meeting-2021-03-12"
    single = api.build(minimal, folder, out_root=minimal / "one", formats=("pdf",), jobs=1)
    result = CliRunner().invoke(main, ["build", str(folder), "--format", "pdf", "--out", str(minimal / "two"),
                                       "-j", "2", "--force"])
    assert result.exit_code == 0, result.output
    assert re.search(r"PDF: \d+ filer på \d+,\d s \(2 LibreOffice-processer\)", result.output)
    for path in single.written:
        if path.suffix == ".pdf":
            assert (minimal / "two" / folder.name / path.name).read_bytes() == path.read_bytes(), path.name


@needs_office
def test_the_warm_converter_gives_the_batch_bytes_one_paper_at_a_time(minimal: Path) -> None:
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("docx",))
    docx = [Output(p.stem, "docx", p.name, p.read_bytes()) for p in sorted(report.written[0].parent.glob("*.docx"))]
    batch = {o.relpath: o.data for o in pdf_backend.convert(str(SOFFICE), docx, Collector()).outputs}
    warm = pdf_backend.WarmConverter(str(SOFFICE))
    try:
        if not warm.start():
            pytest.skip("no interpreter with LibreOffice's Python UNO (python3-uno); serve falls back to batch runs")
        out = Collector()
        for o in docx + docx[:1]:  # the same paper again: the one LibreOffice keeps serving
            made = warm.pdf(o, out)
            assert made is not None and made.relpath == o.relpath.replace(".docx", ".pdf")
            assert made.data == batch[made.relpath], made.relpath
        assert out.items == []
    finally:
        warm.close()
    assert warm._proc is None


@pytest.fixture
def kallelse(minimal: Path) -> Output:
    """The minimal meeting's kallelse as a Word file."""
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("docx",))
    return Output("kallelse", "docx", "kallelse.docx", (report.written[0].parent / "kallelse.docx").read_bytes())


@pytest.fixture
def warm() -> Iterator[pdf_backend.WarmConverter]:
    """A started warm LibreOffice, stopped afterwards."""
    converter = pdf_backend.WarmConverter(str(SOFFICE))
    try:
        if not converter.start():
            pytest.skip("no interpreter with LibreOffice's Python UNO (python3-uno)")
        yield converter
    finally:
        converter.close()


@needs_office
def test_a_warm_libreoffice_that_died_is_started_again_on_the_next_request(
        kallelse: Output, warm: pdf_backend.WarmConverter) -> None:
    import os
    import signal

    first = warm._proc
    assert first is not None
    os.killpg(first.pid, signal.SIGKILL)  # the worker and its soffice, as a crash would leave them
    first.wait()
    out = Collector()
    made = warm.pdf(kallelse, out)
    assert made is not None and out.items == [] and warm._proc is not None and warm._proc.pid != first.pid


@needs_office
def test_a_warm_libreoffice_that_does_not_answer_in_time_is_ended_with_a_warning(
        kallelse: Output, warm: pdf_backend.WarmConverter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_backend, "WARM_TIMEOUT_S", 0)
    out = Collector()
    assert warm.pdf(kallelse, out) is None
    assert [d.message for d in out.items] == [
        "LibreOffice kunde inte göra kallelse.pdf av kallelse.docx: LibreOffice svarade inte inom 0 s"]
    assert warm._proc is None  # ended, with its session
    monkeypatch.setattr(pdf_backend, "WARM_TIMEOUT_S", 120)
    assert warm.pdf(kallelse, Collector()) is not None  # a fresh one takes over
