"""The HTTP side of `papergen serve`: the standard library's threading server, its routes and the event stream.

The standard library rather than uvicorn + starlette: the server has four
routes and one event stream, serves one writer on 127.0.0.1, and is started
often; http.server adds no dependency and no import time (uvicorn and
starlette with their dependencies cost ~0.2 s of start-up). One thread per
connection is plenty for a few open pages.

Routes answer only the URL paths in Site's table, compared as sent: nothing is
percent-decoded or joined to a folder, so `../`, `%2e%2e/` and `%2f` name no
file, and there is no listing of anything. On 127.0.0.1 a request must name
this machine in its Host header (DNS rebinding).
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from papergen.serve.site import Site

EVENTS = "/_papergen/events"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
KEEPALIVE_S = 15.0  # a comment this often: a closed tab is noticed and its thread ends


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up Ctrl-C
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        super().__init__(address, Handler)
        self.site = site

    def host_allowed(self, host_header: str) -> bool:
        """On 127.0.0.1, only requests that name this machine: a web page elsewhere cannot read the
        papers by pointing a name of its own at 127.0.0.1 (DNS rebinding). With --host, any name."""
        if str(self.server_address[0]) not in LOOPBACK:
            return True
        name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        return name.strip("[]").lower() in LOOPBACK

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "papergen-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: a request log would bury the build's messages in the terminal."""

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        if not self.server.host_allowed(self.headers.get("Host", "")):
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"Fel adress.\n", "text/plain; charset=utf-8", body)
            return
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == EVENTS and body:
            self._events()
            return
        site = self.server.site
        served = site.get(path)
        problem = ""
        if served is None and path.endswith(".pdf"):
            served, problem = site.pdf(path)
        if served is None:
            if problem:
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, f"PDF kunde inte göras: {problem}\n".encode(),
                           "text/plain; charset=utf-8", body)
            else:
                self._send(HTTPStatus.NOT_FOUND, b"Finns inte.\n", "text/plain; charset=utf-8", body)
            return
        self._send(HTTPStatus.OK, served.data, served.media_type, body)

    def _send(self, status: HTTPStatus, data: bytes, media_type: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        events = self.server.site.events
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = events.version
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not events.closed:
                seen_before = seen
                seen, pages = events.wait(seen, KEEPALIVE_S)
                if seen == seen_before or events.closed:
                    self.wfile.write(b": still here\n\n")
                else:
                    data = json.dumps({"version": seen, "pages": None if pages is None else sorted(pages)})
                    self.wfile.write(f"id: {seen}\nevent: change\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab was closed


def start_server(site: Site, host: str, port: int) -> tuple[PreviewServer, threading.Thread]:
    """Bind (OSError when the port is taken) and serve in a thread; shutdown() and server_close() stop it."""
    server = PreviewServer((host, port), site)
    thread = threading.Thread(target=server.serve_forever, name="papergen-serve-http", daemon=True)
    thread.start()
    return server, thread
