"""papergen serve: a warm preview that serves exactly what the build wrote, with the findings beside each paper.

Behaviour through papergen.serve's Site and a real server on a free port; the
browser (live reload seen in Chromium, axe-core) is tests/test_serve_browser.py.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from papergen.serve.session import Preview
from papergen.serve.site import Site

MEETING = "meeting-2021-03-12"


def _folder(root: Path) -> Path:
    return root / "content" / MEETING


def _page(site: Site, name: str) -> str:
    served = site.get(f"/{MEETING}/{name}")
    assert served is not None, name
    return served.data.decode("utf-8")


def _raw_get(server_url: str, path: str) -> tuple[int, bytes]:
    """GET with the path exactly as written: no client-side normalising of `..` or percent escapes."""
    host, port = server_url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _placeholder(root: Path, text: str = "FYLL I: belopp") -> Path:
    """A scaffold placeholder left in ärende 1's body, on line 39: a PG115 warning."""
    path = _folder(root) / "arenden" / "01-budget.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Ekonomiska konsekvenser",
                                                             f"{text}\n\n## Ekonomiska konsekvenser"),
                    encoding="utf-8")
    return path


# --- what is served ---

def test_the_meeting_index_and_every_paper_are_served_from_the_build(minimal: Path) -> None:
    site = Site(minimal, [_folder(minimal)])
    site.build()
    built = minimal / "build" / MEETING
    papers = sorted(p.name for p in built.glob("*.html") if p.name != "index.html")
    assert papers and "kallelse.html" in papers
    for name in papers:
        page = _page(site, name)
        # The build's page, unchanged inside: its <main> is there byte for byte.
        original = (built / name).read_text(encoding="utf-8")
        main = original[original.index('<main id="innehall">'):original.index("</main>")]
        assert main in page
        assert '<aside class="pg-aside"' in page and 'src=' not in page.split("<script", 1)[0][-200:]
    assert _page(site, "index.html") == _page(site, "")
    assert "kallelse.html" in _page(site, "index.html")
    assert site.get(f"/{MEETING}/kallelse.docx").data == (built / "kallelse.docx").read_bytes()
    assert site.get(f"/{MEETING}/kallelse.md").data == (built / "kallelse.md").read_bytes()
    assert f'href="/{MEETING}/"' in site.get("/").data.decode()


def test_a_paper_links_to_its_word_file_pdf_and_markdown(minimal: Path) -> None:
    site = Site(minimal, [_folder(minimal)])
    site.build()
    page = _page(site, "pm-01.html")
    assert ('Hämta: <a href="pm-01.docx">Word</a> · <a href="pm-01.pdf">PDF</a> · '
            '<a href="pm-01.md">Markdown</a>') in page


def test_findings_of_a_papers_own_sources_stand_beside_it_with_file_line_col(minimal: Path) -> None:
    _placeholder(minimal)
    site = Site(minimal, [_folder(minimal)])
    site.build()
    finding = ("<li><code>content/meeting-2021-03-12/arenden/01-budget.md:39:1</code>: "
               "<span class=\"pg-warning\">varning[PG115]</span> &#39;FYLL I: belopp&#39; ska fyllas i</li>")
    assert finding in _page(site, "pm-01.html")
    assert finding in _page(site, "kallelse.html")  # the kallelse shows ärende 1 too
    assert "PG115" not in _page(site, "remissvar-02.html")  # another ärende's paper: not its source
    assert "Inga fynd i källorna till den här sidan." in _page(site, "remissvar-02.html")
    assert finding in _page(site, "index.html")  # the meeting's page lists them all


def test_a_change_renders_again_only_the_papers_it_affects(minimal: Path) -> None:
    site = Site(minimal, [_folder(minimal)])
    site.build()
    before = site.get(f"/{MEETING}/pm-01.html")
    path = _folder(minimal) / "arenden" / "02-remiss.md"
    path.write_text(path.read_text(encoding="utf-8").replace("godkänna yttrandet", "godkänna det ändrade yttrandet"),
                    encoding="utf-8")
    changed = site.build([MEETING])
    report = site.meetings[MEETING].report
    assert report is not None and not report.blocked
    rendered = {Path(r).stem for r in report.rendered}
    # Ärende 2 is in the kallelse and is its remissvar; ärende 1's PM comes from the render cache.
    assert rendered == {"kallelse", "remissvar-02"}
    assert f"/{MEETING}/kallelse.html" in changed and f"/{MEETING}/pm-01.html" not in changed
    assert site.get(f"/{MEETING}/pm-01.html") == before
    assert "godkänna det ändrade yttrandet" in _page(site, "kallelse.html")


