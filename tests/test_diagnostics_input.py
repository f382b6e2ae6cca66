"""Bad input: every mistake is a located diagnostic with a stable code and exact Swedish text."""

from __future__ import annotations

from pathlib import Path

from conftest import check_minimal, edit

MEETING = "content/meeting-2021-03-12"


def test_minimal_fixture_is_clean(minimal: Path) -> None:
    assert check_minimal(minimal) == []


def test_unknown_key_lists_allowed_keys(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats:", "lokal: x\nplats:")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:6:1: error[PG103]: okänd nyckel 'lokal'; tillåtna här: "
        "organ, datum, tid, plats, gruppmoten, noter, justering, konstruerat, avsnitt"]


def test_missing_required_field_points_at_its_parent(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats: Sessionssalen\n", "")
    assert check_minimal(minimal) == [f"{MEETING}/meeting.yaml:1:1: error[PG104]: fältet 'plats' saknas"]


def test_empty_required_field_points_at_the_key(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats: Sessionssalen", "plats:")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:6:1: error[PG104]: fältet 'plats' är tomt men måste ha ett värde"]


def test_wrong_date(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "senast: 2021-03-19", "senast: 19 mars")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:11:11: error[PG105]: 'senast' ska vara ett datum ÅÅÅÅ-MM-DD, "
        "t.ex. 2020-02-14, inte '19 mars'"]


def test_unquoted_time_is_read_as_time_not_600(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", 'start: "09:00"', "start: 10:00")
    assert check_minimal(minimal) == []


def test_bad_time(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", 'start: "09:00"', "start: 9.00")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:4:10: error[PG105]: 'start' ska vara ett klockslag TT:MM inom citattecken, "
        "t.ex. \"10:00\", inte '9.00'"]


def test_yaml11_no_is_not_false(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "ange_diarienummer: true", "ange_diarienummer: no")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:14:22: error[PG107]: 'ange_diarienummer' har värdet 'no', "
        "som YAML 1.1 läser som ja/nej; skriv true eller false"]


def test_duplicate_key(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "typ: beslut\n", "typ: beslut\ntyp: information\n")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/01-budget.md:5:1: error[PG106]: nyckeln 'typ' förekommer två gånger; "
        "den första finns på rad 4"]


def test_malformed_yaml_in_front_matter(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "rubrik: Budget 2022", "rubrik: Budget: 2022")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/01-budget.md:3:15: error[PG101]: YAML kan inte läsas: kolon på fel ställe "
        "(sätt citattecken runt texten om den innehåller ': ')"]


def test_front_matter_that_does_not_close(minimal: Path) -> None:
    path = minimal / MEETING / "arenden/01-budget.md"
    text = path.read_text(encoding="utf-8").split("\n")
    closing = text.index("---", 1)
    path.write_text("\n".join(text[:closing] + text[closing + 1:]), encoding="utf-8")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/01-budget.md:1:1: error[PG102]: front matter avslutas inte: "
        "raden '---' efter YAML-blocket saknas"]


def test_amount_with_spaces_gets_a_fix(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "beslutsunderlag:\n  - Tjänsteskrivelse 2021-03-01\npm:",
         "finansieringsbeslut:\n  sokande: X\n  projekt: Y\n  hogst_belopp: 2 000 000\n"
         "beslutsunderlag:\n  - Tjänsteskrivelse 2021-03-01\npm:")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/01-budget.md:15:17: error[PG105]: 'hogst_belopp' ska vara ett heltal skrivet "
        "utan mellanslag, t.ex. 2000000, inte '2 000 000'"]


def test_folder_name_disagrees_with_date(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "datum: 2021-03-12", "datum: 2021-03-13")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:2:8: error[PG201]: mappen heter 'meeting-2021-03-12' men sammanträdets "
        "datum är 2021-03-13; mappen ska heta 'meeting-2021-03-13'"]


def test_missing_referenced_file(minimal: Path) -> None:
    (minimal / MEETING / "yttranden/02-regional-plan.md").unlink()
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:19:11: error[PG202]: filen 'yttranden/02-regional-plan.md' finns inte "
        "(sökt som content/meeting-2021-03-12/yttranden/02-regional-plan.md)"]


def test_reference_outside_the_meeting(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "yttrande: yttranden/02-regional-plan.md",
         "yttrande: ../organisation.yaml")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:19:11: error[PG207]: '../organisation.yaml' ligger utanför "
        "sammanträdets mapp content/meeting-2021-03-12/; lägg filen i mappen och hänvisa relativt till den"]


def test_justerare_must_be_member(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "justerare: Cecilia Ledamot", "justerare: Cecilia Ledamoth")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:10:14: error[PG205]: 'Cecilia Ledamoth' är varken ledamot eller ersättare "
        "i Kommunstyrelsen enligt content/organisation.yaml; menade du 'Cecilia Ledamot'?"]


def test_unknown_organ(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "organ: kommunstyrelsen", "organ: ks")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:1:8: error[PG204]: organet 'ks' finns inte i content/organisation.yaml; "
        "kända organ: kommunstyrelsen"]


