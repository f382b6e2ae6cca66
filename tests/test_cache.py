"""The render cache is invisible in the output, and an edit re-renders only what shows it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from papergen import api
from papergen.build.batch import build_all
from papergen.cli import main
from papergen.model.load import meeting_dirs

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the repository's content (both shipped meetings)."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    for extra in ("papergen.yaml",):
        if (REPO / extra).exists():
            shutil.copy(REPO / extra, root / extra)
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cached_build_is_byte_identical(project: Path, tmp_path: Path) -> None:
    folders = meeting_dirs(project)
    build_all(project, folders, out_root=tmp_path / "plain", use_cache=False)
    first = build_all(project, folders, out_root=tmp_path / "cached", use_cache=True)
    assert all(r.reused == 0 for r in first)
    second = build_all(project, folders, out_root=tmp_path / "cached", use_cache=True, jobs=2)
    assert all(r.rendered == [] and r.reused > 0 for r in second)
    assert not (tmp_path / "plain" / ".cache").exists()
    for folder in folders:
        plain = _files(tmp_path / "plain" / folder.name)
        assert plain and plain == _files(tmp_path / "cached" / folder.name)


@pytest.mark.parametrize(("meeting", "arende", "old", "new", "stems"), [
    # Ärende 7 has a PM and is § 7; the remissvar, the anslagsbevis and the other PMs and utdrag do not show it.
    ("meeting-2020-02-14", "07-verksamhetsbidrag-hopajola.md", "195 000 kronor", "196 000 kronor",
     ("kallelse", "pm-07", "protokoll", "protokollsutdrag-07")),
    # Ärende 3 has no PM and is § 16 (§§ run on from 14).
    ("meeting-2020-03-20", "03-sammantradesplan-hosten-2020.md", "11 september", "4 september",
     ("kallelse", "protokoll", "protokollsutdrag-16")),
])
def test_edited_arende_rerenders_only_what_shows_it(project: Path, tmp_path: Path, meeting: str, arende: str,
                                                    old: str, new: str, stems: tuple[str, ...]) -> None:
    folder = project / "content" / meeting
    out = tmp_path / "out"
    formats = ("md",) if meeting == "meeting-2020-02-14" else ("docx", "md")  # keep the big one quick
    assert api.build(project, folder, out_root=out, formats=formats, use_cache=True).reused == 0
    path = folder / "arenden" / arende
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    report = api.build(project, folder, out_root=out, formats=formats, use_cache=True)
    assert sorted(report.rendered) == sorted(f"{stem}.{fmt}" for stem in stems for fmt in formats)
    assert report.reused == len(_files(out / folder.name)) - 1 - len(report.rendered)  # manifest.json
    api.build(project, folder, out_root=tmp_path / "fresh", formats=formats)
    assert _files(out / folder.name) == _files(tmp_path / "fresh" / folder.name)


def test_earlier_protokoll_edit_renumbers_later_meeting(project: Path, tmp_path: Path) -> None:
    """§ numbers come from the earlier meeting's record, which no later document lists as a source."""
    out = tmp_path / "out"
    later = project / "content" / "meeting-2020-03-20"
    api.build(project, later, out_root=out, use_cache=True)
    record = project / "content" / "meeting-2020-02-14" / "protokoll.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("forsta_paragraf: 1", "forsta_paragraf: 5", 1), encoding="utf-8")
    report = api.build(project, later, out_root=out, use_cache=True)
    api.build(project, later, out_root=tmp_path / "fresh")
    assert report.rendered and _files(out / later.name) == _files(tmp_path / "fresh" / later.name)


def test_build_all_cli(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--all", "-j", "2", "--format", "md"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0, result.output
    assert sorted(lines[:2]) == ["meeting-2020-02-14: 31 skrivna, 0 återanvända, 108 fynd",
                                 "meeting-2020-03-20: 6 skrivna, 0 återanvända, 0 fynd"]
    assert re.fullmatch(r"2 sammanträden: 37 skrivna, 0 återanvända, 108 fynd på \d+,\d\d s", lines[2])
    again = CliRunner().invoke(main, ["build", "--all", "--format", "md"])
    assert "meeting-2020-03-20: 0 skrivna, 6 återanvända, 0 fynd" in again.stdout
    forced = CliRunner().invoke(main, ["build", "--all", "--force", "--format", "md"])
    assert "meeting-2020-03-20: 6 skrivna, 0 återanvända, 0 fynd" in forced.stdout


def test_build_all_on_a_terminal_shows_a_progress_bar(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papergen.cli import project as cli_project
    monkeypatch.chdir(project)
    monkeypatch.setattr(cli_project, "_interactive", lambda: True)
    result = CliRunner().invoke(main, ["build", "--all", "--format", "md"])
    assert result.exit_code == 0, result.output
    # click draws the bar itself only on a real terminal; under the test runner it prints its label.
    assert result.stdout.startswith("Bygger")
    # The per-meeting lines follow the bar, in meeting order.
    lines = [line for line in result.stdout.splitlines() if line.startswith("meeting-")]
    assert [line.split(":")[0] for line in lines] == ["meeting-2020-02-14", "meeting-2020-03-20"]


def test_build_needs_a_meeting_or_all(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["build"]).exit_code == 2
    assert CliRunner().invoke(main, ["build", "--all", "meeting-2020-03-20"]).exit_code == 2


def test_build_all_prunes_what_no_paper_uses_any_more(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    cache = project / "build" / ".cache"
    assert CliRunner().invoke(main, ["build", "--all", "--format", "docx,md"]).exit_code == 0
    entries = {fmt: len(list((cache / fmt).glob("*/*"))) for fmt in ("docx", "md")}
    assert entries == {"docx": 37, "md": 37}
    path = project / "content" / "meeting-2020-03-20" / "arenden" / "03-sammantradesplan-hosten-2020.md"
    path.write_text(path.read_text(encoding="utf-8").replace("11 september", "4 september"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--all", "--format", "md"])
    assert result.exit_code == 0, result.output
    # kallelse, protokoll and protokollsutdrag-16 of 2020-03-20 were rendered anew; their old Markdown is gone.
    assert result.stdout.splitlines()[-1].startswith(
        "2 sammanträden: 3 skrivna, 34 återanvända, 108 fynd, 3 oanvända rensade ur cachen på ")
    assert len(list((cache / "md").glob("*/*"))) == 37
    assert len(list((cache / "docx").glob("*/*"))) == 37  # a format not built this time is left alone
    again = CliRunner().invoke(main, ["build", "--all", "--format", "md"])
    assert "rensade" not in again.stdout and "37 återanvända" in again.stdout


def test_nothing_is_pruned_when_a_meeting_was_not_built(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    cache = project / "build" / ".cache" / "md"
    assert CliRunner().invoke(main, ["build", "--all", "--format", "md"]).exit_code == 0
    meeting = project / "content" / "meeting-2020-03-20" / "meeting.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("plats:", "lokal: x\nplats:", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--all", "--format", "md"])
    assert result.exit_code == 1 and "rensade" not in result.stdout
    assert len(list(cache.glob("*/*"))) == 37
