"""A body's practice as data (organisation.yaml): titles, agenda name and sections, § format, kortnamn,
items without a §, beslut without förslag, and a § worded for the protokoll alone.

Defaults are today's papers (tests/test_golden.py holds them byte for byte).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import check_minimal
from docx import Document
from test_protokoll import MEETING, RECORD, write_record

from papergen import api
from papergen.model.praxis import DEFAULT, bestamd_form, praxis
from papergen.model.schema import Handlingar, Organ, Organisation, Paragrafnummer
from papergen.publish import publish

ORG = "content/organisation.yaml"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(root: Path) -> dict[str, str]:
    report = api.build(root, root / "content" / MEETING, out_root=root / "out", formats=("md",))
    assert not report.blocked, [d.message for d in report.diagnostics]
    return {p.name: p.read_text(encoding="utf-8") for p in report.written if p.suffix == ".md"}


# --- resolving: organ over organisation over default, key by key --------------------------------

def _organ(**extra: object) -> Organ:
    return Organ.model_validate({"id": "ks", "namn": "Kommunstyrelsen", "ledamoter": [{"namn": "A"}], **extra})


def test_organ_keys_win_over_the_organisations_and_unset_keys_keep_the_default() -> None:
    org = Organisation.model_validate({
        "namn": "Kommunen", "organ": [], "handlingar": {"foredragningslista": "Dagordning", "pm": "Tjänsteskrivelse"},
        "paragrafnummer": {"prefix": "KS §"}} | {"organ": [{"id": "x", "namn": "X", "ledamoter": [{"namn": "A"}]}]})
    organ = _organ(handlingar={"pm": "Beslutsunderlag"}, paragrafnummer={"arssuffix": True}, kortnamn="styrelsen")
    pr = praxis(org, organ)
    assert pr.handlingar == Handlingar(foredragningslista="Dagordning", pm="Beslutsunderlag")
    assert pr.paragrafnummer == Paragrafnummer(prefix="KS §", arssuffix=True)
    assert pr.listan == "dagordningen" and pr.kortnamn == "styrelsen"
    assert praxis(Organisation.model_validate({"namn": "K", "organ": [{"id": "x", "namn": "X",
                                                                         "ledamoter": [{"namn": "A"}]}]}),
                  _organ()) == DEFAULT


@pytest.mark.parametrize(("namn", "bestamd"), [
    ("Föredragningslista", "föredragningslistan"),  # the default, as every diagnostic said it
    ("Dagordning", "dagordningen"),  # Region Gävleborg's utskott (seed 000)
    ("Ärendelista", "ärendelistan"),
])
def test_the_agendas_definite_form(namn: str, bestamd: str) -> None:
    assert bestamd_form(namn) == bestamd


@pytest.mark.parametrize(("nummer", "prefix", "suffix", "one", "many"), [
    ({}, "§", False, "§ 7", "§§ 1–3, 5"),  # the default
    ({"prefix": "KS §"}, "KS §", False, "KS § 7", "KS §§ 1–3, 5"),  # a kommunstyrelse's own series
    ({"arssuffix": True}, "§", True, "§ 7/20", "§§ 1–3, 5/20"),  # "§ 63/20": the year after each number
    ({"prefix": "Paragraf", "prefix_flera": "Paragraferna"}, "", False, "Paragraf 7", "Paragraferna 1–3, 5"),
])
def test_paragraf_format(nummer: dict[str, object], prefix: str, suffix: bool, one: str, many: str) -> None:
    org = Organisation.model_validate({"namn": "K", "organ": [{"id": "x", "namn": "X", "ledamoter": [{"namn": "A"}]}]})
    pr = praxis(org, _organ(paragrafnummer=nummer))
    assert pr.paragraf(7, dt.date(2020, 2, 14)) == one
    assert pr.paragrafer([5, 1, 2, 3], dt.date(2020, 2, 14)) == many
    assert pr.paragrafer([7], dt.date(2020, 2, 14)) == one


# --- the papers in the body's words -------------------------------------------------------------

def test_a_body_with_its_own_words_numbers_and_sections(minimal: Path) -> None:
    _edit(minimal, ORG, "    namn: Kommunstyrelsen\n", """    namn: Kommunstyrelsen
    kortnamn: styrelsen
    handlingar:
      kallelse: Kallelse och dagordning
      foredragningslista: Dagordning
      protokoll: Sammanträdesprotokoll
      protokollsutdrag: Utdrag ur protokoll
    paragrafnummer:
      prefix: KS §
      arssuffix: true
    avsnitt:
      - rubrik: Beslutsärenden
        typer: [beslut, anmalan]
      - rubrik: Informationsärenden
        typer: [information, presentation]
