"""The pipeline: read and validate everything, plan, resolve and render every document, and only
then write, all or nothing. `build`, `build --all` (papergen.build.batch) and publish run it;
papergen.api is its public face. Returns a report instead of raising for content problems; a
raised exception is a papergen bug.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papergen.diagnostics import Collector, Diagnostic, Severity, Span
from papergen.diagnostics.accept import apply
from papergen.model.core import Project, Sammantrade
from papergen.model.load import load_meeting, load_project
from papergen.model.memo import RunMemo
from papergen.model.reads import Reads
from papergen.project import ProjectFile, load_project_file
from papergen.render.plan import FORMATS, PlannedDocument, plan
from papergen.rules import run_rules
from papergen.rules.base import Meeting

# The rendering stack (docxtpl, python-docx, lxml, jinja2) is imported where a build needs it,
# never by `check`: importing it costs more than checking a meeting.
if TYPE_CHECKING:
    from papergen.build.cache import RenderCache
    from papergen.render.output import Output
    from papergen.render.pdf import PdfRun
    from papergen.render.templates import TemplatePath


@dataclass
class Report:
    """What every report holds: one or more meetings' findings, after papergen.yaml and the godkänn markers."""

    root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    accepted: list[tuple[Diagnostic, str]] = field(default_factory=list)  # reviewed exceptions, with reason
    strict: bool = False  # --strict or `strikt: true` in papergen.yaml

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def exit_code(self, strict: bool = False) -> int:
        raise NotImplementedError  # a CheckReport or a BuildReport says


@dataclass
class CheckReport(Report):
    """`check`: its status is whether findings stand."""

    def exit_code(self, strict: bool = False) -> int:
        """1 on any error (or any warning when strict)."""
        return 1 if self.errors or ((strict or self.strict) and self.warnings) else 0


@dataclass
class BuildReport(Report):
    """`build` and `publish`: its status is whether the papers were written, not whether findings stand."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # papers of an earlier write left in the folder
    dropped: list[Path] = field(default_factory=list)  # earlier papers whose sources changed since
    blocked: bool = False  # something stopped the writing
    pdf: PdfRun | None = None  # the LibreOffice step of a build with --format pdf, with its wall times
    rendered: list[str] = field(default_factory=list)  # outputs rendered this time (not from the cache)
    reused: int = 0  # outputs taken unchanged from the render cache
    seconds: float = 0.0  # wall time of this meeting

    def exit_code(self, strict: bool = False) -> int:
        """1 when it did not write."""
        return 1 if self.blocked else 0


def merged(reports: list[CheckReport], root: Path) -> CheckReport:
    """Several meetings' check reports as one: each finding once (one organisation file can give the
    same finding for every meeting), in the order first found; every accepted exception and meeting."""
    report = CheckReport(root, strict=any(r.strict for r in reports))
    seen: set[Diagnostic] = set()
    for r in reports:
        for d in r.diagnostics:
            if d not in seen:
                seen.add(d)
                report.diagnostics.append(d)
        report.accepted += r.accepted
        report.meetings += r.meetings
    return report


def _stamp(meeting: Sammantrade) -> dt.datetime:
    """Core-property dates: SOURCE_DATE_EPOCH when set, else the meeting day; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    d = meeting.data.datum
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)


def load(root: Path, folder: Path, out: Collector, memo: RunMemo | None = None,
         reads: Reads | None = None) -> tuple[Project | None, Sammantrade | None]:
    project = load_project(root, out, reads)
    if project is None:
        return None, None
    return project, load_meeting(project, folder, out, memo, reads)


def findings(project: Project, meeting: Sammantrade, settings: ProjectFile | None = None,
             memo: RunMemo | None = None, reads: Reads | None = None) -> list[Diagnostic]:
    """The content rules of `papergen check` over a loaded meeting, with the project file's requirements.

    `memo` is the run's, when several meetings are checked in one run; else this call is the run.
    `reads` notes what the rules read beyond the loaded sources (papergen.model.reads).
    """
    return run_rules(Meeting(project, meeting, settings or ProjectFile(), memo or RunMemo(), reads=reads))


