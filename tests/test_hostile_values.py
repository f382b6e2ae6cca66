"""Values that once crashed papergen are kept exactly or reported, never a traceback (issue 16, item 5).

Each case is the regression test of one traceback: a backslash in a title
(write.py used the title as a re.sub replacement), an `epost` without '@' in the
organisation file (the PG553 comparison split on '@'), and a character XML
cannot hold in a string placed in Word (lxml refused the header).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from conftest import check_minimal
from test_diagnostics_input import edit
from test_docx_backend import STAMP, context, make_template
from test_rules import BUDGET, PROJ, codes

from papergen import api
from papergen.render.docx.package import normalise_core
from papergen.render.docx.render import render_docx
from papergen.render.templates import docx_environment
from papergen.rules.near_strings import within_edits

MEETING = "meeting-2021-03-12"
CORE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{{ rubrik }}</dc:title></cp:coreProperties>')


def _core_title(docx_bytes: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    return core.split("<dc:title>", 1)[1].split("</dc:title>", 1)[0]


# --- a title is never a regex replacement --------------------------------------------------------

@pytest.mark.parametrize("title", ["Plan C:\\x hösten", "Plan C:\\t hösten", "Ärende \\1 och \\g<0>", "A & B <c>"])
def test_a_title_with_backslashes_is_written_as_it_stands(title: str) -> None:
    core = normalise_core(CORE, STAMP, title).decode("utf-8")
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f"<dc:title>{escaped}</dc:title>" in core
    assert "\t" not in core


def test_a_backslash_title_built_end_to_end_is_in_the_word_file(minimal: Path) -> None:
    for _ in range(2):  # the ärende's and its PM's title
        edit(minimal, BUDGET, "rubrik: Budget 2022 för Kultur & Fritid <utkast>", "rubrik: 'Plan C:\\x hösten och C:\\temp'")
    report = api.build(minimal, minimal / "content" / MEETING, out_root=minimal / "build", formats=("docx", "md"))
    assert not report.blocked
    data = (minimal / "build" / MEETING / "pm-01.docx").read_bytes()
    assert _core_title(data) == "FöredragningsPM 1. Plan C:\\x hösten och C:\\temp"
    md = (minimal / "build" / MEETING / "kallelse.md").read_text(encoding="utf-8")
    assert "Plan C:\\x hösten och C:\\temp" in md


# --- an e-mail address without '@' --------------------------------------------------------------

def test_an_organisation_epost_without_at_sign_is_checked_without_a_crash(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "epost: kommun@testkommunen.se", "epost: kommun.testkommunen.se")
    edit(minimal, PROJ, "Testkommunen ansöker om", "Frågor till kommun@testkommunen.se. Testkommunen ansöker om")
    assert codes(minimal, "PG553") == []  # nothing to compare an address with, and no traceback
    assert check_minimal(minimal) == []


def _levenshtein(x: str, y: str) -> int:
    """The plain way: the whole table."""
    row = list(range(len(y) + 1))
    for i, cx in enumerate(x, start=1):
        prev, row[0] = row[0], i
        for j, cy in enumerate(y, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (cx != cy))
    return row[-1]


def test_the_banded_edit_distance_agrees_with_the_whole_table() -> None:
    rng = random.Random(16)
    for _ in range(20_000):
        x = "".join(rng.choice("abc") for _ in range(rng.randint(0, 9)))
        y = "".join(rng.choice("abc") for _ in range(rng.randint(0, 9)))
        most = rng.randint(0, 3)
        assert within_edits(x, y, most) == (_levenshtein(x, y) <= most), (x, y, most)


# --- characters XML cannot hold never crash the Word backend -------------------------------------

def test_a_control_character_in_a_header_value_is_marked_not_dropped(tmp_path: Path) -> None:
    data = render_docx(make_template(tmp_path / "t.docx"), context(dnr="RS\x1b 2021/1\ufffe"), docx_environment(),
                       title="Titel\x00", stamp=STAMP)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        header = next(z.read(n) for n in z.namelist() if n.startswith("word/header")).decode("utf-8")
    assert "Dnr RS\ufffd 2021/1\ufffd" in header
    assert _core_title(data) == "Titel\ufffd"


def test_a_webbadress_with_a_control_character_never_crashes_the_build(minimal: Path) -> None:
    """The character check (PG1xx) reports it where it stands; the Word backend itself never raises on it."""
    edit(minimal, "content/organisation.yaml", "webbadress: www.testkommunen.se", 'webbadress: "www.test\\ekommunen.se"')
    report = api.build(minimal, minimal / "content" / MEETING, out_root=minimal / "build", formats=("docx",))
    if report.blocked:  # stopped by a located error about the character, before any paper was rendered
        assert report.diagnostics and all(d.span is not None for d in report.diagnostics)
        return
    with zipfile.ZipFile(minimal / "build" / MEETING / "kallelse.docx") as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "www.test\ufffdkommunen.se" in xml and "\x1b" not in xml


def test_no_replacement_string_is_built_from_a_value() -> None:
    """Every re.sub/subn in papergen replaces with a literal or a function: a value built into a replacement
    string (an f-string, a concatenation, a variable) would have its backslashes read as escapes."""
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "papergen"
    built = []
    for path in sorted(src.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("sub", "subn")):
                continue
            is_module = isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
            repl = node.args[1] if is_module and len(node.args) > 1 else node.args[0] if node.args else None
            if repl is not None and not isinstance(repl, ast.Lambda | ast.Constant):
                built.append(f"{path.relative_to(src)}:{node.lineno}")
    assert built == []
