"""What a meeting's check or build read, noted as it is read (Sphinx's `env.note_dependency`).

Loading, the rules and template resolution note every file they open or look
for (a file that is missing is noted too: if it appears, the result may change)
and every folder listing they use. The up-to-date check (papergen.build.uptodate)
keeps the record with a build's findings and trusts them again only while
every noted file has the same content and every listing the same names. There
is no second, hand-kept list of inputs to forget a new kind of input in.

A file is noted (hashed) before it is read: if it changes in between, the
record holds the older content and the next build sees the difference, never
the other way round.

Layer: bottom (imports nothing from papergen), beside papergen.model.memo.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path


def _digest(path: str) -> str | None:
    """sha256 of the file's bytes; None when there is no readable file."""
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


def _names(folder: str, pattern: str, kind: str, below: str | None) -> list[str]:
    """The entries of `folder` whose names match `pattern` (re.match), of `kind` ("dir", "file" or "any"),
    sorting before `below` when given; [] when the folder is missing."""
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return []
    wanted = re.compile(pattern)
    is_kind = {"dir": os.path.isdir, "file": os.path.isfile, "any": os.path.exists}[kind]
    return [n for n in entries if wanted.match(n) and (below is None or n < below) and is_kind(os.path.join(folder, n))]


@dataclass
class Reads:
    # path -> sha256 of its bytes when noted (None: no readable file there)
    files: dict[str, str | None] = field(default_factory=dict)
    # (folder, pattern, kind, below) -> the names a listing gave
    listings: dict[tuple[str, str, str, str | None], list[str]] = field(default_factory=dict)

    def file(self, path: Path | str) -> None:
        """Note a file about to be read or looked for."""
        name = os.fspath(path)
        if name not in self.files:
            self.files[name] = _digest(name)

    def listing(self, folder: Path | str, pattern: str, kind: str, below: str | None = None) -> list[str]:
        """The names of a folder's entries as _names lists them, noted; the reader uses exactly these."""
        key = (os.fspath(folder), pattern, kind, below)
        names = self.listings.get(key)
        if names is None:
            names = self.listings[key] = _names(*key)
        return list(names)

    def record(self) -> dict[str, object]:
        """The record as plain data (JSON)."""
        return {"files": sorted([name, digest] for name, digest in self.files.items()),
                "listings": sorted([*key, names] for key, names in self.listings.items())}


def unchanged(record: object) -> bool:
    """Every file noted in `record` still has that content (or is still missing), and every listing
    gives the same names. False for a record of another shape."""
    try:
        files, listings = record["files"], record["listings"]  # type: ignore[index]
        if any(_digest(name) != digest for name, digest in files):
            return False
        return all(_names(folder, pattern, kind, below) == names for folder, pattern, kind, below, names in listings)
    except (KeyError, TypeError, ValueError):
        return False
