"""One meeting's papers in two processes: the same files and findings as in one, and no lost work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papergen import api, forked

REPO = Path(__file__).resolve().parents[1]
needs_fork = pytest.mark.skipif(not forked.available(), reason="papergen forks only on Linux without other threads")


@needs_fork
def test_work_runs_in_a_child_process() -> None:
    assert forked.start(os.getpid)() != os.getpid()


@needs_fork
def test_a_failing_child_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def work() -> str:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "done here"

    assert forked.start(work)() == "done here"


@needs_fork
def test_a_bug_in_the_work_still_raises_here() -> None:
    def work() -> None:
        raise ValueError("papergen bug")

    with pytest.raises(ValueError, match="papergen bug"):
        forked.start(work)()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_fork
@pytest.mark.parametrize("formats", [("docx", "md"), ("md", "html")])
def test_two_processes_write_what_one_writes(tmp_path: Path, formats: tuple[str, ...]) -> None:
    folder = REPO / "content" / "meeting-2020-02-14"
    one = api.build(REPO, folder, out_root=tmp_path / "one", formats=formats, jobs=1)
    two = api.build(REPO, folder, out_root=tmp_path / "two", formats=formats, jobs=2)
    assert one.written and not one.blocked and not two.blocked
    assert two.diagnostics == one.diagnostics and two.rendered == one.rendered
    assert _files(tmp_path / "two") == _files(tmp_path / "one")


@needs_fork
def test_check_of_several_meetings_in_two_processes_reports_what_one_does(monkeypatch: pytest.MonkeyPatch) -> None:
    content = REPO / "content"
    pairs = [(REPO, content / name) for name in ("meeting-2020-02-14", "meeting-2020-03-20") * 2]
    one = api.check_meetings(pairs, jobs=1)
    started: list[int] = []
    start = forked.start

    def counted(work):  # noqa: ANN001, ANN202 - a spy on the real fork
        started.append(1)
        return start(work)

    monkeypatch.setattr(forked, "start", counted)
    two = api.check_meetings(pairs, jobs=2)
    assert started == [1]
    assert [r.meetings for r in two] == [[folder.name] for _, folder in pairs]
    assert any(r.diagnostics for r in one)
    assert [(r.diagnostics, r.accepted) for r in two] == [(r.diagnostics, r.accepted) for r in one]