@dataclass
class _Loaded:
    """A meeting read and validated, before the content rules: what check and build share."""

    report: Report
    project_file: ProjectFile
    items: list[Diagnostic]  # what reading and validating found
    project: Project | None = None  # None when the sources did not load cleanly
    meeting: Sammantrade | None = None
    memo: RunMemo | None = None  # the run's
    reads: Reads = field(default_factory=Reads)  # every file and listing read for this meeting, as read

    def judge(self) -> None:
        """Run the content rules and apply papergen.yaml and the godkänn markers to everything found."""
        assert self.project is not None and self.meeting is not None
        filtered = apply(self.report.root, self.project_file.ignorera,
                         self.items + findings(self.project, self.meeting, self.project_file, self.memo, self.reads),
                         [self.project.organisation_fil, *self.meeting.files()])
        self.report.diagnostics, self.report.accepted = filtered.shown, filtered.accepted


def _load(root: Path, folder: Path, strict: bool, memo: RunMemo | None = None,
          kind: type[Report] = CheckReport) -> _Loaded:
    out, reads = Collector(), Reads()
    project_file = load_project_file(root, out, reads)
    project, meeting = load(root, folder, out, memo, reads)
    report = kind(root, meetings=[folder.name], strict=strict or project_file.strikt)
    if project is None or meeting is None or out.has_errors():
        report.diagnostics = out.items
        return _Loaded(report, project_file, out.items, reads=reads)
    return _Loaded(report, project_file, out.items, project, meeting, memo, reads)


def load_checked(root: Path, folder: Path, strict: bool, memo: RunMemo | None = None,
                 kind: type[Report] = CheckReport) -> tuple[Report, Project | None, Sammantrade | None]:
    """Read and validate; when the sources load cleanly, run the content rules too."""
    loaded = _load(root, folder, strict, memo, kind)
    if loaded.project is not None:
        loaded.judge()
    return loaded.report, loaded.project, loaded.meeting


def check(root: Path, folder: Path, *, strict: bool = False, memo: RunMemo | None = None) -> CheckReport:
    """Every problem of one meeting: schema, structure and the content rules.

    `memo`: what a run of several checks shares (papergen.model.memo); by default this check is the run.
    """
    report = load_checked(root.resolve(), folder.resolve(), strict, memo or RunMemo())[0]
    assert isinstance(report, CheckReport)
    return report


def check_meetings(pairs: list[tuple[Path, Path]], *, strict: bool = False, jobs: int = 1) -> list[CheckReport]:
    """`check` of each (root, meeting folder), in order; with jobs ≥ 2 a forked process checks the second half.

    Each meeting is checked on its own, so the halves give the same reports as one process would.
    The first meeting is checked before the fork: what every check prepares once (the lazily
    imported rules, pydantic's validators) is then prepared once, not in both processes.
    """
    from papergen.build import parallel as forked
    memo = RunMemo()  # this run's; the forked half works on its own copy

    def some(part: list[tuple[Path, Path]]) -> list[CheckReport]:
        return [check(root, folder, strict=strict, memo=memo) for root, folder in part]

    mine, theirs = forked.halves(pairs, jobs, minimum=3)
    if not theirs:
        return some(pairs)
    first = some(mine[:1])
    other = forked.start(lambda: some(theirs))
    return first + some(mine[1:]) + other()


