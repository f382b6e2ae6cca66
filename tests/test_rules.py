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
    edit(minimal, PROJ, "belopp: [200000, 300000]\n      totalt: 500000",
         "belopp: [200000, 300000]\n      totalt: 510000")
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


def test_pg512_silent_when_a_list_of_dates_gives_the_year_once(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om",
         "Styrgruppen möts den 3 mars, den 7 april och den 5 maj 2021. Uppstart 1 juni, sedan 8 juni. "
         "Testkommunen ansöker om")
    # The enumeration ending in "5 maj 2021" is complete; "1 juni, sedan 8 juni" is not a list ending in a year.
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG512")] == [
        "warning[PG512]: datumet '1 juni' saknar årtal; skriv t.ex. '1 juni 2021'",
        "warning[PG512]: datumet '8 juni' saknar årtal; skriv t.ex. '8 juni 2021'"]


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


YTTRANDE = f"{MEETING}/yttranden/02-regional-plan.md"


def test_pg516_a_paper_before_the_meeting_says_the_body_has_decided(minimal: Path) -> None:
    edit(minimal, BUDGET, "Två punkter till:", "Budgeten är antagen av Kommunstyrelsen. Två punkter till:")
    assert codes(minimal, "PG516") == [
        f"{BUDGET}:46:1: warning[PG516]: texten säger att Kommunstyrelsen redan har beslutat: 'Budgeten är antagen "
        "av Kommunstyrelsen', men ärende 1 avgörs först på sammanträdet 2021-03-12; skriv att nämnden föreslås besluta"]


@pytest.mark.parametrize("sentence", [
    "Kommunstyrelsen har tidigare beslutat om budgeten.",  # an earlier decision, said so
    "Kommunstyrelsen beslutade 2020-11-02 § 4 om budgetramen.",  # dated and numbered
    "För 2020 har kommunstyrelsen fattat beslut om en budget.",  # another year's decision
    "Kommunstyrelsen har beslutat om simhallens öppettider.",  # another matter
    "Kommunstyrelsen föreslås anta budgeten.",  # what a PM should say
])
def test_pg516_history_and_proposals_are_silent(minimal: Path, sentence: str) -> None:
    edit(minimal, BUDGET, "Två punkter till:", f"{sentence} Två punkter till:")
    assert codes(minimal, "PG516") == []


def test_pg516_only_a_yttrande_dated_before_the_meeting(minimal: Path) -> None:
    edit(minimal, YTTRANDE, "Kommunen tillstyrker planen.", "Kommunstyrelsen har beslutat att tillstyrka planen.")
    assert codes(minimal, "PG516") == []  # dated the meeting day: the adopted answer may say so
    edit(minimal, YTTRANDE, "datum: 2021-03-12", "datum: 2021-03-01")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG516")] == [
        "warning[PG516]: texten säger att Kommunstyrelsen redan har beslutat: 'Kommunstyrelsen har beslutat att "
        "tillstyrka planen', men yttrandet är daterat 2021-03-01 och ärende 2 avgörs först på sammanträdet "
        "2021-03-12; skriv att nämnden föreslås besluta"]


def test_pg525_reference_to_the_pm_by_another_title(minimal: Path) -> None:
    edit(minimal, BUDGET, "beslutsunderlag:\n  - Tjänsteskrivelse 2021-03-01\npm:",
         "beslutsunderlag:\n  - FöredragningsPM kommunstyrelsen 210312, Budget 2022 för Idrott & Fritid\npm:")
    assert codes(minimal, "PG525") == [
        f"{BUDGET}:13:5: warning[PG525]: beslutsunderlaget kallar föredragnings-PM:et 'Budget 2022 för Idrott & "
        "Fritid', men dess rubrik är 'Budget 2022 för Kultur & Fritid <utkast>' ('Idrott' står inte i rubriken)"]


def test_pg525_a_shortened_or_inflected_title_is_silent(minimal: Path) -> None:
    edit(minimal, BUDGET, "beslutsunderlag:\n  - Tjänsteskrivelse 2021-03-01\npm:",
         "beslutsunderlag:\n  - FöredragningsPM kommunstyrelsen 210312, Budgeten Kultur och fritid\npm:")
    assert codes(minimal, "PG525") == []


