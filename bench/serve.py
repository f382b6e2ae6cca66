"""Benchmark of issue 21: papergen serve's live reload and its PDFs, each beside its reference, in one run.

Run: python3 bench/serve.py [--runs 9] [--pdf-runs 3]   (--pdf-runs 0: the live-reload figures only)
Measures, on a copy of the shipped project:
  rebuild    the warm in-process rebuild after that edit (papergen.serve's Site.build: api.build with the
             render cache, then the pages with their findings), without the watcher and HTTP
  reload     saving a one-ärende edit of meeting-2020-02-14 (ärende 5) -> the `change` event on an open
             page's event stream, and -> the page's new HTML served (GET after the event);
             `papergen serve` runs as a user starts it, warm after its first build. Target: median ≤ 250 ms.
  pdf step   papergen's PDF step of the meeting's Word files (31) (render/pdf.convert, -j the CPUs, the
             profiles kept as a build keeps them in build/.cache/, with normalisation) against LibreOffice's
             own one-process batch of the same files (`soffice --headless --convert-to pdf *.docx`, fresh
             profile). Target: ≤ 0.7×.
  warm pdf   one changed paper's PDF from the running server (GET pm-05.pdf after an edit of ärende 5,
             the warm LibreOffice), beside a cold `soffice --convert-to pdf` of that one file. Target: ≤ 0.5 s.
Timings belong here and in the closing note, never in tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEETING = "meeting-2020-02-14"
ARENDE = Path("content") / MEETING / "arenden" / "05-remiss-smart-specialisering.md"
ANCHOR = "## Ärendebeskrivning\n\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Events:
    """The event stream of an open page, read in a thread: each `change` event's pages and arrival time."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", "/_papergen/events")
        self.stream = self.conn.getresponse()
        self.arrived: list[tuple[float, list[str]]] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event = data = ""
        for raw in self.stream:
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line == "" and event == "change":
                with self.cond:
                    self.arrived.append((time.perf_counter(), json.loads(data)["pages"] or []))
                    self.cond.notify_all()
                event = data = ""

    def wait_for(self, page: str, after: int) -> float:
        with self.cond:
            self.cond.wait_for(lambda: any(page in p for _, p in self.arrived[after:]), timeout=30)
            return next(t for t, p in self.arrived[after:] if page in p)


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {data[:200]!r}")
    return data


