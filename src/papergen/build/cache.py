"""Render cache: an unchanged document is not rendered again.

Owns build/.cache/. A rendered output is stored under the sha256 of every
input that can change its bytes: the content of each source file it shows
(papergen.build.manifest's list, narrowed where a paper shows less), its template
and the partials that template may include, the meeting's § structure (which
runs on from earlier meetings), the core-property stamp, and papergen itself
(version, code and dependency versions). A hit returns exactly the bytes a
render would give, so the cache never changes a build's output.

Entries live per output format (build/.cache/<format>/…). Every hit touches its
entry, so after `build --all` has built every meeting, whatever was not used in
that run belongs to no current paper and is pruned (for the formats built).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from papergen.build.manifest import document_sources
from papergen.model.core import Sammantrade
from papergen.model.protokoll import paragrafer
from papergen.model.reads import Reads
from papergen.render.fingerprint import installed_versions as installed_versions
from papergen.render.fingerprint import papergen_fingerprint
from papergen.render.plan import PlannedDocument

CACHE_DIR = ".cache"





def cache_sources(doc: PlannedDocument, meeting: Sammantrade, organisation_fil: str) -> list[str]:
    """The source files a document shows; the anslagsbevis shows no ärende, only the record."""
    if doc.kind.name == "anslagsbevis" and meeting.protokoll is not None:
        return [organisation_fil, meeting.source.path, meeting.protokoll.fil]
    return document_sources(doc, meeting, organisation_fil)


def structure(meeting: Sammantrade) -> str:
    """§ numbers and their ärenden: they follow from earlier meetings' records, not only this one's files."""
    return ",".join(f"{p.nummer}:{p.arende.data.nummer}" for p in paragrafer(meeting))


class RenderCache:
    """Rendered outputs by input hash, in one folder shared by every meeting and process."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root
        self._hashes: dict[str, str] = {}  # path -> its label and content hash, as a key records it
        self._prefix = os.path.join(root, "")  # what a path in the project starts with
        self.reused: list[str] = []  # output names taken from the cache, for the report
        self.used: list[str] = []  # every key read or written: what a build that skips this work must keep alive

    def _file_entry(self, path: Path | str) -> str:
        """'<project-relative name>=<sha256>', worked out once per file and run (a meeting asks ~60 times).

        Plain strings rather than pathlib: a check that a year's meetings are up to date asks for
        thousands, and pathlib's parsing was most of that time.
        """
        name = os.fspath(path)
        found = self._hashes.get(name)
        if found is None:
            label = (name[len(self._prefix):] if name.startswith(self._prefix) else name).replace(os.sep, "/")
            with open(name, "rb") as f:
                found = self._hashes[name] = f"{label}={hashlib.sha256(f.read()).hexdigest()}"
        return found

    def key(self, fmt: str, parts: Iterable[str], files: Iterable[Path | str]) -> str:
        """'<format>/<sha256 over the format, the given facts and each file's name and content hash>'."""
        digest = hashlib.sha256(papergen_fingerprint().encode())
        for part in (fmt, *parts):
            digest.update(b"\0" + part.encode())
        for entry in sorted({self._file_entry(path) for path in files}):
            digest.update(f"\0{entry}".encode())
        return f"{fmt}/{digest.hexdigest()}"

    def _file(self, key: str) -> str:
        fmt, digest = key.split("/")
        return f"{self.folder}/{fmt}/{digest[:2]}/{digest}"

    def get(self, key: str, name: str | None = None) -> bytes | None:
        """The entry, or None; `name` is the output it stands for, counted as reused."""
        path = self._file(key)
        try:
            with open(path, "rb") as f:
                data = f.read()
            _touch(path)
        except OSError:
            return None
        self.used.append(key)
        if name is not None:
            self.reused.append(name)
        return data

    def put(self, key: str, data: bytes) -> None:
        """Write through a temporary file and a rename: parallel builds never see half an entry."""
        target = Path(self._file(key))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
            _touch(target)
            self.used.append(key)
        except OSError:
            pass  # a cache that cannot be written only costs time, never the build

    def keep(self, keys: Iterable[str]) -> None:
        """Mark these entries used now (those still there), as if a build had read them: see prune()."""
        for key in keys:
            try:
                _touch(self._file(key))
            except OSError:
                pass  # pruned or deleted: the build that needs it will render it again


def _touch(path: Path | str) -> None:
    """Mark an entry used now. An explicit time, because the file system's own stamp comes from a
    coarser clock than time.time() and could fall before the start of the run that used it."""
    now = time.time()
    os.utime(path, (now, now))


def prune(folder: Path, formats: Iterable[str], used_since: float) -> int:
    """Delete the entries of these formats not used (read or written) since `used_since`; how many.

    Only called after a run that built every meeting: an entry it did not touch
    is the output of a paper that no longer exists in that form.
    """
    removed = 0
    for fmt in formats:
        for bucket in _entries(os.path.join(folder, fmt)):
            for entry in _entries(bucket.path):
                try:
                    if entry.stat().st_mtime < used_since:
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    pass  # another process pruned or replaced it first
    return removed


def _entries(folder: str) -> list[os.DirEntry[str]]:
    """A folder's entries, none if it is missing (os.scandir: a year's cache is ~1500 files)."""
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def partials(dirs: Iterable[Path], reads: Reads | None = None) -> list[Path]:
    """The `_*.j2` partials a Markdown template may include, as the search path resolves them;
    `reads` notes each folder's listing and each partial chosen (papergen.model.reads)."""
    chosen: dict[str, Path] = {}
    for d in dirs:
        if reads is not None:
            for name in reads.listing(d, _PARTIAL.pattern, "any"):
                chosen.setdefault(name, d / name)
        elif d.is_dir():
            for p in sorted(d.glob("_*.j2")):
                chosen.setdefault(p.name, p)
    found = [chosen[n] for n in sorted(chosen)]
    if reads is not None:
        for p in found:
            reads.file(p)
    return found


_PARTIAL = re.compile(r"^_.*\.j2$")  # as Path.glob("_*.j2") lists them
