"""Issue 16.7: a BOM and CRLF change nothing; a file that is not UTF-8 is one error at its byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, check_minimal, diagnostics_text

from papergen import api

MEETING = "content/meeting-2021-03-12"


def _sources(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content").rglob("*") if p.suffix in (".md", ".yaml"))


def _papers(root: Path, out: Path, meeting: str = MEETING) -> dict[str, bytes]:
    report = api.build(root, root / meeting, out_root=out, formats=("md", "docx", "html"))
    assert not report.blocked, diagnostics_text(report)
    return {p.name: p.read_bytes() for p in sorted((out / Path(meeting).name).iterdir()) if p.name != "manifest.json"}


@pytest.mark.parametrize("change", ["bom", "crlf", "both"])
def test_bom_and_crlf_give_the_same_findings_and_papers(minimal: Path, tmp_path: Path, change: str) -> None:
    before = check_minimal(minimal)
    papers = _papers(minimal, tmp_path / "before")
    for path in _sources(minimal):
        data = path.read_bytes()
        if change in ("crlf", "both"):
            data = data.replace(b"\n", b"\r\n")
        if change in ("bom", "both"):
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
    assert check_minimal(minimal) == before
    assert _papers(minimal, tmp_path / "after") == papers


def test_bom_on_every_file_of_the_shipped_meeting_changes_no_finding(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    folder = root / "content" / "meeting-2020-02-14"
    before = diagnostics_text(api.check(root, folder))
    for path in _sources(root):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert diagnostics_text(api.check(root, folder)) == before


def test_latin1_file_is_one_error_at_its_byte(minimal: Path) -> None:
    path = minimal / MEETING / "arenden" / "02-remiss.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    lines = path.read_bytes().split(b"\n")
    line = next(n for n, text in enumerate(lines, start=1) if any(b > 127 for b in text))
    column = next(i for i, b in enumerate(lines[line - 1], start=1) if b > 127)
    byte = next(b for b in lines[line - 1] if b > 127)
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:{line}:{column}: error[PG100]: filen är inte UTF-8: byten 0x{byte:02X} "
        "kan inte läsas som UTF-8 (filen är troligen sparad som Latin-1 eller Windows-1252); spara den som UTF-8"]


def test_latin1_arende_named_in_the_protokoll_is_not_also_missing_from_the_agenda(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    folder = root / "content" / "meeting-2020-03-20"
    before = diagnostics_text(api.check(root, folder))
    path = next((folder / "arenden").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1", errors="replace"))
    after = diagnostics_text(api.check(root, folder))
    assert [line for line in after if line not in before] == [
        line for line in after if "PG100" in line]
    assert len([line for line in after if "PG100" in line]) == 1


def test_project_file_is_read_like_every_source(minimal: Path) -> None:
    (minimal / "papergen.yaml").write_bytes("# Inställningar för Testkommunen\n".encode("latin-1"))
    assert check_minimal(minimal) == [
        "papergen.yaml:1:7: error[PG100]: filen är inte UTF-8: byten 0xE4 kan inte läsas som UTF-8 "
        "(filen är troligen sparad som Latin-1 eller Windows-1252); spara den som UTF-8"]