def _soffice_batch(soffice: str, files: list[Path], tmp: Path) -> float:
    """LibreOffice's own batch, as a user types it: one process, a fresh profile, plain PDF."""
    profile, out = tmp / "profile-ref", tmp / "out-ref"
    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=900)
    took = time.perf_counter() - start
    if len(list(out.glob("*.pdf"))) != len(files):
        raise RuntimeError("the reference batch did not convert every file")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description="papergen serve benchmark (issue 21)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pdf-runs", type=int, default=3)
    args = parser.parse_args()
    from papergen import api
    from papergen.diagnostics import Collector
    from papergen.render import pdf as pdf_backend
    from papergen.render.output import Output

    soffice = pdf_backend.find_soffice()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "proj"
        shutil.copytree(REPO / "content", root / "content")
        source = root / ARENDE
        original = source.read_text(encoding="utf-8")
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "papergen", "serve", MEETING, "--port", str(port)],
                                  cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        reload_s: list[float] = []
        served_s: list[float] = []
        warm_pdf_s: list[float] = []
        try:
            assert server.stdout is not None
            for line in server.stdout:
                if line.startswith("Förhandsvisning på"):
                    break
            threading.Thread(target=server.stdout.read, daemon=True).start()  # its "uppdaterade …" lines
            events = Events(port)
            time.sleep(0.5)
            page = f"/{MEETING}/pm-05.html"
            for n in range(args.runs + 1):  # the first edit warms what an edit touches; not counted
                marker = f"Ändring {n} sparad."
                seen = len(events.arrived)
                saved = time.perf_counter()
                source.write_text(original.replace(ANCHOR, f"{ANCHOR}{marker} ", 1), encoding="utf-8")
                event_at = events.wait_for(page, seen)
                html = _get(port, page)
                done = time.perf_counter()
                if marker.encode() not in html:
                    raise RuntimeError("the page served after the event lacks the edit")
                if n:
                    reload_s.append(event_at - saved)
                    served_s.append(done - saved)
                time.sleep(0.3)
            if soffice is not None and args.pdf_runs:
                _get(port, f"/{MEETING}/pm-05.pdf")  # LibreOffice warm (the server starts it at start-up)
                for n in range(args.pdf_runs + 2):
                    marker = f"PDF-ändring {n}."
                    seen = len(events.arrived)
                    source.write_text(original.replace(ANCHOR, f"{ANCHOR}{marker} ", 1), encoding="utf-8")
                    events.wait_for(page, seen)
                    start = time.perf_counter()
                    _get(port, f"/{MEETING}/pm-05.pdf")
                    if n >= 2:
                        warm_pdf_s.append(time.perf_counter() - start)
        finally:
            server.terminate()  # SIGTERM: the bench ends the server it started
            server.wait(timeout=30)

        # The warm rebuild alone, in this process, on a copy of its own (no server watching it).
        from papergen.serve.site import Site

        alone = tmp / "alone"
        shutil.copytree(REPO / "content", alone / "content")
        site = Site(alone, [alone / "content" / MEETING])
        site.build()
        rebuild_s: list[float] = []
        rendered = 0
        for n in range(args.runs + 1):
            (alone / ARENDE).write_text(original.replace(ANCHOR, f"{ANCHOR}Ändring {n}. ", 1), encoding="utf-8")
            start = time.perf_counter()
            site.build([MEETING])
            if n:
                rebuild_s.append(time.perf_counter() - start)
            report = site.meetings[MEETING].report
            rendered = len(report.rendered) if report is not None else 0
        site.close()

        pdf_ours: list[float] = []
        docx: list[Output] = []
        pdf_ref: list[float] = []
        one_cold: list[float] = []
        if soffice is not None and args.pdf_runs:
            report = api.build(REPO, REPO / "content" / MEETING, out_root=tmp / "docx", formats=("docx",))
            files = sorted((tmp / "docx" / MEETING).glob("*.docx"))
            docx = [Output(p.stem, "docx", p.name, p.read_bytes()) for p in files]
            assert not report.blocked and docx  # every Word file of the meeting
            jobs = _cpus()
            for _ in range(args.pdf_runs):  # interleaved, so both see the same machine
                start = time.perf_counter()
                run = pdf_backend.convert(soffice, docx, Collector(), jobs=jobs, profiles=tmp / "profiles")
                pdf_ours.append(time.perf_counter() - start)
                assert len(run.outputs) == len(docx)
                pdf_ref.append(_soffice_batch(soffice, files, tmp))
                one_cold.append(_soffice_batch(soffice, [tmp / "docx" / MEETING / "pm-05.docx"], tmp))

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:7.0f} ms" if values else "      –   "

    def verdict(value: float, target: float) -> str:
        return f"{value / target:.2f}× of target, {'ok' if value <= target else 'MISSED'}"

    print(f"papergen serve benchmark, {_cpus()} CPUs, medians of {args.runs} edits / {args.pdf_runs} PDF runs")  # noqa: T201
    print(f"warm rebuild in process ({rendered} outputs) {ms(rebuild_s)}")  # noqa: T201
    print(f"save -> reload event                 {ms(reload_s)}   target ≤ 250 ms "  # noqa: T201
          f"({verdict(statistics.median(reload_s), 0.25)})")
    print(f"save -> new HTML served              {ms(served_s)}   target ≤ 250 ms "  # noqa: T201
          f"({verdict(statistics.median(served_s), 0.25)})")
    if pdf_ours:
        ours, ref = statistics.median(pdf_ours), statistics.median(pdf_ref)
        print(f"PDF step, {len(docx)} papers, -j {_cpus()}             {ms(pdf_ours)}   "  # noqa: T201
              f"(tagged PDF/A, normalised)")
        print(f"  soffice --convert-to pdf *.docx    {ms(pdf_ref)}   "  # noqa: T201
              f"ratio {ours / ref:.2f}× (target ≤ 0.70×, {'ok' if ours / ref <= 0.7 else 'MISSED'})")
        print(f"one changed paper's PDF, warm        {ms(warm_pdf_s)}   target ≤ 500 ms "  # noqa: T201
              f"({verdict(statistics.median(warm_pdf_s), 0.5)})")
        print(f"  cold soffice --convert-to, 1 file  {ms(one_cold)}")  # noqa: T201
    elif not args.pdf_runs:
        print("PDF figures skipped: --pdf-runs 0")  # noqa: T201
    else:
        print("PDF figures skipped: LibreOffice (soffice) is not installed")  # noqa: T201


if __name__ == "__main__":
    main()
