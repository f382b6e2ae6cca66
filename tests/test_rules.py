"""Content rules: each fires on a minimal mistake; the clean fixture keeps all of them silent.

The fixture (tests/projects/minimal) is consistent on purpose, so
test_diagnostics_input.test_minimal_fixture_is_clean is the "stays silent"
half of every rule below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import check_minimal
from test_diagnostics_input import MEETING, edit

PROJ = f"{MEETING}/arenden/03-projekt.md"
BUDGET = f"{MEETING}/arenden/01-budget.md"


def codes(root: Path, code: str) -> list[str]:
    return [line for line in check_minimal(root) if f"[{code}]" in line]


def test_pg501_row_total(minimal: Path) -> None:
    edit(minimal, PROJ, "belopp: [200000, 300000]\n      totalt: 500000", "belopp: [200000, 300000]\n      totalt: 510000")
    assert codes(minimal, "PG501") == [
        f"{PROJ}:30:15: error[PG501]: ärende 3: raden 'Egen personal' summerar till 500 000 kronor "
        "(200 000 + 300 000), men Totalt är 510 000 kronor"]


def test_pg502_column_and_pg503_balance(minimal: Path) -> None:
    edit(minimal, PROJ, "          belopp: [100000, 200000]\n          totalt: 300000\n        - finansiar: Regionen",
         "          belopp: [90000, 210000]\n          totalt: 300000\n        - finansiar: Regionen")
    assert codes(minimal, "PG502") == [
        f"{PROJ}:47:14: error[PG502]: ärende 3: finansiering 2021 summerar till 190 000 kronor, men Summa "
        "finansiering 2021 är 200 000 kronor",
        f"{PROJ}:47:22: error[PG502]: ärende 3: finansiering 2022 summerar till 410 000 kronor, men Summa "
        "finansiering 2022 är 400 000 kronor"]
    edit(minimal, PROJ, "  summa_finansiering:\n    belopp: [200000, 400000]",
         "  summa_finansiering:\n    belopp: [200000, 390000]")
    assert any("Summa finansiering 2022 är 390 000 kronor men Summa bokförda kostnader 2022 är 400 000 kronor"
               in line for line in codes(minimal, "PG503"))


def test_pg504_cap_binds_before_the_share(minimal: Path) -> None:
    edit(minimal, PROJ, "  andel_procent: 50", "  andel_procent: 55")
    assert codes(minimal, "PG504") == [
        f"{PROJ}:20:18: warning[PG504]: ärende 3: 55 procent av de bokförda kostnaderna (600 000 kronor) är "
        "330 000 kronor, men taket är 300 000 kronor; den faktiska andelen blir 50,0 procent, inte 55 procent"]


def test_pg504_grantor_row_differs_from_cap(minimal: Path) -> None:
    edit(minimal, PROJ, "  hogst_belopp: 300000", "  hogst_belopp: 350000")
    found = codes(minimal, "PG504")
    assert f"{PROJ}:21:17: warning[PG504]: ärende 3: beslutet beviljar högst 350 000 kronor, men budgetens rad " \
           "'Testkommunen 1:1' upptar 300 000 kronor" in found


def test_pg507_percent_in_text(minimal: Path) -> None:
    edit(minimal, PROJ, "vilket är 50 procent av 600 000 kronor", "vilket är 45 procent av 600 000 kronor")
    assert codes(minimal, "PG507") == [
        f"{PROJ}:52:1: warning[PG507]: texten säger '45 procent', men beloppen i samma stycke stämmer inte: "
        "300 000 kronor av 600 000 kronor är 50,0 procent"]


def test_pg505_frame(minimal: Path) -> None:
    edit(minimal, BUDGET, "    - ge förvaltningen i uppdrag att följa upp den den 14 februari 2022.",
         "    - avsätta 600 000 kronor till biblioteket samt\n    - avsätta 500 000 kronor till simhallen.")
    edit(minimal, BUDGET, "Två punkter till:", "Medlen för kultur, totalt 3 000 000 kronor, fördelas så.")
    found = codes(minimal, "PG505")
    assert len(found) == 1 and "att-satserna avsätter sammanlagt 3 100 000 kronor (2 000 000 + 600 000 + " \
                               "500 000), men texten anger ramen 3 000 000 kronor" in found[0]


def test_pg506_spreadsheet_error(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om", "Andelen är #DIVISION/0! och Testkommunen ansöker om")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG506")] == [
        "error[PG506]: felvärdet '#DIVISION/0!' från ett kalkylblad står i texten; för in det riktiga värdet"]


def test_pg511_pm_reference_with_another_date(minimal: Path) -> None:
    edit(minimal, BUDGET, "beslutsunderlag:\n  - Tjänsteskrivelse 2021-03-01\npm:",
         "beslutsunderlag:\n  - FöredragningsPM kommunstyrelsen 210211, Budget\npm:")
    assert codes(minimal, "PG511") == [
        f"{BUDGET}:13:5: error[PG511]: beslutsunderlaget hänvisar till föredragnings-PM:et med datumet "
        "'210211' (2021-02-11), men sammanträdet är 2021-03-12 (210312)"]


def test_pg512_date_without_year(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om", "Ansökan kom in den 3 mars. Testkommunen ansöker om")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG512")] == [
        "warning[PG512]: datumet '3 mars' saknar årtal; skriv t.ex. '3 mars 2021'"]


def test_pg513_and_pg514_period(minimal: Path) -> None:
    edit(minimal, PROJ, "    fran: 2021-04-01\n    till: 2022-12-31", "    fran: 2021-01-01\n    till: 2023-06-30")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG513")] == [
        "warning[PG513]: ärende 3: projektperioden 2021-01-01–2023-06-30 omfattar 2021, 2022, 2023, men budgeten "
        "har åren 2021, 2022"]
    assert len(codes(minimal, "PG514")) == 1


def test_pg515_justering_too_late(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "senast: 2021-03-19", "senast: 2021-03-29")
    assert codes(minimal, "PG515") == [
        f"{MEETING}/meeting.yaml:11:11: error[PG515]: protokollet ska justeras senast 14 dagar efter "
        "sammanträdet (26 mars 2021), men justeringen är satt till 2021-03-29"]


def test_pg521_name_and_former_name(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "    namn: Kommunstyrelsen\n",
         "    namn: Kommunstyrelsen\n    tidigare_namn:\n      - namn: Kommunens styrelse\n        till: 2020-12-31\n")
    edit(minimal, BUDGET, "  inledning: Kommunstyrelsen beslutar", "  inledning: Kommunens styrelse beslutar")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG521")] == [
        "warning[PG521]: inledningen 'Kommunens styrelse beslutar': 'Kommunens styrelse' var organets namn till "
        "2020-12-31; den 2021-03-12 heter det 'Kommunstyrelsen'; skriv 'Kommunstyrelsen beslutar'"]


def test_pg521_former_name_valid_on_an_old_date_is_silent(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "    namn: Kommunstyrelsen\n",
         "    namn: Kommunstyrelsen\n    tidigare_namn:\n      - namn: Kommunens styrelse\n        till: 2021-12-31\n")
    edit(minimal, BUDGET, "  inledning: Kommunstyrelsen beslutar", "  inledning: Kommunens styrelse beslutar")
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "  inledning: Kommunstyrelsen beslutar",
         "  inledning: Kommunens styrelse beslutar")
    edit(minimal, PROJ, "  inledning: Kommunstyrelsen beslutar", "  inledning: Kommunens styrelse beslutar")
    # The lead-ins use the name in force on the meeting date; the PM's Organ field does not.
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG521")] == [
        "warning[PG521]: PM:ets fält Organ: organets namn är 'Kommunens styrelse', inte 'Kommunstyrelsen'"]


def test_pg522_agenda_and_pm_differ_with_word_diff(minimal: Path) -> None:
    edit(minimal, BUDGET, "  skickas_till:", "  forslag_till_beslut:\n    inledning: Kommunstyrelsen beslutar\n"
         "    att_satser:\n      - anta budgeten om 2 500 000 kronor för \"Kultur & Fritid\", samt\n"
         "      - ge förvaltningen i uppdrag att följa upp den den 14 februari 2022.\n  skickas_till:")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG522")] == [
        "warning[PG522]: förslaget till beslut skiljer sig mellan föredragningslistan och PM:et i att-sats 1: "
        "anta budgeten om [-2 000 000-] {+2 500 000+} kronor för \"Kultur & …"]


def test_pg523_signatory_title(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "    sekreterare:",
         "    signatarer:\n      - namn: Gustav Chef\n        titel: Kommundirektör\n    sekreterare:")
    assert codes(minimal, "PG523") == []
    edit(minimal, BUDGET, "    titel: Kommundirektör", "    titel: Förvaltningschef")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG523")] == [
        "warning[PG523]: PM:et i ärende 1 undertecknas av Gustav Chef som 'Förvaltningschef', men "
        "organisationsfilen anger 'Kommundirektör'"]


def test_pg524_duplicate_attachment_titles(minimal: Path) -> None:
    edit(minimal, PROJ, "  - Projektbeskrivning Testbanan\n",
         "  - Bilaga 1 - Skrivelse\n  - Bilaga 2 - Skrivelse\n")
    assert len(codes(minimal, "PG524")) == 1


def test_pg531_pg532_pg533(minimal: Path) -> None:
    edit(minimal, PROJ, "  inledning: Kommunstyrelsen beslutar\n", "")
    edit(minimal, BUDGET, "  tjanstestalle: Ekonomi\n", "")
    edit(minimal, BUDGET, "  beslutsunderlag:\n    - Tjänsteskrivelse 2021-03-01\n  underskrift:", "  underskrift:")
    assert [line.split(": ", 1)[1] for line in check_minimal(minimal) if "[PG53" in line] == [
        "warning[PG532]: PM:ets huvud i ärende 1 saknar tjänsteställe; papergen fyller i Dnr, datum och organ "
        "från ärendet men tjänsteställe och handläggare måste anges",
        "warning[PG533]: PM:et i ärende 1 saknar avsnittet Beslutsunderlag (föredragningslistan anger 1 underlag)",
        "warning[PG531]: förslaget till beslut i ärende 3 saknar inledningen 'Kommunstyrelsen beslutar' före "
        "att-satserna"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("beslutet:\"", "beslutet.\"", "sista att-satsen ska sluta med ':': '…lkor gäller för beslutet.'"),
    ("2022-12-31 samt", "2022-12-31,", "näst sista att-satsen ska sluta med 'samt': '…slutas senast 2022-12-31,'"),
    ("projekt Testbanan,", "projekt Testbanan", "att-satsen ska sluta med ',': '…nor för projekt Testbanan'"),
])
def test_pg534_att_sats_endings(minimal: Path, old: str, new: str, message: str) -> None:
    edit(minimal, PROJ, old, new)
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG534")] == [f"info[PG534]: {message}"]


def test_pg535_series_and_pg536_empty_heading(minimal: Path) -> None:
    edit(minimal, PROJ, "## Sammanfattning\n", "## Sammanfattning\n\nSteg 1: start.\n\nSteg 3: slut.\n\n")
    (minimal / PROJ).write_text((minimal / PROJ).read_text(encoding="utf-8") + "\n### Tom\n", encoding="utf-8")
    assert [line.split(": ", 1)[1] for line in check_minimal(minimal) if "[PG53" in line] == [
        "warning[PG535]: 'Steg 3' följer efter 'Steg 1'; väntade 'Steg 2'",
        "warning[PG536]: rubriken 'Tom' har ingen text under sig"]


def test_pg541_pg542_remissvar(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/yttranden/02-regional-plan.md", "datum: 2021-03-12\n", "")
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "  svar_senast: 2021-04-01", "  svar_senast: 2021-03-01")
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "  diarienummer: RS 2021/5\n", "")
    assert [line.split(": ", 1)[1] for line in check_minimal(minimal) if "[PG54" in line] == [
        "error[PG541]: Regionen ber att deras diarienummer anges på yttrandet, men remissens 'diarienummer' saknas",
        "error[PG542]: svaret ska vara Regionen till handa senast 2021-03-01, men nämnden beslutar först 2021-03-12",
        "error[PG541]: yttrandet saknar datum"]


@pytest.mark.skipif(shutil.which("hunspell") is None, reason="hunspell with hunspell-sv is not installed")
def test_pg551_spelling_with_the_organisations_word_list(minimal: Path) -> None:
    edit(minimal, PROJ, "  - Projektbeskrivning Testbanan", "  - Projektbeskrivnig Testbanan")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG551")] == [
        "warning[PG551]: 'Projektbeskrivnig' finns varken i den svenska ordlistan eller i content/ordlista.txt; "
        "menade du 'Projektbeskrivning' eller 'Objektbeskrivning' eller 'Objektsbeskrivning'?"]
    (minimal / "content" / "ordlista.txt").write_text("Projektbeskrivnig\n", encoding="utf-8")
    assert codes(minimal, "PG551") == []


def test_pg550_without_hunspell_says_so(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("papergen.rules.text.shutil.which", lambda name: None)
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG550")] == [
        "warning[PG550]: stavningen kontrollerades inte: hunspell med svensk ordlista saknas "
        "(apt-get install hunspell hunspell-sv)"]


def test_pg552_replacement_character(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om", "Testkommunen ans¤ker om")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG552")] == [
        "error[PG552]: tecknet '¤' står där ett tecken har gått förlorat: '…estkommunen ans¤ker om 300 000 …'"]
