"""Dates: references to the meeting, complete dates, project periods, justering."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity
from papergen.model.format import MANADER, datum_lang
from papergen.rules.base import (
    FUNCTION_WORDS,
    Meeting,
    Text,
    all_texts,
    arende_texts,
    block_texts,
    budgets,
    finding,
    might_contain,
    official_name,
    same_stem,
)
from papergen.rules.justering import JUSTERING_DAGAR, justering_fel, justering_senast

_MONTH = "|".join(MANADER)
_PM_REF = re.compile(r"^FöredragningsPM\b")
_YYMMDD = re.compile(r"\b(\d{2})(\d{2})(\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_LONG = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?\b")
_DIGIT = re.compile(r"\d")


def _dates_in(text: str) -> list[tuple[str, dt.date | None]]:
    """Every date written in a text, with its value (None when it is no valid date)."""
    found: list[tuple[str, dt.date | None]] = []
    for m in _ISO.finditer(text):
        try:
            found.append((m.group(0), dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
        except ValueError:
            found.append((m.group(0), None))
    for m in _LONG.finditer(text):
        if m.group(3):
            found.append((m.group(0), dt.date(int(m.group(3)), MANADER.index(m.group(2)) + 1, int(m.group(1)))))
    for m in _YYMMDD.finditer(text):
        try:
            found.append((m.group(0), dt.date(2000 + int(m.group(1)), int(m.group(2)), int(m.group(3)))))
        except ValueError:
            continue
    return found


def pm_reference_date(m: Meeting) -> Iterator[Diagnostic]:
    """PG511: a beslutsunderlag entry naming the PM carries the meeting's date."""
    when = m.sammantrade.data.datum
    for a in m.arenden:
        entries = [(b.titel, ("beslutsunderlag", i)) for i, b in enumerate(a.data.beslutsunderlag)]
        if a.data.pm:
            entries += [(b.titel, ("pm", "beslutsunderlag", i)) for i, b in enumerate(a.data.pm.beslutsunderlag)]
        for text, loc in entries:
            if not _PM_REF.match(text):
                continue
            for written, value in _dates_in(text):
                if value is not None and value != when:
                    yield finding(Severity.ERROR, "PG511",
                                  f"beslutsunderlaget hänvisar till föredragnings-PM:et med datumet '{written}' "
                                  f"({value.isoformat()}), men sammanträdet är {when.isoformat()} "
                                  f"({when.strftime('%y%m%d')})", a.span(*loc))


# Between the dates of one enumeration: "den 11 september, den 16 oktober och den 11 december 2020".
_ENUM_GAP = re.compile(r"^\s*(?:,|och|samt|eller|,\s*och)\s*(?:den\s+)?$")


def _years_given_later(matches: list[re.Match[str]], text: str) -> list[bool]:
    """For each date: it is in an enumeration whose last date carries the year, as Swedish writes a list of dates.

    Worked out from the last date back, once for all: from each date forward would look at every later
    date of a long list again.
    """
    later = [False] * len(matches)
    for i in range(len(matches) - 2, -1, -1):
        if _ENUM_GAP.match(text[matches[i].end():matches[i + 1].start()]):
            later[i] = matches[i + 1].group(3) is not None or later[i + 1]
    return later


def incomplete_dates(m: Meeting) -> Iterator[Diagnostic]:
    """PG512: a day and month without a year (unless a list of dates gives it once, at its end)."""
    for a in m.arenden:
        for t in all_texts(m, a, yttrande=False):
            if not _DIGIT.search(t.text):
                continue  # a date has digits; most paragraphs have none
            matches = list(_LONG.finditer(t.text))
            year_later = _years_given_later(matches, t.text)
            for match, given in zip(matches, year_later, strict=True):
                if match.group(3) is None and not given:
                    yield finding(Severity.WARNING, "PG512",
                                  f"datumet '{match.group(0)}' saknar årtal; skriv t.ex. "
                                  f"'{match.group(0)} {m.sammantrade.data.datum.year}'", t.span)


