"""Word redline: one changed word of an att-sats becomes a tracked change, and nothing else does."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL
from lxml import etree

from papergen import api
from papergen.cli import main
from papergen.review.redline import redline_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEETING = "meeting-2021-03-12"
ARENDE = Path("content") / MEETING / "arenden" / "01-budget.md"
OLD, NEW = "förvaltningen", "nämnden"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def _change_word(project: Path) -> None:
    path = project / ARENDE
    text = path.read_text(encoding="utf-8")
    assert text.count(f"ge {OLD} i uppdrag") == 1
    path.write_text(text.replace(f"ge {OLD} i uppdrag", f"ge {NEW} i uppdrag"), encoding="utf-8")


def _build(project: Path, out: Path) -> Path:
    report = api.build(project, project / "content" / MEETING, out_root=out, formats=("docx",))
    assert not report.blocked, report.diagnostics
    return out / MEETING


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture project's papers before and after one word of one att-sats changed (built once)."""
    tmp = tmp_path_factory.mktemp("redline")
    project = tmp / "proj"
    shutil.copytree(MINIMAL, project)
    base = _build(project, tmp / "base")
    _change_word(project)
    return base, _build(project, tmp / "head")


def _document(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("word/document.xml"))


def _paragraph_text(p: etree._Element, *, skip: str) -> str:
    """The text as it reads with the changes accepted (skip w:del) or rejected (skip w:ins)."""
    out = []
    for el in p.iter(f"{W}t", f"{W}delText", f"{W}tab"):
        if any(a.tag == f"{W}{skip}" for a in el.iterancestors()):
            continue
        out.append("\t" if el.tag == f"{W}tab" else el.text or "")
    return "".join(out)


