"""A meeting built before from exactly these inputs: its findings again, without reading it.

After one ärende is edited, `build --all` read, checked and looked up every
paper of every other meeting (~0.1 s each) only to find them unchanged. Now a
meeting's entry in the render cache (format "meeting-docx+md") is keyed on the
build's options, papergen itself and hunspell's dictionaries, and holds what the
build read, as it read it (papergen.model.reads: every file with its content hash,
every folder listing with its names), the findings and the manifest that build
wrote. It stands only while every one of those files and listings is as it was
and build/<meeting>/ still holds exactly that manifest and those files. There is
no hand-kept list of inputs: whatever loading, the rules or the template lookup
read is in the record. The files and the findings are the same either way
(tests compare).

Only Word and Markdown builds take this shortcut: a PDF depends on the
LibreOffice installed, and the HTML site's index on the other meetings, and
neither is in the record; those builds go the long way (still through the
per-paper cache).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from papergen.build.cache import RenderCache
from papergen.build.write import unchanged
from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.model.memo import RunMemo
from papergen.model.reads import unchanged as reads_unchanged
from papergen.render.plan import FORMATS
from papergen.rules.text import spelling_identity


def applies(formats: tuple[str, ...]) -> bool:
    return set(formats) <= set(FORMATS)


def entry_format(formats: tuple[str, ...]) -> str:
    """The cache folder of meetings built in these formats ('meeting-docx+md'), pruned with them."""
    return "meeting-" + "+".join(sorted(set(formats)))


def key(cache: RenderCache, root: Path, folder: Path, formats: tuple[str, ...], strict: bool,
        memo: RunMemo | None = None) -> str:
    options = (",".join(formats), f"strict={strict}", f"epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}",
               spelling_identity(shutil.which("hunspell"), memo))
    # The inputs are not in the key: they are in the entry, as the last build read them (recall checks them).
    return cache.key(entry_format(formats), (folder.name, *options), ())


@dataclass(frozen=True)
class Remembered:
    """What a build of unchanged inputs would report."""

    diagnostics: list[Diagnostic]
    accepted: list[tuple[Diagnostic, str]]
    strict: bool
    written: list[Path]


def recall(cache: RenderCache, entry: str, out_dir: Path) -> Remembered | None:
    """The entry, when the output folder still holds exactly what that build wrote."""
    data = cache.get(entry)
    if data is None:
        return None
    try:
        stored = json.loads(data)
        if not reads_unchanged(stored["reads"]):
            return None
        files = {name: size for name, size in stored["files"]}
        if not unchanged(out_dir, files, stored["manifest"].encode("utf-8")):
            return None
        # The papers' own entries stay alive as if they had been read: a `build --all` prunes what it did not use.
        cache.keep(stored["keys"])
        return Remembered([_diagnostic(d) for d in stored["diagnostics"]],
                          [(_diagnostic(d), reason) for d, reason in stored["accepted"]],
                          stored["strict"], [out_dir / name for name, _ in stored["files"]])
    except (ValueError, KeyError, TypeError):  # an entry from another shape of papergen: build anew
        return None


def remember(cache: RenderCache, entry: str, manifest: bytes, files: list[tuple[str, int]],
             diagnostics: list[Diagnostic], accepted: list[tuple[Diagnostic, str]], strict: bool,
             keys: list[str], reads: dict[str, object]) -> None:
    """Keep what this build reported and what it read (papergen.model.reads.Reads.record); `keys` are the
    per-paper cache entries it used, kept alive on a recall."""
    cache.put(entry, json.dumps({
        "reads": reads,
        "manifest": manifest.decode("utf-8"),
        "files": files,
        "keys": keys,
        "diagnostics": [_plain(d) for d in diagnostics],
        "accepted": [[_plain(d), reason] for d, reason in accepted],
        "strict": strict,
    }, ensure_ascii=False).encode("utf-8"))


def _plain(d: Diagnostic) -> dict[str, object]:
    span = d.span
    return {"severity": d.severity.value, "code": d.code, "message": d.message, "notes": list(d.notes),
            "span": None if span is None else [span.path, span.line, span.column, span.end_line, span.end_column]}


def _diagnostic(data: dict[str, object]) -> Diagnostic:
    span = data["span"]
    return Diagnostic(Severity(data["severity"]), str(data["code"]), str(data["message"]),
                      None if span is None else Span(*span),  # type: ignore[misc]
                      tuple(data["notes"]))  # type: ignore[arg-type]
