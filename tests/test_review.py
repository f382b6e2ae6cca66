"""papergen diff and textconv: a constructed two-commit repository shows exactly the rendered change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from papergen.cli import main
from papergen.review import diff as review
from papergen.review.textconv import docx_text

MEETING = "meeting-2021-03-12"
BUDGET = f"content/{MEETING}/arenden/01-budget.md"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def change_word(root: Path) -> None:
    path = root / BUDGET
    path.write_text(path.read_text(encoding="utf-8").replace("uppdrag att följa upp", "uppdrag att granska"),
                    encoding="utf-8")


@pytest.fixture
def repo(minimal: Path) -> Path:
    """The minimal project as a git repository: a first commit on main, then one word of one att-sats changed."""
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "add", "-A")
    git(minimal, "commit", "-q", "-m", "first")
    git(minimal, "checkout", "-q", "-b", "change")
    change_word(minimal)
    git(minimal, "commit", "-q", "-am", "change")
    return minimal


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def changed_lines(text: str) -> list[str]:
    return [line for line in text.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_diff_shows_exactly_the_changed_att_sats(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["diff", "main", "HEAD"], repo, monkeypatch)
    assert (code, err) == (0, "")
    sections = out.split("=== ")[1:]
    assert [s.splitlines()[0] for s in sections] == [f"{MEETING}/kallelse.md (ändrat)",
                                                     f"{MEETING}/pm-01.md (ändrat)"]
    for section in sections:
        assert changed_lines(section) == [
            "-att ge förvaltningen i uppdrag att följa upp den den 14 februari 2022.",
            "+att ge förvaltningen i uppdrag att granska den den 14 februari 2022."]
    assert not list((repo / ".git" / "worktrees").glob("*")), "the temporary worktrees are removed"


def test_word_diff_marks_the_word_inside_the_line(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["diff", "main", "HEAD", "--word", "--exit-code"], repo, monkeypatch)
    assert code == 1
    marked = [line for line in out.splitlines() if "[-" in line or "{+" in line]
    assert marked == ["att ge förvaltningen i uppdrag att [-följa upp-]{+granska+} den den 14 februari 2022."] * 2


def test_default_is_merge_base_against_working_tree(repo: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "checkout", "-q", "main")
    change_word(repo)  # uncommitted
    code, out, _ = run(["diff", "--exit-code", "--html", str(tmp_path / "diff.html")], repo, monkeypatch)
    assert code == 1
    assert f"=== {MEETING}/pm-01.md (ändrat)" in out
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert "pm-01.md (ändrat)" in page
    # Whole words are marked, never letters: "följa upp" became "granska".
    assert '<del><span class="sr-only">borttaget: </span>följa upp</del>' in page
    assert '<ins><span class="sr-only">tillagt: </span>granska</ins>' in page
    assert page.count("<del>") == page.count("<ins>") == 3  # the legend, the PM and the kallelse
    git(repo, "checkout", "-q", "--", ".")
    code, out, _ = run(["diff", "--exit-code"], repo, monkeypatch)
    assert (code, out) == (0, "inga skillnader i de renderade handlingarna\n")


def test_html_diff_is_a_swedish_titled_page_that_wraps() -> None:
    doc = review.DocumentDiff("meeting-2021-03-12", "ändrat", "pm-01.md", "pm-01.md",
                              "att godkänna verksamhetsberättelse 2019 <x>\n",
                              "att anta verksamhetsberättelsen för år 2019 <x>\n")
    page = review.render_html(review.Review("a" * 40, "b" * 40, ["meeting-2021-03-12"], [doc]))
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<title>Granskning av handlingarna aaaaaaaaaa..bbbbbbbbbb</title>" in page
    # Two changed words a space apart are one change; the text is escaped.
    assert ('<td class="old">att <del><span class="sr-only">borttaget: </span>godkänna verksamhetsberättelse</del>'
            " 2019 &lt;x&gt;</td>") in page
    assert ('<td class="new">att <ins><span class="sr-only">tillagt: </span>anta verksamhetsberättelsen för år'
            "</ins> 2019 &lt;x&gt;</td>") in page
    # Fits the window: a fixed table layout, and long lines wrap anywhere instead of widening the page.
    assert "table-layout: fixed" in page and "white-space: pre-wrap; overflow-wrap: anywhere" in page
    empty = review.render_html(review.Review("a" * 40, "arbetskopian"))
    assert "<p>Inga skillnader i de renderade handlingarna.</p>" in empty
    assert "<title>Granskning av handlingarna aaaaaaaaaa..arbetskopian</title>" in empty


def test_a_renamed_source_adds_no_change_of_its_own(repo: Path) -> None:
    git(repo, "mv", f"content/{MEETING}/arenden/01-budget.md", f"content/{MEETING}/arenden/01-budget-ny.md")
    result = review.review(repo, "main", None)
    assert [(d.label, d.status) for d in result.documents] == [(f"{MEETING}/kallelse.md", "ändrat"),
                                                               (f"{MEETING}/pm-01.md", "ändrat")]


def test_touched_meetings() -> None:
    everything = {MEETING, "meeting-2021-04-01"}
    assert review.touched_meetings(["content/organisation.yaml"], "", everything) == sorted(everything)
    assert review.touched_meetings(["templates/default/pm.md.j2"], "", everything) == sorted(everything)
    assert review.touched_meetings([f"content/{MEETING}/meeting.yaml", "README.md"], "", everything) == [MEETING]
    assert review.touched_meetings([f"papers/content/{MEETING}/meeting.yaml", f"content/{MEETING}/x.md"],
                                   "papers", everything) == [MEETING]


def test_added_removed_and_renamed_documents_are_named() -> None:
    old = {"pm-01.md": "a\nb\nc\n", "pm-02.md": "x\n"}
    new = {"pm-03.md": "a\nb\nc\nd\n", "pm-04.md": "y\n"}
    assert [(d.label, d.status) for d in review._compare(MEETING, old, new)] == [
        (f"{MEETING}/pm-02.md", "borttaget"), (f"{MEETING}/pm-01.md -> pm-03.md", "bytt namn"),
        (f"{MEETING}/pm-04.md", "tillagt")]


def test_bad_revision_is_a_usage_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["diff", "finns-inte"], repo, monkeypatch)
    assert code == 2 and "okänd git-revision 'finns-inte'" in err and "Traceback" not in err


def test_not_a_git_repository_is_a_usage_error(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["diff"], minimal, monkeypatch)
    assert code == 2 and "ligger inte i ett git-förråd" in err


def test_forslag_beslut_lists_the_differing_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["diff", "--forslag-beslut", "meeting-2020-02-14"], REPO, monkeypatch)
    assert code == 0
    assert out.splitlines()[:2] == [
        "§ 4 Handlingsplan för social välfärd 2019-2022",
        "  att-sats 1: att anta handlingsplan för Social välfärd [-2019-2022 samt-]{+2019-2022,+}"]


def test_textconv_prints_canonical_text(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(["build", MEETING], minimal, monkeypatch)
    code, out, _ = run(["textconv", f"build/{MEETING}/pm-01.docx"], minimal, monkeypatch)
    assert code == 0
    lines = out.splitlines()
    assert "# Budget 2022 för Kultur & Fritid <utkast>" in lines
    assert "## Sammanfattning" in lines
    assert 'att anta budgeten om 2 000 000 kronor för "Kultur & Fritid", samt' in lines
    assert "| Del | Belopp |" in lines
    assert "- Bibliotek" in lines
    assert out == docx_text((minimal / "build" / MEETING / "pm-01.docx").read_bytes())


def test_textconv_shows_the_pm_header_table_and_the_footer(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(["build", MEETING], minimal, monkeypatch)
    lines = docx_text((minimal / "build" / MEETING / "pm-01.docx").read_bytes()).splitlines()
    header = [line for line in lines if line.startswith("Sidhuvud: ")]
    # The PM's header table (handläggare, datum, Dnr) is text a reviewer diffs; the page number is its field.
    assert any("Dnr: KS 2021/17" in line and line.startswith("Sidhuvud: | ") for line in header), header
    assert any("Sida {PAGE} ({NUMPAGES})" in line for line in header), header
    assert lines.index(header[-1]) < lines.index("# Budget 2022 för Kultur & Fritid <utkast>")
    assert lines[-1].startswith("Sidfot: ")


def test_git_diff_with_textconv_shows_a_changed_dnr(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's set-up: .gitattributes `*.docx diff=docx` and diff.docx.textconv = papergen textconv."""
    papers = minimal / "papers"
    papers.mkdir()
    git(minimal, "init", "-q", "-b", "main")
    (minimal / ".gitattributes").write_text("*.docx diff=docx\n", encoding="utf-8")
    git(minimal, "config", "diff.docx.textconv", f"{sys.executable} -m papergen textconv")
    run(["build", MEETING], minimal, monkeypatch)
    shutil.copy(minimal / "build" / MEETING / "pm-01.docx", papers / "pm-01.docx")
    git(minimal, "add", ".gitattributes", "papers")
    git(minimal, "commit", "-q", "-m", "first")
    path = minimal / BUDGET
    path.write_text(path.read_text(encoding="utf-8").replace("dnr: KS 2021/17", "dnr: KS 2021/18"), encoding="utf-8")
    run(["build", MEETING], minimal, monkeypatch)
    shutil.copy(minimal / "build" / MEETING / "pm-01.docx", papers / "pm-01.docx")

    changed = changed_lines(git(minimal, "diff", "papers/pm-01.docx"))
    assert len(changed) == 2 and all("Sidhuvud: | " in line for line in changed), changed
    assert "Dnr: KS 2021/17" in changed[0] and changed[0].startswith("-")
    assert "Dnr: KS 2021/18" in changed[1] and changed[1].startswith("+")


def test_textconv_of_a_non_docx_is_a_usage_error(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["textconv", BUDGET], minimal, monkeypatch)
    assert code == 2 and "ingen läsbar Word-fil" in err


def test_comment_folds_each_document_and_stays_short(repo: Path) -> None:
    result = review.review(repo, "main", "HEAD")
    comment = review.render_comment(result)
    assert comment.startswith(review.COMMENT_MARKER)
    assert comment.count("<details>") == 2
    assert "+att ge förvaltningen i uppdrag att granska den den 14 februari 2022." in comment
    short = review.render_comment(result, limit=600)
    assert short.count("<details>") < 2 and "visas inte här" in short
