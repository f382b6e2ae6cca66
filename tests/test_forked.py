"""One meeting's papers in two processes: the same files and findings as in one, and no lost work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papergen import api
from papergen.build import parallel as forked

REPO = Path(__file__).resolve().parents[1]
needs_fork = pytest.mark.skipif(not forked.available(), reason="papergen forks only on Linux without other threads")


@needs_fork
def test_work_runs_in_a_child_process() -> None:
    assert forked.start(os.getpid)() != os.getpid()


@needs_fork
def test_a_failure_in_the_child_is_raised_here_with_its_traceback_and_not_redone() -> None:
    parent = os.getpid()
    ran_here: list[int] = []

    def work() -> str:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        ran_here.append(1)
        return "done here"

    with pytest.raises(RuntimeError, match="only in the child") as raised:
        forked.start(work)()
    assert ran_here == []  # a papergen bug in a worker is not hidden by doing the work again
    cause = raised.value.__cause__
    assert isinstance(cause, forked.WorkerFailed)
    assert "in the worker process:" in str(cause) and 'raise RuntimeError("only in the child")' in str(cause)


@needs_fork
def test_a_bug_in_the_work_still_raises_here() -> None:
    def work() -> None:
        raise ValueError("papergen bug")

    with pytest.raises(ValueError, match="papergen bug"):
        forked.start(work)()


class _Unpicklable(Exception):
    def __reduce__(self):  # noqa: ANN204 - an exception that cannot travel between processes
        raise TypeError("not picklable")


@needs_fork
def test_an_exception_that_cannot_travel_arrives_as_its_traceback() -> None:
    def work() -> None:
        raise _Unpicklable("odd")

    with pytest.raises(forked.WorkerFailed, match="_Unpicklable: odd"):
        forked.start(work)()


@needs_fork
def test_a_killed_child_is_a_failure_not_a_silent_redo() -> None:
    def work() -> None:
        os._exit(3)

    with pytest.raises(forked.WorkerFailed, match="ended without a result"):
        forked.start(work)()


def _double(seen: list[int], n: int) -> tuple[int, int, int]:
    if n == 3:
        raise ArithmeticError("three")
    seen.append(n)
    return 2 * n, os.getpid(), len(seen)


def test_the_pool_raises_a_worker_failure_with_the_worker_traceback() -> None:
    assert sorted(r[0] for r in forked.each(_double, [1, 2], jobs=2, run=list)) == [2, 4]
    with pytest.raises(ArithmeticError, match="three") as raised:
        list(forked.each(_double, [1, 3], jobs=2, run=list))
    assert 'raise ArithmeticError("three")' in str(raised.value.__cause__)


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


def test_each_pool_worker_is_one_run_that_its_items_share() -> None:
    results = list(forked.each(_double, list(range(4, 12)), jobs=2, run=list))
    by_worker: dict[int, list[int]] = {}
    for _, pid, count in results:
        by_worker.setdefault(pid, []).append(count)
    assert pid != os.getpid() and sum(len(c) for c in by_worker.values()) == 8
    for counts in by_worker.values():  # the worker's state grew with each item it took
        assert sorted(counts) == list(range(1, len(counts) + 1))
