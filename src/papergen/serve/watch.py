"""Watching the sources with watchfiles; each batch of saves becomes one rebuild of the meetings it touches.

Watches content/ and, where they exist, templates/ and papergen.yaml; never
build/ (the rebuilds write there). A change inside content/<meeting>/
rebuilds that meeting; any other change (organisation.yaml, the word list,
templates, papergen.yaml) rebuilds every served meeting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from papergen.serve.site import Site

# watchfiles waits this long for more changes after the first (an editor's save is a write and a rename).
STEP_MS = 15


def watched(root: Path) -> list[Path]:
    return [p for p in (root / "content", root / "templates", root / "papergen.yaml") if p.exists()]


def _interesting(change: watchfiles.Change, path: str) -> bool:
    name = Path(path).name
    # Editors' swap, backup and lock files are not sources.
    return not (name.startswith((".#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp")))


def follow(site: Site, stop: threading.Event, rebuilt: Callable[[set[str]], None] | None = None,
           failed: Callable[[BaseException], None] | None = None) -> None:
    """Rebuild on every change until `stop` is set; `rebuilt` hears which pages changed (the CLI's line).

    A rebuild that raises is a papergen bug: `failed` gets it (the CLI prints the traceback) and the
    server goes on with the pages it had, so the next save can still bring them up to date.
    """
    for changes in watchfiles.watch(*watched(site.root), watch_filter=_interesting, stop_event=stop,
                                    step=STEP_MS, debounce=1600, raise_interrupt=False, rust_timeout=500):
        meetings = {site.meeting_of(Path(path)) for _, path in changes}
        names = None if None in meetings else sorted(m for m in meetings if m is not None)
        try:
            changed = site.build(names)
        except Exception as exc:  # noqa: BLE001 - the per-rebuild resilience point: a bug must not end the server
            if failed is None:
                raise
            failed(exc)
            continue
        if rebuilt is not None:
            rebuilt(changed)


def start_watching(site: Site, rebuilt: Callable[[set[str]], None] | None = None,
                   failed: Callable[[BaseException], None] | None = None) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(site, stop, rebuilt, failed), name="papergen-serve-watch",
                              daemon=True)
    thread.start()
    return stop, thread
