"""One output folder per meeting that stays whole, and a write that never leaves it absent or half done.

A build writes the formats it is asked for and keeps the other formats already in build/<meeting>/ while
they were made from the same sources (the old manifest's sha256 of each source equals the file's now);
papers made from sources that changed since are removed, and the build says so. publish owns publik/ and
intern/ and keeps a build's papers the same way; a build keeps publik/ and intern/. manifest.json always lists
exactly the files in the folder, and no index page links to a page that is not there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit

from papergen import api
from papergen.build import write
from papergen.build.manifest import sha256
from papergen.cli import main
from papergen.publish import publish
from papergen.render.output import Output

MEETING = "meeting-2021-03-12"


def _build(root: Path, *formats: str) -> api.Report:
    report = api.build(root, root / "content" / MEETING, formats=formats)
    assert not report.blocked, report.diagnostics
    return report


def _folder(root: Path) -> Path:
    return root / "build" / MEETING


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _manifest_lists_exactly_the_folder(folder: Path) -> set[str]:
    listed = set(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["outputs"])
    assert listed | {"manifest.json"} == _files(folder)
    return listed


def _broken_links(build: Path) -> list[str]:
    broken = []
    for page in sorted(build.rglob("*.html")):
        for href in re.findall(r'href="([^"#][^"]*)"', page.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", href) and not (page.parent / href.split("#")[0]).is_file():
                broken.append(f"{page.relative_to(build).as_posix()} -> {href}")
    return broken



# --- some formats at a time -----------------------------------------------------------------------------

def test_a_build_of_one_format_keeps_the_others_made_from_the_same_sources(minimal: Path) -> None:
    _build(minimal, "docx", "md")
    before = {rel: (_folder(minimal) / rel).read_bytes() for rel in _files(_folder(minimal))}
    report = _build(minimal, "html")
    assert sorted(p.name for p in report.kept) == sorted(r for r in before if r != "manifest.json")
    listed = _manifest_lists_exactly_the_folder(_folder(minimal))
    assert {r.rpartition(".")[2] for r in listed} == {"docx", "md", "html"}
    assert all((_folder(minimal) / rel).read_bytes() == data for rel, data in before.items() if rel != "manifest.json")


def test_formats_made_from_sources_that_changed_since_are_removed_and_named(minimal: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _build(minimal, "docx", "md")
    edit(minimal, f"content/{MEETING}/meeting.yaml", "plats: Sessionssalen", "plats: Stora salen")
    monkeypatch.chdir(minimal)
    result = CliRunner().invoke(main, ["build", MEETING, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith(("tog bort", "behöll"))] == [
        f"tog bort build/{MEETING}/budget-03.docx (gjord av källor som har ändrats sedan dess)",
        f"tog bort build/{MEETING}/kallelse.docx (gjord av källor som har ändrats sedan dess)",
        f"tog bort build/{MEETING}/pm-01.docx (gjord av källor som har ändrats sedan dess)",
        f"tog bort build/{MEETING}/remissvar-02.docx (gjord av källor som har ändrats sedan dess)"]
    assert _manifest_lists_exactly_the_folder(_folder(minimal)) == {"budget-03.md", "kallelse.md", "pm-01.md",
                                                                    "remissvar-02.md"}


def test_a_paper_altered_on_disk_is_not_kept(minimal: Path) -> None:
    _build(minimal, "docx", "md")
    (_folder(minimal) / "kallelse.docx").write_bytes(b"edited by hand")
    report = _build(minimal, "md")
    assert [p.name for p in report.dropped] == ["kallelse.docx"]
    assert "kallelse.docx" not in _manifest_lists_exactly_the_folder(_folder(minimal))


def test_a_manifest_that_points_outside_the_folder_keeps_nothing_from_there(minimal: Path) -> None:
    _build(minimal, "md")
    outside = minimal / "secret.txt"
    outside.write_text("x", encoding="utf-8")
    manifest = _folder(minimal) / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["outputs"]["../../secret.txt"] = {"sha256": sha256(outside.read_bytes()), "sources": []}
    data["outputs"]["/etc/hostname"] = {"sha256": "0", "sources": ["../../../../etc/hostname"]}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    report = _build(minimal, "docx")
    assert sorted(p.name for p in report.dropped) == ["hostname", "secret.txt"]
    assert _manifest_lists_exactly_the_folder(_folder(minimal)) == {
        "budget-03.docx", "budget-03.md", "kallelse.docx", "kallelse.md", "pm-01.docx", "pm-01.md",
        "remissvar-02.docx", "remissvar-02.md"}
    assert outside.read_text(encoding="utf-8") == "x"


# --- build and publish side by side --------------------------------------------------------------------------

def test_publish_keeps_the_build_and_a_build_keeps_the_published_sets(minimal: Path) -> None:
    _build(minimal, "md", "html")
    built = _files(_folder(minimal)) - {"manifest.json"}
    report = publish(minimal, minimal / "content" / MEETING, formats=("md", "html"))
    assert not report.blocked
    listed = _manifest_lists_exactly_the_folder(_folder(minimal))
    assert built < listed and {"publik/kallelse.md", "intern/kallelse.md"} < listed
    _build(minimal, "md")
    assert {"publik/index.html", "intern/index.html", "kallelse.html"} < _manifest_lists_exactly_the_folder(
        _folder(minimal))
    assert _broken_links(minimal / "build") == []


def test_publish_leaves_no_broken_links(minimal: Path) -> None:
    _build(minimal, "html")
    assert _broken_links(minimal / "build") == []
    assert (minimal / "build/index.html").is_file()
    # The sources change, and publish (without html) replaces the folder's now stale meeting page.
    edit(minimal, f"content/{MEETING}/meeting.yaml", "plats: Sessionssalen", "plats: Stora salen")
    report = publish(minimal, minimal / "content" / MEETING, formats=("md", "html"))
    assert not report.blocked
    assert not (_folder(minimal) / "index.html").exists()
    assert not (minimal / "build/index.html").exists()  # it would list only a page that is gone
    assert "Alla sammanträden" not in (_folder(minimal) / "publik/index.html").read_text(encoding="utf-8")
    assert _broken_links(minimal / "build") == []


# --- atomic output (issue 16 item 11) --------------------------------------------------------------------

def _outputs(text: str) -> list[Output]:
    return [Output("kallelse", "md", "kallelse.md", text.encode())]


def test_the_next_write_removes_stale_staging_folders(tmp_path: Path) -> None:
    out = tmp_path / "build" / MEETING
    write.write_meeting(out, _outputs("one"))
    for stale in (f".{MEETING}.k3j_x9ab", f".{MEETING}.old"):
        (tmp_path / "build" / stale / "sub").mkdir(parents=True)
    other = tmp_path / "build" / ".meeting-2021-03-13.abcdefgh"  # another meeting's, left alone
    other.mkdir()
    write.write_meeting(out, _outputs("two"))
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [".meeting-2021-03-13.abcdefgh", MEETING]
    assert (out / "kallelse.md").read_text(encoding="utf-8") == "two"


def test_a_missing_target_comes_back_from_the_old_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "build" / MEETING
    write.write_meeting(out, _outputs("one"))
    os.replace(out, out.with_name(f".{MEETING}.old"))  # a kill between the two renames of the fallback
    write.recover(out)
    assert (out / "kallelse.md").read_text(encoding="utf-8") == "one"
    assert sorted(p.name for p in out.parent.iterdir()) == [MEETING]


def test_a_killed_write_is_recovered_by_the_next_build(minimal: Path) -> None:
    _build(minimal, "md")
    folder = _folder(minimal)
    os.replace(folder, folder.with_name(f".{MEETING}.old"))
    (folder.parent / f".{MEETING}.abcd1234").mkdir()
    _build(minimal, "md")
    assert sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(".meeting")) == []
    _manifest_lists_exactly_the_folder(folder)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_on_linux_the_folders_are_exchanged_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("a", encoding="utf-8")
    (b / "f").write_text("b", encoding="utf-8")
    assert write.exchange(a, b)
    assert ((a / "f").read_text(encoding="utf-8"), (b / "f").read_text(encoding="utf-8")) == ("b", "a")
    # A write of an existing folder never renames it away (the target is never absent).
    out = tmp_path / "build" / MEETING
    write.write_meeting(out, _outputs("one"))
    replaced: list[tuple[str, str]] = []
    real = os.replace
    monkeypatch.setattr(write.os, "replace", lambda s, d: (replaced.append((str(s), str(d))), real(s, d)))
    write.write_meeting(out, _outputs("two"))
    assert replaced == [] and (out / "kallelse.md").read_text(encoding="utf-8") == "two"


def test_without_an_exchange_two_renames_do_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "_renameat2", None)
    assert write.exchange(tmp_path, tmp_path) is False
    out = tmp_path / "build" / MEETING
    write.write_meeting(out, _outputs("one"))
    write.write_meeting(out, _outputs("two"))
    assert (out / "kallelse.md").read_text(encoding="utf-8") == "two"
    assert sorted(p.name for p in out.parent.iterdir()) == [MEETING]


def test_a_build_after_everything_was_removed_starts_clean(minimal: Path) -> None:
    _build(minimal, "md")
    shutil.rmtree(minimal / "build")
    _build(minimal, "md")
    assert _manifest_lists_exactly_the_folder(_folder(minimal)) == {"budget-03.md", "kallelse.md", "pm-01.md",
                                                                    "remissvar-02.md"}
