"""Server-sent events: each rebuild publishes the pages it changed; an open page refetches itself.

Owns the versioned history that every /_papergen/events connection waits on.
Server-sent events rather than a WebSocket: the page only listens, and
EventSource reconnects by itself (after a restart of the server too).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

HISTORY = 200  # a connection that falls further behind than this gets every page


@dataclass(frozen=True)
class Change:
    version: int
    pages: frozenset[str]  # URL paths, e.g. /meeting-2020-02-14/pm-05.html
    at: float  # time.perf_counter() when published (bench/serve.py)


class Events:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._history: list[Change] = []
        self.version = 0
        self.closed = False

    def publish(self, pages: set[str]) -> Change:
        with self._cond:
            self.version += 1
            change = Change(self.version, frozenset(pages), time.perf_counter())
            self._history = [*self._history[-(HISTORY - 1):], change]
            self._cond.notify_all()
            return change

    def wait(self, after: int, timeout: float) -> tuple[int, frozenset[str] | None]:
        """The pages changed since version `after` (None: too far behind, every page), or none on timeout."""
        with self._cond:
            self._cond.wait_for(lambda: self.version > after or self.closed, timeout)
            if self.closed or self.version == after:
                return self.version, frozenset()
            newer = [c for c in self._history if c.version > after]
            if not newer or newer[0].version != after + 1:
                return self.version, None
            return self.version, frozenset().union(*(c.pages for c in newer))

    def close(self) -> None:
        """Wake every connection so it ends (Ctrl-C)."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()
