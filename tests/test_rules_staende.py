"""PG527: a standing item's förslag in the body's standard form (organisation.yaml, staende_arenden)."""

from __future__ import annotations

from pathlib import Path

from conftest import check_minimal, edit

ORG = "content/organisation.yaml"
MEETING = "content/meeting-2021-03-12"
JUSTERING = f"{MEETING}/arenden/04-protokollsjustering.md"

STANDING = """    staende_arenden:
      - rubrik: Protokollsjustering
        typ: beslut
        forslag_till_beslut:
          inledning: "{organ} beslutar"
          att_satser:
            - jämte ordföranden utse {justerare} att justera dagens protokoll.
          efterskrift:
            - Protokollet ska vara justerat senast den {senast}.
"""


def _with_justering(root: Path, att_sats: str, efterskrift: str = "senast den 19 mars 2021.",
                    rubrik: str = "Protokollsjustering") -> None:
    edit(root, ORG, "    sekreterare:\n      namn: Eva Sekreterare\n",
         "    sekreterare:\n      namn: Eva Sekreterare\n" + STANDING)
    (root / JUSTERING).write_text(
        f"---\nnummer: 4\nrubrik: {rubrik}\ntyp: beslut\nforedragande: []\nforslag_till_beslut:\n"
        f"  inledning: Kommunstyrelsen beslutar\n  att_satser:\n    - {att_sats}\n"
        f"  efterskrift:\n    - Protokollet ska vara justerat {efterskrift}\n---\n", encoding="utf-8")


def pg527(root: Path) -> list[str]:
    return [line for line in check_minimal(root) if "[PG527]" in line]


def test_the_standard_form_with_its_placeholders_filled_is_silent(minimal: Path) -> None:
    # {justerare} is the person of meeting.yaml, with the party the organisation file gives or without it.
    _with_justering(minimal, "jämte ordföranden utse Cecilia Ledamot (C) att justera dagens protokoll.")
    assert pg527(minimal) == []


def test_the_name_without_its_party_and_another_ending_are_the_standard_form_too(minimal: Path) -> None:
    # The ending (',' before the next att-sats, '.' at the end) is PG534's to judge, not this rule's.
    _with_justering(minimal, "jämte  ordföranden utse Cecilia Ledamot att justera dagens protokoll")
    assert pg527(minimal) == []


def test_another_wording_is_reported_quoting_both(minimal: Path) -> None:
    _with_justering(minimal, "utse Cecilia Ledamot (C) att jämte ordföranden justera protokollet.")
    assert pg527(minimal) == [
        f"{JUSTERING}:9:7: warning[PG527]: att-satsen 'utse Cecilia Ledamot (C) att jämte ordföranden justera "
        "protokollet.' i det stående ärendet 'Protokollsjustering' följer inte nämndens standardform 'jämte "
        f"ordföranden utse Cecilia Ledamot (C) att justera dagens protokoll.' ({ORG}:30); skriv som "
        f"standardformen, eller ändra den i {ORG} om nämnden skriver så numera"]


def test_another_justerare_than_the_meetings_is_reported_as_the_value(minimal: Path) -> None:
    _with_justering(minimal, "jämte ordföranden utse Bertil Vice (M) att justera dagens protokoll.")
    assert pg527(minimal) == [
        f"{JUSTERING}:9:7: warning[PG527]: att-satsen 'jämte ordföranden utse Bertil Vice (M) att justera dagens "
        "protokoll.' i det stående ärendet 'Protokollsjustering' anger justeraren 'Bertil Vice (M)', men "
        "meeting.yaml anger 'Cecilia Ledamot (C)'"]


def test_a_wrong_party_after_the_name_is_reported(minimal: Path) -> None:
    _with_justering(minimal, "jämte ordföranden utse Cecilia Ledamot (S) att justera dagens protokoll.")
    assert [line.split("anger ", 1)[1] for line in pg527(minimal)] == [
        "justeraren 'Cecilia Ledamot (S)', men meeting.yaml anger 'Cecilia Ledamot (C)'"]


def test_another_deadline_than_the_meetings_is_an_error_at_the_efterskrift(minimal: Path) -> None:
    # A date in a decision that differs from the meeting's facts is an error (issue 19).
    _with_justering(minimal, "jämte ordföranden utse Cecilia Ledamot att justera dagens protokoll.",
                    efterskrift="senast den 26 mars 2021.")
    assert pg527(minimal) == [
        f"{JUSTERING}:11:7: error[PG527]: efterskriften 'Protokollet ska vara justerat senast den 26 mars "
        "2021.' i det stående ärendet 'Protokollsjustering' anger justeringsdagen '26 mars 2021', men "
        "meeting.yaml anger '19 mars 2021'"]


def test_another_deadline_in_other_words_is_a_warning_quoting_the_standard(minimal: Path) -> None:
    _with_justering(minimal, "jämte ordföranden utse Cecilia Ledamot att justera dagens protokoll.",
                    efterskrift="före den 26 mars 2021.")
    assert pg527(minimal) == [
        f"{JUSTERING}:11:7: warning[PG527]: efterskriften 'Protokollet ska vara justerat före den 26 mars "
        "2021.' i det stående ärendet 'Protokollsjustering' följer inte nämndens standardform 'Protokollet ska "
        f"vara justerat senast den 19 mars 2021.' ({ORG}:32); skriv som standardformen, eller ändra den i {ORG} "
        "om nämnden skriver så numera"]


def test_a_missing_clause_is_reported_at_the_forslag(minimal: Path) -> None:
    _with_justering(minimal, "jämte ordföranden utse Cecilia Ledamot att justera dagens protokoll.")
    edit(minimal, JUSTERING, "  efterskrift:\n    - Protokollet ska vara justerat senast den 19 mars 2021.\n", "")
    assert pg527(minimal) == [
        f"{JUSTERING}:7:3: warning[PG527]: det stående ärendet 'Protokollsjustering' saknar efterskriften ur "
        "nämndens standardform: 'Protokollet ska vara justerat senast den 19 mars 2021.' "
        f"({ORG}:32)"]


def test_a_placeholder_meeting_yaml_does_not_fill_stands_for_any_text(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "  senast: 2021-03-19\n", "")
    _with_justering(minimal, "jämte ordföranden utse Cecilia Ledamot att justera dagens protokoll.",
                    efterskrift="senast den 1 april 2021.")
    assert pg527(minimal) == []


def test_an_item_with_another_rubrik_is_no_standing_item(minimal: Path) -> None:
    _with_justering(minimal, "utse Cecilia Ledamot att justera protokollet.", rubrik="Justering av protokollet")
    assert pg527(minimal) == []


def test_the_rubrik_matches_whatever_its_case(minimal: Path) -> None:
    _with_justering(minimal, "utse Cecilia Ledamot att justera protokollet.", rubrik="protokollsjustering")
    assert len(pg527(minimal)) == 1


def test_a_very_long_clause_is_compared_in_time_in_proportion(minimal: Path) -> None:
    # Lazy groups for the placeholders would try every split of a 100 000-character clause.
    _with_justering(minimal, "jämte ordföranden utse " + "Cecilia Ledamot att " * 5000 + "justera dagens protokoll.")
    [line] = pg527(minimal)
    assert line.startswith(f"{JUSTERING}:9:7: warning[PG527]: att-satsen 'jämte ordföranden utse Cecilia Ledamot "
                           "att Cecilia Ledamot att ")
