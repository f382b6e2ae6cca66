"""CLI for reviewing rendered papers: `papergen diff` and `papergen textconv`.

Options and printing only; the work is papergen.review.diff and papergen.review.textconv.
Registered on the main group by papergen.cli.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import click

from papergen.cli import project_root
from papergen.review.gitrev import GitError


@click.command()
@click.argument("revisions", nargs=-1, metavar="[BASE [HEAD]]")
@click.option("--word", is_flag=True, help="Mark changes inside a line as [-old-]{+new+}.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a side-by-side HTML page to this file.")
@click.option("--comment", is_flag=True,
              help="Print Markdown for a pull-request comment (folded per document) instead of the plain diff.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the rendered papers differ (as git diff does).")
@click.option("--forslag-beslut", "meeting", metavar="MEETING",
              help="List the §§ of MEETING whose beslut differs from the förslag till beslut.")
def diff(revisions: tuple[str, ...], word: bool, html_file: Path | None, comment: bool, exit_code: bool,
         meeting: str | None) -> None:
    """Rendered difference of the papers between BASE (default: merge base with main) and HEAD
    (default: the working tree)."""
    from papergen.cli import _project_and_meeting
    from papergen.review import diff as review

    if meeting is not None:
        if revisions:
            raise click.UsageError("--forslag-beslut tar inga revisioner")
        root, folder = _project_and_meeting(meeting)
        try:
            found = review.forslag_beslut(root, folder)
        except GitError as exc:
            raise click.UsageError(str(exc)) from None
        for a in found:
            click.echo("\n".join(a.lines()))
        if not found:
            click.echo(f"inga beslut avviker från förslaget till beslut i {folder.name}")
        raise SystemExit(1 if exit_code and found else 0)
    if len(revisions) > 2:
        raise click.UsageError("högst två revisioner: BASE och HEAD")
    root = project_root(Path.cwd())
    try:
        result = review.review(root, *revisions)
    except GitError as exc:
        raise click.UsageError(str(exc)) from None
    text = review.render_comment(result) if comment else review.render_text(result, word=word)
    click.echo(text, nl=False)
    if html_file is not None:
        html_file.write_text(review.render_html(result), encoding="utf-8")
    differs = bool(result.documents or result.problems)
    raise SystemExit(1 if exit_code and differs else 0)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def textconv(file: Path) -> None:
    """Print FILE.docx as canonical text (for git's diff.docx.textconv)."""
    from papergen.review.textconv import docx_text

    try:
        text = docx_text(file.read_bytes())
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise click.UsageError(f"{file} är ingen läsbar Word-fil (.docx): {exc}") from None
    click.echo(text, nl=False)
