"""The meeting record: its Kommunallagen rules (PG601-PG615), its references (PG209-PG213),
§ numbering through the year, the anslag calendar, and the protokoll's wording."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import check_minimal

from papergen import api
from papergen.model.protokoll import anslag_datum, nasta_vardag

MEETING = "meeting-2021-03-12"

# A clean record for the fixture's Kommunstyrelsen (3 ledamöter, 1 ersättare):
# Cecilia Ledamot is away and David Ersättare serves for her; item 2 has a vote and a reservation.
RECORD = """\
tid:
  start: "09:00"
  slut: "11:30"
narvaro:
  ledamoter:
    - Anna Ordförande
    - Bertil Vice
  tjanstgorande_ersattare:
    - namn: David Ersättare
      for: Cecilia Ledamot
  ovriga:
    - namn: Eva Sekreterare
      titel: sekreterare
justering:
  justerare: [Bertil Vice]
  plats: Kommunhuset
  datum: 2021-03-18
anslag:
  forvaringsplats: Kommunkansliet
  uppsatt: 2021-03-19
paragrafer:
  - arende: 1
    beslut: enligt_forslaget
  - arende: 2
    yrkanden:
      - namn: Bertil Vice
        text: att remissen besvaras med ett eget yttrande.
      - namn: Anna Ordförande
        bifall: forslaget
    propositionsordning:
      - mellan: [forslaget, Bertil Vice]
        antaget: forslaget
    omrostning:
      ja: forslaget
      nej: Bertil Vice
      roster:
        ja: [Anna Ordförande, David Ersättare]
        nej: [Bertil Vice]
    beslut: enligt_forslaget
    reservationer:
      - namn: Bertil Vice
  - arende: 3
    beslut: enligt_forslaget
"""


def write_record(root: Path, text: str = RECORD, meeting: str = MEETING) -> None:
    (root / "content" / meeting / "protokoll.yaml").write_text(text, encoding="utf-8")


def findings(root: Path, prefix: str = "PG6", meeting: str = MEETING) -> list[str]:
    return [line for line in check_minimal(root, meeting) if f"[{prefix}" in line]


def test_clean_record_is_silent_and_renders(minimal: Path) -> None:
    write_record(minimal)
    assert check_minimal(minimal) == []
    report = api.build(minimal, minimal / "content" / MEETING, formats=("md",))
    names = sorted(p.name for p in report.written)
    assert "protokoll.md" in names and "anslagsbevis.md" in names
    assert [n for n in names if n.startswith("protokollsutdrag")] == [
        "protokollsutdrag-01.md", "protokollsutdrag-02.md", "protokollsutdrag-03.md"]
    text = (minimal / "build" / MEETING / "protokoll.md").read_text(encoding="utf-8")
    assert "- Paragrafer: §§ 1–3" in text
    assert "- David Ersättare (S) för Cecilia Ledamot (C)" in text
    assert ("Ordföranden ställer proposition på förslaget och Bertil Vices (M) yrkande och finner att nämnden "
            "beslutar enligt förslaget.") in text
    assert ("Omröstning begärs. Nämnden godkänner följande voteringsproposition: ja-röst för förslaget, "
            "nej-röst för Bertil Vices (M) yrkande.") in text
    # The serving ersättare's row names the ledamot she serves for.
    assert "| Cecilia Ledamot (C) | David Ersättare (S) | X |  |  |" in text
    assert "Med 2 ja-röster mot 1 nej-röst beslutar nämnden enligt förslaget." in text
    assert "Bertil Vice (M) reserverar sig mot beslutet till förmån för eget yrkande." in text
    # Anslag: up 2021-03-19, three weeks to 2021-04-09 (a Friday), down the next weekday.
    assert "- Sista dag för överklagande: 2021-04-09" in text
    assert "- Datum då anslaget tas ned: 2021-04-12" in text
    utdrag = (minimal / "build" / MEETING / "protokollsutdrag-02.md").read_text(encoding="utf-8")
    assert "# § 2 " in utdrag and "# § 1 " not in utdrag and "## Utdragsbestyrkande" in utdrag


def test_pg601_arende_without_paragraf(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("  - arende: 3\n    beslut: enligt_forslaget\n", ""))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:22:3: error[PG601]: ärende 3 'Medfinansiering av projekt "
        "Testbanan' har ingen paragraf i protokollet; varje ärende på föredragningslistan ska ha ett beslut "
        "(KL 5 kap. 67 §); en punkt utan beslut (Upprop) har 'paragraf: false'"]


def test_pg602_two_proposals_without_propositionsordning(minimal: Path) -> None:
    text = RECORD.replace("""    propositionsordning:
      - mellan: [forslaget, Bertil Vice]
        antaget: forslaget
