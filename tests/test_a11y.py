"""PG701–PG706: the accessibility of the built Word and HTML files."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import REPO

from papergen import api
from papergen.build.a11y import check_outputs
from papergen.render.output import Output


def _codes(outputs: list[Output]) -> list[str]:
    return [f"{d.code} {d.message}" for d in check_outputs(outputs)]


def test_shipped_papers_pass(tmp_path: Path) -> None:
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=tmp_path, formats=("docx", "html"))
    assert not report.blocked
    assert [d for d in report.diagnostics if d.code.startswith("PG7")] == []


def test_html_problems_are_found() -> None:
    page = ('<!DOCTYPE html><html><head><title></title></head><body><h1>A</h1><h3>B</h3><h1>C</h1>'
            '<table><tr><td>x</td></tr></table><img src="a.png"><img src="b.png" alt="b.png">'
            '<a href="x.html">här</a></body></html>')
    found = _codes([Output("kallelse", "html", "kallelse.html", page.encode())])
    assert any(f.startswith("PG704 kallelse.html: sidans språk") for f in found)
    assert any(f.startswith("PG704 kallelse.html: sidan saknar titel") for f in found)
    assert any(f.startswith("PG701") and "2 rubriker på nivå 1" in f for f in found)
    assert any(f.startswith("PG701") and "rubriknivå 3 direkt efter nivå 1" in f for f in found)
    assert any(f.startswith("PG702") for f in found)
    assert any(f.startswith("PG703") and "a.png saknar alternativtext" in f for f in found)
    assert any(f.startswith("PG703") and "filnamnet 'b.png'" in f for f in found)
    assert any(f.startswith("PG705") and "'här'" in f for f in found)


def test_word_problems_are_found() -> None:
    document = docx.Document()
    document.add_heading("Rubrik", level=1)
    document.add_heading("Underrubrik", level=3)
    table = document.add_table(rows=2, cols=2)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].add_run("Kolumn").bold = True
    for cell in table.rows[1].cells:
        cell.paragraphs[0].add_run("värde")
    buffer = io.BytesIO()
    document.save(buffer)
    found = _codes([Output("pm", "docx", "pm-01.docx", buffer.getvalue())])
    assert any(f.startswith("PG701 pm-01.docx: rubriknivå 3 direkt efter nivå 1") for f in found), found
    assert any(f.startswith("PG702 pm-01.docx: tabell 1") for f in found), found
    assert any(f.startswith("PG704") and "titel" in f for f in found), found


def test_meaning_by_colour_or_layout_alone_is_found_in_word() -> None:
    from docx.shared import RGBColor

    document = docx.Document()
    document.add_paragraph("Ledamot\tParti\tRoll")
    document.add_paragraph("att\tgodkänna redovisningen")  # one tab: a hanging indent, not columns
    red = document.add_paragraph().add_run("Ändrat sedan utskicket")
    red.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    bold_red = document.add_paragraph().add_run("Viktigt")
    bold_red.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    bold_red.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    found = [f for f in _codes([Output("pm", "docx", "pm-01.docx", buffer.getvalue())]) if f.startswith("PG706")]
    assert found == [
        "PG706 pm-01.docx: stycket 'Ledamot Parti Roll' ställer upp text i kolumner med tabbar; en skärmläsare "
        "läser det som en rad – använd en tabell",
        "PG706 pm-01.docx: texten 'Ändrat sedan utskicket' skiljs ut bara med färgen #C00000; lägg till fetstil, "
        "kursiv eller ord som säger detsamma"]


def test_meaning_by_colour_or_layout_alone_is_found_in_html() -> None:
    page = ('<!DOCTYPE html><html lang="sv"><head><title>T</title></head><body><h1>A</h1>'
            '<p><span style="color: red">Nytt ärende</span> och <strong style="color:red">Viktigt</strong></p>'
            '<p>Namn\u00a0\u00a0\u00a0\u00a0Parti</p><a href="x.html" style="color:blue">Kallelse</a></body></html>')
    found = [f for f in _codes([Output("kallelse", "html", "kallelse.html", page.encode())]) if f.startswith("PG706")]
    assert found == [
        "PG706 kallelse.html: texten 'Nytt ärende' skiljs ut bara med färg (style=\"color\"); lägg till fetstil, "
        "kursiv eller ord som säger detsamma",
        "PG706 kallelse.html: texten 'Namn Parti' ställs upp med hårda mellanslag; en "
        "skärmläsare läser det som en rad – använd en tabell eller en lista"]


def test_findings_of_an_unchanged_paper_come_from_the_cache(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from papergen.build import a11y
    parsed: list[int] = []
    real = a11y._docx
    monkeypatch.setattr(a11y, "_docx", lambda data: (parsed.append(len(data)), real(data))[1])
    folder = REPO / "content" / "meeting-2020-03-20"
    first = api.build(REPO, folder, out_root=tmp_path, formats=("docx",), use_cache=True)
    assert len(parsed) == 6
    second = api.build(REPO, folder, out_root=tmp_path, formats=("docx",), use_cache=True)
    assert len(parsed) == 6  # not parsed again
    assert [d for d in second.diagnostics if d.code.startswith("PG7")] == \
        [d for d in first.diagnostics if d.code.startswith("PG7")]


def test_cached_findings_name_the_file_they_are_found_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papergen.build import a11y
    from papergen.build.cache import RenderCache

    cache = RenderCache(tmp_path / ".cache", tmp_path)
    page = b'<!DOCTYPE html><html lang="sv"><head><title>T</title></head><body><h1>A</h1><h3>B</h3></body></html>'
    first = check_outputs([Output("pm", "html", "intern/pm-01.html", page)], cache)
    monkeypatch.setattr(a11y, "_html", lambda data: pytest.fail("parsed again"))
    again = check_outputs([Output("pm", "html", "publik/pm-01.html", page)], cache)
    assert [d.message for d in first] == ["intern/pm-01.html: rubriknivå 3 direkt efter nivå 1; en nivå hoppas över"]
    assert [d.message for d in again] == ["publik/pm-01.html: rubriknivå 3 direkt efter nivå 1; en nivå hoppas över"]
