"""The build manifest: which outputs a build wrote, their hashes, and the sources they came from.

Owns build/<meeting>/manifest.json. It is deterministic (sorted keys, no
timestamps, no output folder in it), so two builds of one commit give the
same manifest byte for byte, and a reviewer can check a paper against it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from papergen.documents import PlannedDocument
from papergen.model import Arende, Sammantrade
from papergen.protokoll import Paragraf
from papergen.render.templates import PACKAGED
from papergen.write import Output

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _arende_files(a: Arende) -> list[str]:
    found = [a.fil]
    if a.yttrande is not None:
        found.append(a.yttrande.fil)
    found.extend(d.fil for d in a.delegationsbeslut)
    return found


def document_sources(doc: PlannedDocument, meeting: Sammantrade, organisation_fil: str) -> list[str]:
    """The source files one document is rendered from (the template is added by the caller)."""
    base = [organisation_fil, meeting.source.path]
    subject = doc.subject
    if isinstance(subject, Arende):
        return base + _arende_files(subject)
    if isinstance(subject, Paragraf):
        extra = [meeting.protokoll.fil] if meeting.protokoll is not None else []
        return base + extra + _arende_files(subject.arende)
    # A meeting-wide paper (kallelse, protokoll, anslagsbevis) reads the whole meeting.
    return base + meeting.files()


@cache
def template_label(template: Path, root: Path) -> str:
    """A project template by its path in the project; a packaged one as papergen:<path>."""
    if template.is_relative_to(root):
        return template.relative_to(root).as_posix()
    if template.is_relative_to(PACKAGED.parent):
        return "papergen:" + template.relative_to(PACKAGED.parent).as_posix()
    return template.as_posix()


def manifest_bytes(meeting_id: str, outputs: list[Output], source_hashes: dict[str, str]) -> bytes:
    """manifest.json: every output with its sha256 and sources, and every source with its sha256."""
    data = {
        "meeting": meeting_id,
        "outputs": {o.relpath: {"sha256": sha256(o.data), "sources": sorted(set(o.sources))} for o in outputs},
        "sources": dict(sorted(source_hashes.items())),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def hash_sources(root: Path, outputs: list[Output], templates: dict[str, Path]) -> dict[str, str]:
    """sha256 of every source named by the outputs; templates are found through `templates`."""
    hashes: dict[str, str] = {}
    for label in sorted({s for o in outputs for s in o.sources}):
        path = templates.get(label, root / label)
        hashes[label] = sha256(path.read_bytes())
    return hashes
