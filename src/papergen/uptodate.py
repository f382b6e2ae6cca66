"""A meeting built before from exactly these inputs: its findings again, without reading it.

After one ärende is edited, `build --all` read, checked and looked up every
paper of every other meeting (~0.1 s each) only to find them unchanged. Now a
meeting's entry in the render cache (format "meeting-docx+md") is keyed on everything
its build reads (`inputs`), with the build's options, papergen itself and
hunspell's dictionaries. It holds the findings and the manifest that build
wrote, and stands only while build/<meeting>/ still holds exactly that
manifest and those files. The files and the findings are the same either way
(tests compare).

Only Word and Markdown builds take this shortcut: a PDF depends on the
LibreOffice installed, and the HTML site's index on the other meetings, and
neither is in the key; those builds go the long way (still through the
per-paper cache).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from papergen.accept import PROJECT_FILE
from papergen.cache import RenderCache
from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.documents import FORMATS
from papergen.load import MEETING_FIL, ORGANISATION_FIL, PROTOKOLL_FIL, meeting_dirs
from papergen.memo import RunMemo
from papergen.rules.text import WORDLIST, spelling_identity
from papergen.write import unchanged


def applies(formats: tuple[str, ...]) -> bool:
    return set(formats) <= set(FORMATS)


def entry_format(formats: tuple[str, ...]) -> str:
    """The cache folder of meetings built in these formats ('meeting-docx+md'), pruned with them."""
    return "meeting-" + "+".join(sorted(set(formats)))


def inputs(root: Path, folder: Path) -> list[Path | str]:
    """Every file a build of the meeting in `folder` may read, each that exists.

    The meeting's own folder; the organisation file, papergen.yaml and the word
    list; every template of the project (the packaged ones are part of papergen);
    and the meeting.yaml and protokoll.yaml of each earlier meeting, from which
    the § numbers run on (papergen.load._forsta_paragraf). A file that appears
    or goes away changes the list, and so the key.
    """
    files = [*_tree(folder), *_tree(root / "templates")]
    files += [p for p in (root / ORGANISATION_FIL, root / PROJECT_FILE, root / WORDLIST) if p.is_file()]
    for earlier in meeting_dirs(root):
        if earlier.name < folder.name:
            files += [p for p in (earlier / MEETING_FIL, earlier / PROTOKOLL_FIL) if p.is_file()]
    return files


def _tree(folder: Path) -> list[str]:
    """Every file under folder (none if it is missing), as strings: os.walk is several times pathlib's rglob."""
    return [os.path.join(top, name) for top, _, names in os.walk(folder) for name in names
            if os.path.isfile(os.path.join(top, name))]


def key(cache: RenderCache, root: Path, folder: Path, formats: tuple[str, ...], strict: bool,
        memo: RunMemo | None = None) -> str:
    options = (",".join(formats), f"strict={strict}", f"epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}",
               spelling_identity(shutil.which("hunspell"), memo))
    return cache.key(entry_format(formats), (folder.name, *options), inputs(root, folder))


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
             keys: list[str]) -> None:
    """Keep what this build reported; `keys` are the per-paper cache entries it used, kept alive on a recall."""
    cache.put(entry, json.dumps({
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