def test_a_warm_site_serves_after_each_edit_what_a_fresh_one_would(minimal: Path) -> None:
    """What a rebuild keeps from the last (RunMemo.carried, the decorated pages) never serves an old page."""
    site = Site(minimal, [_folder(minimal)])
    site.build()
    path = _placeholder(minimal)
    original = path.read_text(encoding="utf-8")
    for text in (original, original.replace("FYLL I: belopp", "beloppet är 5 000 kronor"), original):
        path.write_text(text, encoding="utf-8")
        site.build([MEETING])
        fresh = Site(minimal, [_folder(minimal)])
        fresh.build()
        served = {url: site.get(url) for url in sorted(site._files)}
        assert served == {url: fresh.get(url) for url in sorted(fresh._files)}
        assert ("PG115" in _page(site, "pm-01.html")) == ("FYLL I" in text)
        fresh.close()
    site.close()


def test_a_broken_source_shows_its_located_diagnostic_and_fixing_it_brings_the_papers_back(minimal: Path) -> None:
    site = Site(minimal, [_folder(minimal)])
    site.build()
    meeting_yaml = _folder(minimal) / "meeting.yaml"
    good = meeting_yaml.read_text(encoding="utf-8")
    meeting_yaml.write_text(good.replace("plats: Sessionssalen", "plats: [Sessionssalen"), encoding="utf-8")
    changed = site.build([MEETING])
    assert f"/{MEETING}/pm-01.html" in changed
    page = _page(site, "pm-01.html")
    assert '<div class="pg-broken" role="alert">' in page
    # Where the YAML parser stopped (the line after the open bracket), with that line shown.
    assert ('<li><code>content/meeting-2021-03-12/meeting.yaml:7:6</code>: <span class="pg-error">fel[PG101]</span> '
            "YAML kan inte läsas: expected &#39;,&#39; or &#39;]&#39;, but got &#39;:&#39; "
            "(i en lista inom hakparenteser)<br><code>noter:</code></li>") in page
    assert "Budget 2022" in page  # the last papers built stay readable beneath
    assert "<h3>Fynd från papergen check, senaste bygget (0)</h3>" in page  # what stood when it last built
    assert 'class="pg-broken"' in _page(site, "index.html")
    meeting_yaml.write_text(good, encoding="utf-8")
    site.build([MEETING])
    assert 'class="pg-broken"' not in _page(site, "pm-01.html")


def test_a_meeting_that_never_built_shows_what_stops_it(minimal: Path) -> None:
    meeting_yaml = _folder(minimal) / "meeting.yaml"
    meeting_yaml.write_text(meeting_yaml.read_text(encoding="utf-8").replace("plats: Sessionssalen", "plats: ["),
                            encoding="utf-8")
    site = Site(minimal, [_folder(minimal)])
    site.build()
    index = _page(site, "index.html")
    assert "Inga handlingar är byggda ännu." in index and "fel[PG101]" in index
    assert site.get(f"/{MEETING}/pm-01.html") is None


# --- safety: only what the build produced ---

