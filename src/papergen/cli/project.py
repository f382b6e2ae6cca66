"""Project-level commands: `papergen schema`, `papergen new …`, `papergen templates`.

Kept apart from papergen.cli so the build/check front end stays small; each
command only parses options and prints, the work is a library function.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import NoReturn

import click

from papergen import api
from papergen.cli import project_root
from papergen.diagnostics import SourceLines, format_diagnostic
from papergen.model.format import antal


def _root_or_cwd() -> Path:
    return api.find_project(Path.cwd()) or Path.cwd()


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the schemas (default: schemas/ in the project).")
def schema(out_dir: Path | None) -> None:
    """Write JSON Schemas of the source files (for editors such as VS Code)."""
    from papergen.model.jsonschema import write_schemas

    target = out_dir or _root_or_cwd() / "schemas"
    try:
        written = write_schemas(target)
    except OSError as exc:
        raise click.ClickException(f"kunde inte skriva till {target}: {exc.strerror or exc}") from None
    for path in written:
        click.echo(f"skrev {path.as_posix()}")


def build_every_meeting(meeting: str | None, all_meetings: bool, jobs: int, use_cache: bool, out_root: Path | None,
                        formats: tuple[str, ...], strict: bool) -> NoReturn:
    """`papergen build --all`: one line per meeting as it finishes, then a summary with the time."""
    if meeting is not None:
        raise click.UsageError("ange antingen ett sammanträde eller --all, inte båda")
    if not all_meetings:
        raise click.UsageError("ange ett sammanträde (t.ex. meeting-2020-02-14) eller --all")
    root = project_root(Path.cwd())
    folders = api.meeting_dirs(root)
    sources = SourceLines(root)
    started, since = time.perf_counter(), time.time()

    def report_lines(report: api.BuildReport) -> None:
        for d in report.diagnostics:
            click.echo(format_diagnostic(d, sources), err=True)
        status = "" if report.written else " – inget skrevs"
        click.echo(f"{report.meetings[0]}: {antal(len(report.rendered), 'skriven', 'skrivna')}, "
                   f"{antal(report.reused, 'återanvänd', 'återanvända')}, {len(report.diagnostics)} fynd{status}")

    if not _interactive():
        # CI logs and pipes: one line per meeting as it finishes.
        reports = api.build_all(root, folders, jobs=jobs, out_root=out_root, formats=formats, strict=strict,
                            use_cache=use_cache, on_done=report_lines)
    else:
        # A terminal: a progress bar while building, the per-meeting lines (and findings) after it.
        with click.progressbar(length=len(folders), label="Bygger", show_pos=True,
                               item_show_func=lambda name: name) as bar:
            reports = api.build_all(root, folders, jobs=jobs, out_root=out_root, formats=formats, strict=strict,
                                use_cache=use_cache, on_done=lambda r: bar.update(1, r.meetings[0]))
        for report in reports:
            report_lines(report)
    pruned = api.prune_cache(root, reports, since=since, out_root=out_root, formats=formats) if use_cache else 0
    t = api.totals(reports, pruned)
    text = (f"{antal(len(reports), 'sammanträde', 'sammanträden')}: {antal(t.rendered, 'skriven', 'skrivna')}, "
            f"{antal(t.reused, 'återanvänd', 'återanvända')}, {t.found} fynd"
            + (f", {antal(t.pruned, 'oanvänd rensad', 'oanvända rensade')} ur cachen" if t.pruned else "")
            + f" på {time.perf_counter() - started:.2f} s".replace(".", ","))  # Swedish decimal comma
    click.echo(text + (f"; misslyckades: {', '.join(t.failed)}" if t.failed else ""))
    raise SystemExit(1 if t.failed else 0)


def _interactive() -> bool:
    """A person at a terminal, not a CI log or a pipe."""
    return sys.stdout.isatty() and not os.environ.get("CI")


def _project() -> Path:
    return project_root(Path.cwd())


def _meeting(root: Path, meeting: str) -> Path:
    folder = api.meeting_folder(root, meeting)
    if folder is None:
        raise click.BadParameter(f"sammanträdet '{meeting}' finns inte", param_hint="MEETING")
    return folder


@click.group()
def new() -> None:
    """Scaffold the next meeting or a new ärende (sources with FYLL I placeholders)."""


@new.command("meeting")
@click.argument("datum", metavar="DATE")
@click.option("--from", "source", metavar="MEETING", help="The meeting to carry over from (default: the last one).")
@click.option("--organ", "organ_id", metavar="ID", help="The organ (default: that of the last meeting).")
def new_meeting_command(datum: str, source: str | None, organ_id: str | None) -> None:
    """Start content/meeting-DATE/ from the previous meeting of the organ."""
    import datetime as dt

    from papergen.project_new import ScaffoldError, new_meeting

    try:
        when = dt.date.fromisoformat(datum)
    except ValueError:
        raise click.BadParameter(f"'{datum}' är inget datum ÅÅÅÅ-MM-DD", param_hint="DATE") from None
    root = _project()
    try:
        made = new_meeting(root, when, source=_meeting(root, source) if source else None, organ_id=organ_id)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    for path in made.files:
        click.echo(f"skrev {path.relative_to(root).as_posix()}")
    click.echo(f"{made.folder.name} skapat utifrån {made.source}; fyll i platshållarna FYLL I "
               f"och kör 'papergen check {made.folder.name}'")


@new.command("arende")
@click.argument("meeting")
@click.argument("rubrik")
@click.option("--typ", type=click.Choice(["beslut", "information", "anmalan", "presentation"]), default="beslut",
              show_default=True, help="The kind of ärende.")
def new_arende_command(meeting: str, rubrik: str, typ: str) -> None:
    """Add the next ärende to MEETING, titled RUBRIK."""
    from papergen.project_new import ScaffoldError, new_arende

    root = _project()
    try:
        path = new_arende(root, _meeting(root, meeting), rubrik, typ=typ)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"skrev {path.relative_to(root).as_posix()}")


@click.command()
@click.argument("meeting")
def templates(meeting: str) -> None:
    """List which template file each document of MEETING uses, and from where."""
    from papergen.render.template_usage import NotLoadable, templates_in_use

    root = _project()
    try:
        uses = templates_in_use(root, _meeting(root, meeting))
    except NotLoadable as exc:
        raise click.UsageError(str(exc)) from None
    width = max((len(u.output) for u in uses), default=0)
    for u in uses:
        click.echo(f"{u.output:<{width}}  {u.label or u.template + ' (saknas)'}  [{u.origin}]")
