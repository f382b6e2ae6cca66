"""The build manifest: which outputs a build wrote, their hashes, and the sources they came from.

Owns build/<meeting>/manifest.json. It is deterministic (sorted keys, no
timestamps, no output folder in it), so two builds of one commit give the
same manifest byte for byte, and a reviewer can check a paper against it.
It lists exactly what the folder holds: the papers this write made, and those
an earlier write left that it keeps (`carry_over`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papergen.model.core import Arende, Sammantrade
from papergen.model.protokoll import Paragraf
from papergen.render.output import Output
from papergen.render.plan import PlannedDocument
from papergen.render.templates import PACKAGED

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


def manifest_bytes(meeting_id: str, outputs: list[Output], source_hashes: dict[str, str],
                   kept: Kept | None = None) -> bytes:
    """manifest.json: every output with its sha256 and sources, and every source with its sha256.

    `kept` adds the papers an earlier write left in the folder, as that write listed them.
    """
    listed = dict(kept.outputs) if kept else {}
    listed.update({o.relpath: {"sha256": sha256(o.data), "sources": sorted(set(o.sources))} for o in outputs})
    data = {
        "meeting": meeting_id,
        "outputs": listed,
        "sources": dict(sorted(({**(kept.sources if kept else {}), **source_hashes}).items())),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def source_path(root: Path, label: str, templates: dict[str, Path]) -> Path | None:
    """The file a source label names (template_label's inverse); None for one outside the project and papergen."""
    if label in templates:
        return templates[label]
    if label.startswith("papergen:"):
        base, path = PACKAGED.parent, PACKAGED.parent / label.removeprefix("papergen:")
    else:
        base, path = root, root / label
    return path if path.resolve().is_relative_to(base.resolve()) else None


def hash_sources(root: Path, outputs: list[Output], templates: dict[str, Path]) -> dict[str, str]:
    """sha256 of every source named by the outputs; templates are found through `templates`."""
    hashes: dict[str, str] = {}
    for label in sorted({s for o in outputs for s in o.sources}):
        path = source_path(root, label, templates)
        assert path is not None, label  # papergen names only sources it read
        hashes[label] = sha256(path.read_bytes())
    return hashes


@dataclass(frozen=True, slots=True)
class Kept:
    """What an earlier write left in the folder: the papers this write keeps, and those it drops."""

    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # relpath -> its entry in the old manifest
    sources: dict[str, str] = field(default_factory=dict)  # their sources' sha256, the same now as then
    dropped: tuple[str, ...] = ()  # papers made from sources that changed since (or altered on disk)


def carry_over(out_dir: Path, root: Path, templates: dict[str, Path], new: set[str],
               replaces: Callable[[str], bool]) -> Kept:
    """The papers of the folder's manifest that this write neither makes nor replaces, kept when still current.

    A paper is kept when every source it was made from has the sha256 the old manifest gives it (so it is
    what this build would make) and the file on disk is the one the manifest lists; otherwise it is dropped,
    so the folder never mixes papers of different sources. Everything read here is checked: a manifest
    path that leaves the folder, or a source outside the project, counts as changed.
    """
    try:
        old = json.loads((out_dir / MANIFEST).read_bytes())
        entries, old_sources = dict(old["outputs"]), dict(old["sources"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Kept()
    now: dict[str, str | None] = {}

    def current(label: str) -> str | None:
        if label not in now:
            path = source_path(root, label, templates)
            try:
                now[label] = sha256(path.read_bytes()) if path is not None else None
            except OSError:
                now[label] = None
        return now[label]

    folder = out_dir.resolve()
    kept: dict[str, dict[str, Any]] = {}
    sources: dict[str, str] = {}
    dropped: list[str] = []
    for rel, entry in sorted(entries.items()):
        if not isinstance(rel, str) or rel in new or replaces(rel):
            continue
        path = out_dir / rel
        try:
            labels = [s for s in entry["sources"] if isinstance(s, str)]
            inside = path.resolve().is_relative_to(folder) and not path.is_symlink() and path.is_file()
            same = inside and sha256(path.read_bytes()) == entry["sha256"]
        except (OSError, KeyError, TypeError):
            labels, same = [], False
        if same and all(old_sources.get(s) is not None and current(s) == old_sources[s] for s in labels):
            kept[rel] = {"sha256": entry["sha256"], "sources": sorted(labels)}
            sources.update({s: old_sources[s] for s in labels})
        else:
            dropped.append(rel)
    return Kept(kept, sources, tuple(dropped))