TRAVERSALS = [
    f"/{MEETING}/../../content/{MEETING}/meeting.yaml",
    "/../content/organisation.yaml",
    f"/{MEETING}/%2e%2e/%2e%2e/content/organisation.yaml",
    f"/{MEETING}/%2E%2E/%2E%2E/content/organisation.yaml",
    f"/{MEETING}/..%2f..%2fcontent%2forganisation.yaml",
    f"/{MEETING}%2fpm-01.html",
    f"/{MEETING}/pm-01.html%00.md",
    "/content/",
    f"/content/{MEETING}/",
    f"/content/{MEETING}/meeting.yaml",
    "/.cache/",
    f"/{MEETING}/manifest.json",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_built_files_is_served(minimal: Path, path: str) -> None:
    with Preview(minimal, [_folder(minimal)], port=0) as preview:
        status, body = _raw_get(preview.url, path)
        assert status == 404, path
        assert body == b"Finns inte.\n"
        assert _raw_get(preview.url, f"/{MEETING}/pm-01.html")[0] == 200


@pytest.mark.parametrize(("host", "status"), [("127.0.0.1", 200), ("localhost", 200), ("[::1]", 200),
                                              ("evil.example", 421), ("127.0.0.1.evil.example", 421)])
def test_on_127_0_0_1_a_request_must_name_this_machine(minimal: Path, host: str, status: int) -> None:
    with Preview(minimal, [_folder(minimal)], port=0) as preview:
        assert preview.server is not None
        conn = http.client.HTTPConnection("127.0.0.1", preview.server.server_address[1], timeout=30)
        conn.putrequest("GET", f"/{MEETING}/pm-01.html", skip_host=True)
        conn.putheader("Host", f"{host}:{preview.server.server_address[1]}")
        conn.endheaders()
        assert conn.getresponse().status == status
        conn.close()


def test_listens_on_127_0_0_1_unless_told(minimal: Path) -> None:
    with Preview(minimal, [_folder(minimal)], port=0) as preview:
        assert preview.server is not None and preview.server.server_address[0] == "127.0.0.1"


# --- live reload ---

def _saved(preview: Preview, save: Callable[[], object]) -> None:
    """Save, and again each second until the preview has rebuilt: the watcher may still be starting."""
    version = preview.site.events.version
    for _ in range(30):
        save()
        if preview.site.events.wait(version, 1.0)[0] > version:
            return
    raise AssertionError("no rebuild after saving")


def _next_event(stream: http.client.HTTPResponse) -> dict[str, object]:
    """The next `change` event's data (comments and the retry line skipped)."""
    event, data = "", ""
    while True:
        line = stream.readline().decode("utf-8")
        if not line:
            raise AssertionError("the event stream ended")
        line = line.rstrip("\n")
        if line.startswith("event: "):
            event = line[len("event: "):]
        elif line.startswith("data: "):
            data = line[len("data: "):]
        elif line == "" and event == "change":
            return json.loads(data)


def test_saving_a_source_sends_the_changed_pages_to_open_pages(minimal: Path) -> None:
    with Preview(minimal, [_folder(minimal)], port=0) as preview:
        host, port = preview.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", "/_papergen/events")
        stream = conn.getresponse()
        assert stream.status == 200 and stream.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        source = _folder(minimal) / "arenden" / "01-budget.md"
        edited = _placeholder(minimal).read_text(encoding="utf-8")
        _saved(preview, lambda: source.write_text(edited, encoding="utf-8"))
        event = _next_event(stream)
        pages = event["pages"]
        assert isinstance(pages, list)
        assert f"/{MEETING}/pm-01.html" in pages and f"/{MEETING}/remissvar-02.html" not in pages
        assert "varning[PG115]" in _raw_get(preview.url, f"/{MEETING}/pm-01.html")[1].decode()
        conn.close()


# --- the command ---

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_the_server_cleanly(minimal: Path, stop: signal.Signals) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "papergen", "serve", MEETING, "--port", str(port)], cwd=minimal,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Förhandsvisning på"):
                break
        assert lines[-1] == f"Förhandsvisning på http://127.0.0.1:{port}/{MEETING}/ – Ctrl-C avslutar\n", lines
        assert lines[0] == f"{MEETING}: 0 fel, 0 varningar\n"
        # An open event stream must not hold the stop up.
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /_papergen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert b"text/event-stream" in events.recv(1000)
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=30)
        events.close()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out == "Stoppad.\n" and "Traceback" not in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_taken_port_is_a_usage_error_not_a_traceback(minimal: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "papergen", "serve", MEETING, "--port", str(port)],
                              cwd=minimal, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"kan inte lyssna på 127.0.0.1:{port}:" in done.stderr and "välj en annan port med --port" in done.stderr
    assert "Traceback" not in done.stderr


def test_threads_end_when_the_preview_closes(minimal: Path) -> None:
    before = threading.active_count()
    with Preview(minimal, [_folder(minimal)], port=0):
        pass
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before


def test_a_rebuild_that_raises_is_reported_and_the_server_goes_on(minimal: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from papergen.serve import site as site_module

    real = site_module.api.build
    calls = {"n": 0}

    def once_broken(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # the first rebuild after the start
            raise RuntimeError("papergen bug")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site_module.api, "build", once_broken)
    failures: list[BaseException] = []
    preview = Preview(minimal, [_folder(minimal)], port=0)
    preview.start(failed=failures.append)
    try:
        source = _folder(minimal) / "arenden" / "01-budget.md"
        first = _placeholder(minimal, "FYLL I: först").read_text(encoding="utf-8")
        deadline = time.monotonic() + 30
        while not failures and time.monotonic() < deadline:
            source.write_text(first, encoding="utf-8")  # again until the watcher, maybe still starting, sees it
            time.sleep(1)
        assert [str(f) for f in failures] == ["papergen bug"]
        assert "Budget 2022" in _raw_get(preview.url, f"/{MEETING}/pm-01.html")[1].decode()  # the pages it had
        then = _placeholder(minimal, "FYLL I: sedan").read_text(encoding="utf-8")
        _saved(preview, lambda: source.write_text(then, encoding="utf-8"))
        assert "FYLL I: sedan" in _raw_get(preview.url, f"/{MEETING}/pm-01.html")[1].decode()
    finally:
        preview.close()
