"""PDF backend: the build's Word files -> tagged PDF/A-2 through LibreOffice.

Owns finding LibreOffice, the export filter options and the conversion: a
batch run (`-j` processes, each with its own profile, the papers split among
them) and, for `papergen serve`, a warm LibreOffice kept listening
(WarmConverter, driving render/uno_worker.py). The PDF is made from the very .docx the build writes, so the two never
disagree; title and language come from the docx core properties and styles.
Writing is still papergen.build.write: the PDFs join the same atomic swap.

Same input, same PDF bytes: normalise_pdf replaces what LibreOffice takes from
the clock or chance (dates, the /ID, the date in the output intent's ICC
profile, /DocChecksum) by values from the Word file, and pikepdf (qpdf) writes
the result, so two builds, in any time zone, give byte-identical PDFs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

try:
    import fcntl  # kept LibreOffice profiles are locked per run (POSIX); elsewhere each run makes its own
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from papergen.diagnostics import Collector
from papergen.render.output import Output

INSTALL_HINT = "apt-get install libreoffice-writer-nogui"

# writer_pdf_Export options as JSON (LibreOffice 7.4+ accepts them after the filter name):
# tagged PDF for screen readers, PDF/A-2 for archiving, bookmarks from the headings.
FILTER_OPTIONS: dict[str, dict[str, str]] = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
}
CONVERT_TO = "pdf:writer_pdf_Export:" + json.dumps(FILTER_OPTIONS, separators=(",", ":"))
TIMEOUT_S = 600
WARM_TIMEOUT_S = 120  # one paper in the warm LibreOffice (the protokoll takes well under a second)
PROFILES = "libreoffice"  # kept LibreOffice profiles, one per process slot, in the render cache's folder


@dataclass
class PdfRun:
    """What one conversion produced, with wall times for the closing note and benchmarks."""

    outputs: list[Output] = field(default_factory=list)
    total_s: float = 0.0
    startup_s: float = 0.0  # start of LibreOffice and loading of the first paper
    per_document_s: dict[str, float] = field(default_factory=dict)  # pdf relpath -> seconds (see convert)
    processes: int = 0  # LibreOffice processes started side by side


def _flat(relpath: str) -> str:
    return relpath.replace("/", "__")


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats to render from templates: a PDF needs its docx even when docx is not asked for."""
    chosen = [f for f in formats if f != "pdf"]
    if "pdf" in formats and "docx" not in chosen:
        chosen.insert(0, "docx")
    return tuple(chosen)


_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:")
_CORE_CREATED = re.compile(rb"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})")


def _icc_with_date(profile: bytes, when: tuple[int, ...]) -> bytes:
    """An ICC profile with its header's creation date (bytes 24-35) set, and its profile ID redone if it has one."""
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return profile
    data = bytearray(profile)
    data[24:36] = struct.pack(">6H", *when)
    if any(data[84:100]):  # ICC v4 profile ID: MD5 with flags, rendering intent and the ID itself zeroed
        blank = bytearray(data)
        blank[44:48] = blank[64:68] = bytes(4)
        blank[84:100] = bytes(16)
        data[84:100] = hashlib.md5(blank, usedforsecurity=False).digest()
    return bytes(data)


