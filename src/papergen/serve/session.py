"""One preview from start to stop: first build, the HTTP server, the watcher, and a clean stop.

What the CLI (and tests, bench/serve.py) run; the CLI only prints and waits for Ctrl-C.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from papergen.serve.http import PreviewServer, start_server
from papergen.serve.site import Site
from papergen.serve.watch import start_watching


class Preview:
    def __init__(self, root: Path, meetings: list[Path] | None = None, *, host: str = "127.0.0.1", port: int = 8000,
                 out_root: Path | None = None, warm_pdf: bool = False) -> None:
        self.site = Site(root, meetings, out_root=out_root)
        self.host, self.port, self.warm_pdf = host, port, warm_pdf
        self.server: PreviewServer | None = None
        self._threads: list[threading.Thread] = []
        self._stop: threading.Event | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def start(self, rebuilt: Callable[[set[str]], None] | None = None,
              failed: Callable[[BaseException], None] | None = None) -> None:
        """Build every served meeting, then listen (OSError when the port is taken) and watch."""
        self.site.build()
        if self.warm_pdf and self.site.converter is not None:
            # LibreOffice's start-up in the background: the first PDF asked for is then already warm.
            starting = threading.Thread(target=self.site.converter.start, name="papergen-office", daemon=True)
            starting.start()
        try:
            self.server, http_thread = start_server(self.site, self.host, self.port)
        except OSError:
            self.site.close()
            raise
        self._stop, watch_thread = start_watching(self.site, rebuilt, failed)
        self._threads = [http_thread, watch_thread]

    def close(self) -> None:
        """Stop watching, close the event streams, stop listening, stop LibreOffice."""
        if self._stop is not None:
            self._stop.set()
        self.site.events.close()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self.site.close()

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
