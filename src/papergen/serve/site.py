"""The warm builds behind `papergen serve` and the pages they give, kept in memory.

Owns which meetings are served, rebuilding one through papergen.api (render
cache on: only the papers a change affects are rendered again), the table of
URL paths it may answer (exactly the files the build wrote, plus the PDF of
each Word file, made on request) and which pages a rebuild changed. Does not
own the HTTP side (serve.http) or watching (serve.watch).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from papergen import api
from papergen.build.cache import RenderCache
from papergen.diagnostics import Collector, Diagnostic, Severity, SourceLines
from papergen.model.load import meeting_dirs
from papergen.model.memo import RunMemo
from papergen.render.output import Output
from papergen.render.pdf import WarmConverter, find_soffice, pdf_key
from papergen.serve.events import Events
from papergen.serve.pages import Finding, PageParts, decorate, home_page

# What a writer looks at: the Word file, the canonical Markdown and the page. PDFs are made on request.
SERVE_FORMATS = ("docx", "md", "html")
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class Served:
    data: bytes
    media_type: str


@dataclass
class _Meeting:
    """One served meeting: its folder, the last build's report and what that build left in build/."""

    folder: Path
    report: api.Report | None = None
    built: dict[str, bytes] = field(default_factory=dict)  # file name in build/<meeting>/ -> bytes
    sources: dict[str, list[str]] = field(default_factory=dict)  # file name -> its sources (manifest.json)
    findings: list[Diagnostic] = field(default_factory=list)  # of the last build that wrote
    broken: list[Diagnostic] = field(default_factory=list)  # what stopped the last build, if it stopped