def _delegationsbeslut(root: Path, rubrik: str, entry: str) -> None:
    """Item 3 reports a delegationsbeslut, listed in its beslutsunderlag as `entry`."""
    (root / MEETING / "delegationsbeslut").mkdir()
    (root / MEETING / "delegationsbeslut" / "KS2021-40.md").write_text(
        f"---\ndiarienummer: KS 2021/40\ndatum: 2021-02-01\nrubrik: {rubrik}\n---\nBeslutet gäller Testbanan.\n",
        encoding="utf-8")
    edit(root, PROJ, "  - Projektbeskrivning Testbanan\n",
         f"  - Projektbeskrivning Testbanan\n  - {entry}\ndelegationsbeslut:\n  - delegationsbeslut/KS2021-40.md\n")


def test_pg525_delegationsbeslut_under_another_title(minimal: Path) -> None:
    _delegationsbeslut(minimal, "Medfinansiering av förstudie Testbanan",
                       "Delegationsbeslut Medfinansiering projekt Testleden")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG525")] == [
        "warning[PG525]: beslutsunderlaget kallar delegationsbeslut KS 2021/40 'Medfinansiering projekt Testleden', "
        "men dess rubrik är 'Medfinansiering av förstudie Testbanan' ('projekt', 'Testleden' står inte i rubriken)"]


def test_pg525_delegationsbeslut_with_a_typo_is_left_to_the_spelling_rule(minimal: Path) -> None:
    _delegationsbeslut(minimal, "Medfinansiering av projekt Testbanan", "Delegationsbeslut Medfinasiering Testbanan")
    assert codes(minimal, "PG525") == []


def test_pg537_private_money_under_the_public_heading(minimal: Path) -> None:
    edit(minimal, PROJ, "        - finansiar: Regionen", "        - finansiar: Deltagaravgifter")
    assert codes(minimal, "PG537") == [
        f"{PROJ}:43:22: warning[PG537]: ärende 3: 'Deltagaravgifter' står under 'Offentlig finansiär', men "
        "deltagaravgifter är inte offentlig finansiering; för upp raden under privat finansiering (eller som intäkt)"]


def test_pg537_public_bodies_under_the_private_heading(minimal: Path) -> None:
    edit(minimal, PROJ, "    - grupp: Offentlig finansiär", "    - grupp: Privat finansiär")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG537")] == [
        "warning[PG537]: ärende 3: 'Testkommunen 1:1' står under 'Privat finansiär', men det är en offentlig "
        "finansiär; för upp raden under offentlig finansiering",
        "warning[PG537]: ärende 3: 'Regionen' står under 'Privat finansiär', men det är en offentlig finansiär; "
        "för upp raden under offentlig finansiering"]


def test_pg537_a_company_is_not_judged_by_its_name(minimal: Path) -> None:
    # Almi and the science parks are owned by the state and the regions: an AB may be public.
    edit(minimal, PROJ, "        - finansiar: Regionen", "        - finansiar: Almi Företagspartner Mälardalen AB")
    assert codes(minimal, "PG537") == []


def test_pg538_required_pm_sections_from_the_project_file(minimal: Path) -> None:
    (minimal / "papergen.yaml").write_text(
        "pm_avsnitt:\n  beslut: [Sammanfattning, Ärendebeskrivning, Ekonomiska konsekvenser]\n", encoding="utf-8")
    assert codes(minimal, "PG538") == [
        f"{BUDGET}:15:3: warning[PG538]: PM:et i ärende 1 saknar avsnittet 'Ärendebeskrivning'; papergen.yaml "
        "(pm_avsnitt) kräver Sammanfattning, Ärendebeskrivning, Ekonomiska konsekvenser för ärenden av typen 'beslut'"]
    (minimal / "papergen.yaml").write_text("pm_avsnitt:\n  anmalan: [Sammanfattning, Bedömning]\n", encoding="utf-8")
    assert codes(minimal, "PG538") == []  # item 1 is a 'beslut': the default, Sammanfattning, holds


def test_pg538_an_order_of_the_projects_own(minimal: Path) -> None:
    (minimal / "papergen.yaml").write_text(
        "pm_avsnitt:\n  beslut: [Ekonomiska konsekvenser, Sammanfattning]\n", encoding="utf-8")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG538")] == [
        "warning[PG538]: avsnittet 'Ekonomiska konsekvenser' står efter 'Sammanfattning'; papergen.yaml (pm_avsnitt) "
        "kräver Ekonomiska konsekvenser, Sammanfattning för ärenden av typen 'beslut', i den ordningen"]


def test_pg538_default_requires_a_sammanfattning(minimal: Path) -> None:
    edit(minimal, BUDGET, "## Sammanfattning", "## Ärendebeskrivning")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG538")] == [
        "warning[PG538]: PM:et i ärende 1 saknar avsnittet 'Sammanfattning'; ett PM i ett ärende av typen 'beslut' "
        "ska ha Sammanfattning"]