def test_duplicate_number_and_file_name(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "nummer: 2", "nummer: 1")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:2:9: error[PG203]: ärende nummer 1 finns redan i "
        f"{MEETING}/arenden/01-budget.md",
        f"{MEETING}/arenden/02-remiss.md:2:9: warning[PG206]: filen heter '02-remiss.md' men ärendet har "
        "nummer 1; döp om filen till '01-…' så att mappen visar föredragningslistans ordning"]


def test_unknown_section_heading(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "## Ekonomiska konsekvenser", "## Bakgrund")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/01-budget.md:39:4: warning[PG111]: 'Bakgrund' är ingen av föredragnings-PM:ets "
        "standardrubriker: Sammanfattning, Ärendebeskrivning, Beredning, Bedömning, Konsekvenser för miljö-, "
        "barn- och jämställdhetsperspektiven, Ekonomiska konsekvenser, Uppföljning"]


def test_sections_out_of_order(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "## Sammanfattning", "## Uppföljning")
    assert check_minimal(minimal) == [
        # Renaming the Sammanfattning also takes away the one section every PM must have (PG538).
        f"{MEETING}/arenden/01-budget.md:15:3: warning[PG538]: PM:et i ärende 1 saknar avsnittet 'Sammanfattning'; "
        "ett PM i ett ärende av typen 'beslut' ska ha Sammanfattning",
        f"{MEETING}/arenden/01-budget.md:39:4: warning[PG113]: avsnittet 'Ekonomiska konsekvenser' står efter "
        "'Uppföljning'; standardordningen är Sammanfattning, Ärendebeskrivning, Beredning, Bedömning, "
        "Konsekvenser för miljö-, barn- och jämställdhetsperspektiven, Ekonomiska konsekvenser, Uppföljning"]


def test_several_problems_are_all_reported_in_file_order(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats: Sessionssalen", "plats:")
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "typ: beslut", "typ: beslutt")
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "nummer: 2", "nummer: två")
    result = check_minimal(minimal)
    assert [line.split(": ")[0] for line in result] == [
        f"{MEETING}/arenden/01-budget.md:4:6",
        f"{MEETING}/arenden/02-remiss.md:2:9",
        f"{MEETING}/meeting.yaml:6:1",
    ]
    assert "'typ' har det okända värdet 'beslutt'; tillåtna värden: 'beslut', 'information', 'anmalan' " \
           "or 'presentation'" in result[0]


ARENDE_1 = f"{MEETING}/arenden/01-budget.md"


def test_a_bilaga_marked_sekretess_is_valid_and_its_mistakes_are_located(minimal: Path) -> None:
    edit(minimal, ARENDE_1, "  - Tjänsteskrivelse 2021-03-01\npm:",
         "  - Tjänsteskrivelse 2021-03-01\n  - titel: Läkarintyg\n    sekretess: {osl: 25 kap. 1 § OSL}\n"
         "  - {titel: Förteckning, personuppgifter: ja}\n  - {namn: Karta}\npm:")
    assert check_minimal(minimal) == [
        f"{ARENDE_1}:16:43: error[PG105]: 'personuppgifter' ska vara true eller false, inte 'ja'",
        f"{ARENDE_1}:17:5: error[PG104]: fältet 'titel' saknas i 'beslutsunderlag'",
        f"{ARENDE_1}:17:6: error[PG103]: okänd nyckel 'namn'; tillåtna här: titel, sekretess, personuppgifter"]


def test_markers_in_markdown_that_protect_nothing_or_name_no_provision(minimal: Path) -> None:
    edit(minimal, ARENDE_1, "## Sammanfattning\n\n",
         "## Sammanfattning\n\n<!-- papergen: sekretess -->\nEtt stycke.\n\n"
         "<!-- papergen: sekretes 21 kap. 7 § OSL -->\nEtt till.\n\n"
         "<!-- papergen: personuppgifter -->\n\n<!-- papergen: personuppgifter -->\nSkyddat.\n\n")
    assert check_minimal(minimal) == [
        f"{ARENDE_1}:31:1: error[PG117]: 'papergen: sekretess' anger inget lagrum; skriv bestämmelsen i "
        "offentlighets- och sekretesslagen, t.ex. 'papergen: sekretess 21 kap. 7 § OSL'",
        f"{ARENDE_1}:34:1: error[PG116]: okänd markering 'papergen: sekretes 21 kap. 7 § OSL'; väntade "
        "'papergen: sekretess <lagrum i OSL>', 'papergen: personuppgifter' eller 'papergen: godkänn PGnnn: skäl'",
        f"{ARENDE_1}:37:1: error[PG118]: markeringen står inte direkt före något stycke, någon lista eller tabell "
        "och skyddar därför ingenting; flytta den till raden före texten som inte ska publiceras"]


def test_text_before_the_first_section_is_reported_where_it_stands(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/01-budget.md", "## Sammanfattning\n", "Lös text.\n\n## Sammanfattning\n")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/01-budget.md:29:1: error[PG114]: text före första avsnittsrubriken; börja brödtexten "
        "med '## Sammanfattning' eller en annan PM-rubrik"]