""", "")
    write_record(minimal, text)
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:24:5: error[PG602]: § 2 (ärende 2): det finns 2 förslag "
        "(förslaget, Bertil Vices yrkande) men ingen propositionsordning (KL 5 kap. 67 §)"]


def test_pg602_yrkande_never_put(minimal: Path) -> None:
    text = RECORD.replace("      - mellan: [forslaget, Bertil Vice]", "      - mellan: [forslaget]")
    text = text.replace("      nej: Bertil Vice\n", "      nej: forslaget\n")
    write_record(minimal, text)
    assert any("Bertil Vices yrkande ställs aldrig under proposition" in x for x in findings(minimal, "PG602"))


def test_pg603_missing_vote(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("ja: [Anna Ordförande, David Ersättare]", "ja: [Anna Ordförande]"))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:37:9: error[PG603]: § 2 (ärende 2): omröstningen räknar 2 "
        "röster men 3 tjänstgör; röst saknas för David Ersättare (ja, nej eller avstår; KL 5 kap. 67 §)"]


def test_pg603_vote_by_someone_not_serving(minimal: Path) -> None:
    text = RECORD.replace("nej: [Bertil Vice]", "nej: [Bertil Vice, Cecilia Ledamot]")
    write_record(minimal, text)
    assert any("Cecilia Ledamot röstar men tjänstgör inte i paragrafen" in x for x in findings(minimal, "PG603"))


def test_pg604_not_beslutfor(minimal: Path) -> None:
    text = RECORD.replace("    - Bertil Vice\n", "    - namn: Bertil Vice\n      arenden: [2, 3]\n", 1)
    text = text.replace("      for: Cecilia Ledamot\n", "      for: Cecilia Ledamot\n      arenden: [2, 3]\n")
    write_record(minimal, text)
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:24:13: error[PG604]: § 1 (ärende 1): Kommunstyrelsen är inte "
        "beslutför: 1 av 3 ledamöter deltar; mer än hälften krävs (KL 6 kap. 27 §)"]


def test_pg605_ersattare_for_a_present_ledamot(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("for: Cecilia Ledamot", "for: Bertil Vice"))
    found = findings(minimal, "PG605")
    assert found[0] == ("content/meeting-2021-03-12/protokoll.yaml:22:13: error[PG605]: § 1 (ärende 1): "
                        "David Ersättare tjänstgör för Bertil Vice, som själv är närvarande och tjänstgör; "
                        "en ersättare träder bara in för en frånvarande eller jävig ledamot (KL 4 kap. 22 §)")
    assert len(found) == 3  # one per §


def test_pg605_a_ledamot_listed_twice(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("    - Bertil Vice\n", "    - Bertil Vice\n    - Anna Ordförande\n", 1))
    assert findings(minimal) == [  # one finding, and no vote or quorum counted with her twice
        "content/meeting-2021-03-12/protokoll.yaml:8:7: error[PG605]: ledamoten Anna Ordförande står två gånger i "
        "närvaron (även på rad 6); en ledamot har en plats: skriv en post, med 'arenden' för de ärenden ledamoten "
        "var med i (KL 4 kap. 22 §)"]


def test_pg605_a_ledamot_listed_twice_for_different_arenden(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("    - Anna Ordförande\n",
                                         "    - namn: Anna Ordförande\n      arenden: [1]\n"
                                         "    - namn: Anna Ordförande\n      arenden: [2, 3]\n", 1))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:8:13: error[PG605]: ledamoten Anna Ordförande står två gånger i "
        "närvaron (även på rad 6); en ledamot har en plats: skriv en post, med 'arenden' för de ärenden ledamoten "
        "var med i (KL 4 kap. 22 §)"]


def test_pg605_an_ersattare_for_two_ledamoter_in_one_paragraf(minimal: Path) -> None:
    away_in_1 = RECORD.replace("    - Bertil Vice\n", "    - namn: Bertil Vice\n      arenden: [2, 3]\n", 1)
    write_record(minimal, away_in_1.replace(
        "      for: Cecilia Ledamot\n",
        "      for: Cecilia Ledamot\n    - namn: David Ersättare\n      for: Bertil Vice\n      arenden: [1]\n"))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:12:13: error[PG605]: § 1: ersättaren David Ersättare tjänstgör "
        "för både Cecilia Ledamot (rad 10) och Bertil Vice; en ersättare tjänstgör för en ledamot i taget "
        "(KL 4 kap. 22 §)"]


def test_pg605_an_ersattare_for_one_ledamot_and_then_another_is_allowed(minimal: Path) -> None:
    away_in_1 = RECORD.replace("    - Bertil Vice\n", "    - namn: Bertil Vice\n      arenden: [2, 3]\n", 1)
    write_record(minimal, away_in_1.replace(
        "      for: Cecilia Ledamot\n",
        "      for: Cecilia Ledamot\n      arenden: [2, 3]\n"
        "    - namn: David Ersättare\n      for: Bertil Vice\n      arenden: [1]\n"))
    assert findings(minimal) == []


def test_pg605_an_ersattare_listed_twice_for_the_same_ledamot(minimal: Path) -> None:
    write_record(minimal, RECORD.replace(
        "      for: Cecilia Ledamot\n",
        "      for: Cecilia Ledamot\n    - namn: David Ersättare\n      for: Cecilia Ledamot\n      arenden: [2]\n"))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:11:13: error[PG605]: ersättaren David Ersättare står två gånger "
        "som tjänstgörande för Cecilia Ledamot i § 2 (även på rad 9); skriv en post"]


def test_pg606_justerare_not_present(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("justerare: [Bertil Vice]", "justerare: [Cecilia Ledamot]"))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:15:14: error[PG606]: justeraren Cecilia Ledamot finns inte "
        "bland de närvarande ledamöterna och ersättarna; protokollet justeras av någon som var med"]


def test_pg607_justering_after_14_days(minimal: Path) -> None:
    text = RECORD.replace("datum: 2021-03-18", "datum: 2021-03-29").replace("uppsatt: 2021-03-19",
                                                                          "uppsatt: 2021-03-30")
    write_record(minimal, text)
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:17:10: error[PG607]: protokollet justeras 2021-03-29, 17 dagar "
        "efter sammanträdet 2021-03-12; senast 2021-03-26 (KL 5 kap. 69 §)"]


def test_pg608_anslag_late_and_taken_down_too_early(minimal: Path) -> None:
    text = RECORD.replace("  uppsatt: 2021-03-19\n", "  uppsatt: 2021-03-23\n  nedtas: 2021-04-13\n")
    write_record(minimal, text)
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:20:12: error[PG608]: protokollet: anslaget sätts upp 2021-03-23 "
        "men ska upp senast andra dagen efter justeringen 2021-03-18, dvs. 2021-03-22 (KL 8 kap. 12 §)",
        "content/meeting-2021-03-12/protokoll.yaml:21:11: error[PG608]: protokollet: anslaget tas ned 2021-04-13 "
        "men överklagandetiden löper till 2021-04-13; det ska sitta uppe tills den gått ut "
        "(KL 8 kap. 12 §, 13 kap. 5 §)"]


def test_pg609_deadline_before_justering(minimal: Path) -> None:
    arende = minimal / "content" / MEETING / "arenden" / "01-budget.md"
    arende.write_text(arende.read_text(encoding="utf-8").replace(
        "typ: beslut\n", "typ: beslut\nfrister:\n  - datum: 2021-03-15\n    avser: budgetunderlaget till regionen\n",
        1), encoding="utf-8")
    write_record(minimal)
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:22:13: error[PG609]: § 1 (ärende 1): fristen för "
        "budgetunderlaget till regionen är 2021-03-15, före justeringen 2021-03-18; förklara paragrafen "
        "omedelbart justerad (omedelbar_justering: true)"]
    oj = "  - arende: 1\n    beslut: enligt_forslaget\n    omedelbar_justering: true\n"
    write_record(minimal, RECORD.replace("  - arende: 1\n    beslut: enligt_forslaget\n", oj))
    assert findings(minimal) == []
    assert not api.build(minimal, minimal / "content" / MEETING, formats=("md",)).blocked
    protokoll = (minimal / "build" / MEETING / "protokoll.md").read_text(encoding="utf-8")
    assert "Paragrafen förklaras omedelbart justerad." in protokoll
    assert "## Anslag/bevis: § 1, omedelbart justerad" in protokoll


def test_pg610_reservation_by_the_winning_side(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("      - namn: Bertil Vice\n  - arende: 3",
                                         "      - namn: Anna Ordförande\n  - arende: 3"))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:41:15: error[PG610]: § 2 (ärende 2): Anna Ordförande reserverar "
        "sig men röstade för förslaget, som vann; en reservation förutsätter en röst mot beslutet (KL 4 kap. 27 §)"]


def test_pg610_reservation_without_yrkande_or_vote(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("  - arende: 3\n    beslut: enligt_forslaget\n",
                                         "  - arende: 3\n    beslut: enligt_forslaget\n    reservationer:\n"
                                         "      - namn: David Ersättare\n"))
    assert [x.split(": error")[1] for x in findings(minimal)] == [
        "[PG610]: § 3 (ärende 3): David Ersättare reserverar sig men har inget yrkande mot beslutet och ingen "
        "omröstning visar en röst emot (KL 4 kap. 27 §)"]


def test_pg611_jav_but_votes(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("  - arende: 2\n", "  - arende: 2\n    jav: [Bertil Vice]\n"))
    found = findings(minimal, "PG611")
    assert found == ["content/meeting-2021-03-12/protokoll.yaml:25:10: error[PG611]: § 2 (ärende 2): Bertil Vice "
                     "har anmält jäv men yrkar och röstar och reserverar sig; den som är jävig deltar inte i "
                     "handläggningen (KL 6 kap. 28 §)"]


def test_pg612_vote_won_by_the_yrkande(minimal: Path) -> None:
    text = RECORD.replace("ja: [Anna Ordförande, David Ersättare]", "ja: [Anna Ordförande]")
    text = text.replace("nej: [Bertil Vice]", "nej: [Bertil Vice, David Ersättare]")
    text = text.replace("      - namn: Bertil Vice\n  - arende: 3", "      - namn: Anna Ordförande\n  - arende: 3")
    write_record(minimal, text)
    assert [x.split(": error")[1] for x in findings(minimal, "PG612")] == [
        "[PG612]: § 2 (ärende 2): ordföranden finner förslaget antaget, men omröstningen (1 ja, 2 nej) vinns av "
        "Bertil Vices yrkande",
        "[PG612]: § 2 (ärende 2): Bertil Vices yrkande antogs, men beslutet är 'enligt_forslaget'; skriv beslutets "
        "att-satser som de blev"]


def test_pg612_tie_settled_by_the_ordforande_or_not(minimal: Path) -> None:
    text = RECORD.replace("ja: [Anna Ordförande, David Ersättare]", "ja: [Anna Ordförande]\n        avstar: "
                                                                      "[David Ersättare]")
    write_record(minimal, text)
    assert findings(minimal) == []
    api.build(minimal, minimal / "content" / MEETING, formats=("md",))
    protokoll = (minimal / "build" / MEETING / "protokoll.md").read_text(encoding="utf-8")
    assert ("Med 1 ja-röst mot 1 nej-röst, 1 avstår, och ordförandens utslagsröst beslutar nämnden enligt "
            "förslaget.") in protokoll
    text = RECORD.replace("ja: [Anna Ordförande, David Ersättare]", "ja: [David Ersättare]\n        avstar: "
                                                                      "[Anna Ordförande]")
    write_record(minimal, text)
    assert any("omröstningen slutar 1-1 och ordföranden Anna Ordförande har ingen ja- eller nejröst" in x
               for x in findings(minimal, "PG612"))


def test_pg613_aterremiss_without_motivering_and_its_wording(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("  - arende: 3\n    beslut: enligt_forslaget\n",
                                         "  - arende: 3\n    beslut: aterremiss\n"))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:43:13: warning[PG613]: § 3 (ärende 3): ärendet återremitteras "
        "utan motivering; skriv varför i 'motivering'"]
    write_record(minimal, RECORD.replace("  - arende: 3\n    beslut: enligt_forslaget\n",
                                         "  - arende: 3\n    beslut: aterremiss\n    motivering: för att "
                                         "komplettera budgeten med 2022\n"))
    assert findings(minimal) == []
    api.build(minimal, minimal / "content" / MEETING, formats=("md",))
    protokoll = (minimal / "build" / MEETING / "protokoll.md").read_text(encoding="utf-8")
    assert ("**Beslutet avviker från förslaget till beslut.**\n\nKommunstyrelsen beslutar\n\n"
            "att återremittera ärendet för att komplettera budgeten med 2022.") in protokoll


def test_pg614_yrkande_by_absent_member(minimal: Path) -> None:
    write_record(minimal, RECORD.replace("      - namn: Anna Ordförande\n        bifall: forslaget",
                                         "      - namn: Cecilia Ledamot\n        bifall: forslaget"))
    assert findings(minimal) == [
        "content/meeting-2021-03-12/protokoll.yaml:28:15: error[PG614]: § 2 (ärende 2): Cecilia Ledamot yrkar men "
        "tjänstgör inte i paragrafen; bara tjänstgörande ledamöter och ersättare lägger yrkanden"]


def test_references_are_structural_errors(minimal: Path) -> None:
    text = RECORD.replace("    - Bertil Vice\n", "    - Bertil Wice\n", 1)
    text = text.replace("  - arende: 3\n", "  - arende: 4\n")
    text = text.replace("        bifall: forslaget", "        bifall: Cecilia Ledamot")
    write_record(minimal, text)
    found = findings(minimal, "PG2")
    assert found == [
        "content/meeting-2021-03-12/protokoll.yaml:7:7: error[PG209]: 'Bertil Wice' är inte ledamot i "
        "Kommunstyrelsen enligt content/organisation.yaml; menade du 'Bertil Vice'?",
        "content/meeting-2021-03-12/protokoll.yaml:29:17: error[PG213]: 'Cecilia Ledamot' är inget förslag i "
        "ärende 2; väntade 'forslaget' eller 'Bertil Vice'",
        "content/meeting-2021-03-12/protokoll.yaml:42:13: error[PG210]: ärende 4 finns inte på "
        "föredragningslistan (ärenden: 1, 2, 3)"]
    report = api.build(minimal, minimal / "content" / MEETING)
    assert report.blocked and not report.written


def test_enligt_forslaget_needs_a_forslag(minimal: Path) -> None:
    arende = minimal / "content" / MEETING / "arenden" / "03-projekt.md"
    text = arende.read_text(encoding="utf-8")
    assert "typ: beslut" in text
    write_record(minimal, RECORD)
    # Item 3 becomes an informationsärende: no förslag, so 'enligt_forslaget' cannot be rendered.
    start, end = text.index("forslag_till_beslut:"), text.index("beslutsunderlag:")
    arende.write_text(text[:start].replace("typ: beslut", "typ: information") + text[end:], encoding="utf-8")
    assert [x for x in findings(minimal, "PG212")] == [
        "content/meeting-2021-03-12/protokoll.yaml:43:13: error[PG212]: ärende 3 har inget förslag till beslut "
        "att besluta enligt; skriv beslutet som egna att-satser eller 'informationen_noteras'"]


def _next_meeting(root: Path, record: str | None) -> str:
    """A copy of the fixture meeting five weeks later, so § numbers can run on."""
    name = "meeting-2021-04-16"
    target = root / "content" / name
    shutil.copytree(root / "content" / MEETING, target)
    (target / "protokoll.yaml").unlink(missing_ok=True)
    meeting = target / "meeting.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("2021-03-12", "2021-04-16")
                       .replace("2021-03-19", "2021-04-23"), encoding="utf-8")
    for arende in (target / "arenden").glob("*.md"):
        arende.write_text(arende.read_text(encoding="utf-8").replace("210312", "210416"), encoding="utf-8")
    if record is not None:
        write_record(root, record.replace("2021-03-18", "2021-04-22").replace("2021-03-19", "2021-04-23"), name)
    return name


def test_paragraf_numbers_run_on_through_the_year(minimal: Path) -> None:
    write_record(minimal)
    name = _next_meeting(minimal, RECORD)
    api.build(minimal, minimal / "content" / name, formats=("md",))
    protokoll = (minimal / "build" / name / "protokoll.md").read_text(encoding="utf-8")
    assert "- Paragrafer: §§ 4–6" in protokoll and "# § 4 " in protokoll
    assert (minimal / "build" / name / "protokollsutdrag-06.md").is_file()


def test_pg615_stated_first_number_that_does_not_run_on(minimal: Path) -> None:
    write_record(minimal)
    name = _next_meeting(minimal, "forsta_paragraf: 1\n" + RECORD)
    assert findings(minimal, "PG615", name) == [
        "content/meeting-2021-04-16/protokoll.yaml:1:18: warning[PG615]: första paragrafen är § 1, men föregående "
        "sammanträdes protokoll slutar på § 3; väntade § 4 (eller ta bort 'forsta_paragraf')"]


def test_pg211_previous_meeting_without_protokoll(minimal: Path) -> None:
    name = _next_meeting(minimal, RECORD)
    assert findings(minimal, "PG211", name) == [
        "content/meeting-2021-04-16/protokoll.yaml:22:3: error[PG211]: paragrafnumret kan inte räknas fram: "
        "föregående sammanträde meeting-2021-03-12 har inget läsbart protokoll.yaml; ange 'forsta_paragraf'"]


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2020, 2, 15), dt.date(2020, 2, 17)),  # Saturday -> Monday
    (dt.date(2020, 4, 10), dt.date(2020, 4, 14)),  # Långfredag -> after annandag påsk
    (dt.date(2020, 6, 19), dt.date(2020, 6, 22)),  # midsommarafton counts as a holiday (Lag 1930:173)
    (dt.date(2020, 12, 24), dt.date(2020, 12, 28)),  # julafton, juldagen, annandagen, Sunday
    (dt.date(2020, 3, 13), dt.date(2020, 3, 13)),  # an ordinary Friday stays
])
def test_next_weekday_skips_swedish_holidays(day: dt.date, expected: dt.date) -> None:
    assert nasta_vardag(day) == expected


def test_anslag_defaults_follow_from_the_justering() -> None:
    d = anslag_datum(dt.date(2020, 2, 20), None, None)
    assert (d.uppsatt, d.sista_overklagandedag, d.nedtas) == (
        dt.date(2020, 2, 20), dt.date(2020, 3, 12), dt.date(2020, 3, 13))


def test_holiday_calendar_agrees_with_the_holidays_package() -> None:
    """protokoll.py writes out lag (1989:253); the `holidays` package (a test dependency) is the oracle."""
    import holidays

    from papergen.model.protokoll import _helgdagar

    for year in range(1995, 2061):
        # Sundays aside: ar_helgdag counts every Saturday and Sunday anyway.
        official = {d for d in holidays.country_holidays("SE", years=year) if d.weekday() != 6}
        midsommarafton = next(dt.date(year, 6, d) for d in range(19, 26) if dt.date(year, 6, d).weekday() == 4)
        eves = {midsommarafton, dt.date(year, 12, 24), dt.date(year, 12, 31)}  # lag (1930:173) 2 §
        ours = _helgdagar(year)
        assert eves <= ours, year
        assert {d for d in ours - eves if d.weekday() != 6} == official, year