def period_and_budget_years(m: Meeting) -> Iterator[Diagnostic]:
    """PG513: the project period and the budget's years cover the same years."""
    for budget, where, beslut in budgets(m):
        if beslut is None or beslut.projektperiod is None:
            continue
        p = beslut.projektperiod
        years = tuple(range(p.fran.year, p.till.year + 1))
        if tuple(sorted(budget.ar)) != years:
            yield finding(Severity.WARNING, "PG513",
                          f"{where.label}: projektperioden {p.fran.isoformat()}–{p.till.isoformat()} omfattar "
                          f"{', '.join(map(str, years))}, men budgeten har åren {', '.join(map(str, budget.ar))}",
                          where.span("ar"))


def start_before_decision(m: Meeting) -> Iterator[Diagnostic]:
    """PG514: a decision that lets the project start before the decision is taken."""
    for a in m.arenden:
        f = a.data.finansieringsbeslut
        if f and f.projektperiod and f.projektperiod.fran < m.sammantrade.data.datum:
            yield finding(Severity.WARNING, "PG514",
                          f"projektet får påbörjas {f.projektperiod.fran.isoformat()}, före beslutet "
                          f"{m.sammantrade.data.datum.isoformat()}; kostnader före beslutet bekostas på "
                          "sökandens egen risk och bör motiveras", a.span("finansieringsbeslut", "projektperiod",
                                                                           "fran"))
        for d in a.delegationsbeslut:
            fd = d.data.finansieringsbeslut
            if fd and fd.projektperiod and fd.projektperiod.fran < d.data.datum:
                yield finding(Severity.WARNING, "PG514",
                              f"delegationsbeslut {d.data.diarienummer}: projektet får påbörjas "
                              f"{fd.projektperiod.fran.isoformat()}, före beslutet {d.data.datum.isoformat()}",
                              d.source.value_span(("finansieringsbeslut", "projektperiod", "fran")))


def justering_deadline(m: Meeting) -> Iterator[Diagnostic]:
    """PG515: the protokoll is justerat within 14 days of the meeting (KL 5:69)."""
    j = m.sammantrade.data.justering
    when = m.sammantrade.data.datum
    if j is None or j.senast is None:
        return
    where = ("justering", "senast")  # its span is looked up only for a finding
    problem = justering_fel(j.senast, when)
    if problem == "fore":
        yield finding(Severity.ERROR, "PG515", f"justeringen {j.senast.isoformat()} ligger före sammanträdet "
                                               f"{when.isoformat()}", m.sammantrade.source.value_span(where))
    elif problem == "sent":
        yield finding(Severity.ERROR, "PG515",
                      f"protokollet ska justeras senast {JUSTERING_DAGAR} dagar efter sammanträdet "
                      f"({datum_lang(justering_senast(when))}), "
                      f"men justeringen är satt till {j.senast.isoformat()}", m.sammantrade.source.value_span(where))


# --- PG516: a paper written before the meeting says the body has already decided ---------------

_DECIDED_ACTIVE = (r"(?:har|hade)\s+(?:\w+\s+){0,3}?(?:beslutat|fattat beslut|tagit beslut|antagit|godkänt|avslagit|"
                   r"beviljat|fastställt)|beslutade|antog|godkände|avslog|beviljade|fastställde")
_DECIDED_PASSIVE = (r"beslutad|beslutats|beslutades|antagen|antaget|antagits|antogs|godkänd|godkänts|godkändes|"
                    r"fastställd|fastställts|fastställdes|beviljad|beviljats|beviljades|avslagen|avslagits|avslogs")
# Every match of _decided() contains one of these (checked by tests/test_check_speed.py): texts
# without any of them skip the slow case-insensitive search.
_DECIDED_STEMS = ("beslutat", "beslutad", "fattat beslut", "tagit beslut", "antagit", "antagen", "antaget", "antog",
                  "godkän", "avslagit", "avslagen", "avslog", "bevilja", "fastställ")
# Words that say which earlier decision a sentence means: then it is history, not this ärende's decision.
_EARLIER = re.compile(r"\btidigare\b|§\s*\d|\b(?:under|år|hösten|våren|sommaren|vintern|för)\s+(\d{4})\b(?!-)",
                      re.IGNORECASE)
# A sentence starts only where a run of sentence text starts: a run whose end is no sentence end
# fails as a whole, and trying each of its suffixes again would take time growing with its square.
_SENTENCE = re.compile(r"(?<![^.!?\n])[^.!?\n]+(?:[.!?](?=\s|$)|$)")
# Ways a paper points at its own matter without repeating its title.
_THIS_MATTER = ("ärendet", "förslaget", "yttrandet", "remissvaret", "remissyttrandet", "svaret")


