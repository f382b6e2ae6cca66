"""papergen: committee papers from YAML and Markdown sources.

Usage:

    papergen build meeting-2020-02-14            # every paper of the meeting in build/meeting-2020-02-14/
    papergen build meeting-2020-02-14 --format md --out /tmp/papers
    papergen check meeting-2020-02-14            # validate only; exit 1 on errors
    papergen check --format sarif > papergen.sarif   # every meeting, for code scanning
    papergen serve meeting-2020-02-14            # live preview at http://127.0.0.1:8000/

Diagnostics go to stderr as `path:line:col: severity[CODE]: message`; the
summary and the files written go to stdout. Exit codes: 0 clean, 1 content
errors (or warnings under --strict), 2 usage errors.

This module only parses options and prints; the work is papergen.api.
"""

from __future__ import annotations

import gc
import importlib
import os
from pathlib import Path

import click

# pydantic looks for plugins by scanning every installed distribution's entry points the first time
# a model is built (~20 ms, with importlib.metadata). The command has no use for them; a library user
# of papergen.api keeps pydantic's default, and an explicit setting wins here too.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from papergen import api  # noqa: E402  (after the setting above)
from papergen.diagnostics import Severity, SourceLines, did_you_mean, format_diagnostic, summary_line
from papergen.diagnostics.formats import to_github, to_json, to_sarif
from papergen.model.format import antal


def project_root(start: Path) -> Path:
    """The project at or above `start`, or the usage error every command gives without one."""
    try:
        return api.project_root(start)
    except api.NoProject as exc:
        raise click.UsageError(str(exc)) from None


def _project_and_meeting(meeting: str) -> tuple[Path, Path]:
    start = Path(meeting) if Path(meeting).is_dir() else Path.cwd()
    root = project_root(start)
    folder = api.meeting_folder(root, meeting)
    if folder is None:
        # Only folders that hold a meeting.yaml are meetings; one without it is named as such.
        known = [p.name for p in api.meeting_dirs(root) if (p / "meeting.yaml").is_file()]
        half = root / "content" / meeting
        # 0.85: one slipped digit of the date ('meeting-2021-03-13'), not any other meeting-20…
        suggestion = "" if half.is_dir() else did_you_mean(meeting, known, cutoff=0.85)
        what = f"mappen content/{meeting}/ har ingen meeting.yaml" if half.is_dir() \
            else f"sammanträdet '{meeting}' finns inte"
        listed = ", ".join(known) or "inga"
        raise click.BadParameter(f"{what}{suggestion} Sammanträden som finns: {listed}" if suggestion
                                 else f"{what}; sammanträden som finns: {listed}", param_hint="MEETING")
    return root, folder


