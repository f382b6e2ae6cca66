"""Writing outputs: DOCX normalisation, atomic replacement, overwrite guards.

Owns the only code that touches build/. Nothing here decides what to write;
papergen.api hands over the complete, error-free set of outputs.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from papergen.render.package import ZipPart, write_zip


@dataclass(frozen=True, slots=True)
class Output:
    kind: str  # e.g. "kallelse", "pm-03", "remissvar-05"
    format: str  # "docx" | "md" | "pdf" | "html"
    relpath: str  # relative to the meeting's output folder
    data: bytes
    sources: tuple[str, ...] = ()  # project-relative source files (and the template) it was rendered from


def normalise_docx(data: bytes, stamp: dt.datetime | None, title: str | None = None) -> bytes:
    """Same input, same bytes: fixed zip dates and order, core dates from content.

    python-docx stamps zip entries with the wall clock (python-docx #1042) and
    the core properties with the time of saving; both are replaced here. The
    zip layout is papergen.render.package's, which the Word backend writes too.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = []
        for name in source.namelist():
            content = source.read(name)
            if name == "docProps/core.xml":
                content = normalise_core(content, stamp, title)
            parts.append(ZipPart.of(name, content))
    return write_zip(parts)


def normalise_core(xml: bytes, stamp: dt.datetime | None, title: str | None) -> bytes:
    """docProps/core.xml with dates from content, papergen as last editor, revision 1 and the title."""
    text = xml.decode("utf-8")
    when = (stamp or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    # A replacement built from a value is a function, never a template string: re.sub would read the
    # backslashes of a title ('Plan C:\x hösten') as escapes and group references.
    for tag in ("dcterms:created", "dcterms:modified"):
        text = re.sub(rf"(<{tag}[^>]*>)[^<]*(</{tag}>)", lambda m: f"{m.group(1)}{when}{m.group(2)}", text)
    text = re.sub(r"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>", "<cp:lastModifiedBy>papergen</cp:lastModifiedBy>",
                  text)
    text = re.sub(r"<cp:revision>[^<]*</cp:revision>", "<cp:revision>1</cp:revision>", text)
    if title is not None:
        escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if "<dc:title" in text:
            element = f"<dc:title>{escaped}</dc:title>"
            text = re.sub(r"<dc:title>[^<]*</dc:title>|<dc:title/>", lambda _: element, text)
        else:
            text = text.replace("</cp:coreProperties>", f"<dc:title>{escaped}</dc:title></cp:coreProperties>")
    return text.encode("utf-8")


def unchanged(out_dir: Path, sizes: dict[str, int], manifest: bytes) -> bool:
    """The folder already holds exactly these files (relative path -> size) and this manifest.

    The manifest lists the sha256 of every output, so the same manifest means the
    same bytes were written last time; the folder must still hold those files, at
    their size, and nothing else.
    """
    top = os.fspath(out_dir)
    try:
        with open(os.path.join(top, "manifest.json"), "rb") as f:
            if f.read() != manifest:
                return False
        present = {os.path.relpath(os.path.join(here, name), top).replace(os.sep, "/")
                   for here, _, names in os.walk(top) for name in names}
        if present != set(sizes) | {"manifest.json"}:
            return False
        return all(os.stat(os.path.join(top, name)).st_size == size for name, size in sizes.items())
    except OSError:
        return False


class UnsafeOutputDir(Exception):
    """The output folder would overlap the sources; refuse rather than delete them."""


def check_output_dir(out_dir: Path, project_root: Path) -> None:
    out = out_dir.resolve()
    for protected in (project_root / "content", project_root / "templates"):
        p = protected.resolve()
        if p.is_relative_to(out) or out.is_relative_to(p):
            raise UnsafeOutputDir(f"{out_dir} overlaps {protected}")
    if project_root.resolve().is_relative_to(out):
        raise UnsafeOutputDir(f"{out_dir} contains the project {project_root}")


def write_meeting(out_dir: Path, outputs: list[Output], manifest: bytes | None = None) -> list[Path]:
    """Replace out_dir with exactly these outputs (and manifest.json when given), all or nothing.

    Everything is written to a sibling temporary folder first, then swapped in
    with renames, so an interrupted or failed build never leaves a half-updated
    folder behind.
    """
    seen: set[str] = set()
    for o in outputs:
        if o.relpath in seen:
            raise AssertionError(f"two outputs want {o.relpath}")
        seen.add(o.relpath)
    # Nothing to write when the folder already holds these outputs (most meetings of a --all).
    if manifest is not None and unchanged(out_dir, {o.relpath: len(o.data) for o in outputs}, manifest):
        return [out_dir / o.relpath for o in outputs]
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for o in outputs:
            target = staging / o.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(o.data)
        if manifest is not None:
            # Written in the same staging folder, so the manifest always matches the papers beside it.
            (staging / "manifest.json").write_bytes(manifest)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out_dir, old)
        os.replace(staging, out_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / o.relpath for o in outputs]