""")
    write_record(minimal)
    papers = _build(minimal)
    kallelse = papers["kallelse.md"]
    assert kallelse.startswith("# Kallelse och dagordning\n")
    assert "\n# Dagordning\n\n## Beslutsärenden\n\n## 1. Budget 2022" in kallelse
    assert kallelse.count("## Beslutsärenden") == 1 and "Informationsärenden" not in kallelse  # no such items
    protokoll = papers["protokoll.md"]
    assert protokoll.startswith("# Sammanträdesprotokoll\n")
    assert "- Paragrafer: KS §§ 1–3/21" in protokoll and "# KS § 2/21 Svar på remiss" in protokoll
    assert "## Anslag/bevis: Protokollet, KS §§ 1–3/21" in protokoll
    assert "beslutar styrelsen enligt förslaget." in protokoll and "Styrelsen godkänner" in protokoll
    assert papers["protokollsutdrag-02.md"].startswith("# Utdrag ur protokoll\n")
    assert "## Anslag/bevis: KS § 2/21" in papers["protokollsutdrag-02.md"]
    # The Word files place the same words (headers and titles included).
    report = api.build(minimal, minimal / "content" / MEETING, out_root=minimal / "docx", formats=("docx",))
    word = {p.stem: p for p in report.written if p.suffix == ".docx"}
    kallelse_docx = Document(str(word["kallelse"]))
    texts = [para.text for para in kallelse_docx.paragraphs]
    assert texts[0] == "Kallelse och dagordning" and "Dagordning" in texts and "Beslutsärenden" in texts
    assert texts.index("Beslutsärenden") == texts.index("Dagordning") + 1
    header = "".join(c.text for t in kallelse_docx.sections[0].header.tables for r in t.rows for c in r.cells)
    assert "Kallelse och dagordning" in header
    protokoll_docx = [para.text for para in Document(str(word["protokoll"])).paragraphs]
    assert "Sammanträdesprotokoll" in protokoll_docx
    assert "KS §\u00a02/21\tSvar på remiss om regional plan" in protokoll_docx  # § and number kept together


def test_meeting_sections_by_item_number_win_over_the_bodys(minimal: Path) -> None:
    _edit(minimal, f"content/{MEETING}/meeting.yaml", "plats: Sessionssalen\n", """plats: Sessionssalen
avsnitt:
  - rubrik: Ärenden för beslut
    arenden: [1, 2]
  - rubrik: Övriga ärenden
    arenden: [3]
""")
    kallelse = _build(minimal)["kallelse.md"]
    assert "## Ärenden för beslut\n\n## 1. Budget" in kallelse
    assert "## Övriga ärenden\n\n## 3. Medfinansiering" in kallelse
    assert kallelse.index("## 2. Svar på remiss") < kallelse.index("## Övriga ärenden")


def test_a_section_naming_an_item_not_on_the_agenda_is_located(minimal: Path) -> None:
    _edit(minimal, ORG, "    namn: Kommunstyrelsen\n",
          "    namn: Kommunstyrelsen\n    handlingar:\n      foredragningslista: Dagordning\n")
    _edit(minimal, f"content/{MEETING}/meeting.yaml", "plats: Sessionssalen\n",
          "plats: Sessionssalen\navsnitt:\n  - rubrik: Beslut\n    arenden: [1, 9]\n")
    assert check_minimal(minimal)[:1] == [
        f"content/{MEETING}/meeting.yaml:9:18: error[PG210]: ärende 9 i avsnittet 'Beslut' finns inte på "
        "dagordningen (ärenden: 1, 2, 3)"]


def test_diagnostics_name_the_agenda_and_the_body_as_the_body_does(minimal: Path) -> None:
    _edit(minimal, ORG, "    namn: Kommunstyrelsen\n",
          "    namn: Kommunstyrelsen\n    kortnamn: styrelsen\n    handlingar:\n      foredragningslista: Dagordning\n")
    write_record(minimal, RECORD.replace("  - arende: 3\n    beslut: enligt_forslaget\n", ""))
    _edit(minimal, f"content/{MEETING}/arenden/03-projekt.md", "## Sammanfattning\n",
          "## Sammanfattning\n\nStyrelsen har beviljat projektet medfinansiering.\n\n")
    found = check_minimal(minimal)
    assert any("varje ärende på dagordningen ska ha ett beslut" in line for line in found)
    pg516 = [line for line in found if "PG516" in line]
    assert pg516 and pg516[0].endswith("skriv att styrelsen föreslås besluta")


# --- agenda structure ---------------------------------------------------------------------------

def test_an_item_without_a_paragraf_and_a_beslut_without_forslag(minimal: Path) -> None:
    # "Upprop" gets no §; "Val av justerare" has no förslag: its beslut is the protokoll's.
    (minimal / "content" / MEETING / "arenden" / "04-upprop.md").write_text(
        "---\nnummer: 4\nrubrik: Upprop\ntyp: information\nparagraf: false\n---\n", encoding="utf-8")
    (minimal / "content" / MEETING / "arenden" / "05-val-av-justerare.md").write_text(
        "---\nnummer: 5\nrubrik: Val av justerare\ntyp: beslut\n---\n", encoding="utf-8")
    write_record(minimal, RECORD + """  - arende: 5
    text:
      - Ordföranden föreslår Bertil Vice.
    beslut:
      att_satser:
        - utse Bertil Vice att jämte ordföranden justera dagens protokoll.
