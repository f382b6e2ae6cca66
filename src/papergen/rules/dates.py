"""Dates: references to the meeting, complete dates, project periods, justering."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity
from papergen.render.format import MANADER, datum_lang
from papergen.rules.base import Meeting, all_texts, budgets, finding

_MONTH = "|".join(MANADER)
_PM_REF = re.compile(r"^FöredragningsPM\b")
_YYMMDD = re.compile(r"\b(\d{2})(\d{2})(\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_LONG = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?\b")


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
        entries = [(b, ("beslutsunderlag", i)) for i, b in enumerate(a.data.beslutsunderlag)]
        if a.data.pm:
            entries += [(b, ("pm", "beslutsunderlag", i)) for i, b in enumerate(a.data.pm.beslutsunderlag)]
        for text, loc in entries:
            if not _PM_REF.match(text):
                continue
            for written, value in _dates_in(text):
                if value is not None and value != when:
                    yield finding(Severity.ERROR, "PG511",
                                  f"beslutsunderlaget hänvisar till föredragnings-PM:et med datumet '{written}' "
                                  f"({value.isoformat()}), men sammanträdet är {when.isoformat()} "
                                  f"({when.strftime('%y%m%d')})", a.span(*loc))


def incomplete_dates(m: Meeting) -> Iterator[Diagnostic]:
    """PG512: a day and month without a year."""
    for a in m.arenden:
        for t in all_texts(a, yttrande=False):
            for match in _LONG.finditer(t.text):
                if match.group(3) is None:
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
    span = m.sammantrade.source.value_span(("justering", "senast"))
    if j.senast < when:
        yield finding(Severity.ERROR, "PG515", f"justeringen {j.senast.isoformat()} ligger före sammanträdet "
                                               f"{when.isoformat()}", span)
    elif (j.senast - when).days > 14:
        yield finding(Severity.ERROR, "PG515",
                      f"protokollet ska justeras senast 14 dagar efter sammanträdet ({datum_lang(when + dt.timedelta(14))}), "
                      f"men justeringen är satt till {j.senast.isoformat()}", span)
