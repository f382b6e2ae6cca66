"""CLI for `papergen publish`: the public and the internal set of a meeting.

Options and printing only; the work is papergen.api.publish. Registered on the
main group by papergen.cli.
"""

from __future__ import annotations

import click

from papergen import api
from papergen.model.format import antal


@click.command()
@click.argument("meeting")
@click.option("--out", "out_root", type=click.Path(file_okay=False), help="Output root (default: build/).")
@click.option("--format", "formats", default=",".join(api.PUBLISH_FORMATS), show_default=True,
              help="Comma-separated output formats of both sets.")
@click.option("--strict", is_flag=True, help="Warnings stop the publishing too.")
def publish(meeting: str, out_root: str | None, formats: str, strict: bool) -> None:
    """Write MEETING's public set (publik/) and internal set (intern/) side by side."""
    from pathlib import Path

    from papergen import cli  # the shared helpers; imported here because cli registers this command

    chosen = cli._formats(formats)
    root, folder = cli._project_and_meeting(meeting)
    report = api.publish(root, folder, out_root=Path(out_root) if out_root else None, formats=chosen,
                             strict=strict)
    cli._print_report(report)
    for path in report.written:
        click.echo(f"skrev {cli._display(path, root)}")
    cli._print_folder(report, root)
    if report.written:
        click.echo(f"{antal(len(report.written), 'fil skriven', 'filer skrivna')} (publik/ och intern/); "
                   f"innehållet: {cli._summary(report)}")
    else:
        click.echo(cli._summary(report) + " – inget skrevs")
    raise SystemExit(report.exit_code())
