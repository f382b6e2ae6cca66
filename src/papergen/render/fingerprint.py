"""What papergen itself is, for the keys of every on-disk cache: its version, the versions of the
libraries that shape the bytes, and the size and time of each of its code and template files.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# Libraries whose upgrade can change the rendered bytes.
_DEPENDENCIES = ("docxtpl", "python-docx", "lxml", "jinja2", "markdown-it-py", "python-dateutil", "pikepdf")


def installed_versions(names: Iterable[str]) -> dict[str, str]:
    """Each distribution's version as its install folder names it ('jinja2-3.1.6.dist-info'), first on sys.path.

    Read from the folder names rather than with importlib.metadata, whose import
    (the email parser) alone cost ~25 ms of every build; wheels and eggs spell
    the version in the name (PEP 376/427). Not found is '?'.
    """
    wanted = {re.sub(r"[-_.]+", "_", name).lower(): name for name in names}
    found: dict[str, str] = {}
    pattern = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)\.(?:dist|egg)-info$")
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listing:
            match = pattern.match(item)
            name = match and wanted.get(re.sub(r"[-_.]+", "_", match["name"]).lower())
            if name and name not in found:
                found[name] = match["version"]
    return {name: found.get(name, "?") for name in names}


@cache
def papergen_fingerprint() -> str:
    """papergen's version, its dependencies' versions, and the size and time of each of its code and template
    files: an upgrade or an edited checkout invalidates, like Python's own .pyc check (size and mtime)."""
    import papergen

    digest = hashlib.sha256()
    for name, number in installed_versions(("papergen", *_DEPENDENCIES)).items():
        digest.update(f"{name}={number}\n".encode())
    package = Path(papergen.__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2", ".docx") and p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(package).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