# From the start of a word only (\b): from every letter of a long word, \w* would scan the rest of it again.
_HEAD = re.compile(r"\b\w*(?:nämnd|styrelse|utskott|fullmäktige)", re.IGNORECASE)


def _body_pattern(m: Meeting) -> str:
    """This body: by its name, a former name, its kortnamn ('nämnden', 'utskottet'), or its head word inflected
    ('Regionala tillväxtnämnden').

    Another body ('Samhällsbyggnadsnämnden har antagit …') is not this one and may well have decided.
    """
    organ = m.sammantrade.organ
    names = [organ.namn, *(f.namn for f in organ.tidigare_namn)]
    heads = {h.group(0).lower() for n in names for h in _HEAD.finditer(n)}
    variants = [rf"(?:\w+a\s+)?{re.escape(h)}(?:en|et|n)?" for h in sorted(heads)]
    return "(?:" + "|".join([*(re.escape(n) for n in names), *variants, re.escape(organ.kortnamn)]) + ")"


def _decided(m: Meeting) -> re.Pattern[str]:
    body = _body_pattern(m)
    return re.compile(rf"\b{body}\s+(?:{_DECIDED_ACTIVE})\b|\b(?:{_DECIDED_PASSIVE})\s+(?:av|i)\s+{body}\b",
                      re.IGNORECASE)


def _topic_words(m: Meeting, *titles: str) -> set[str]:
    """Content words of the matter's titles, without the body's own name (that says nothing about the matter)."""
    organ = m.sammantrade.organ
    own = {w.lower() for n in (organ.namn, *(f.namn for f in organ.tidigare_namn)) for w in re.findall(r"\w+", n)}
    words = {w.lower() for t in titles for w in re.findall(r"[^\W\d_]+", t)}
    return {w for w in words if len(w) >= 4 and w not in FUNCTION_WORDS and not any(same_stem(w, o) for o in own)
            } | set(_THIS_MATTER)


def _about(sentence: str, topic: set[str]) -> bool:
    """The sentence names the matter: one of its words is a topic word, maybe inflected ('planen')."""
    return any(same_stem(word, t) for word in re.findall(r"[^\W\d_]+", sentence.lower()) for t in topic)


def _refers_to_earlier(sentence: str, when: dt.date) -> bool:
    if any(value is not None and value < when for _, value in _dates_in(sentence)):
        return True
    for match in _EARLIER.finditer(sentence):
        if match.group(1) is None or int(match.group(1)) < when.year:
            return True
    return False


def decided_before_meeting(m: Meeting) -> Iterator[Diagnostic]:
    """PG516: the agenda, the PM or a yttrande dated before the meeting says the body has already decided.

    A PM and the föredragningslista are written for the meeting, so they can only
    propose; a yttrande dated before the meeting is a draft. Sentences that name an
    earlier decision (a date, a §, 'tidigare', 'under 2019') are history and pass;
    so do sentences about something other than the ärende's own matter.
    """
    when = m.sammantrade.data.datum
    organ = official_name(m.sammantrade.organ, when)
    decided = _decided(m)
    for a in m.arenden:
        topic = _topic_words(m, a.data.rubrik, a.data.pm.rubrik if a.data.pm else "")
        documents: list[tuple[str, Iterator[Text]]] = [("", arende_texts(m, a))]
        y = a.yttrande
        if y is not None and y.data.datum is not None and y.data.datum < when:
            topic |= _topic_words(m, y.data.rubrik)
            documents.append((f"yttrandet är daterat {y.data.datum.isoformat()} och ",
                              block_texts(y.blocks, y.fil)))
        for dated, texts in documents:
            for t in texts:
                if not might_contain(t.text, _DECIDED_STEMS):
                    continue
                for sentence in _SENTENCE.findall(t.text):
                    if decided.search(sentence) and _about(sentence, topic) and not _refers_to_earlier(sentence, when):
                        yield finding(Severity.WARNING, "PG516",
                                      f"texten säger att {organ} redan har beslutat: '{sentence.strip().rstrip('.')}', "
                                      f"men {dated}ärende {a.data.nummer} avgörs först på sammanträdet "
                                      f"{when.isoformat()}; skriv att {m.sammantrade.organ.kortnamn} föreslås "
                                      "besluta", t.span)
