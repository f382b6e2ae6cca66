"""Personal data in text meant for publication (PG561–PG564): warnings before a paper goes online.

The public set of `papergen publish` leaves out what is marked; these rules
find what is not marked but should be: personnummer (with the Luhn check, so
a diarienummer or an amount does not trip it), phone numbers and e-mail
addresses of private persons, and health words next to a name. The organisation's own people and addresses
are not private. Ärenden marked `sekretess` or `personuppgifter`, and the
blocks and bilagor marked so in the source, are skipped: they are not published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity
from papergen.rules.base import Meeting, Text, all_texts, finding, might_contain
from papergen.rules.text import _people

_PERSONNUMMER = re.compile(r"(?<![\d-])((?:19|20)?\d{2})(\d{2})(\d{2})([-+ ]?)(\d{4})(?![\d-])")
_PHONE = re.compile(r"(?<![\w+])(?:\+46[ -]?\(?0?\)?|0)7\d(?:[ -]?\d){7}(?!\d)"  # mobile: 07x-xxx xx xx
                    r"|(?<![\w+])(?:\+46[ -]?|0)[1-9]\d{0,2}[ -/]\d{2,3}(?:[ -]?\d{2}){1,3}(?!\d)")
# An address starts where its run of address characters starts (linear time; see rules.text._EMAIL).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
# Domains where an address is a private person's, not an organisation's.
_PRIVATE_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.se", "outlook.com", "outlook.se", "live.se", "live.com",
    "msn.com", "yahoo.com", "yahoo.se", "icloud.com", "me.com", "mac.com", "telia.com", "bredband.net",
    "spray.se", "passagen.se", "comhem.se", "bahnhof.se", "tele2.se", "proton.me", "protonmail.com", "gmx.com",
})
# Words that reveal someone's health (a special category of personal data, GDPR art. 9), as stems.
_HEALTH = re.compile(r"\b(sjukskriv\w*|sjukdom\w*|sjukhus\w*|diagnos\w*|cancer\w*|depression\w*|utbränd\w*|"
                     r"utmattningssyndrom\w*|missbruk\w*|funktionsnedsättning\w*|läkarintyg\w*|"
                     r"rehabilitering\w*|graviditet\w*|gravid|sjukledig\w*|sjukfrånvaro\w*|"
                     r"psykisk ohälsa|vårdas|opererad\w*|behandling för)\b", re.IGNORECASE)
# Every match of _HEALTH contains one of these (checked by tests/test_check_speed.py): a text without
# any of them needs no search by the slow case-insensitive pattern.
_HEALTH_STEMS = ("sjuk", "diagnos", "cancer", "depression", "utbränd", "utmattningssyndrom", "missbruk",
                 "funktionsnedsättning", "läkarintyg", "rehabilitering", "gravid", "psykisk ohälsa", "vårdas",
                 "opererad", "behandling för")
_DIGIT = re.compile(r"\d")  # personnummer and phone numbers have digits; most paragraphs have none
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
# Two capitalised words after a lower-case word: "… att Anna Svensson …", a name in running text.
_NAME = re.compile(r"(?<=[a-zåäö,] )([A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?) ([A-ZÅÄÖ][a-zåäöéü]+)\b")
# Capitalised words that begin the names of places and bodies, not of people.
_NOT_FIRST_NAMES = frozenset({"Region", "Regional", "Regionala", "Regionens", "Länsstyrelsen", "Regionfullmäktige",
                              "Örebro", "Sverige", "Sveriges", "Statens", "Europeiska", "Tillväxtverket"})
PUBLISH_HINT = "ta bort uppgiften eller markera ärendet med 'personuppgifter: true' så att det inte publiceras"


def luhn_ok(digits: str) -> bool:
    """The check digit of a Swedish personnummer (the last ten digits), by the Luhn algorithm."""
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _personnummer(text: str) -> Iterator[str]:
    if not _DIGIT.search(text):
        return
    for match in _PERSONNUMMER.finditer(text):
        year, month, day, _, tail = match.groups()
        day_n = int(day) - 60 if int(day) > 60 else int(day)  # samordningsnummer: day + 60
        if not (1 <= int(month) <= 12 and 1 <= day_n <= 31):
            continue
        if luhn_ok(year[-2:] + month + day + tail):
            yield match.group(0)


def _published_texts(m: Meeting) -> Iterator[tuple[Text, str]]:
    """Every text of an ärende that a public set shows, with the ärende's own text for context."""
    for a in m.arenden:
        if a.data.sekretess is not None or a.data.personuppgifter:
            continue
        for t in all_texts(m, a, yttrande=True):
            if t.publik:  # a block or bilaga marked in the source is left out of the public set
                yield t, a.fil


def personal_data(m: Meeting) -> Iterator[Diagnostic]:
    """PG561 personnummer, PG562 phone number, PG563 private e-mail address, in text to be published."""
    people = _people(m)
    named = _any_of(people)
    own = {addr.split("@", 1)[1].lower() for addr in (m.project.organisation.epost or "",) if "@" in addr}
    for t, _ in _published_texts(m):
        if not _DIGIT.search(t.text) and "@" not in t.text:
            continue  # no number and no address: nothing to find
        official = named is not None and named.search(t.text) is not None
        for number in _personnummer(t.text):
            yield finding(Severity.WARNING, "PG561",
                          f"'{number}' är ett personnummer (kontrollsiffran stämmer) i text som publiceras; "
                          f"{PUBLISH_HINT}", t.span)
        if not official and _DIGIT.search(t.text):
            for match in _PHONE.finditer(t.text):
                if any(match.group(0) in pnr for pnr in _personnummer(t.text)):
                    continue
                yield finding(Severity.WARNING, "PG562",
                              f"telefonnumret '{match.group(0)}' hör inte till någon av organisationens personer "
                              f"och publiceras; {PUBLISH_HINT}", t.span)
        for match in _EMAIL.finditer(t.text) if "@" in t.text else ():
            domain = match.group(1).lower()
            if domain in _PRIVATE_DOMAINS and domain not in own:
                yield finding(Severity.WARNING, "PG563",
                              f"e-postadressen '{match.group(0)}' är en privatpersons ({domain}) och publiceras; "
                              f"{PUBLISH_HINT}", t.span)


def _any_of(names: set[str]) -> re.Pattern[str] | None:
    """One pattern that finds any of the names in a text (None for no names): `any(n in text …)` in one pass."""
    return re.compile("|".join(re.escape(n) for n in sorted(names))) if names else None


def _names_in(sentence: str, people: set[str]) -> list[str]:
    found = [name for name in people if name in sentence]
    found += [f"{a} {b}" for a, b in _NAME.findall(sentence) if a not in _NOT_FIRST_NAMES]
    return found


def health_near_name(m: Meeting) -> Iterator[Diagnostic]:
    """PG564: a health word in the same sentence as a person's name, in text to be published."""
    people = _people(m)
    for t, _ in _published_texts(m):
        if not might_contain(t.text, _HEALTH_STEMS):
            continue
        for sentence in _SENTENCE.findall(t.text):
            health = _HEALTH.search(sentence)
            names = _names_in(sentence, people) if health else []
            if names:
                yield finding(Severity.WARNING, "PG564",
                              f"'{health.group(0)}' står i samma mening som namnet {names[0]}: uppgifter om hälsa "
                              f"är känsliga personuppgifter och publiceras; {PUBLISH_HINT}", t.span)