def _print_report(report: api.Report) -> None:
    sources = SourceLines(report.root)
    for d in report.diagnostics:
        click.echo(format_diagnostic(d, sources), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # In Actions the same findings also become annotations on the pull request.
        click.echo(to_github(report.diagnostics), nl=False)


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [f for f in chosen if f not in api.OUTPUT_FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"okänt format '{','.join(unknown)}'; välj bland {','.join(api.OUTPUT_FORMATS)}",
                                 param_hint="--format")
    return chosen


class _Commands(click.Group):
    """The main group; commands kept in other modules are imported only when run or listed.

    `papergen check` then never loads what the other commands need (python-docx,
    lxml, the publishing pipeline).
    """

    ELSEWHERE = {
        "diff": "papergen.cli.review:diff",  # reviewing rendered papers
        "textconv": "papergen.cli.review:textconv",
        "publish": "papergen.cli.publish:publish",  # public and internal sets
        "schema": "papergen.cli.project:schema",  # project commands
        "new": "papergen.cli.project:new",
        "templates": "papergen.cli.project:templates",
        "serve": "papergen.cli.serve:serve",  # live preview while writing
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.ELSEWHERE:
            module, name = self.ELSEWHERE[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


def _cpus() -> int:
    """The default of -j: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@click.group(cls=_Commands)
@click.version_option(package_name="papergen")
def main() -> None:
    """papergen: the papers of a Swedish nämnd from YAML and Markdown sources in git.

    \b
    Before the meeting: kallelse with föredragningslista, föredragnings-PM, remissvar (yttrande),
    budget (an ärende's kostnads- och finansieringsbudget as a bilaga), delegationsbeslut (as sent).
    After it: protokoll, protokollsutdrag (one per §), anslagsbevis.
    Each as Word (.docx) and canonical Markdown; --format adds PDF and HTML.

    \b
    papergen build meeting-2020-02-14     every paper of the meeting in build/meeting-2020-02-14/
    papergen check                        every problem in the sources; exit 1 on errors
    """


@main.command()
@click.argument("meeting", required=False)
@click.option("--all", "all_meetings", is_flag=True, help="Build every meeting under content/.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes: with --all, meetings built side by side; for one meeting, its papers rendered "
                   "in two halves and its PDFs made by as many LibreOffice processes.  "
                   "[default: the CPUs this process may use]")
@click.option("--force", is_flag=True, help="Render everything again; do not reuse build/.cache/.")
@click.option("--out", "out_root", type=click.Path(file_okay=False, path_type=Path),
              help="Output root (default: build/ in the project); the meeting gets its own folder.")
@click.option("--format", "formats", default=",".join(api.FORMATS), show_default=True,
              help="Comma-separated output formats.")
@click.option("--strict", is_flag=True, help="Warnings fail the build too (after the full report).")
def build(meeting: str | None, all_meetings: bool, jobs: int | None, force: bool, out_root: Path | None, formats: str,
          strict: bool) -> None:
    """Validate MEETING (or --all) and write its papers (folder name or path)."""
    chosen = _formats(formats)
    if jobs is None:
        jobs = _cpus()
    if all_meetings or meeting is None:
        from papergen.cli.project import build_every_meeting

        build_every_meeting(meeting, all_meetings, jobs, not force, out_root, chosen, strict)
    root, folder = _project_and_meeting(meeting)
    report = api.build(root, folder, out_root=out_root, formats=chosen, strict=strict, use_cache=not force,
                       jobs=jobs)
    _print_report(report)
    for path in report.written:
        click.echo(f"skrev {_display(path, root)}")
    _print_folder(report, root)
    if report.written:
        # The papers are written; what stands in the content is for `papergen check` to gate on.
        click.echo(f"{antal(len(report.written), 'fil skriven', 'filer skrivna')}; innehållet: {_summary(report)}")
        if report.pdf is not None and report.pdf.outputs:
            # -j LibreOffice processes share the PDFs; their wall time is the slow part of a build.
            n = report.pdf.processes
            seconds = f"{report.pdf.total_s:.1f}".replace(".", ",")
            click.echo(f"PDF: {antal(len(report.pdf.outputs), 'fil', 'filer')} på {seconds} s"
                       + (" (en LibreOffice-process)" if n == 1 else f" ({n} LibreOffice-processer)"))
    else:
        click.echo(_summary(report) + " – inget skrevs")
    raise SystemExit(report.exit_code())


@main.command()
@click.argument("meetings", nargs=-1)
@click.option("--strict", is_flag=True, help="Warnings fail the check too (after the full report).")
@click.option("--format", "fmt", type=click.Choice(["human", "json", "sarif", "github"]), default="human",
              show_default=True, help="human: gcc style on stderr; json/sarif/github: on stdout.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes: with several meetings, a second one checks the second half of them.  "
                   "[default: the CPUs this process may use]")
def check(meetings: tuple[str, ...], strict: bool, fmt: str, jobs: int | None) -> None:
    """Validate MEETINGS (default: every meeting) without writing papers.

    hunspell's verdicts are kept in build/.cache/stavning.json (safe to delete).
    """
    # What is alive now (the imported modules) lives as long as the process: the collector need
    # not scan it again and again while the meetings' models are built (~0.1 s on a year of meetings).
    gc.freeze()
    if meetings:
        pairs = [_project_and_meeting(m) for m in meetings]
    else:
        root = project_root(Path.cwd())
        pairs = [(root, folder) for folder in api.meeting_dirs(root)]
    reports = api.check_meetings(pairs, strict=strict, jobs=_cpus() if jobs is None else jobs)
    merged = api.merged(reports, pairs[0][0] if pairs else Path.cwd())
    if fmt == "json":
        click.echo(to_json(merged.diagnostics), nl=False)
    elif fmt == "sarif":
        click.echo(to_sarif(merged.diagnostics, merged.accepted), nl=False)
    elif fmt == "github":
        click.echo(to_github(merged.diagnostics), nl=False)
    else:
        _print_report(merged)
        click.echo(_summary(merged))
    raise SystemExit(merged.exit_code())


@main.command()
@click.argument("base")
@click.argument("head")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="The redline .docx (two files), or a folder of redlines (two git revisions).")
@click.option("--meeting", help="With two git revisions: the meeting to build at both.")
def redline(base: str, head: str, out: Path, meeting: str | None) -> None:
    """Word tracked changes from BASE to HEAD: two .docx files, or two git revisions with --meeting."""
    from papergen.review.gitrev import GitError
    from papergen.review.redline import BuildStopped, RedlineError

    try:
        if base.lower().endswith(".docx") or head.lower().endswith(".docx"):
            _redline_files(Path(base), Path(head), out)
        else:
            _redline_revisions(base, head, out, meeting)
    except BuildStopped as exc:
        click.echo(f"papergen redline: {exc}", err=True)
        raise SystemExit(1) from None
    except (RedlineError, GitError) as exc:
        raise click.UsageError(str(exc)) from None


def _redline_files(base: Path, head: Path, out: Path) -> None:
    from papergen.review.redline import redline_files

    click.echo(f"skrev {redline_files(base, head, out)}")


def _redline_revisions(base: str, head: str, out: Path, meeting: str | None) -> None:
    from papergen.review.redline import RedlineError, redline_revisions

    if not meeting:
        raise RedlineError("ange --meeting MEETING för att jämföra två git-revisioner "
                           "(eller två .docx-filer som BASE och HEAD)")
    root, folder = _project_and_meeting(meeting)
    result = redline_revisions(root, folder, base, head, out)
    for path in result.written:
        click.echo(f"skrev {_display(path, root)}")
    for name in result.added:
        click.echo(f"ny i {head}: {name} (ingen redline)")
    for name in result.removed:
        click.echo(f"borttagen i {head}: {name} (ingen redline)")
    if not result.written:
        click.echo(f"inga ändrade Word-dokument mellan {base} och {head}")


def _summary(report: api.Report) -> str:
    text = summary_line(report.errors, report.warnings)
    infos = sum(1 for d in report.diagnostics if d.severity is Severity.INFO)
    if infos:
        text += f", {infos} {'notering' if infos == 1 else 'noteringar'}"
    if report.accepted:
        text += f" ({antal(len(report.accepted), 'godkänt undantag', 'godkända undantag')})"
    return text


def _print_folder(report: api.Report, root: Path) -> None:
    """What the write did with the papers an earlier build or publish left in the folder."""
    for path in report.dropped:
        click.echo(f"tog bort {_display(path, root)} (gjord av källor som har ändrats sedan dess)")
    if report.kept:
        # by format, and a publish's sets by folder (the meeting folder itself is meeting-…)
        kinds = sorted({f"{p.parent.name}/" if p.parent.name in ("publik", "intern") else p.suffix.lstrip(".")
                        for p in report.kept})
        click.echo(f"behöll {len(report.kept)} filer från en tidigare körning ({', '.join(kinds)}): samma källor")


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()

