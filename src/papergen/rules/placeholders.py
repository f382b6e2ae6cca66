"""PG115: a scaffold's placeholder (FYLL I, from `papergen new`) still stands in a source file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.rules.base import Meeting, finding

_PLACEHOLDER = re.compile(r"FYLL I\b(?::[^\"\n]*)?")


def placeholders(m: Meeting) -> Iterator[Diagnostic]:
    """A warning, not an error: a meeting being prepared is expected to have gaps."""
    for rel in m.sammantrade.files():
        if m.reads is not None:
            m.reads.file(m.project.root / rel)
        try:
            text = (m.project.root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the read stage has reported it
        if "FYLL I" not in text:
            continue  # what _PLACEHOLDER needs: most files have none left
        for number, line in enumerate(text.splitlines(), start=1):
            for hit in _PLACEHOLDER.finditer(line):
                yield finding(Severity.WARNING, "PG115", f"'{hit.group(0).strip()}' ska fyllas i",
                              Span(rel, number, hit.start() + 1, number, hit.end()))