def _paragraphs(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{W}p"))


def test_changed_word_is_the_only_tracked_change(built: tuple[Path, Path]) -> None:
    base, head = built
    base_bytes, head_bytes = (base / "kallelse.docx").read_bytes(), (head / "kallelse.docx").read_bytes()
    red = _document(redline_docx(base_bytes, head_bytes))

    deleted = [el.text for el in red.iter(f"{W}delText")]
    inserted = ["".join(t.text or "" for t in ins.iter(f"{W}t")) for ins in red.iter(f"{W}ins")]
    assert deleted == [OLD] and inserted == [NEW]
    for change in (*red.iter(f"{W}ins"), *red.iter(f"{W}del")):
        assert change.get(f"{W}author") == "papergen" and change.get(f"{W}date") == "2021-03-12T00:00:00Z"
    assert sorted(int(c.get(f"{W}id")) for c in (*red.iter(f"{W}ins"), *red.iter(f"{W}del"))) == [1, 2]

    # Accepting gives the head's paragraphs, rejecting the base's: every other paragraph is untouched.
    red_paras = _paragraphs(red)
    head_paras, base_paras = _paragraphs(_document(head_bytes)), _paragraphs(_document(base_bytes))
    assert len(red_paras) == len(head_paras) == len(base_paras)
    changed = [i for i, p in enumerate(red_paras) if p.find(f".//{W}ins") is not None
               or p.find(f".//{W}del") is not None]
    assert len(changed) == 1
    for i, p in enumerate(red_paras):
        assert _paragraph_text(p, skip="del") == _paragraph_text(head_paras[i], skip="del")
        assert _paragraph_text(p, skip="ins") == _paragraph_text(base_paras[i], skip="del")
        if i != changed[0]:
            assert etree.tostring(p) == etree.tostring(head_paras[i])
    assert f"ge {NEW} i uppdrag" in _paragraph_text(red_paras[changed[0]], skip="del")

    # The members' table is still a table with all its rows.
    tables = list(red.iter(f"{W}tbl"))
    assert tables and [len(t.findall(f"{W}tr")) for t in tables] == \
        [len(t.findall(f"{W}tr")) for t in _document(head_bytes).iter(f"{W}tbl")]
    assert len(tables[0].findall(f"{W}tr")) >= 2


def test_redline_is_deterministic(built: tuple[Path, Path]) -> None:
    base, head = built
    args = ((base / "kallelse.docx").read_bytes(), (head / "kallelse.docx").read_bytes())
    assert redline_docx(*args) == redline_docx(*args)


def test_unchanged_document_has_no_tracked_changes(built: tuple[Path, Path]) -> None:
    base, _ = built
    data = (base / "remissvar-02.docx").read_bytes()
    red = _document(redline_docx(data, data))
    assert red.find(f".//{W}ins") is None and red.find(f".//{W}del") is None


def test_added_and_removed_paragraphs(tmp_path: Path) -> None:
    """A new att-sats is an inserted paragraph, a dropped one a deleted paragraph, marks included."""
    project = tmp_path / "proj"
    shutil.copytree(MINIMAL, project)
    base = _build(project, tmp_path / "base")
    path = project / "content" / MEETING / "arenden" / "02-remiss.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    - godkänna yttrandet som kommunens svar.\n",
        "    - godkänna yttrandet som kommunens svar, samt\n    - skicka yttrandet till regionen.\n"),
        encoding="utf-8")
    path = project / "content" / MEETING / "arenden" / "03-projekt.md"
    text = path.read_text(encoding="utf-8")
    dropped = "    - projektet får påbörjas tidigast 2021-04-01 och avslutas senast 2022-12-31 samt\n"
    assert dropped in text
    path.write_text(text.replace(dropped, ""), encoding="utf-8")
    head = _build(project, tmp_path / "head")
    red = _document(redline_docx((base / "kallelse.docx").read_bytes(), (head / "kallelse.docx").read_bytes()))

    inserted = [p for p in red.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    deleted = [p for p in red.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    assert [_paragraph_text(p, skip="del") for p in inserted] == ["att\tskicka yttrandet till regionen."]
    assert [_paragraph_text(p, skip="ins") for p in deleted] == \
        ["att\tprojektet får påbörjas tidigast 2021-04-01 och avslutas senast 2022-12-31 samt"]
    assert all(r.getparent().tag == f"{W}ins" for r in inserted[0].iter(f"{W}r"))
    assert all(r.getparent().tag == f"{W}del" for r in deleted[0].iter(f"{W}r"))
    ids = [int(c.get(f"{W}id")) for c in red.iter(f"{W}ins", f"{W}del")]
    assert ids == list(range(1, len(ids) + 1))


def _git(cwd: Path, *args: str, when: str = "2021-03-01T09:00:00+01:00") -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True, env=env)


def _dates(red: etree._Element) -> set[str | None]:
    return {c.get(f"{W}date") for c in red.iter(f"{W}ins", f"{W}del")}


def test_two_files_date_each_change_with_the_head_papers_date(built: tuple[Path, Path]) -> None:
    base, head = built
    # The head paper's own date is the meeting day (its source), not 1980-01-01 and not the clock.
    red = _document(redline_docx((base / "pm-01.docx").read_bytes(), (head / "pm-01.docx").read_bytes()))
    assert _dates(red) == {"2021-03-12T00:00:00Z"}
    chosen = _document(redline_docx((base / "pm-01.docx").read_bytes(), (head / "pm-01.docx").read_bytes(),
                                    date="2021-03-05T10:00:00Z"))
    assert _dates(chosen) == {"2021-03-05T10:00:00Z"}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_cli_two_revisions_and_two_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _change_word(repo)
    _git(repo, "commit", "-qam", "head", when="2021-03-04T15:30:00+01:00")
    monkeypatch.chdir(repo)
    runner = CliRunner()

    result = runner.invoke(main, ["redline", "HEAD~1", "HEAD", "--meeting", MEETING, "-o", str(tmp_path / "red")])
    assert result.exit_code == 0, result.output
    # The kallelse and the ärende's PM carry the att-sats; the remissvar does not change.
    assert sorted(p.name for p in (tmp_path / "red").iterdir()) == ["kallelse.docx", "pm-01.docx"]
    red = _document((tmp_path / "red" / "pm-01.docx").read_bytes())
    assert [el.text for el in red.iter(f"{W}delText")] == [OLD]
    # Dated when the change was committed (the head commit's committer date, in UTC).
    assert _dates(red) == {"2021-03-04T14:30:00Z"}
    worktrees = subprocess.run(["git", "worktree", "list"], cwd=repo, capture_output=True, text=True).stdout
    assert len(worktrees.splitlines()) == 1  # the temporary checkouts are gone

    files = runner.invoke(main, ["redline", str(tmp_path / "red" / "kallelse.docx"),
                                 str(tmp_path / "red" / "kallelse.docx"), "-o", str(tmp_path / "same.docx")])
    assert files.exit_code == 0 and (tmp_path / "same.docx").is_file()

    for args, message in (
            (["HEAD~1", "nosuch", "--meeting", MEETING], "okänd git-revision 'nosuch'"),
            (["HEAD~1", "HEAD"], "ange --meeting"),
            ([str(tmp_path / "saknas.docx"), str(tmp_path / "same.docx")], "filen finns inte"),
            ([str(repo / "content" / "organisation.yaml"), str(tmp_path / "same.docx")], "inte ett Word-dokument")):
        bad = runner.invoke(main, ["redline", *args, "-o", str(tmp_path / "x")])
        assert bad.exit_code == 2 and message in bad.output, bad.output
        assert "Traceback" not in bad.output


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                    reason="LibreOffice (soffice) and pdftotext are not installed")
def test_tracked_changes_survive_libreoffice(built: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = built
    red = tmp_path / "kallelse-redline.docx"
    red.write_bytes(redline_docx((base / "kallelse.docx").read_bytes(), (head / "kallelse.docx").read_bytes()))
    out = tmp_path / "converted"
    # Reopen and save again as Word: LibreOffice keeps tracked changes it understood as w:ins/w:del.
    subprocess.run([str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(red)],
                   check=True, capture_output=True, timeout=300)
    converted = _document((out / red.name).read_bytes())
    assert [el.text for el in converted.iter(f"{W}delText")] == [OLD]
    assert NEW in ["".join(t.text or "" for t in ins.iter(f"{W}t")) for ins in converted.iter(f"{W}ins")]
    # Rendered to PDF, the document shows both versions of the word (LibreOffice shows changes by default).
    subprocess.run([str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(red)], check=True, capture_output=True,
                   timeout=300)
    text = subprocess.run([str(PDFTOTEXT), str(out / "kallelse-redline.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert NEW in text and "Kallelse" in text
