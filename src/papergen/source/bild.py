"""An image the organisation configures (its logotyp): read once, confined to the project, checked.

Owns reading an image file named in organisation.yaml: the path must stay
inside the project, the file must be a PNG or a JPEG of at most MAX_BYTES, and
its size in pixels is read from its header (PNG IHDR, JPEG SOFn; hand-written
because only these two fields are needed and both are fixed by their formats,
where an image library would decode the whole picture).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from papergen.diagnostics import Collector, Span

MAX_BYTES = 2 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True, slots=True)
class Bild:
    fil: str  # project-relative POSIX path, as written
    data: bytes
    format: str  # "png" | "jpeg": the file name extension of the package part
    bredd_px: int
    hojd_px: int


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) >= 24 and data.startswith(_PNG) and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 < len(data):  # each step moves past one segment: bounded by the file's length
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if length < 2:
            return None
        i += 2 + length
    return None


def load_bild(root: Path, fil: str, span: Span, out: Collector) -> Bild | None:
    """The image at `fil` (relative to the project root), or None with PG124 saying why."""
    path = (root / fil).resolve()
    if not path.is_relative_to(root.resolve()):
        out.error("PG124", f"logotypen '{fil}' ligger utanför projektet; ange en sökväg inom projektets mapp", span)
        return None
    if not path.is_file():
        out.error("PG124", f"logotypen '{fil}' finns inte; ange en PNG- eller JPEG-fil i projektet", span)
        return None
    if path.stat().st_size > MAX_BYTES:
        out.error("PG124", f"logotypen '{fil}' är större än {MAX_BYTES // (1024 * 1024)} MB", span)
        return None
    data = path.read_bytes()
    for kind, size in (("png", _png_size(data)), ("jpeg", _jpeg_size(data))):
        if size is not None and size[0] > 0 and size[1] > 0:
            return Bild(fil, data, kind, size[0], size[1])
    out.error("PG124", f"logotypen '{fil}' är inte en PNG- eller JPEG-bild", span)
    return None
