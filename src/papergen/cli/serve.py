"""CLI for `papergen serve`: a live preview of a meeting's papers while writing.

Options and printing only; the work is papergen.serve. Registered on the main
group by papergen.cli.
"""

from __future__ import annotations

import signal
import threading
import traceback
from pathlib import Path
from types import FrameType

import click


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command()
@click.argument("meeting", required=False)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; another than 127.0.0.1 shows the papers to the network.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
def serve(meeting: str | None, host: str, port: int) -> None:
    """Preview MEETING (default: every meeting) at http://127.0.0.1:8000/, rebuilt as its sources are saved.

    Each paper is shown as HTML beside the findings of `papergen check` for its
    sources; a page reloads itself when a source is saved. The papers are written
    to build/ as `papergen build --format docx,md,html` writes them; a PDF is made
    when its link is opened. Ctrl-C stops the server.
    """
    from papergen import api, cli
    from papergen.diagnostics import Severity, SourceLines, format_diagnostic
    from papergen.serve.session import Preview

    if meeting:
        root, folder = cli._project_and_meeting(meeting)
        folders: list[Path] | None = [folder]
    else:
        found = api.find_project(Path.cwd())
        if found is None:
            raise click.UsageError(f"hittar inget papergen-projekt (content/organisation.yaml) i {Path.cwd()}")
        root, folders = found, None
    preview = Preview(root, folders, host=host, port=port, warm_pdf=True)

    def rebuilt(pages: set[str]) -> None:
        for name, m in sorted(preview.site.meetings.items()):
            if m.broken:
                sources = SourceLines(root)
                for d in m.broken:
                    click.echo(format_diagnostic(d, sources), err=True)
                click.echo(f"{name}: bygget stoppades – rätta felet och spara", err=True)
        shown = sorted(p for p in pages if p.endswith(".html"))
        if shown:
            click.echo(f"uppdaterade {len(shown)} sidor: {', '.join(shown[:4])}{' …' if len(shown) > 4 else ''}")

    def failed(exc: BaseException) -> None:
        # A papergen bug in a rebuild: its traceback, and the server goes on with the pages it has.
        click.echo("".join(traceback.format_exception(exc)), err=True)
        click.echo("papergen: ombyggnaden misslyckades (ett fel i papergen); sidorna visar det senaste bygget",
                   err=True)

    # SIGTERM (a service manager, `kill`) stops as Ctrl-C does: LibreOffice and the listening socket closed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        preview.start(rebuilt, failed)
    except OSError as exc:
        raise click.UsageError(f"kan inte lyssna på {host}:{port}: {exc.strerror or exc}; "
                               f"välj en annan port med --port") from None
    except KeyboardInterrupt:
        preview.close()
        click.echo("Stoppad.")
        return
    for name, m in sorted(preview.site.meetings.items()):
        diagnostics = m.broken or m.findings
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
        state = "bygget stoppades" if m.broken else f"{errors} fel, {warnings} varningar"
        click.echo(f"{name}: {state}")
    target = preview.url + (f"{folders[0].name}/" if folders else "")
    click.echo(f"Förhandsvisning på {target} – Ctrl-C avslutar")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    click.echo("Stoppad.")
