"""Every Word file papergen writes is valid OOXML beyond LibreOffice's reading of it.

openxml-audit (PyPI, MIT; in the `test` extra) checks a package against the
ECMA-376 schemas as the Open XML SDK carries them, and the SDK's semantic
rules: element order, attribute values, relationships, content types. Every
.docx of both shipped meetings is checked, and the fixture project's papers
with a logotyp (an image part) and a remissvar (the envelope window frame).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from conftest import REPO

from papergen import api

audit = pytest.importorskip("openxml_audit", reason="openxml-audit is not installed (pip install -e '.[test]')")


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 2, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80\x80\x80\x80" * 2)) + chunk(b"IEND", b""))


def test_every_word_file_is_valid_ooxml(tmp_path: Path, minimal: Path) -> None:
    out = tmp_path / "out"
    for meeting in ("meeting-2020-02-14", "meeting-2020-03-20"):
        assert not api.build(REPO, REPO / "content" / meeting, out_root=out, formats=("docx",)).blocked
    (minimal / "content" / "logo.png").write_bytes(_png())
    org = minimal / "content" / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "logo: content/logo.png\n", encoding="utf-8")
    assert not api.build(minimal, minimal / "content" / "meeting-2021-03-12", out_root=out, formats=("docx",)).blocked
    files = sorted(out.rglob("*.docx"))
    assert len(files) == 31 + 6 + 4  # both shipped meetings, and the fixture's kallelse, PM, budget, remissvar
    validator = audit.OpenXmlValidator(max_errors=20)
    problems = {f"{f.parent.name}/{f.name}": [str(e) for e in validator.validate(str(f)).errors] for f in files}
    assert {name: found for name, found in problems.items() if found} == {}
