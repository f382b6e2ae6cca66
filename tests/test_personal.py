"""PG561–PG563: personnummer, phone numbers and e-mail addresses of private persons in published text."""

from __future__ import annotations

from pathlib import Path

from conftest import check_minimal

from papergen.rules.personal import luhn_ok

ARENDE = "content/meeting-2021-03-12/arenden/01-budget.md"


def _add(root: Path, paragraph: str, front: str = "") -> list[str]:
    path = root / ARENDE
    text = path.read_text(encoding="utf-8")
    text = text.replace("## Sammanfattning\n\n", f"## Sammanfattning\n\n{paragraph}\n\n", 1)
    if front:
        text = text.replace("---\n", "---\n" + front, 1)
    path.write_text(text, encoding="utf-8")
    return [d for d in check_minimal(root) if "PG56" in d]


def test_luhn() -> None:
    assert luhn_ok("8112189876") and not luhn_ok("8112189875")


def test_personnummer_phone_and_private_email_are_warned(minimal: Path) -> None:
    found = _add(minimal, "Sökande är Lisa Svensson, 811218-9876, tel. 070-123 45 67, lisa.svensson@gmail.com.")
    assert any("warning[PG561]" in d and "'811218-9876'" in d and "01-budget.md:" in d for d in found), found
    assert any("warning[PG562]" in d and "'070-123 45 67'" in d for d in found), found
    assert any("warning[PG563]" in d and "lisa.svensson@gmail.com" in d for d in found), found


def test_no_warning_for_numbers_that_are_not_personal(minimal: Path) -> None:
    # A wrong check digit, an amount, a diarienummer and an organisation's address are not personal data.
    assert _add(minimal, "Beloppet 811218-9875 kr, dnr 21KS1234, period 2021-2022, kansliet@kommun.se.") == []


def test_marked_arende_is_not_scanned(minimal: Path) -> None:
    assert _add(minimal, "Lisa Svensson, 811218-9876.", front="personuppgifter: true\n") == []


def test_marked_paragraph_list_and_bilaga_are_not_scanned(minimal: Path) -> None:
    found = _add(minimal, "<!-- papergen: personuppgifter -->\nLisa Svensson, 811218-9876, är sjukskriven.\n\n"
                          "<!-- papergen: sekretess 26 kap. 1 § OSL -->\n- Per Olsson, tel. 070-123 45 67\n\n"
                          "Kontakt: per.olsson@gmail.com.")
    assert [d.split("warning[", 1)[1][:5] for d in found] == ["PG563"]  # only the paragraph left unmarked
    path = minimal / ARENDE
    text = path.read_text(encoding="utf-8").replace(
        "  - Tjänsteskrivelse 2021-03-01\npm:",
        "  - Tjänsteskrivelse 2021-03-01\n  - {titel: 'Intyg 811218-9876', personuppgifter: true}\npm:", 1)
    path.write_text(text, encoding="utf-8")
    assert [d for d in check_minimal(minimal) if "PG561" in d] == []


def test_health_word_next_to_a_name_is_warned(minimal: Path) -> None:
    found = _add(minimal, "Projektledaren har varit sjukskriven sedan januari och ersätts av Lisa Svensson.")
    assert [d.split(": ", 1)[1] for d in found if "PG564" in d] == [
        "warning[PG564]: 'sjukskriven' står i samma mening som namnet Lisa Svensson: uppgifter om hälsa är "
        "känsliga personuppgifter och publiceras; ta bort uppgiften eller markera ärendet med "
        "'personuppgifter: true' så att det inte publiceras"]


def test_health_words_without_a_name_are_not_personal(minimal: Path) -> None:
    # Public health in general, and a body's name, are not about a person.
    assert _add(minimal, "Region Örebro län arbetar mot psykisk ohälsa. Antalet sjukskrivna minskade.") == []
