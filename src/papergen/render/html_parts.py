"""A faster canonical_html for a run that renders the same texts again: the Markdown in parts, each part's HTML
remembered by its text and the state it starts in.

Same interface and the same bytes as papergen.render.html.markdown_to_html (tests/test_html_parts.py compares
the two on every paper of the shipped meeting and on edge cases). Why: `papergen serve` rebuilds the kallelse
and the protokoll, which hold every ärende, after an edit of one; parsing all of it again was the largest part
of the HTML step. A paper is cut before each ATX heading that stands after a blank line: there every block of
CommonMark has ended (a paragraph, list, block quote, table or indented code; html blocks are off), so the
parts parse to the tokens of the whole. Where that does not hold the whole text goes the plain way: a fenced
code block (blank lines do not end it), a link reference definition (it reaches across the whole text), a
carriage return or NUL (markdown-it normalises them over the whole). What the HTML step carries across the
paper (heading levels, the paper's head, table captions) is render.html.BodyState, part of the key.

The memo is the run's (RunMemo.html_parts); a warm process carries the previous run's (RunMemo.carried).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from papergen.model.memo import RunMemo
from papergen.render.html import BodyState, body_html, markdown_to_html

_CUT = re.compile(r"\n\n(?=#{1,6}(?:[ \t]|\n|$))")
_WHOLE_ONLY = re.compile(r"^ {0,3}(?:```|~~~)|\]:|\r|\0", re.MULTILINE)


def parts(text: str) -> list[str] | None:
    """The text cut before each heading after a blank line; None where only the whole parses the same."""
    if _WHOLE_ONLY.search(text):
        return None
    cuts = [m.end() for m in _CUT.finditer(text)]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def remembered_html(memo: RunMemo) -> Callable[[str], Markup]:
    """markdown_to_html, each part's HTML kept in the run's memo (and taken from the previous run's)."""

    def canonical_html(text: str) -> Markup:
        cut = parts(text)
        if cut is None or len(cut) < 2:
            return markdown_to_html(text)
        state = BodyState()
        out: list[str] = []
        for part in cut:
            key = (part, state)
            done = memo.html_parts.get(key) or memo.html_parts_before.get(key)
            if done is None:
                done = body_html(part, state)
            memo.html_parts[key] = done
            out.append(done[0])
            state = done[1]
        return Markup("".join(out))

    return canonical_html
