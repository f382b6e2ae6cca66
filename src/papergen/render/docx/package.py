"""OOXML package writing: the parts of a .docx as one deterministic zip.

Owns the byte layout of every Word file papergen writes: fixed entry dates,
[Content_Types].xml first and the other parts sorted, DEFLATE level 6. A part
is compressed once into a ZipPart; a template's parts that a render does not
change are compressed once per process and reused as they are.

Python's zipfile cannot write an entry that is already compressed, so the
entries are written here by hand (local header + data for each, then the
central directory and its end record, APPNOTE.TXT 4.3). The bytes are exactly
those zipfile writes for the same entries (ZipInfo dated 1980-01-01, mode 0644,
made on Unix, deflated at level 6), so files written before and after this
writer existed compare equal.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

CONTENT_TYPES = "[Content_Types].xml"

_LEVEL = 6
_VERSION = 20  # 2.0: deflate, what zipfile records as both "made by" and "needed to extract"
_UNIX = 3
_DEFLATED = 8
_UTF8_NAME = 0x800
_DOS_TIME = 0  # 00:00:00
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the zip epoch
_MODE_0644 = 0o644 << 16  # external attributes: rw-r--r--, as normalise_docx always set
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True, slots=True)
class ZipPart:
    """One package part, already deflated, with what its zip headers need."""

    name: str  # zip entry name, no leading slash: "word/document.xml"
    crc: int
    size: int
    deflated: bytes

    @classmethod
    def of(cls, name: str, data: bytes) -> ZipPart:
        # Raw deflate (wbits -15) in one compress call, as zipfile does it: same input, same bytes.
        compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
        deflated = compressor.compress(data) + compressor.flush()
        return cls(name, zlib.crc32(data) & 0xFFFFFFFF, len(data), deflated)


def inflate(part: ZipPart) -> bytes:
    """A part's bytes back from its deflated form (to change a part the template holds)."""
    return zlib.decompress(part.deflated, -15)


def part_order(name: str) -> tuple[bool, str]:
    """[Content_Types].xml first, the rest sorted: a stable order that Word accepts."""
    return (name != CONTENT_TYPES, name)


def write_zip(parts: Iterable[ZipPart]) -> bytes:
    """The zip of these parts in part_order. Sizes stay below 4 GiB, so no zip64 records."""
    ordered = sorted(parts, key=lambda p: part_order(p.name))
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for part in ordered:
        try:
            name, flags = part.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = part.name.encode("utf-8"), _UTF8_NAME
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
                             part.crc, len(part.deflated), part.size, len(name), 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, _DEFLATED,
                                     _DOS_TIME, _DOS_DATE, part.crc, len(part.deflated), part.size,
                                     len(name), 0, 0, 0, 0, _MODE_0644, offset) + name)
        chunks += (header, name, part.deflated)
        offset += len(header) + len(name) + len(part.deflated)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def normalise_docx(data: bytes, stamp: dt.datetime | None, title: str | None = None) -> bytes:
    """Same input, same bytes: fixed zip dates and order, core dates from content.

    python-docx stamps zip entries with the wall clock (python-docx #1042) and
    the core properties with the time of saving; both are replaced here. The
    zip layout is papergen.render.docx.package's, which the Word backend writes too.
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