def normalise_pdf(pdf: bytes, docx: bytes) -> bytes:
    """Same Word file, same PDF bytes: whatever LibreOffice takes from the clock is replaced by the document's own.

    Two runs of LibreOffice 7.4 on the same .docx differ in: the Info and XMP
    dates (the clock, in the machine's time zone); the trailer /ID (random); the
    creation date lcms writes into the header of the sRGB profile of the PDF/A
    output intent (so its compressed stream, and its length, differ); and
    LibreOffice's own trailer key /DocChecksum, a digest over all that. The
    font subset tags (BAAAAA+, CAAAAA+, ...) are a counter per document, the
    same every run. So: the dates become the .docx's creation date (the
    meeting day or SOURCE_DATE_EPOCH, papergen.build.write; UTC, "Z"), also in the
    ICC header; /DocChecksum is dropped (not in ISO 32000, and stale after the
    rewrite); the permanent /ID is the MD5 of the .docx and the changing /ID
    qpdf's MD5 of the written file. pikepdf (qpdf) writes the result: streams
    passed through as they are, objects in a fixed order, PDF/A kept.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        core = z.read("docProps/core.xml") if "docProps/core.xml" in z.namelist() else b""
    created = _CORE_CREATED.search(core)
    if created is None:
        return pdf
    when = tuple(int(g) for g in created.groups())
    y, mo, d, h, mi, sec = (g.decode() for g in created.groups())
    pdf_date, xmp_date = f"D:{y}{mo}{d}{h}{mi}{sec}Z", f"{y}-{mo}-{d}T{h}:{mi}:{sec}Z".encode()
    ident = hashlib.md5(docx, usedforsecurity=False).digest()
    import pikepdf  # only a PDF build pays for it (~0.1 s of every CLI start otherwise)

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = doc.trailer.get("/Info")
        if info is not None:
            for key in ("/CreationDate", "/ModDate"):
                if key in info:
                    info[key] = pikepdf.String(pdf_date)
        meta = doc.Root.get("/Metadata")
        if isinstance(meta, pikepdf.Stream):
            xmp = meta.read_bytes()
            dated = _XMP_DATE.sub(lambda m: b"<xmp:" + m.group(1) + b">" + xmp_date + b"</xmp:", xmp)
            if dated != xmp:
                meta.write(dated)  # uncompressed, as LibreOffice wrote it
        for intent in doc.Root.get("/OutputIntents", pikepdf.Array()):
            icc = intent.get("/DestOutputProfile")
            if isinstance(icc, pikepdf.Stream):
                profile = icc.read_bytes()
                dated = _icc_with_date(profile, when)
                if dated != profile:
                    icc.write(zlib.compress(dated, 9), filter=pikepdf.Name.FlateDecode)
        if "/DocChecksum" in doc.trailer:
            del doc.trailer["/DocChecksum"]
        doc.trailer.ID = pikepdf.Array([pikepdf.String(ident), pikepdf.String(ident)])
        out = io.BytesIO()
        doc.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()


def office_identity(soffice: str) -> str:
    """Which LibreOffice makes the PDFs, for the render cache: its version file, else its path and date."""
    program = Path(soffice).resolve().parent
    version = program / "versionrc"
    try:
        if version.is_file():
            return hashlib.sha256(version.read_bytes()).hexdigest()
        stat = Path(soffice).resolve().stat()
        return f"{program}:{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        return soffice


class RenderCache(Protocol):
    """What the PDFs need of the build's render cache (papergen.build.cache.RenderCache): render is
    below build, so it names the shape it uses, not the class."""

    folder: Path

    def key(self, fmt: str, parts: Iterable[str], files: Iterable[Path | str]) -> str: ...

    def get(self, key: str, name: str | None = None) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


def pdf_key(cache: RenderCache, docx: bytes, office: str) -> str:
    """The render cache's key of a Word file's PDF: its bytes and the LibreOffice that converts it."""
    return cache.key("pdf", (hashlib.sha256(docx).hexdigest(), office), ())


def add_pdfs(outputs: list[Output], formats: tuple[str, ...], out: Collector,
             cache: RenderCache | None = None, jobs: int = 1) -> tuple[list[Output], PdfRun]:
    """The outputs to write: the rendered ones (docx dropped if only pdf was asked) plus one PDF per docx.

    With a cache, a PDF is keyed on its Word file's bytes and the LibreOffice that
    made it; when every PDF is cached, LibreOffice is not started at all. `jobs`
    LibreOffice processes share the rest (convert).
    """
    run = PdfRun()
    if "pdf" not in formats:
        return outputs, run
    docx = [o for o in outputs if o.format == "docx"]
    kept = outputs if "docx" in formats else [o for o in outputs if o.format != "docx"]
    soffice = find_soffice()
    if soffice is None:
        out.warning("PG402", f"PDF skrevs inte: LibreOffice (soffice) är inte installerat; "
                             f"installera det med '{INSTALL_HINT}'. Övriga format skrevs.")
        return kept, run
    keys: dict[str, str] = {}  # pdf relpath -> cache key
    pdfs: dict[str, Output] = {}  # pdf relpath -> output
    if cache is not None:
        office = office_identity(soffice)
        for o in docx:
            rel = pdf_name(o)
            keys[rel] = pdf_key(cache, o.data, office)
            data = cache.get(keys[rel], rel)
            if data is not None:
                pdfs[rel] = Output(o.kind, "pdf", rel, data, o.sources)
    profiles = Path(cache.folder) / PROFILES if cache is not None else None
    run = convert(soffice, [o for o in docx if pdf_name(o) not in pdfs], out, jobs=jobs, profiles=profiles)
    for pdf in run.outputs:
        pdfs[pdf.relpath] = pdf
        if cache is not None:
            cache.put(keys[pdf.relpath], pdf.data)
    run.outputs = [pdfs[rel] for rel in map(pdf_name, docx) if rel in pdfs]
    return kept + run.outputs, run


def pdf_name(docx: Output) -> str:
    return Path(docx.relpath).with_suffix(".pdf").as_posix()


def shares(docx: list[Output], jobs: int) -> list[list[Output]]:
    """The papers split among `jobs` processes by size, largest first into the lightest share.

    Size stands in for conversion time (the protokoll is the long one); the split
    depends only on the papers, so the same build always starts the same processes.
    """
    count = max(1, min(jobs, len(docx)))
    parts: list[list[Output]] = [[] for _ in range(count)]
    loads = [0] * count
    for o in sorted(docx, key=lambda o: (-len(o.data), o.relpath)):
        lightest = loads.index(min(loads))
        parts[lightest].append(o)
        loads[lightest] += len(o.data)
    return [p for p in parts if p]


@dataclass
class _Batch:
    """One LibreOffice process's share: what it made and when it said it loaded each paper."""

    docx: list[Output]
    returncode: int | None = None
    errors: str = ""
    seen: list[tuple[str, float]] = field(default_factory=list)
    ended: float = 0.0
    failed: str = ""  # could not start, or timed out
    made: dict[str, Output] = field(default_factory=dict)  # pdf relpath -> normalised PDF


