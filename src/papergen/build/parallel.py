"""Parallel work, the one way papergen does it: a forked child for half a list, a pool of
forked workers for many meetings.

Owns only the mechanics: fork, a pipe, the result back as a pickle; and the pool that
`build --all` fans out to. Fork is used only where it is safe and cheap: Linux, and no
other thread running (a fork copies one thread; a lock another thread held would never be
released). Elsewhere the work runs in this process, so the answer never depends on a
second core.

A failure in a worker is raised here, in the parent, with the worker's traceback as its
cause (as concurrent.futures does). The work is never silently redone: that would hide a
papergen bug and double the time.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

S = TypeVar("S")
T = TypeVar("T")
U = TypeVar("U")


class WorkerFailed(RuntimeError):
    """A worker process failed; the message holds its traceback as the worker saw it."""


def available() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def halves(items: list[U], jobs: int, minimum: int) -> tuple[list[U], list[U]]:
    """`items` cut in two where a second process can take the second half (else that half is empty).

    Contiguous halves, the first the larger: neighbours (papers of one template, meetings of one
    body) stay together, so each process prepares less.
    """
    if jobs < 2 or len(items) < minimum or not available():
        return items, []
    middle = (len(items) + 1) // 2
    return items[:middle], items[middle:]


def start(work: Callable[[], T]) -> Callable[[], T]:
    """Begin `work` in a child process; the returned function waits for its result and returns it.

    An exception in the child is raised by the returned function, with the child's traceback.
    """
    if not available():
        return work
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send it, and leave without running the parent's exit handlers
        os.close(read_end)
        try:
            try:
                data = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent, which raises it
                data = pickle.dumps((False, _failure(exc)), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
        finally:
            os._exit(0)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not data:  # killed (out of memory, a signal) before it could send anything
            raise WorkerFailed(f"worker process {pid} ended without a result (wait status {status})")
        ok, value = pickle.loads(data)  # noqa: S301 - our own child's bytes, over a private pipe
        if ok:
            return value  # type: ignore[no-any-return]
        raise _raised(*value)

    return result


def each(function: Callable[[S, U], T], items: list[U], jobs: int, run: Callable[[], S]) -> Iterator[T]:
    """function(state, item) for every item in a pool of `jobs` worker processes, as each finishes.

    Each worker process is one run: `run()` makes its state (papergen.model.memo.RunMemo) once, when the
    worker starts, and every item that worker takes shares it, as the items of a run in one process
    do. The workers are forked where there is fork, so they reuse the imports already made (spawn
    would pay them again). A failure in a worker is raised here by concurrent.futures, with the
    worker's traceback as its cause: the same policy as `start`.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context,
                             initializer=_begin_worker, initargs=(run,)) as pool:
        futures = [pool.submit(_in_worker, function, item) for item in items]
        for future in as_completed(futures):
            yield future.result()


class _Worker:
    """The run of a pool worker process: set when the worker starts (`_begin_worker`), only there."""

    state: object = None


def _begin_worker(run: Callable[[], object]) -> None:
    _Worker.state = run()


def _in_worker(function: Callable[[object, U], T], item: U) -> T:
    return function(_Worker.state, item)


def _failure(exc: BaseException) -> tuple[bytes | None, str]:
    """The exception (pickled, when it can be) and its traceback as text, for the parent."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickled: bytes | None = pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception that cannot travel: its traceback still does
        pickled = None
    return pickled, text


def _raised(pickled: bytes | None, text: str) -> BaseException:
    """The worker's exception with its traceback attached as the cause, or WorkerFailed holding it."""
    cause = WorkerFailed(f"in the worker process:\n{text}")
    if pickled is None:
        return cause
    try:
        exc: BaseException = pickle.loads(pickled)  # noqa: S301 - our own child's bytes
    except Exception:  # noqa: BLE001 - it pickled but will not unpickle: keep the traceback
        return cause
    exc.__cause__ = cause
    return exc