class Site:
    """The served meetings. build() is called by one thread (the watcher); get()/pdf() by many."""

    def __init__(self, root: Path, meetings: list[Path] | None = None, *, out_root: Path | None = None) -> None:
        self.root = root.resolve()
        self.out_root = (out_root or self.root / "build").resolve()
        self.every_meeting = meetings is None  # `papergen serve` without MEETING follows new meetings too
        folders = meeting_dirs(self.root) if meetings is None else meetings
        self.meetings: dict[str, _Meeting] = {f.name: _Meeting(f.resolve()) for f in folders}
        self.events = Events()
        self._files: dict[str, Served] = {}  # URL path -> what is served there
        self._lock = threading.Lock()
        soffice = find_soffice()
        self.converter: WarmConverter | None = WarmConverter(soffice) if soffice else None
        self._pdf_cache = RenderCache(api.cache_folder(self.root, self.out_root), self.root)
        self._pdf_lock = threading.Lock()
        # What the last rebuild worked out that a warm process may keep: only tables keyed on the text or
        # bytes they came from (RunMemo.carried), and each page as decorated with the bytes and parts it had.
        self._memo = RunMemo()
        self._decorated: dict[str, tuple[bytes, PageParts, bytes]] = {}

    # --- building (the watcher's thread) ---

    def build(self, names: list[str] | None = None) -> set[str]:
        """Rebuild these meetings (default: all) and publish the URL paths whose bytes changed."""
        if self.every_meeting:
            for folder in meeting_dirs(self.root):
                self.meetings.setdefault(folder.name, _Meeting(folder.resolve()))
        memo = self._memo.carried()
        for name in names if names is not None else list(self.meetings):
            if name in self.meetings:
                self._build_one(self.meetings[name], memo)
        self._memo = memo
        files = self._render_files()
        with self._lock:
            old, self._files = self._files, files
        changed = {p for p in files.keys() | old.keys() if p not in old or p not in files or old[p] != files[p]}
        if changed:
            self.events.publish(changed)
        return changed

    def _build_one(self, meeting: _Meeting, memo: RunMemo) -> None:
        if not (meeting.folder / "meeting.yaml").is_file():
            gone = f"sammanträdet '{meeting.folder.name}' finns inte längre (meeting.yaml saknas)"
            meeting.broken = [Diagnostic(Severity.ERROR, "PG100", gone)]
            return
        report = api.build(self.root, meeting.folder, out_root=self.out_root, formats=SERVE_FORMATS, use_cache=True,
                           memo=memo)
        meeting.report = report
        if report.blocked:
            meeting.broken = report.diagnostics
            if not meeting.built:
                self._read_built(meeting)  # the last build before this server, if any
            return
        meeting.broken = []
        meeting.findings = report.diagnostics
        self._read_built(meeting)

    def _read_built(self, meeting: _Meeting) -> None:
        """What the build wrote to build/<meeting>/, as its manifest lists it (nothing else is served)."""
        target = self.out_root / meeting.folder.name
        try:
            manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
            outputs: dict[str, dict[str, list[str]]] = manifest["outputs"]
            built = {name: (target / name).read_bytes() for name in outputs
                     if "/" not in name and Path(name).suffix in MEDIA_TYPES}
            index = target / "index.html"
            if index.is_file():
                built["index.html"] = index.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return  # no earlier build: the index shows what stops this one
        meeting.built = built
        meeting.sources = {name: [str(s) for s in spec.get("sources", [])] for name, spec in outputs.items()}

    def _render_files(self) -> dict[str, Served]:
        files: dict[str, Served] = {}
        decorated: dict[str, tuple[bytes, PageParts, bytes]] = {}

        def page(url: str, data: bytes, parts: PageParts) -> Served:
            # A page whose bytes and parts are those of the last rebuild is the same page: not decorated again.
            known = self._decorated.get(url)
            html = known[2] if known is not None and known[0] == data and known[1] == parts \
                else decorate(data, parts)
            decorated[url] = (data, parts, html)
            return Served(html, MEDIA_TYPES[".html"])

        for name, meeting in sorted(self.meetings.items()):
            for file, data in meeting.built.items():
                url = f"/{name}/{file}"
                if file.endswith(".html"):
                    files[url] = page(url, data, self._parts(name, meeting, file))
                else:
                    files[url] = Served(data, MEDIA_TYPES[Path(file).suffix])
            if "index.html" not in meeting.built:
                url = f"/{name}/index.html"
                files[url] = page(url, b"", self._parts(name, meeting, "index.html"))
            files[f"/{name}/"] = files[f"/{name}/index.html"]
        files["/"] = Served(home_page([(name, self._summary(m)) for name, m in sorted(self.meetings.items())]),
                            MEDIA_TYPES[".html"])
        self._decorated = decorated
        return files

    def _summary(self, meeting: _Meeting) -> str:
        if meeting.broken:
            return f"{_count(meeting.broken, Severity.ERROR)} fel stoppar bygget"
        return f"{len([f for f in meeting.built if f.endswith('.html') and f != 'index.html'])} handlingar"

    def _parts(self, name: str, meeting: _Meeting, file: str) -> PageParts:
        stem = Path(file).stem
        sources = set(meeting.sources.get(file, []))
        if file == "index.html":
            # The meeting's page lists every finding; a paper lists those in its own sources.
            shown = meeting.findings
        else:
            shown = [d for d in meeting.findings if d.span is not None and d.span.path in sources]
        downloads = [(label, f"{stem}{ext}") for label, ext in (("Word", ".docx"), ("PDF", ".pdf"),
                                                               ("Markdown", ".md"))
                     if f"{stem}.docx" in meeting.built and (ext == ".pdf" or f"{stem}{ext}" in meeting.built)]
        return PageParts(page=f"/{name}/{file}", meeting=name,
                         findings=[Finding.of(d) for d in shown],
                         broken=[Finding.of(d, SourceLines(self.root)) for d in meeting.broken],
                         downloads=downloads if file != "index.html" else [])

    # --- serving (the HTTP threads) ---

    def get(self, path: str) -> Served | None:
        """What is served at a URL path exactly as requested, else None: no decoding, no joining of paths."""
        with self._lock:
            return self._files.get(path)

    def pdf(self, path: str) -> tuple[Served | None, str]:
        """The PDF of the Word file beside it: from the render cache, else a warm LibreOffice makes it."""
        if not path.endswith(".pdf"):
            return None, ""
        docx = self.get(path[: -len(".pdf")] + ".docx")
        if docx is None:
            return None, ""
        if self.converter is None:
            return None, "LibreOffice (soffice) är inte installerat, så ingen PDF kan göras"
        name = path.rsplit("/", 1)[1]
        with self._pdf_lock:
            key = pdf_key(self._pdf_cache, docx.data, self.converter.office)
            cached = self._pdf_cache.get(key, name)
            if cached is not None:
                return Served(cached, MEDIA_TYPES[".pdf"]), ""
            out = Collector()
            made = self.converter.pdf(Output("pdf", "docx", name[: -len(".pdf")] + ".docx", docx.data), out)
            if made is None:
                return None, "; ".join(d.message for d in out.items) or "LibreOffice gjorde ingen PDF"
            self._pdf_cache.put(key, made.data)
            return Served(made.data, MEDIA_TYPES[".pdf"]), ""

    def meeting_of(self, path: Path) -> str | None:
        """The served meeting a changed file belongs to; None when it may affect every meeting."""
        try:
            rel = path.resolve().relative_to(self.root / "content")
        except ValueError:
            return None
        first = rel.parts[0] if len(rel.parts) > 1 else None
        return first if first in self.meetings else None

    def close(self) -> None:
        self.events.close()
        if self.converter is not None:
            self.converter.close()


def _count(diagnostics: list[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)