def render_papers(project: Project, meeting: Sammantrade, docs: list[PlannedDocument], formats: tuple[str, ...],
                templates: TemplatePath, out: Collector,
                used: dict[str, Path] | None = None, cache: RenderCache | None = None,
                memo: RunMemo | None = None) -> list[Output]:
    """Render every document; `used` collects the templates by their manifest label.

    With a cache, a document whose inputs are unchanged is taken from it instead
    of rendered; its context is then never built either.
    """
    import jinja2
    import jinja2.sandbox

    from papergen.build.cache import cache_sources, partials, structure
    from papergen.build.manifest import document_sources
    from papergen.render.docx.render import render_docx
    from papergen.render.html import STYLESHEET, html_environment, render_paper, stylesheet_problem
    from papergen.render.html_parts import remembered_html
    from papergen.render.markdown import tidy
    from papergen.render.output import Output
    from papergen.render.templates import docx_environment, template_label, text_environment

    stamp = _stamp(meeting)
    shape = structure(meeting) if cache is not None else ""
    md_partials = partials(templates.dirs, templates.reads) if cache is not None else []
    text_env = text_environment(templates)
    memo = memo or RunMemo()
    if memo.word_environment is None:
        memo.word_environment = docx_environment()
    docx_env = memo.word_environment
    html_env = html_environment(templates, remembered_html(memo))
    problem = stylesheet_problem(templates) if "html" in formats else None
    if problem is not None:
        found, line, column, message = problem
        out.error("PG100", message, Span(_shown(found, project.root), line, column))
    outputs: list[Output] = []
    for doc in docs:
        context: dict[str, Any] | None = None
        sources = document_sources(doc, meeting, project.organisation_fil) + project.bildfiler
        for fmt in formats:
            name = doc.kind.templates[fmt]
            template = templates.resolve(name)
            if template is None:
                out.error("PG301", f"mallen '{name}' finns inte; sökt i {templates.searched()}")
                continue
            label = template_label(template, project.root)
            key = None
            if cache is not None:
                shown = cache_sources(doc, meeting, project.organisation_fil) + project.bildfiler
                files = [project.root / s for s in shown]
                files += [template, *(md_partials if fmt != "docx" else ())]
                if fmt == "html":
                    # An HTML page is made from the paper's canonical Markdown and styled by papers.css: both count.
                    files += [p for p in (templates.resolve(doc.kind.templates["md"]), templates.resolve(STYLESHEET))
                              if p is not None]
                key = cache.key(fmt, (doc.name, doc.title, stamp.isoformat(), shape), files)
                cached = cache.get(key, f"{doc.name}.{fmt}")
                if cached is not None:
                    if used is not None:
                        used[label] = template
                    outputs.append(Output(doc.kind.name, fmt, f"{doc.name}.{fmt}", cached, (*sources, label)))
                    continue
            if context is None:
                context = doc.context(project, meeting)
            try:
                if fmt == "docx":
                    data = render_docx(template, context, docx_env, title=doc.title, stamp=stamp,
                                       prepared=memo.word_templates)
                elif fmt == "html":
                    # The page shows the paper's canonical Markdown, rendered from the same context.
                    canonical = tidy(text_env.get_template(doc.kind.templates["md"]).render(context))
                    data = render_paper(html_env, name, canonical, doc.title, project.organisation.namn)
                else:
                    data = tidy(text_env.get_template(name).render(context)).encode("utf-8")
            except jinja2.TemplateSyntaxError as exc:
                out.error("PG302", f"mallen kan inte läsas: {exc.message}",
                          Span(exc.filename and Path(exc.filename).relative_to(project.root).as_posix()
                               or _shown(template, project.root), exc.lineno or 1, 1))
                continue
            except jinja2.sandbox.SecurityError as exc:
                # A template reaching for Python's internals: refused by the sandbox, never run.
                reached = re.search(r"attribute '([^']*)'", str(exc))
                what = f"attributet '{reached.group(1)}'" if reached else f"något ({exc})"
                out.error("PG303", f"{doc.name}.{fmt}: mallen försöker nå {what}, som en mall inte får använda; "
                                   "en mall får bara placera ut värden och loopa över dem",
                          Span(_shown(template, project.root), _template_line(exc, template), 1))
                continue
            except jinja2.TemplateError as exc:
                notes = tuple(str(line) for line in getattr(exc, "docx_context", ()) or ())
                out.error("PG302", f"{doc.name}.{fmt}: fel i mallen: {exc}",
                          Span(_shown(template, project.root), _template_line(exc, template), 1), *notes)
                continue
            if cache is not None and key is not None:
                cache.put(key, data)
            if used is not None:
                used[label] = template
            outputs.append(Output(doc.kind.name, fmt, f"{doc.name}.{fmt}", data, (*sources, label)))
    return outputs


def _shown(template: Path, root: Path) -> str:
    """A template's path as a diagnostic names it: from the project root where it is in the project."""
    return template.relative_to(root).as_posix() if template.is_relative_to(root) else template.as_posix()


def _template_line(exc: BaseException, template: Path) -> int:
    """Jinja rewrites tracebacks so a frame carries the template's own line number."""
    line, tb = 1, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(template):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@dataclass