""")
    assert [line for line in check_minimal(minimal) if "error" in line] == []
    papers = _build(minimal)
    assert "## 4. Upprop" in papers["kallelse.md"] and "## 5. Val av justerare" in papers["kallelse.md"]
    assert "Ordföranden föreslår" not in papers["kallelse.md"]  # the § text is the protokoll's alone
    protokoll = papers["protokoll.md"]
    assert "- Paragrafer: §§ 1–4" in protokoll and "Upprop" not in protokoll
    par = protokoll[protokoll.index("# § 4 Val av justerare"):]
    assert "Ordföranden föreslår Bertil Vice.\n" in par
    assert "Beslutet avviker" not in par and "Förslag till beslut" not in par
    assert "att utse Bertil Vice att jämte ordföranden justera dagens protokoll." in par


def test_a_paragraf_for_an_item_without_one_is_an_error(minimal: Path) -> None:
    _edit(minimal, f"content/{MEETING}/arenden/03-projekt.md", "typ: beslut\n", "typ: beslut\nparagraf: false\n")
    write_record(minimal)
    assert [line for line in check_minimal(minimal) if "PG210" in line] == [
        f"content/{MEETING}/protokoll.yaml:42:13: error[PG210]: ärende 3 'Medfinansiering av projekt Testbanan' "
        f"får ingen paragraf ('paragraf: false' i content/{MEETING}/arenden/03-projekt.md); ta bort det ur "
        "protokollet eller ta bort 'paragraf: false'"]


@pytest.mark.parametrize(("beslut", "avviker"), [
    ("enligt_forslaget", False),
    ("{att_satser: [\"anta budgeten om 2 000 000 kronor för \\\"Kultur & Fritid\\\", samt\", "
     "\"ge förvaltningen i uppdrag att följa upp den den 14 februari 2022.\"]}", False),  # the förslag's words
    ("{att_satser: [anta budgeten.]}", True),
    ("aterremiss", True),
])
def test_beslutet_avviker_only_where_the_beslut_differs_from_a_forslag(minimal: Path, beslut: str,
                                                                      avviker: bool) -> None:
    write_record(minimal, RECORD.replace("  - arende: 1\n    beslut: enligt_forslaget\n",
                                         f"  - arende: 1\n    beslut: {beslut}\n"))
    protokoll = _build(minimal)["protokoll.md"]
    par = protokoll[protokoll.index("# § 1 "):protokoll.index("# § 2 ")]
    assert ("Beslutet avviker från förslaget till beslut." in par) is avviker


def test_publish_finds_each_paragraf_by_the_bodys_own_number(minimal: Path) -> None:
    # The public set looks a § up by its printed number; "KS § 2/21" must be found as such.
    _edit(minimal, ORG, "    namn: Kommunstyrelsen\n",
          "    namn: Kommunstyrelsen\n    paragrafnummer:\n      prefix: KS §\n      arssuffix: true\n")
    _edit(minimal, f"content/{MEETING}/arenden/03-projekt.md", "typ: beslut\n",
          "typ: beslut\nsekretess:\n  osl: 31 kap. 16 § OSL\n")
    write_record(minimal)
    report = publish(minimal, minimal / "content" / MEETING, out_root=minimal / "out", formats=("md",))
    assert not report.blocked
    public = (minimal / "out" / MEETING / "publik" / "protokoll.md").read_text(encoding="utf-8")
    par = public[public.index("# KS § 3/21 Medfinansiering av projekt Testbanan"):]
    assert "## Sammanfattning" not in par and "## Förslag till beslut" not in par  # cut down: it was found
