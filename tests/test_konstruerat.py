"""A paper made from a source flagged `konstruerat` says so on every page of every format.

The protokoll of 2020-02-14 is constructed (its yrkanden, votes and reservations are invented and
attributed to real politicians); the kallelse and PMs of that meeting are real and say nothing.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from test_protokoll import MEETING, RECORD, write_record

from papergen import api
from papergen.render import pdf as pdf_backend

BANNER = "Konstruerat exempel – inte "


@pytest.fixture(scope="module")
def orebro(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("konstruerat")
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=out, formats=("docx", "md", "html"))
    assert not report.blocked
    return {p.name: p.read_bytes() for p in report.written}


def _headers(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))


@pytest.mark.parametrize(("paper", "banner"), [
    ("protokoll", "Konstruerat exempel – inte ett verkligt protokoll"),
    ("protokollsutdrag-07", "Konstruerat exempel – inte ett verkligt protokollsutdrag"),
    ("anslagsbevis", "Konstruerat exempel – inte ett verkligt anslagsbevis"),
])
def test_the_constructed_protokoll_says_so_in_every_format(orebro: dict[str, bytes], paper: str, banner: str) -> None:
    assert orebro[f"{paper}.md"].decode("utf-8").startswith(f"> {banner}\n\n# ")
    page = orebro[f"{paper}.html"].decode("utf-8")
    assert f"<p>{banner}</p>" in page  # on screen, first in the page's main text
    assert f'@page {{ @top-center {{ content: "{banner}"' in page  # at the top of every printed page
    assert banner in _headers(orebro[f"{paper}.docx"])  # the Word header repeats on every page (and the PDF's)


@pytest.mark.parametrize("paper", ["kallelse", "pm-03", "delegationsbeslut-12-1", "budget-09"])
def test_the_real_papers_of_the_meeting_say_nothing(orebro: dict[str, bytes], paper: str) -> None:
    assert BANNER not in orebro[f"{paper}.md"].decode("utf-8")
    assert BANNER not in orebro[f"{paper}.html"].decode("utf-8")
    assert BANNER not in _headers(orebro[f"{paper}.docx"])


def test_a_constructed_arende_marks_the_kallelse_and_its_own_papers(minimal: Path) -> None:
    path = minimal / "content" / MEETING / "arenden" / "02-remiss.md"
    path.write_text(path.read_text(encoding="utf-8").replace("typ: beslut\n", "typ: beslut\nkonstruerat: true\n"),
                    encoding="utf-8")
    write_record(minimal)
    report = api.build(minimal, minimal / "content" / MEETING, out_root=minimal / "out", formats=("md",))
    marked = sorted(p.name for p in report.written if p.suffix == ".md"
                    and p.read_text(encoding="utf-8").startswith("> " + BANNER))
    # The kallelse and protokoll show the item; the utdrag of § 2 and its remissvar are its own.
    assert marked == ["anslagsbevis.md", "kallelse.md", "protokoll.md", "protokollsutdrag-02.md", "remissvar-02.md"]


def test_a_constructed_arende_marks_its_budget_bilaga(minimal: Path) -> None:
    path = minimal / "content" / MEETING / "arenden" / "03-projekt.md"
    path.write_text(path.read_text(encoding="utf-8").replace("typ: beslut\n", "typ: beslut\nkonstruerat: true\n", 1),
                    encoding="utf-8")
    report = api.build(minimal, minimal / "content" / MEETING, out_root=minimal / "out", formats=("docx", "md"))
    assert not report.blocked
    folder = minimal / "out" / MEETING
    banner = "Konstruerat exempel – inte en verklig budget"
    assert (folder / "budget-03.md").read_text(encoding="utf-8").startswith(f"> {banner}\n\n# ")
    assert banner in _headers((folder / "budget-03.docx").read_bytes())


def test_a_constructed_meeting_marks_its_delegationsbeslut(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    meeting = tmp_path / "content" / "meeting-2020-02-14" / "meeting.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8") + "konstruerat: true\n", encoding="utf-8")
    report = api.build(tmp_path, tmp_path / "content" / "meeting-2020-02-14", out_root=tmp_path / "out",
                       formats=("docx", "md"))
    assert not report.blocked
    folder = tmp_path / "out" / "meeting-2020-02-14"
    banner = "Konstruerat exempel – inte ett verkligt delegationsbeslut"
    assert (folder / "delegationsbeslut-12-1.md").read_text(encoding="utf-8").startswith(f"> {banner}\n\n# ")
    assert banner in _headers((folder / "delegationsbeslut-12-1.docx").read_bytes())


SOFFICE = pdf_backend.find_soffice()
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                    reason="LibreOffice (soffice) and pdftotext are not installed")
def test_every_pdf_page_says_so(minimal: Path) -> None:
    write_record(minimal, "konstruerat: true\n" + RECORD)
    report = api.build(minimal, minimal / "content" / MEETING, out_root=minimal / "out", formats=("docx", "pdf"))
    assert not report.blocked
    pdf = minimal / "out" / MEETING / "protokoll.pdf"
    text = subprocess.run([str(PDFTOTEXT), str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 1  # a § starts a new page
    for n, page in enumerate(pages, start=1):
        assert re.search(r"Konstruerat exempel – inte ett verkligt\s+protokoll", page), f"page {n}"
