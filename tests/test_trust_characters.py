"""Issue 16.4: a character a Word file cannot hold is one located error, in check and build alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_minimal, diagnostics_text
from test_diagnostics_input import MEETING, edit

from papergen import api

HINT = "ta bort det (det syns inte i en vanlig textredigerare men kommer ofta med vid kopiering)"


def _both(root: Path, out: Path) -> tuple[list[str], list[str], bool]:
    """check's lines, build's lines, and whether build was stopped."""
    checked = check_minimal(root)
    report = api.build(root, root / MEETING, out_root=out, formats=("md", "docx", "html"))
    return checked, diagnostics_text(report), report.blocked


@pytest.mark.parametrize(("char", "name"), [
    ("\x1b", "U+001B (ESC)"), ("\x00", "U+0000 (NUL)"), ("\ufffe", "U+FFFE (icke-tecken)"),
    ("\x0b", "U+000B (vertikal tabb)"),
])
def test_in_a_markdown_paragraph(minimal: Path, tmp_path: Path, char: str, name: str) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "## Sammanfattning\n", f"## Sammanfattning\n\nEtt {char}fel.\n")
    line = f"{MEETING}/arenden/01-budget.md:31:5: error[PG123]: tecknet {name} kan inte stå i ett Word-dokument; {HINT}"
    checked, built, blocked = _both(minimal, tmp_path / "out")
    assert checked == [line]
    assert built == [line] and blocked
    assert not (tmp_path / "out" / "meeting-2021-03-12").exists()  # nothing half-written, nothing stripped


def test_in_a_yaml_title_typed_as_it_is(minimal: Path, tmp_path: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "rubrik: Budget 2022", "rubrik: Budget\x002022")
    line = (f"{MEETING}/arenden/01-budget.md:3:15: error[PG123]: tecknet U+0000 (NUL) kan inte stå i ett "
            f"Word-dokument; {HINT}")
    checked, built, blocked = _both(minimal, tmp_path / "out")
    assert checked == built == [line] and blocked


def test_webbadress_with_an_escaped_control_character(minimal: Path, tmp_path: Path) -> None:
    edit(minimal, "content/organisation.yaml", "webbadress: www.testkommunen.se",
         'webbadress: "www.test\\x07kommunen.se"')
    line = ("content/organisation.yaml:2:13: error[PG123]: tecknet U+0007 (BEL), skrivet som en escape-sekvens, "
            f"kan inte stå i ett Word-dokument; {HINT}")
    checked, built, blocked = _both(minimal, tmp_path / "out")
    assert checked == built == [line] and blocked


def test_att_sats_with_an_escaped_lone_surrogate(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", '- anta budgeten om 2 000 000 kronor för "Kultur & Fritid", samt',
         '- "anta budgeten \\ud800"')
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/01-budget.md:10:7: error[PG123]: tecknet U+D800 (ensamt surrogattecken), skrivet som en "
        f"escape-sekvens, kan inte stå i ett Word-dokument; {HINT}"]


def test_every_occurrence_is_reported_where_it_stands(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats: Sessionssalen", "plats: Sessions\x1bsalen\x1b")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:6:16: error[PG123]: tecknet U+001B (ESC) kan inte stå i ett Word-dokument; {HINT}",
        f"{MEETING}/meeting.yaml:6:22: error[PG123]: tecknet U+001B (ESC) kan inte stå i ett Word-dokument; {HINT}"]


def test_tab_and_line_ends_are_kept(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "## Sammanfattning\n", "## Sammanfattning\n\nEtt\tstycke.\n")
    assert check_minimal(minimal) == []


def test_c1_control_in_yaml_is_located(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats: Sessionssalen", "plats: Sessions\x85\x7fsalen")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:6:17: error[PG101]: YAML kan inte läsas: tecknet U+007F (DEL) får inte stå "
        "i en YAML-fil"]
