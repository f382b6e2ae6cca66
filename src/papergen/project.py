"""The project: where it is, its meetings' folders, and its configuration file papergen.yaml.

A project is the nearest folder holding content/organisation.yaml. papergen.yaml (optional, at
the project root) configures the checks:

    # papergen.yaml
    strikt: true                  # build refuses to write while findings stand
    ignorera:
      - kod: PG534                # the whole project
      - kod: PG512
        fil: content/meeting-2020-02-14/arenden/08-*.md
    pm_avsnitt:                   # PM body sections required per ärende `typ`, in order (PG538)
      beslut: [Sammanfattning, Ärendebeskrivning, Bedömning]

Accepting single findings in the sources is papergen.diagnostics.accept.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from papergen.diagnostics import Collector, Diagnostic, Severity
from papergen.model.core import PM_SEKTIONER
from papergen.model.load import ORGANISATION_FIL
from papergen.model.reads import Reads
from papergen.model.schema import StrictModel, Text, validate_as
from papergen.source.reading import read_source
from papergen.source.yamlmap import SourceMap, load_yaml

PROJECT_FILE = "papergen.yaml"


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


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds content/organisation.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ORGANISATION_FIL).is_file():
            return folder
    return None


class NoProject(Exception):
    """No papergen project at or above a folder; the message (Swedish) says where papergen looked."""


def project_root(start: Path) -> Path:
    """The nearest project at or above `start`; NoProject, with the one message every command gives, if none."""
    root = find_project(start)
    if root is None:
        raise NoProject(f"hittar inget papergen-projekt ({ORGANISATION_FIL}) i {start.resolve()} eller ovanför")
    return root


def meeting_folder(root: Path, meeting: str) -> Path | None:
    """MEETING as a folder name under content/ or as a path to the folder."""
    as_path = Path(meeting)
    for candidate in (as_path, root / "content" / meeting):
        if candidate.is_dir() and (candidate / "meeting.yaml").exists():
            return candidate.resolve()
    return None
