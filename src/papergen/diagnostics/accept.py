"""Accepting findings: reviewed in-source exceptions, and the project's silencing applied.

A `papergen: godkänn PGnnn: skäl` marker stands in a YAML comment or a Markdown HTML comment
on the finding's line or the line above it:

    inledning: Regionala tillväxtnämnden beslutar  # papergen: godkänn PG521: namnet i protokollet 2019

Only content findings (PG5xx, PG6xx) can be silenced (papergen.yaml's `ignorera`, read by
papergen.project) or accepted: a problem that stops rendering cannot be waved through.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from papergen.diagnostics.core import Diagnostic, Severity, Span

_MARKER = re.compile(r"papergen:\s*(?:godkänn|accept)\s+(PG\d{3})\b\s*(?::\s*(.*?))?\s*(?:-->)?\s*$")


class Silenced(Protocol):
    """One `ignorera` entry of papergen.yaml: a code, and a glob of files (None: the whole project)."""

    @property
    def kod(self) -> str: ...

    @property
    def fil(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Marker:
    code: str
    reason: str
    span: Span


def _markers(root: Path, path: str) -> list[Marker]:
    try:
        lines = (root / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    found = []
    for n, line in enumerate(lines, start=1):
        match = _MARKER.search(line)
        if match:
            found.append(Marker(match.group(1), (match.group(2) or "").strip(), Span(path, n, match.start() + 1)))
    return found


@dataclass
class Filtered:
    shown: list[Diagnostic] = field(default_factory=list)
    accepted: list[tuple[Diagnostic, str]] = field(default_factory=list)  # with the reviewer's reason


def apply(root: Path, ignorera: Iterable[Silenced], diagnostics: list[Diagnostic], sources: list[str]) -> Filtered:
    """Drop silenced content findings, set accepted ones aside, and report bad or unused markers.

    `sources` are the files read for the meeting; markers are looked for in all of them.
    """
    result = Filtered()
    paths = sorted(set(sources) | {d.span.path for d in diagnostics if d.span})
    markers = {p: _markers(root, p) for p in paths}
    used: set[Marker] = set()
    for d in diagnostics:
        if not d.code.startswith(("PG5", "PG6")) or d.span is None:
            result.shown.append(d)
            continue
        if any(rule.kod == d.code and (rule.fil is None or fnmatch.fnmatch(d.span.path, rule.fil))
               for rule in ignorera):
            continue
        marker = next((mk for mk in markers.get(d.span.path, ())
                       if mk.code == d.code and mk.reason and d.span.line - 1 <= mk.span.line <= d.span.line), None)
        if marker:
            used.add(marker)
            result.accepted.append((d, marker.reason))
        else:
            result.shown.append(d)
    for mks in markers.values():
        for mk in mks:
            if not mk.reason:
                result.shown.append(Diagnostic(Severity.ERROR, "PG109",
                                               f"undantaget för {mk.code} saknar skäl; skriv "
                                               f"'papergen: godkänn {mk.code}: <varför det är rätt>'", mk.span))
            elif mk not in used:
                result.shown.append(Diagnostic(Severity.WARNING, "PG108",
                                               f"undantaget för {mk.code} godkänner inget fynd på denna eller "
                                               "nästa rad; ta bort det", mk.span))
    result.shown.sort(key=Diagnostic.sort_key)
    return result
