"""Canonical Markdown backend: block trees -> stable, diff-friendly text.

Owns how a Markdown block tree is written in the review text: one paragraph
per line, lists with two-space nesting, pipe tables. Text is written exactly
as it stands (no escaping), so what a reviewer reads is what the paper says.
"""

from __future__ import annotations

from typing import Any

from papergen.source.canonical import blocks_to_markdown
from papergen.source.canonical import inline_text as inline_text


def markdown_filter(value: Any) -> str:
    """Jinja filter: a context's Rich value as Markdown text."""
    return blocks_to_markdown(value.blocks)


def tidy(text: str) -> str:
    """One blank line between blocks and one newline at the end, whatever the template's spacing.

    Keeps templates readable (a blank line around every optional part) while the
    canonical form that reviewers diff stays stable.
    """
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"
