"""A meeting whose inputs are unchanged is not read again: same files, same findings, and any input
that changes (or a touched output folder) brings back the full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papergen import api, rules
from papergen.build import pipeline
from papergen.diagnostics import Severity
from papergen.rules.base import Meeting, finding

REPO = Path(__file__).resolve().parents[1]
FIRST, LATER = "meeting-2020-02-14", "meeting-2020-03-20"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    return root


def _build(root: Path, meeting: str, **options: object) -> api.Report:
    return api.build(root, root / "content" / meeting, use_cache=True, formats=("docx", "md"), **options)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("the meeting was read again")
    monkeypatch.setattr(pipeline, "_load", fail)


def test_an_unchanged_meeting_reports_the_same_without_reading_it(project: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = _build(project, FIRST)
    assert first.rendered and first.diagnostics and not first.blocked
    files = _files(project / "build" / FIRST)
    with monkeypatch.context() as m:
        _not_loaded(m)
        again = _build(project, FIRST)
    assert again.diagnostics == first.diagnostics and again.accepted == first.accepted
    assert again.written == first.written and again.rendered == [] and again.reused == len(first.written)
    assert not again.blocked and again.exit_code() == first.exit_code() == 0
    assert _files(project / "build" / FIRST) == files


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("change", [
    "arende", "organisation", "earlier protokoll", "new template", "project file", "word list", "new file",
])
def test_every_input_brings_the_full_build_back(project: Path, change: str) -> None:
    _build(project, FIRST)
    _build(project, LATER)
    content = project / "content"
    if change == "arende":
        _edit(content / LATER / "arenden" / "03-sammantradesplan-hosten-2020.md", "11 september", "4 september")
    elif change == "organisation":
        _edit(content / "organisation.yaml", "Regional tillväxtnämnd", "Regionala tillväxtnämnden")
    elif change == "earlier protokoll":  # the § numbers of the later meeting run on from it
        _edit(content / FIRST / "protokoll.yaml", "forsta_paragraf: 1", "forsta_paragraf: 5")
    elif change == "new template":
        (project / "templates" / "default").mkdir(parents=True)
        (project / "templates" / "default" / "kallelse.md.j2").write_text("# Kallelse\n", encoding="utf-8")
    elif change == "project file":
        (project / "papergen.yaml").write_text("ignorera:\n  - kod: PG534\n", encoding="utf-8")
    elif change == "word list":
        (content / "ordlista.txt").write_text("Kottaberget\n", encoding="utf-8")
    else:
        (content / LATER / "anteckning.txt").write_text("ny fil\n", encoding="utf-8")
    report = _build(project, LATER)
    fresh = api.build(project, content / LATER, out_root=project / "fresh", formats=("docx", "md"))
    assert report.diagnostics == fresh.diagnostics
    assert _files(project / "build" / LATER) == _files(project / "fresh" / LATER)


def test_a_touched_output_folder_is_built_again(project: Path) -> None:
    first = _build(project, LATER)
    kallelse = project / "build" / LATER / "kallelse.md"
    written = kallelse.read_bytes()
    kallelse.write_text("ändrad för hand\n", encoding="utf-8")
    again = _build(project, LATER)
    assert again.rendered == [] and again.reused == len(first.written)  # every paper from the per-paper cache
    assert kallelse.read_bytes() == written


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    original = pipeline._load
    monkeypatch.setattr(pipeline, "_load", lambda *a: calls.append(a) or original(*a))
    return calls


def test_options_are_part_of_the_key(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(project, LATER)
    calls = _loads(monkeypatch)
    assert not _build(project, LATER, strict=True).blocked and len(calls) == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert _build(project, LATER).rendered and len(calls) == 2  # another date stamp: papers rendered again


def test_html_and_pdf_builds_go_the_long_way(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api.build(project, project / "content" / LATER, use_cache=True, formats=("md", "html"))
    calls = _loads(monkeypatch)
    again = api.build(project, project / "content" / LATER, use_cache=True, formats=("md", "html"))
    assert calls and again.rendered == [] and not again.blocked


def _stop_words(m: Meeting):  # noqa: ANN202 - a rule as a later engineer might add one
    """Titles with a word from content/stoppord.txt: an input no list anywhere names."""
    for word in (m.read_text(m.project.root / "content" / "stoppord.txt") or "").split():
        for a in m.arenden:
            if word in a.data.rubrik:
                yield finding(Severity.WARNING, "PG115", f"'{word}' i rubriken", a.source.value_span(("rubrik",)))


def test_a_new_kind_of_input_cannot_leave_a_stale_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added later reads a file of a new kind. It is noted as it is read, so creating it,
    editing it and deleting it each bring the full build back; leaving it alone does not."""
    monkeypatch.setattr(rules, "RULES", (*rules.RULES, _stop_words))
    stop_words = project / "content" / "stoppord.txt"

    def stopped() -> list[str]:
        return [d.message for d in _build(project, LATER).diagnostics if d.message.endswith("i rubriken")]

    assert stopped() == []  # no such file yet: its absence is noted
    stop_words.write_text("Sammanträdesplan\n", encoding="utf-8")
    assert stopped() == ["'Sammanträdesplan' i rubriken"]
    stop_words.write_text("Information\n", encoding="utf-8")
    assert stopped() == ["'Information' i rubriken"]
    with monkeypatch.context() as m:
        _not_loaded(m)
        assert stopped() == ["'Information' i rubriken"]  # unchanged: the recorded findings stand
    stop_words.unlink()
    assert stopped() == []


def test_the_record_holds_what_loading_read(project: Path) -> None:
    """The earlier meeting's files the § numbers run on from, the ärenden folder's listing, and the
    templates looked for (found or not) are in the record without being listed anywhere by hand."""
    from papergen.model.memo import RunMemo

    loaded = pipeline._load(project, project / "content" / LATER, False, RunMemo())
    files = {Path(name).relative_to(project).as_posix() for name in loaded.reads.files}
    assert {f"content/{FIRST}/meeting.yaml", f"content/{FIRST}/protokoll.yaml", "content/organisation.yaml",
            f"content/{LATER}/meeting.yaml", "papergen.yaml"} <= files
    listed = {(Path(folder).relative_to(project).as_posix(), below) for folder, _, _, below in loaded.reads.listings}
    assert ("content", LATER) in listed and (f"content/{LATER}/arenden", None) in listed
