"""PDF backend: the build's Word files -> tagged PDF/A-2 through LibreOffice, in one process.

Owns finding LibreOffice, the export filter options and the one conversion
run. The PDF is made from the very .docx the build writes, so the two never
disagree; title and language come from the docx core properties and styles.
Writing is still papergen.write: the PDFs join the same atomic swap.

Same input, same PDF bytes: normalise_pdf replaces what LibreOffice takes from
the clock or chance (dates, the /ID, the date in the output intent's ICC
profile, /DocChecksum) by values from the Word file, and pikepdf (qpdf) writes
the result, so two builds, in any time zone, give byte-identical PDFs.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from papergen.cache import RenderCache
from papergen.diagnostics import Collector
from papergen.write import Output

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


@dataclass
class PdfRun:
    """What one conversion produced, with wall times for the closing note and benchmarks."""

    outputs: list[Output] = field(default_factory=list)
    total_s: float = 0.0
    startup_s: float = 0.0  # start of LibreOffice and loading of the first paper
    per_document_s: dict[str, float] = field(default_factory=dict)  # pdf relpath -> seconds (see convert)


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
    meeting day or SOURCE_DATE_EPOCH, papergen.write; UTC, "Z"), also in the
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


def add_pdfs(outputs: list[Output], formats: tuple[str, ...], out: Collector,
             cache: RenderCache | None = None) -> tuple[list[Output], PdfRun]:
    """The outputs to write: the rendered ones (docx dropped if only pdf was asked) plus one PDF per docx.

    With a cache, a PDF is keyed on its Word file's bytes and the LibreOffice that
    made it; when every PDF is cached, LibreOffice is not started at all.
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
            rel = _pdf_name(o)
            keys[rel] = cache.key("pdf", (hashlib.sha256(o.data).hexdigest(), office), ())
            data = cache.get(keys[rel], rel)
            if data is not None:
                pdfs[rel] = Output(o.kind, "pdf", rel, data, o.sources)
    run = convert(soffice, [o for o in docx if _pdf_name(o) not in pdfs], out)
    for pdf in run.outputs:
        pdfs[pdf.relpath] = pdf
        if cache is not None:
            cache.put(keys[pdf.relpath], pdf.data)
    run.outputs = [pdfs[rel] for rel in map(_pdf_name, docx) if rel in pdfs]
    return kept + run.outputs, run


def _pdf_name(docx: Output) -> str:
    return Path(docx.relpath).with_suffix(".pdf").as_posix()


def convert(soffice: str, docx: list[Output], out: Collector) -> PdfRun:
    """Convert every docx with one LibreOffice process and a private, throw-away profile.

    One process: LibreOffice's start-up (about a second) is paid once, not per
    paper. A private profile: runs in parallel (tests, CI) do not share locks.
    """
    run = PdfRun()
    if not docx:
        return run
    with tempfile.TemporaryDirectory(prefix="papergen-pdf-") as tmp:
        work = Path(tmp)
        src, dst = work / "in", work / "out"
        src.mkdir()
        for o in docx:
            # Flat, unique names: LibreOffice writes <stem>.pdf into one --outdir (publish has intern/ and publik/).
            (src / _flat(o.relpath)).write_bytes(o.data)
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", CONVERT_TO, "--outdir", str(dst),
               *(str(src / _flat(o.relpath)) for o in docx)]
        started = time.monotonic()
        seen: list[tuple[str, float]] = []
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    cwd=work)
        except OSError as exc:
            out.warning("PG403", f"LibreOffice kunde inte startas ({soffice}): {exc.strerror or exc}")
            return run
        assert proc.stdout is not None
        try:
            # LibreOffice prints "convert A -> B using filter …" when A is loaded and about to be
            # exported; a paper's time runs from its line to the next one (export, close, next load).
            for line in proc.stdout:
                if line.startswith("convert ") and " -> " in line:
                    name = Path(line.split(" -> ", 1)[1].split(" using filter", 1)[0].strip()).name
                    seen.append((name, time.monotonic()))
            proc.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            out.warning("PG403", f"LibreOffice svarade inte inom {TIMEOUT_S} s; inga PDF skrevs")
            return run
        run.total_s = time.monotonic() - started
        stamps = [t for _, t in seen] + [started + run.total_s]
        by_name = {name: stamps[i + 1] - t for i, (name, t) in enumerate(seen)}
        run.startup_s = (seen[0][1] - started) if seen else run.total_s
        errors = (proc.stderr.read() if proc.stderr else "").strip()
        for o in docx:
            rel = _pdf_name(o)
            pdf = dst / (Path(_flat(o.relpath)).stem + ".pdf")
            if not pdf.is_file():
                last_line = errors.splitlines()[-1] if errors else f"slutstatus {proc.returncode}"
                out.warning("PG403", f"LibreOffice kunde inte göra {rel} av {o.relpath}: {last_line}")
                continue
            run.outputs.append(Output(o.kind, "pdf", rel, normalise_pdf(pdf.read_bytes(), o.data), o.sources))
        run.per_document_s = {str(Path(o.relpath).with_suffix(".pdf").as_posix()):
                              by_name.get(Path(_flat(o.relpath)).stem + ".pdf", 0.0) for o in docx}
    return run
