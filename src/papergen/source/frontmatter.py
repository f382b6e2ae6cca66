"""Split a Markdown file into its YAML front matter and body, keeping line offsets.

Owns only the `---` fences; YAML parsing is papergen.source.yamlmap, Markdown
parsing papergen.source.markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from papergen.diagnostics import Diagnostic, Severity, Span


@dataclass(frozen=True, slots=True)
class Split:
    front: str
    front_offset: int  # lines before the front matter's first line (the opening fence)
    body: str
    body_line: int  # 1-based file line where the body starts


def split_front_matter(text: str, path: str) -> tuple[Split | None, list[Diagnostic]]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [Diagnostic(Severity.ERROR, "PG102",
                                 "front matter saknas: filen ska börja med en rad '---', sedan YAML och en rad '---'",
                                 Span(path, 1, 1))]
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            front = "\n".join(lines[1:i]) + "\n"
            body = "\n".join(lines[i + 1:])
            return Split(front, 1, body, i + 2), []
    return None, [Diagnostic(Severity.ERROR, "PG102",
                             "front matter avslutas inte: raden '---' efter YAML-blocket saknas",
                             Span(path, 1, 1, 1, 3))]
