"""Work done in a forked child process while this one goes on (one meeting's papers in two halves).

Owns only the mechanics: fork, a pipe, the child's result back as a pickle. Fork
is used only where it is safe and cheap: Linux, and no other thread running (a
fork copies one thread; a lock another thread held would never be released).
Elsewhere, or when the child fails for any reason, the work runs in this
process when its result is asked for, so the answer never depends on a second
core and a papergen bug in the work still raises here, with its traceback.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")


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
    """Begin `work` in a child process; the returned function waits for its result and returns it."""
    if not available():
        return work
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send it, and leave without running the parent's exit handlers
        os.close(read_end)
        try:
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - any failure: the parent does the work itself
            data = b""
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
        finally:
            os._exit(0)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            return pickle.loads(data)  # noqa: S301 - our own child's bytes, over a private pipe
        except Exception:  # noqa: BLE001 - nothing sent (the child failed) or cut short (killed)
            return work()

    return result