class _Rendered:
    """Some of a meeting's papers rendered and checked for accessibility: what one process sends back."""

    outputs: list[Output]
    problems: list[Diagnostic]  # template errors (PG301, PG302): they stop the build
    used: dict[str, Path]  # templates by manifest label
    reused: list[str]  # outputs taken from the render cache
    access: list[Diagnostic]  # PG701–PG706 of these outputs
    keys: list[str]  # render cache entries read or written

    def joined(self, other: _Rendered) -> _Rendered:
        """Both halves, in plan order (this one first): the same lists a single process would make."""
        return _Rendered(self.outputs + other.outputs, self.problems + other.problems,
                         {**self.used, **other.used}, self.reused + other.reused, self.access + other.access,
                         self.keys + other.keys)


def _render_some(project: Project, meeting: Sammantrade, docs: list[PlannedDocument], formats: tuple[str, ...],
                 templates: TemplatePath, cache: RenderCache | None, memo: RunMemo, folder: str = "") -> _Rendered:
    """Render `docs` into the set's `folder` ("" for the meeting's own) and check their accessibility."""
    from papergen.build.a11y import check_outputs

    out = Collector()
    used: dict[str, Path] = {}
    reused_before, keys_before = (len(cache.reused), len(cache.used)) if cache is not None else (0, 0)
    outputs = _in_folder(render_papers(project, meeting, docs, formats, templates, out, used, cache, memo), folder)
    # Accessibility of what is about to be written: warnings; the papers are still written.
    access = [] if out.has_errors() else check_outputs(outputs, cache)
    reused = [_in(folder, rel) for rel in cache.reused[reused_before:]] if cache is not None else []
    keys = cache.used[keys_before:] if cache is not None else []
    return _Rendered(outputs, out.items, used, reused, access, keys)


def _recall(root: Path, folder: Path, out_root: Path | None, formats: tuple[str, ...],
            strict: bool, memo: RunMemo | None = None) -> tuple[RenderCache | None, str | None, BuildReport | None]:
    """The render cache, the meeting's entry in it (Word and Markdown builds), and the report of its last
    build when every input is as it was then and its folder is untouched (papergen.build.uptodate)."""
    from papergen.build import uptodate
    started = time.perf_counter()
    cache = _cache_for(root, out_root, folder.name)
    if cache is None or not uptodate.applies(formats):
        return cache, None, None
    entry = uptodate.key(cache, root, folder, formats, strict, memo)
    known = uptodate.recall(cache, entry, (out_root or root / "build") / folder.name)
    if known is None:
        return cache, entry, None
    return cache, entry, BuildReport(root, diagnostics=known.diagnostics, written=known.written,
                                     meetings=[folder.name], accepted=known.accepted, strict=known.strict,
                                     reused=len(known.written), seconds=time.perf_counter() - started)


def up_to_date(root: Path, folder: Path, *, out_root: Path | None = None, formats: tuple[str, ...] = FORMATS,
               strict: bool = False, memo: RunMemo | None = None) -> BuildReport | None:
    """What build(use_cache=True) would report for a meeting nothing has changed since its last build,
    without building it; None when it must be built."""
    return _recall(root.resolve(), folder.resolve(), out_root, formats, strict, memo)[2]


@dataclass(frozen=True)
class PaperSet:
    """Papers written together: a build's (into the meeting's folder), or one of publish's two sets."""

    folder: str  # "" for the meeting's folder itself; publish: "intern", "publik"
    plan: Callable[[Sammantrade], list[PlannedDocument]]  # the meeting's papers in this set


def build(root: Path, folder: Path, *, out_root: Path | None = None, formats: tuple[str, ...] = FORMATS,
          strict: bool = False, use_cache: bool = False, jobs: int = 1, memo: RunMemo | None = None) -> BuildReport:
    """Validate the meeting, render every document, and write them only if nothing stops it.

    With use_cache, documents whose inputs did not change come from the render
    cache in <out>/.cache/ (papergen.build.cache); the output is the same either way.
    With jobs ≥ 2 (and where papergen.build.parallel can fork), a second process renders
    the second half of the papers while this one runs the content rules and the
    first half, and `jobs` LibreOffice processes share the PDFs; the output is
    the same either way.

    Problems that make a paper impossible to render (schema, missing files,
    templates) stop the build. Content findings are listed; they stop it only
    when strict, so the secretary still gets her papers.
    """
    return run(root, folder, (PaperSet("", plan),), out_root=out_root, formats=formats, strict=strict,
               use_cache=use_cache, jobs=jobs, memo=memo,
               # The formats not built this time (and a publish's publik/ and intern/) stay while they were
               # made from the same sources (manifest.carry_over).
               replaces=lambda rel: "/" not in rel and rel.rpartition(".")[2] in formats)


