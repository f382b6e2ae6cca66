"""The shipped meeting (seed 003) against oracles transcribed from the seed itself.

tests/oracles/foredragningslista-2020-02-14.txt lists every title, reference
line, lead-in, att-sats, villkor, Sammanfattning paragraph and
Beslutsunderlag entry of the printed föredragningslista (seed 003:63-433),
made from the seed independently of content/. Each must appear word for word
in the Word kallelse: this is what proves the transcription and the
rendering faithful, where a golden file would only prove them unchanged.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from conftest import REPO

from papergen import api
from papergen.model.format import plain

ORACLE = Path(__file__).parent / "oracles" / "foredragningslista-2020-02-14.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=out)
    assert not report.blocked, report.diagnostics
    return out / "meeting-2020-02-14"


def paragraphs(path: Path) -> list[str]:
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    texts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    # Typography only: non-breaking spaces and hyphens read as plain ones, the
    # att-sats tab as a space, as on the printed page.
    return [re.sub(r"\s+", " ", plain(t).replace("\t", " ")).strip() for t in texts]


def oracle_units() -> list[str]:
    lines = ORACLE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_oracle_is_substantial() -> None:
    assert len(oracle_units()) >= 127


def test_every_agenda_unit_appears_word_for_word_in_the_word_kallelse(built: Path) -> None:
    text = "\n".join(paragraphs(built / "kallelse.docx"))
    missing = [u for u in oracle_units() if u not in text]
    assert missing == []


def test_cover_lists_15_ledamoter_and_9_ersattare(built: Path) -> None:
    d = docx.Document(str(built / "kallelse.docx"))
    rows = d.tables[0].rows
    ledamoter = [r.cells[0].text for r in rows[1:] if r.cells[0].text]
    ersattare = [r.cells[1].text for r in rows[1:] if r.cells[1].text]
    assert len(ledamoter) == 15 and len(ersattare) == 9
    assert ledamoter[:3] == ["Irén Lejegren (S), ordförande", "Torbjörn Ahlin (C), vice ordförande",
                             "Willhelm Sundman (L), 2:e vice ordförande"]
    assert ersattare[-1] == "Sergej Salnikov (SD)"


@pytest.mark.parametrize(("number", "title", "first_att"), [
    (3, "Verksamhetsberättelse 2019, regional tillväxtnämnd",
     "att godkänna verksamhetsberättelse 2019 för regional tillväxtnämnd samt"),
    (8, "Vilt- och Naturvårdsinsatser 2020",  # the PM capitalises, seed 003:16814
     "att avsätta 260 000 kronor i en pott för vilt- och naturvård. Medlen prioriteras till stor del mot "
     "insatser som riktar sig mot barn och unga samt till personer med särskilda behov,"),
    (11, "Egen finansiering från det statliga 1:1-anslaget till projekt Elväg Örebro - Hallsberg",
     "att Region Örebro län beviljas 50 procent av projektets bokförda kostnader, dock högst 1 866 339 kronor "
     "för genomförande av projekt Elväg Örebro - Hallsberg"),
])
def test_pm_has_title_proposal_and_signature(built: Path, number: int, title: str, first_att: str) -> None:
    texts = paragraphs(built / f"pm-{number:02d}.docx")
    assert title in texts
    assert first_att in texts
    assert "Petter Arneback" in texts


def test_pm_8_prints_its_own_proposal_where_the_paper_differs_from_the_agenda(built: Path) -> None:
    # Seed 003: the agenda (line 258) and the PM differ in att-sats 2; each paper prints its own words.
    pm = paragraphs(built / "pm-08.docx")
    kallelse = paragraphs(built / "kallelse.docx")
    assert any("tillgängliggöra Bergslagsleden för barn och unga," in t for t in pm)
    assert any("tillgängliggöra Bergslagsleden och naturen däromkring för barn och unga," in t for t in kallelse)


def test_remissvar_without_date_and_dnr_is_not_written(built: Path) -> None:
    # The printed yttrande had no date and no own Dnr; the transcription keeps that, `papergen check`
    # reports both as errors (PG541), and the build, agreeing, writes no letter that cannot be sent.
    assert not (built / "remissvar-05.docx").exists() and not (built / "remissvar-05.md").exists()
    report = api.check(REPO, REPO / "content" / "meeting-2020-02-14")
    assert sorted(d.message for d in report.diagnostics if d.code == "PG541") == [
        "yttrandet saknar datum", "yttrandet saknar eget diarienummer (Dnr)"]


def test_remissvar_quotes_both_dnr_and_signature(tmp_path: Path) -> None:
    # The same yttrande with the date and Dnr it lacked: the letter is written and shows them.
    project = tmp_path / "proj"
    shutil.copytree(REPO / "content", project / "content")
    yttrande = project / "content" / "meeting-2020-02-14" / "yttranden" / "05-smart-specialisering.md"
    yttrande.write_text(yttrande.read_text(encoding="utf-8").replace(
        "---\nmottagare:", "---\ndatum: 2020-02-14\ndiarienummer: 19RS10445\nmottagare:", 1), encoding="utf-8")
    api.build(project, project / "content" / "meeting-2020-02-14", out_root=tmp_path / "out", formats=("docx",))
    letter = tmp_path / "out" / "meeting-2020-02-14" / "remissvar-05.docx"
    texts = paragraphs(letter)
    assert "Er referens: RUN/430/2018" in texts
    assert "Svar på remiss om program för smart specialisering Region Jämtland Härjedalen" in texts
    assert "För Region Örebro län" in texts
    assert texts[-2:] == ["Irén Lejegren", "Ordförande i regional tillväxtnämnd"]
    header = docx.Document(str(letter)).sections[0].header
    header_text = " ".join(c.text for t in header.tables for row in t.rows for c in row.cells)
    assert "Yttrande" in header_text and "2020-02-14 Dnr: 19RS10445" in " ".join(header_text.split())
