"""Issue 19: rules over all outgoing text of an ärende; each fires on a minimal mistake and stays silent otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import check_minimal
from test_diagnostics_input import MEETING, edit

from papergen.rules.consistency import _name_patterns

PROJ = f"{MEETING}/arenden/03-projekt.md"
BUDGET = f"{MEETING}/arenden/01-budget.md"
needs_hunspell = pytest.mark.skipif(shutil.which("hunspell") is None, reason="hunspell-sv is not installed")


def codes(root: Path, code: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in check_minimal(root) if f"[{code}]" in line]


# --- PG526: the body's name ------------------------------------------------------------------------

def test_pg526_name_split_in_two_words(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om", "Kommun styrelsen har fått en ansökan. Testkommunen ansöker om")
    assert codes(minimal, "PG526") == [
        "warning[PG526]: organets namn står i två ord: 'Kommun styrelsen'; skriv 'Kommunstyrelsen'"]


def test_pg526_another_form_is_a_warning_in_a_decision(minimal: Path) -> None:
    edit(minimal, PROJ, "    - projektet får påbörjas",
         "    - kommunstyrelsenen följer upp projektet,\n    - projektet får påbörjas")
    assert codes(minimal, "PG526") == [
        "warning[PG526]: organet kallas 'kommunstyrelsenen' i beslutstexten; dess namn är 'Kommunstyrelsen'"]


def test_pg526_the_name_its_genitive_and_lower_case_are_silent(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om",
         "Kommunstyrelsens beslut följs upp av kommunstyrelsen. Testkommunen ansöker om")
    assert codes(minimal, "PG526") == []


def test_pg526_adjective_after_det_takes_the_weak_form() -> None:
    _, split, strong = _name_patterns("Regional tillväxtnämnd")
    assert strong is not None and split is not None
    assert [m.group(0) for m in strong.finditer("godkänna redovisningen av det regional tillväxtarbetet")] == [
        "det regional tillväxtarbetet"]
    assert list(strong.finditer("det regionala tillväxtarbetet och Regional tillväxtnämnd")) == []
    assert [m.group(0) for m in split.finditer("Regional tillväxt nämnd har överlåtit")] == [
        "Regional tillväxt nämnd"]


# --- PG508: figures in a decision against the funding decision ------------------------------------

def test_pg508_share_cap_and_period_in_the_att_sats(minimal: Path) -> None:
    edit(minimal, PROJ, "beviljas 50 procent av projektets bokförda kostnader, dock högst 300 000 kronor",
         "beviljas 55 procent av projektets bokförda kostnader, dock högst 330 000 kronor")
    edit(minimal, PROJ, "påbörjas tidigast 2021-04-01 och avslutas senast 2022-12-31",
         "påbörjas tidigast 2021-04-01 och avslutas senast 2023-12-31")
    assert codes(minimal, "PG508") == [
        "error[PG508]: att-satsen säger '55 procent' men finansieringsbeslutet anger 50 procent (andel_procent)",
        "error[PG508]: att-satsen säger 'högst 330 000 kronor' men finansieringsbeslutet anger 300 000 kronor "
        "(hogst_belopp)",
        "error[PG508]: att-satsen säger '2023-12-31' men projektperioden anger 2022-12-31 (projektperiod.till)"]


def test_pg508_silent_when_the_figures_agree(minimal: Path) -> None:
    assert codes(minimal, "PG508") == []


# --- PG517: the PM header's date ---------------------------------------------------------------------

def test_pg517_pm_date_against_the_meeting(minimal: Path) -> None:
    edit(minimal, BUDGET, "  datum: 2021-03-12", "  datum: 2021-02-12")
    assert codes(minimal, "PG517") == [
        "error[PG517]: PM:ets sammanträdesdatum är 2021-02-12, men sammanträdet är 2021-03-12"]


# --- PG530: underlag under another heading ------------------------------------------------------------

def test_pg530_underlag_under_another_heading(minimal: Path) -> None:
    edit(minimal, PROJ, "## Sammanfattning\n", "## Beredning\n\nFöredragningsPM till kommunstyrelsen 2021-03-12.\n\n"
                                               "## Sammanfattning\n")
    assert codes(minimal, "PG530") == [
        "warning[PG530]: under rubriken 'Beredning' står beslutsunderlag ('FöredragningsPM till kommunstyrelsen "
        "2021-03-12.'); för upp dem under rubriken Beslutsunderlag (pm.beslutsunderlag)"]


def test_pg530_silent_on_a_heading_with_its_own_text(minimal: Path) -> None:
    edit(minimal, PROJ, "## Sammanfattning\n", "## Beredning\n\nÄrendet har beretts i arbetsutskottet.\n\n"
                                               "## Sammanfattning\n")
    assert codes(minimal, "PG530") == []


# --- PG535: a numbered series written inline ------------------------------------------------------------

def test_pg535_inline_series_names_a_number_the_document_lacks(minimal: Path) -> None:
    edit(minimal, PROJ, "## Sammanfattning\n", "## Sammanfattning\n\nDelmål 1: start.\n\nDelmål 2: slut.\n\n"
                                               "Delmål 1, 2 och 4 följs upp.\n\n")
    assert codes(minimal, "PG535") == [
        "warning[PG535]: 'Delmål 1, 2 och 4' nämner delmål 4, men dokumentet har Delmål 1, 2"]


def test_pg535_inline_series_silent_when_the_numbers_exist(minimal: Path) -> None:
    edit(minimal, PROJ, "## Sammanfattning\n", "## Sammanfattning\n\nDelmål 1: start.\n\nDelmål 2: slut.\n\n"
                                               "Delmål 1 och 2 följs upp.\n\n")
    assert codes(minimal, "PG535") == []


# --- PG507: a change is not a share ----------------------------------------------------------------------

def test_pg507_silent_on_a_change_in_demand(minimal: Path) -> None:
    # Seed 000: 'aviserar ca 20 % ökning av efterfrågan' next to the amounts of an investment.
    edit(minimal, PROJ, "vilket är 50 procent av 600 000 kronor",
         "och kunderna aviserar ca 20 % ökning av efterfrågan; svarven kostar 600 000 kronor")
    assert codes(minimal, "PG507") == []


# --- table cells (issue 16 item 9) -----------------------------------------------------------------------

def test_table_cells_are_read_by_the_text_rules(minimal: Path) -> None:
    edit(minimal, BUDGET, "| Simhall | 1 000 000 |", "| Simhall | #DIV/0! |")
    assert [line.split(": ", 1)[0] + ": " + line.split(": ", 2)[1] for line in check_minimal(minimal)
            if "[PG506]" in line] == [f"{BUDGET}:44:1: error[PG506]"]


# --- PG551: spelling of every outgoing text ------------------------------------------------------------------

@needs_hunspell
def test_pg551_body_text_once_per_word_and_file(minimal: Path) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om", "Vi har informarer. Vi informarer igen. Testkommunen ansöker om")
    assert codes(minimal, "PG551") == [
        "warning[PG551]: 'informarer' (står 2 gånger i filen) finns varken i den svenska ordlistan eller i "
        "content/ordlista.txt; menade du 'informerar' eller 'informatorer' eller 'informatörer'?"]


@needs_hunspell
@pytest.mark.parametrize("sentence", [
    "En måltidsvän besöker äldre.",  # a compound of Swedish words (issue 19)
    "Regional utvecklingsstrategi (RUS) styr arbetet. RUS följs upp.",  # an abbreviation the text explains
    "Fia Handläggare och Gustav Chef har berett ärendet.",  # names from the sources
    "Se t.ex. hälso- och sjukvården, bl.a. i Testbanan.",  # an open compound and abbreviations with stops
])
def test_pg551_silent_on_correct_swedish(minimal: Path, sentence: str) -> None:
    edit(minimal, PROJ, "Testkommunen ansöker om", f"{sentence} Testkommunen ansöker om")
    assert [line for line in codes(minimal, "PG551") if line.startswith("warning")] == []


@needs_hunspell
def test_pg551_table_cell_spelled(minimal: Path) -> None:
    edit(minimal, BUDGET, "| Simhall | 1 000 000 |", "| Simhalll | 1 000 000 |")
    assert any("'Simhalll'" in line for line in codes(minimal, "PG551"))


@pytest.mark.parametrize(("cell", "code"), [
    ("811218-9876", "PG561"),  # a personnummer with a valid check digit
    ("den 3 mars", "PG512"),  # a date without its year
    ("#DIVISION/0!", "PG506"),
])
def test_table_cells_give_the_findings_a_paragraph_gives(minimal: Path, cell: str, code: str) -> None:
    edit(minimal, BUDGET, "| Simhall | 1 000 000 |", f"| Simhall {cell} | 1 000 000 |")
    assert [line.split(": ", 1)[0] for line in check_minimal(minimal) if f"[{code}]" in line] == [f"{BUDGET}:44:1"]


def test_pg508_running_text_restating_the_decision_is_a_warning(minimal: Path) -> None:
    # Seed 003, item 9: the Sammanfattning restates share, cap and period of the att-sats.
    edit(minimal, PROJ, "Testkommunen ansöker om", "Testkommunen ansöker om 45 procent av projektets bokförda "
                                                   "kostnader under perioden 2021-04-01—2022-06-30. Testkommunen "
                                                   "ansöker om")
    assert codes(minimal, "PG508") == [
        "warning[PG508]: texten säger '45 procent' men finansieringsbeslutet anger 50 procent (andel_procent)",
        "warning[PG508]: texten säger '2022-06-30' men projektperioden anger 2022-12-31 (projektperiod.till)"]