def run(root: Path, folder: Path, sets: tuple[PaperSet, ...], *, out_root: Path | None, formats: tuple[str, ...],
        strict: bool, use_cache: bool, jobs: int, memo: RunMemo | None, replaces: Callable[[str], bool]) -> BuildReport:
    """The one sequence of build, `build --all` (papergen.build.batch) and publish: recall an up-to-date
    build, read and validate, judge, plan each set, render (half in a forked process with jobs ≥ 2),
    PDFs, each set's HTML index, accessibility of the built files, then write everything in one swap.

    `replaces` says which of the folder's earlier files this write takes the place of.
    """
    from papergen.build import parallel as forked
    from papergen.build import uptodate
    from papergen.build.a11y import check_outputs
    from papergen.render.docx.render import render_docx  # noqa: F401 - imported before a fork, so both halves share it
    from papergen.render.html import html_environment, meeting_index_output
    from papergen.render.pdf import add_pdfs, render_formats
    from papergen.render.templates import TemplatePath

    root, folder = root.resolve(), folder.resolve()  # the API takes relative paths too; files are named from root
    memo = memo or RunMemo()  # `build --all` in one process passes its run's; else this build is the run
    started = time.perf_counter()
    cache, entry, known = _recall(root, folder, out_root, formats, strict, memo) if use_cache else (None, None, None)
    if known is not None:
        return known
    loaded = _load(root, folder, strict, memo, BuildReport)
    report, project, meeting = loaded.report, loaded.project, loaded.meeting
    assert isinstance(report, BuildReport)
    if project is None or meeting is None:
        report.blocked = True
        return report
    if report.strict:
        # Under strict, a finding stops the build: know them before rendering anything.
        loaded.judge()
        if report.errors or report.warnings:
            report.blocked = True
            return report
    templates = TemplatePath.for_project(root, project.organisation.namn, meeting.organ.id, loaded.reads)
    chosen = render_formats(formats)
    planned = [(paper_set, paper_set.plan(meeting)) for paper_set in sets]
    for _, docs in planned:
        _resolve_templates(templates, docs, chosen)
    outputs: list[Output] = []
    used: dict[str, Path] = {}
    reused: set[str] = set()
    keys: list[str] = []
    access: list[Diagnostic] = []
    judged = report.strict
    for paper_set, docs in planned:
        mine, theirs = forked.halves(docs, jobs, minimum=4)
        other = forked.start(functools.partial(_render_some, project, meeting, theirs, chosen, templates, cache, memo,
                                               paper_set.folder)) if theirs else None
        if not judged:
            loaded.judge()
            judged = True
        rendered = _render_some(project, meeting, mine, chosen, templates, cache, memo, paper_set.folder)
        if other is not None:
            rendered = rendered.joined(other())
        if rendered.problems:
            # The first set a template cannot render stops the build: the others would only repeat it.
            report.diagnostics = sorted(report.diagnostics + rendered.problems, key=Diagnostic.sort_key)
            report.blocked = True
            return report
        outputs += rendered.outputs
        used |= rendered.used
        reused |= set(rendered.reused)
        keys += rendered.keys
        access += rendered.access
    report.rendered = [o.relpath for o in outputs if o.relpath not in reused]
    report.reused = len(reused)
    if "pdf" in formats:
        # Only after every template rendered: LibreOffice is slow, and a missing one only warns (PG402).
        converted = Collector()
        outputs, report.pdf = add_pdfs(outputs, formats, converted, cache, jobs=jobs)
        report.diagnostics = sorted(report.diagnostics + converted.items, key=Diagnostic.sort_key)
    if "html" in formats:
        for paper_set, docs in planned:
            # A set written as a folder of its own (publish's) goes out as it is: no "Alla sammanträden".
            index = meeting_index_output(html_environment(templates), project, meeting, docs,
                                         (project.organisation_fil, *meeting.files()),
                                         *(() if not paper_set.folder else (None,)))
            outputs += _in_folder([index], paper_set.folder)
            access = access + check_outputs(_in_folder([index], paper_set.folder), cache)
    report.diagnostics = sorted(report.diagnostics + access, key=Diagnostic.sort_key)
    target = (out_root or root / "build") / meeting.id
    manifest = write_outputs(report, root, target, outputs, used, replaces)
    if manifest is not None and cache is not None and entry is not None:
        uptodate.remember(cache, entry, manifest, [(o.relpath, len(o.data)) for o in outputs], report.diagnostics,
                          report.accepted, report.strict, keys, loaded.reads.record())
    if manifest is not None:
        index_page = meetings_index(report, templates, target.parent, project.organisation.namn)
        if index_page is not None and "html" in formats and any(not s.folder for s in sets):
            report.written.append(index_page)
    report.seconds = time.perf_counter() - started
    return report