def _run_batch(soffice: str, work: Path, profile: Path, batch: _Batch, started: float) -> None:
    """Convert one share with one soffice and its own profile, then normalise its PDFs (a thread per share).

    Normalising here overlaps it with the other processes' conversions.
    """
    src, dst = work / "in", work / "out"
    cmd = [soffice, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", CONVERT_TO, "--outdir", str(dst), *(str(src / _flat(o.relpath)) for o in batch.docx)]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=work)
    except OSError as exc:
        batch.failed = f"LibreOffice kunde inte startas ({soffice}): {exc.strerror or exc}"
        return
    assert proc.stdout is not None and proc.stderr is not None
    # stderr is drained beside stdout, so a chatty LibreOffice never blocks on a full pipe.
    err_parts: list[str] = []
    drain = threading.Thread(target=lambda: err_parts.append(proc.stderr.read() if proc.stderr else ""),
                             daemon=True)
    drain.start()
    try:
        # LibreOffice prints "convert A -> B using filter …" when A is loaded and about to be
        # exported; a paper's time runs from its line to the next one (export, close, next load).
        for line in proc.stdout:
            if line.startswith("convert ") and " -> " in line:
                name = Path(line.split(" -> ", 1)[1].split(" using filter", 1)[0].strip()).name
                batch.seen.append((name, time.monotonic()))
        proc.wait(timeout=max(1.0, started + TIMEOUT_S - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        batch.failed = f"LibreOffice svarade inte inom {TIMEOUT_S} s; inga PDF skrevs"
    drain.join()
    batch.ended = time.monotonic()
    batch.returncode = proc.returncode
    batch.errors = "".join(err_parts).strip()
    for o in batch.docx:
        pdf = dst / (Path(_flat(o.relpath)).stem + ".pdf")
        if pdf.is_file():
            batch.made[pdf_name(o)] = Output(o.kind, "pdf", pdf_name(o), normalise_pdf(pdf.read_bytes(), o.data),
                                             o.sources)


def _kept_profile(profiles: Path | None, slot: int, stack: contextlib.ExitStack) -> Path | None:
    """Process slot `slot`'s LibreOffice profile kept in `profiles`, locked for this run; None when
    there is none or another papergen holds it (that run then gets a throw-away one).

    A kept profile spares each process LibreOffice's first-start set-up (about a second); the lock
    keeps two runs off one profile, where the second soffice would hand its work to the first.
    """
    if profiles is None or fcntl is None:
        return None
    try:
        profiles.mkdir(parents=True, exist_ok=True)
        lock = stack.enter_context((profiles / f"slot-{slot}.lock").open("a"))
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return None
    return profiles / f"slot-{slot}"


def convert(soffice: str, docx: list[Output], out: Collector, jobs: int = 1, profiles: Path | None = None) -> PdfRun:
    """Convert every docx with `jobs` LibreOffice processes side by side, each with a profile of its own.

    Each process converts its share in one batch: LibreOffice's start-up is paid
    once per process, not per paper. A profile per process: they, and runs in
    parallel (tests, CI), share no locks; with `profiles` (the render cache's
    folder) each process slot keeps its profile between runs, else a throw-away
    one is made. The PDFs are the same bytes however the papers are split and
    whichever profile made them (normalise_pdf; tests/test_pdf.py).
    """
    run = PdfRun()
    if not docx:
        return run
    with tempfile.TemporaryDirectory(prefix="papergen-pdf-") as tmp, contextlib.ExitStack() as held:
        batches = [_Batch(part) for part in shares(docx, jobs)]
        folders: list[tuple[Path, Path]] = []
        for i, batch in enumerate(batches):
            work = Path(tmp) / str(i)
            (work / "in").mkdir(parents=True)
            for o in batch.docx:
                # Flat, unique names: LibreOffice writes <stem>.pdf into one --outdir (publish has intern/ and publik/).
                (work / "in" / _flat(o.relpath)).write_bytes(o.data)
            folders.append((work, _kept_profile(profiles, i, held) or work / "profile"))
        started = time.monotonic()
        threads = [threading.Thread(target=_run_batch, args=(soffice, work, profile, batch, started), daemon=True)
                   for (work, profile), batch in zip(folders, batches, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        run.total_s = time.monotonic() - started
        run.processes = len(batches)
        run.startup_s = max(((b.seen[0][1] if b.seen else b.ended) - started for b in batches), default=0.0)
        made: dict[str, Output] = {}
        for batch in batches:
            if batch.failed:
                out.warning("PG403", batch.failed)
                continue
            stamps = [t for _, t in batch.seen] + [batch.ended]
            by_name = {name: stamps[i + 1] - t for i, (name, t) in enumerate(batch.seen)}
            for o in batch.docx:
                rel = pdf_name(o)
                run.per_document_s[rel] = by_name.get(Path(_flat(o.relpath)).stem + ".pdf", 0.0)
                if rel not in batch.made:
                    last_line = batch.errors.splitlines()[-1] if batch.errors else f"slutstatus {batch.returncode}"
                    out.warning("PG403", f"LibreOffice kunde inte göra {rel} av {o.relpath}: {last_line}")
                    continue
                made[rel] = batch.made[rel]
        # In the order asked for, whichever process made each.
        run.outputs = [made[pdf_name(o)] for o in docx if pdf_name(o) in made]
        run.per_document_s = {pdf_name(o): run.per_document_s.get(pdf_name(o), 0.0) for o in docx}
    return run


WORKER = Path(__file__).with_name("uno_worker.py")
# Where Python UNO may be: LibreOffice's own interpreter (the upstream packages bundle one), then the
# system's (Debian's python3-uno), then this one (a virtualenv made with --system-site-packages).
UNO_PYTHONS = ("program/python", "/usr/bin/python3", sys.executable)


def uno_python(soffice: str) -> str | None:
    """An interpreter that can `import uno` for this LibreOffice; PAPERGEN_UNO_PYTHON names one explicitly."""
    given = os.environ.get("PAPERGEN_UNO_PYTHON")
    program = Path(soffice).resolve().parent
    candidates = [given] if given else [str(program / "python") if c == "program/python" else c for c in UNO_PYTHONS]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            try:
                done = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if done.returncode == 0:
                return candidate
    return None


class WarmConverter:
    """One LibreOffice kept listening, converting one paper on request (papergen serve).

    Started on the first request (LibreOffice's second of start-up is paid once)
    and stopped by close(). Each conversion gives the same bytes as convert()
    (the same filter options, then normalise_pdf; tests/test_pdf.py), so its PDFs
    share the render cache with the build's. Where no interpreter has Python UNO,
    each request falls back to a batch run of one paper: slower, same bytes.
    Thread-safe: requests are taken one at a time.
    """

    def __init__(self, soffice: str) -> None:
        self.soffice = soffice
        self.office = office_identity(soffice)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._python: str | None | bool = False  # False: not looked for yet

    def _worker(self) -> subprocess.Popen[str] | None:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self._stop()  # a worker that died: its LibreOffice goes too, and a fresh one starts
        if self._python is False:
            self._python = uno_python(self.soffice)
        if not self._python:
            return None
        self._tmp = tempfile.TemporaryDirectory(prefix="papergen-office-")
        pipe = f"papergen-{os.getpid()}-{id(self)}"
        # A session of its own: stopping it ends the worker and its soffice together, whatever state they are in.
        proc = subprocess.Popen([str(self._python), str(WORKER), self.soffice,
                                 str(Path(self._tmp.name) / "profile"), pipe],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                start_new_session=True)
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        if '"ready"' not in ready:
            proc.kill()
            proc.wait()
            self._python = None  # this interpreter's UNO does not work here: batch runs from now on
            return None
        self._proc = proc
        return proc

    def start(self) -> bool:
        """Start LibreOffice now (else on the first request); True when a warm one is listening."""
        with self._lock:
            return self._worker() is not None

    def pdf(self, docx: Output, out: Collector) -> Output | None:
        """The PDF of one Word file, or None with a PG403 warning in `out`."""
        with self._lock:
            proc = self._worker()
            if proc is None:
                run = convert(self.soffice, [docx], out)
                return run.outputs[0] if run.outputs else None
            assert self._tmp is not None and proc.stdin is not None and proc.stdout is not None
            work = Path(self._tmp.name)
            src, dst = work / "in.docx", work / "out.pdf"
            src.write_bytes(docx.data)
            dst.unlink(missing_ok=True)
            try:
                proc.stdin.write(json.dumps({"in": str(src), "out": str(dst), "filter": FILTER_OPTIONS}) + "\n")
                proc.stdin.flush()
                # One answer line per request; a LibreOffice stuck on a paper is ended, not waited for.
                ready, _, _ = select.select([proc.stdout], [], [], WARM_TIMEOUT_S)
                line = proc.stdout.readline() if ready else \
                    f'{{"error": "LibreOffice svarade inte inom {WARM_TIMEOUT_S} s"}}'
                answer = json.loads(line or '{"error": "LibreOffice avslutades"}')
            except (OSError, ValueError) as exc:
                answer = {"error": str(exc)}
            if "error" in answer or not dst.is_file():
                self._stop()  # LibreOffice may be in any state after a failure: the next request starts afresh
                out.warning("PG403", f"LibreOffice kunde inte göra {pdf_name(docx)} av {docx.relpath}: "
                                     f"{answer.get('error', 'ingen PDF')}")
                return None
            return Output(docx.kind, "pdf", pdf_name(docx), normalise_pdf(dst.read_bytes(), docx.data), docx.sources)

    def _stop(self) -> None:
        """End the worker and its LibreOffice: asked to finish (its input closes), then their session is ended."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.stdin is not None:
                try:
                    proc.stdin.close()
                except OSError:
                    pass  # the worker is already gone
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # whatever of its session is left (a soffice that hung)
            except (ProcessLookupError, PermissionError):
                pass
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def close(self) -> None:
        """Stop LibreOffice (papergen serve's Ctrl-C)."""
        with self._lock:
            self._stop()
