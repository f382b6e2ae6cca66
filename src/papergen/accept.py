"""Silencing and accepting findings: the project file and reviewed in-source exceptions.

Owns papergen.yaml (optional, at the project root) and the
`papergen: godkänn PGnnn: skäl` markers. Only content findings (PG5xx, PG6xx) can be
silenced or accepted: a problem that stops rendering cannot be waved through.

    # papergen.yaml
    strikt: true                  # build refuses to write while findings stand
    ignorera:
      - kod: PG534                # the whole project
      - kod: PG512
        fil: content/meeting-2020-02-14/arenden/08-*.md
    pm_avsnitt:                   # PM body sections required per ärende `typ`, in order (PG538)
      beslut: [Sammanfattning, Ärendebeskrivning, Bedömning]

A marker stands in a YAML comment or a Markdown HTML comment on the finding's
line or the line above it:

    inledning: Regionala tillväxtnämnden beslutar  # papergen: godkänn PG521: namnet i protokollet 2019
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from papergen.diagnostics import Collector, Diagnostic, Severity, Span
from papergen.model import PM_SEKTIONER
from papergen.reads import Reads
from papergen.schema import StrictModel, Text, validate_as
from papergen.source.reading import read_source
from papergen.source.yamlmap import SourceMap, load_yaml

PROJECT_FILE = "papergen.yaml"
_MARKER = re.compile(r"papergen:\s*(?:godkänn|accept)\s+(PG\d{3})\b\s*(?::\s*(.*?))?\s*(?:-->)?\s*$")


class Ignorera(StrictModel):
    kod: Text = Field(pattern=r"^PG\d{3}$")
    fil: Text | None = None


# Every PM in seed 003 has a Sammanfattning; the other sections appear where the author
# used them (document-types.md 3.2), so that is all a PM must have unless the project says more.
PM_AVSNITT_STANDARD: tuple[str, ...] = ("Sammanfattning",)


class PmAvsnitt(StrictModel):
    """The body sections a PM must have, in order, per kind of ärende (ArendeFront.typ)."""

    beslut: tuple[Text, ...] | None = None
    information: tuple[Text, ...] | None = None
    anmalan: tuple[Text, ...] | None = None
    presentation: tuple[Text, ...] | None = None


class ProjectFile(StrictModel):
    strikt: bool = False
    ignorera: tuple[Ignorera, ...] = ()
    pm_avsnitt: PmAvsnitt = PmAvsnitt()

    def pm_avsnitt_given(self, typ: str) -> bool:
        return getattr(self.pm_avsnitt, typ, None) is not None

    def required_pm_sections(self) -> dict[str, tuple[str, ...]]:
        """Per kind: the project's list where it gives one (an empty list requires nothing), else the standard."""
        return {typ: value if (value := getattr(self.pm_avsnitt, typ)) is not None else PM_AVSNITT_STANDARD
                for typ in PmAvsnitt.model_fields}


def load_project_file(root: Path, out: Collector, reads: Reads | None = None) -> ProjectFile:
    path = root / PROJECT_FILE
    if reads is not None:
        reads.file(path)  # missing counts too: a papergen.yaml written later changes the findings
    if not path.is_file():
        return ProjectFile()
    text = read_source(root, path, out)
    if text is None:
        return ProjectFile()
    data, smap, problems = load_yaml(text, PROJECT_FILE)
    out.extend(problems)
    value, problems = validate_as(ProjectFile, data, smap)
    out.extend(problems)
    if value is not None:
        out.extend(_check_pm_avsnitt(value.pm_avsnitt, smap))
    return value or ProjectFile()


def _check_pm_avsnitt(avsnitt: PmAvsnitt, smap: SourceMap) -> list[Diagnostic]:
    """Only the standard PM headings can be required, each once: anything else could never be satisfied."""
    found: list[Diagnostic] = []
    for typ in PmAvsnitt.model_fields:
        seen: set[str] = set()
        for i, heading in enumerate(getattr(avsnitt, typ) or ()):
            span = smap.value_span(("pm_avsnitt", typ, i))
            if heading not in PM_SEKTIONER:
                found.append(Diagnostic(Severity.ERROR, "PG105",
                                        f"'{heading}' är ingen av föredragnings-PM:ets standardrubriker: "
                                        + ", ".join(PM_SEKTIONER), span))
            elif heading in seen:
                found.append(Diagnostic(Severity.ERROR, "PG105",
                                        f"avsnittet '{heading}' står två gånger i pm_avsnitt för '{typ}'", span))
            seen.add(heading)
    return found


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


def apply(root: Path, project_file: ProjectFile, diagnostics: list[Diagnostic], sources: list[str]) -> Filtered:
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
               for rule in project_file.ignorera):
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