def test_pm_avsnitt_is_validated_with_located_diagnostics(minimal: Path) -> None:
    (minimal / "papergen.yaml").write_text(
        "pm_avsnitt:\n  beslutsarende: [Sammanfattning]\n  beslut: [Sammanfattning, Bakgrund, Sammanfattning]\n",
        encoding="utf-8")
    assert check_minimal(minimal) == [
        "papergen.yaml:2:3: error[PG103]: okänd nyckel 'beslutsarende'; menade du 'beslut'? Tillåtna här: beslut, "
        "information, anmalan, presentation"]
    (minimal / "papergen.yaml").write_text(
        "pm_avsnitt:\n  beslut: [Sammanfattning, Bakgrund, Sammanfattning]\n", encoding="utf-8")
    assert check_minimal(minimal) == [
        "papergen.yaml:2:28: error[PG105]: 'Bakgrund' är ingen av föredragnings-PM:ets standardrubriker: "
        "Sammanfattning, Ärendebeskrivning, Beredning, Bedömning, Konsekvenser för miljö-, barn- och "
        "jämställdhetsperspektiven, Ekonomiska konsekvenser, Uppföljning",
        "papergen.yaml:2:38: error[PG105]: avsnittet 'Sammanfattning' står två gånger i pm_avsnitt för 'beslut'"]


def test_pg553_a_person_with_a_misspelt_address(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "      namn: Eva Sekreterare",
         "      namn: Eva Sekreterare\n      epost: eva.sekreterare@testkommunen.se")
    edit(minimal, f"{MEETING}/meeting.yaml", "  - Meddela förhinder till sekreteraren.",
         "  - Meddela förhinder till sekreteraren Eva Sekreterare, e-post eva.sekreterare@testkommunen.se.")
    assert codes(minimal, "PG553") == []
    edit(minimal, f"{MEETING}/meeting.yaml", "e-post eva.sekreterare@", "e-post eva.sekreterar@")
    assert codes(minimal, "PG553") == [
        f"{MEETING}/meeting.yaml:8:5: warning[PG553]: e-postadressen 'eva.sekreterar@testkommunen.se' för Eva "
        "Sekreterare skiljer sig från 'eva.sekreterare@testkommunen.se' (content/organisation.yaml:24); kontrollera "
        "vilken som är rätt"]


def test_pg553_a_domain_a_letter_off_and_different_mailboxes(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om",
         "Frågor till kommun@testkommunen.s eller info@regionen.se. Testkommunen ansöker om")
    assert [line.split(": ", 1)[1] for line in codes(minimal, "PG553")] == [
        "warning[PG553]: e-postadressen 'kommun@testkommunen.s' skiljer sig från 'kommun@testkommunen.se' "
        "(content/organisation.yaml:6); kontrollera vilken som är rätt"]
    edit(minimal, PROJ, "kommun@testkommunen.s ", "kansli@testkommunen.se ")
    assert codes(minimal, "PG553") == []  # another mailbox of the same organisation


def test_pg553_an_address_after_another_clause_is_not_the_persons(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "      namn: Eva Sekreterare",
         "      namn: Eva Sekreterare\n      epost: eva.sekreterare@testkommunen.se")
    edit(minimal, f"{MEETING}/meeting.yaml", "  - Meddela förhinder till sekreteraren.",
         "  - Meddela förhinder till Eva Sekreterare eller till kansliet@testkommunen.se.")
    assert codes(minimal, "PG553") == []


def test_pg539_link_text_that_does_not_say_where_it_goes(minimal: Path) -> None:
    edit(minimal, PROJ, "## Sammanfattning\n\n",
         "## Sammanfattning\n\nAnsökan finns [här](https://example.se/ansokan). Se också "
         "[projektets ansökan](https://example.se/ansokan).\n\n- [Läs mer.](https://example.se/mer)\n\n")
    found = [d for d in check_minimal(minimal) if "PG539" in d]
    assert found == [
        f"{PROJ}:52:1: warning[PG539]: länktexten 'här' säger inte vart länken går (https://example.se/ansokan); "
        "skriv vad läsaren hittar där, t.ex. '[Regionens remissvar](https://example.se/ansokan)'",
        f"{PROJ}:54:1: warning[PG539]: länktexten 'Läs mer.' säger inte vart länken går (https://example.se/mer); "
        "skriv vad läsaren hittar där, t.ex. '[Regionens remissvar](https://example.se/mer)'"]