def _in(folder: str, relpath: str) -> str:
    return f"{folder}/{relpath}" if folder else relpath


def _in_folder(outputs: list[Output], folder: str) -> list[Output]:
    """A set's outputs where they are written: in its folder of the meeting's output."""
    return [dataclasses.replace(o, relpath=_in(folder, o.relpath)) for o in outputs] if folder else outputs


def meetings_index(report: BuildReport, templates: TemplatePath, out_root: Path, organisation: str) -> Path | None:
    """<out>/index.html again after a write, so that it links only to meeting pages that exist."""
    from papergen.render.html import html_environment, write_meetings_index

    try:
        return write_meetings_index(html_environment(templates), out_root, organisation)
    except OSError as exc:
        report.diagnostics.append(Diagnostic(Severity.ERROR, "PG401",
                                             f"kunde inte skriva till {out_root}: {exc.strerror or exc}"))
        return None


def _resolve_templates(templates: TemplatePath, docs: list[PlannedDocument], formats: tuple[str, ...]) -> None:
    """Look up every template the papers need, and the partials, before any is rendered: what was
    looked for is then noted in this process, also when a forked one renders half the papers."""
    from papergen.build.cache import partials

    for doc in docs:
        for fmt in formats:
            templates.resolve(doc.kind.templates[fmt])
            if fmt == "html":
                templates.resolve(doc.kind.templates["md"])
    if set(formats) - {"docx"}:
        partials(templates.dirs, templates.reads)


def write_outputs(report: BuildReport, root: Path, target: Path, outputs: list[Output],
                  used: dict[str, Path], replaces: Callable[[str], bool]) -> bytes | None:
    """Write the outputs and their manifest in one swap and return the manifest.

    `replaces` says which of the folder's earlier files this write takes the place of (a build: the
    formats it makes; publish: publik/ and intern/); the others stay while their sources are unchanged.
    A refused folder or an I/O error is PG401: the build is blocked, and the
    findings so far stay in the report beside it.
    """
    from papergen.build.manifest import carry_over, hash_sources, manifest_bytes
    from papergen.build.write import UnsafeOutputDir, check_output_dir, write_meeting

    out = Collector()
    try:
        check_output_dir(target, root)
        kept = carry_over(target, root, used, {o.relpath for o in outputs}, replaces)
        manifest = manifest_bytes(target.name, outputs, hash_sources(root, outputs, used), kept)
        report.written = write_meeting(target, outputs, manifest, tuple(kept.outputs))
        report.kept = [target / rel for rel in kept.outputs]
        report.dropped = [target / rel for rel in kept.dropped]
        return manifest
    except UnsafeOutputDir as exc:
        out.error("PG401", f"vägrar skriva till {target}: mappen skulle innehålla källfilerna ({exc})")
    except OSError as exc:
        out.error("PG401", f"kunde inte skriva till {target}: {exc.strerror or exc}")
    report.diagnostics = sorted(report.diagnostics + out.items, key=Diagnostic.sort_key)
    report.blocked = True
    return None


def cache_folder(root: Path, out_root: Path | None) -> Path:
    """The render cache beside the meeting folders."""
    from papergen.build.cache import CACHE_DIR

    return (out_root or root / "build") / CACHE_DIR


def _cache_for(root: Path, out_root: Path | None, meeting_id: str) -> RenderCache | None:
    """The render cache; none where the output folder is refused anyway."""
    from papergen.build.cache import RenderCache
    from papergen.build.write import UnsafeOutputDir, check_output_dir

    try:
        check_output_dir((out_root or root / "build") / meeting_id, root)
    except UnsafeOutputDir:
        return None
    return RenderCache(cache_folder(root, out_root), root)
