"""Structure: lead-ins, PM header and sections, att-sats punctuation, numbered series, budget headings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.model.core import PM_SEKTIONER
from papergen.model.schema import ForslagTillBeslut
from papergen.rules.base import Meeting, Text, block_texts, budgets, finding
from papergen.source.markdown import Heading, Section


def lead_in(m: Meeting) -> Iterator[Diagnostic]:
    """PG531: a förslag till beslut with att-satser opens with '… beslutar'."""
    for a in m.arenden:
        f = a.data.forslag_till_beslut
        if f and f.att_satser and not f.inledning:
            yield finding(Severity.WARNING, "PG531",
                          f"förslaget till beslut i ärende {a.data.nummer} saknar inledningen "
                          f"'{m.sammantrade.organ.namn} beslutar' före att-satserna",
                          a.span("forslag_till_beslut"))


_HEADER_FIELDS = (("tjanstestalle", "tjänsteställe"), ("handlaggare", "handläggare"),
                  ("datum", "sammanträdesdatum"), ("dnr", "Dnr"), ("organ", "organ"))


def pm_header(m: Meeting) -> Iterator[Diagnostic]:
    """PG532: the PM's header names tjänsteställe, handläggare, date, Dnr and organ."""
    for a in m.arenden:
        pm = a.data.pm
        if pm is None:
            continue
        missing = [label for key, label in _HEADER_FIELDS if getattr(pm, key) is None]
        if missing:
            yield finding(Severity.WARNING, "PG532",
                          f"PM:ets huvud i ärende {a.data.nummer} saknar {', '.join(missing)}; "
                          "papergen fyller i Dnr, datum och organ från ärendet men tjänsteställe och "
                          "handläggare måste anges", a.span("pm"))


def pm_beslutsunderlag(m: Meeting) -> Iterator[Diagnostic]:
    """PG533: the PM lists its beslutsunderlag under that heading."""
    for a in m.arenden:
        if a.data.pm and not a.data.pm.beslutsunderlag:
            yield finding(Severity.WARNING, "PG533",
                          f"PM:et i ärende {a.data.nummer} saknar avsnittet Beslutsunderlag "
                          f"({m.sammantrade.praxis.listan} anger {len(a.data.beslutsunderlag)} underlag)", a.span("pm"))


def _ending_problems(f: ForslagTillBeslut) -> Iterator[tuple[int, str]]:
    clauses = f.att_satser
    for i, clause in enumerate(clauses):
        text = clause.rstrip()
        last = i == len(clauses) - 1
        if last:
            wanted = ":" if f.villkor else "."
            if not text.endswith(wanted):
                yield i, f"sista att-satsen ska sluta med '{wanted}'"
        elif i == len(clauses) - 2:
            if not (text.endswith(" samt") or text.endswith(", samt")):
                yield i, "näst sista att-satsen ska sluta med 'samt'"
        elif not text.endswith(","):
            yield i, "att-satsen ska sluta med ','"


def att_sats_endings(m: Meeting) -> Iterator[Diagnostic]:
    """PG534: ',' between att-satser, 'samt' before the last, '.' at the end (':' before villkor)."""
    # The agenda's proposal only: where the PM prints other words, PG522 already says so.
    for a in m.arenden:
        forslag = a.data.forslag_till_beslut
        if forslag is None:
            continue
        for i, problem in _ending_problems(forslag):
            clause = forslag.att_satser[i]
            tail = clause[-25:] if len(clause) > 25 else clause
            yield finding(Severity.INFO, "PG534", f"{problem}: '…{tail}'",
                          a.span("forslag_till_beslut", "att_satser", i))


_SERIES = re.compile(r"^(Delmål|Steg|Etapp|Aktivitet)\s+(\d+)\b(?!\s*(?:,|och|samt|eller)\s*\d)")


def numbered_series(m: Meeting) -> Iterator[Diagnostic]:
    """PG535: Delmål 1, 2, 3 … run without gaps or repeats within one document."""
    for a in m.arenden:
        documents = [(a.fil, tuple(b for s in a.sektioner for b in s.blocks))]
        documents += [(d.fil, d.blocks) for d in a.delegationsbeslut]
        for path, blocks in documents:
            last: dict[str, tuple[int, Span]] = {}
            for t in block_texts(blocks, path):
                match = _SERIES.match(t.text)
                if not match:
                    continue
                word, n = match.group(1), int(match.group(2))
                prev = last.get(word)
                expected = prev[0] + 1 if prev else 1
                if n != expected and not (prev is None and n == 1):
                    yield finding(Severity.WARNING, "PG535",
                                  f"'{word} {n}' följer efter '{word} {prev[0] if prev else 0}'; "
                                  f"väntade '{word} {expected}'", t.span)
                last[word] = (n, t.span)
            yield from _inline_series(list(block_texts(blocks, path)))


_INLINE = re.compile(r"\b(Delmål|Steg|Etapp|Aktivitet)(?:en|et|na)?\s+"
                     r"(\d+(?:\s*,\s*\d+)*\s+(?:och|samt|eller)\s+\d+)\b")


def _inline_series(texts: list[Text]) -> Iterator[Diagnostic]:
    """'Delmål 1, 2 och 4' written inline names numbers the document's own series has, in order."""
    defined: dict[str, set[int]] = {}
    for t in texts:
        if match := _SERIES.match(t.text):
            defined.setdefault(match.group(1), set()).add(int(match.group(2)))
    for t in texts:
        for match in _INLINE.finditer(t.text):
            word = match.group(1)
            numbers = [int(n) for n in re.findall(r"\d+", match.group(2))]
            have = defined.get(word)
            if have:
                missing = [n for n in numbers if n not in have]
                if missing:
                    yield finding(Severity.WARNING, "PG535",
                                  f"'{match.group(0)}' nämner {word.lower()} {', '.join(map(str, missing))}, men "
                                  f"dokumentet har {word} {', '.join(map(str, sorted(have)))}", t.span)
            elif numbers != sorted(set(numbers)):
                yield finding(Severity.WARNING, "PG535",
                              f"'{match.group(0)}': numren står inte i ordning eller upprepas", t.span)


def empty_sections(m: Meeting) -> Iterator[Diagnostic]:
    """PG536: a heading with nothing under it."""
    for a in m.arenden:
        documents = [(a.fil, a.sektioner, tuple(b for s in a.sektioner for b in s.blocks))]
        for d in a.delegationsbeslut:
            documents.append((d.fil, (), d.blocks))
        for path, sections, blocks in documents:
            for s in sections:
                if not s.blocks:
                    yield finding(Severity.WARNING, "PG536", f"rubriken '{s.rubrik}' har ingen text under sig",
                                  Span(path, s.line, 1))
            for current, following in zip(blocks, (*blocks[1:], None) if blocks else (), strict=True):
                if isinstance(current, Heading) and (following is None or
                                                     (isinstance(following, Heading)
                                                      and following.level <= current.level)):
                    title = "".join(i.text for i in current.inlines)
                    yield finding(Severity.WARNING, "PG536", f"rubriken '{title}' har ingen text under sig",
                                  Span(path, current.line, 1))


# --- PG537: a funding row under the wrong heading ----------------------------------------------

# Financiers that are public by what they are: kommuner, regioner, the state and its agencies, the EU.
# The \w* and \w+ alternatives start at a word's start (\b): from every letter they would scan the word again.
_PUBLIC = re.compile(r"\b\w*kommun(?:en)?\b|\b\w*landsting(?:et)?\b|\bregion(?:en)?\b|länsstyrelse|\b\w+verket\b|"
                     r"myndighet|\bvinnova\b|\bformas\b|arbetsförmedlingen|esf-rådet|universitet|högskola|"
                     r"\beu\b|europeiska|\bstaten\b|statlig|\b1:1\b|rambudget|ram-medel", re.IGNORECASE)
# Money that is private by what it is. A company (AB) is neither: Almi and the science parks are
# owned by the state and the regions, and the name alone cannot tell.
_PRIVATE = re.compile(r"deltagaravgift|avgifter\b|sponsring|sponsor|\bprivat|\bföretag(?:en|ens)?\b|"
                      r"näringsliv(?:et)?\b", re.IGNORECASE)


def _word_at(text: str, index: int) -> str:
    """The whole word around a match: 'Deltagaravgifter' for a hit on 'avgifter'."""
    return next(w.group(0) for w in re.finditer(r"[\w-]+", text) if w.start() <= index < w.end())


def _heading_kind(grupp: str | None) -> str | None:
    """'offentlig' or 'privat' for a group heading that names one kind of funding, else None."""
    public = bool(grupp and re.search(r"offentlig", grupp, re.IGNORECASE))
    private = bool(grupp and re.search(r"\bprivat", grupp, re.IGNORECASE))
    if public == private:  # no heading, another heading, or "Offentlig och privat finansiering"
        return None
    return "offentlig" if public else "privat"


def funding_groups(m: Meeting) -> Iterator[Diagnostic]:
    """PG537: a public financier under the private heading, or private money under the public one."""
    for budget, where, _ in budgets(m):
        for g, group in enumerate(budget.finansiering):
            heading = _heading_kind(group.grupp)
            for r, row in enumerate(group.rader):
                private, public = _PRIVATE.search(row.finansiar), _PUBLIC.search(row.finansiar)
                if heading == "offentlig" and private:
                    word = _word_at(row.finansiar, private.start()).lower()
                    reason, wanted = f"{word} är inte offentlig finansiering", "privat finansiering (eller som intäkt)"
                elif heading == "privat" and public and not private:
                    reason, wanted = "det är en offentlig finansiär", "offentlig finansiering"
                else:
                    continue
                yield finding(Severity.WARNING, "PG537",
                              f"{where.label}: '{row.finansiar}' står under '{group.grupp}', men {reason}; "
                              f"för upp raden under {wanted}", where.span("finansiering", g, "rader", r, "finansiar"))


# --- PG538: the PM sections papergen.yaml requires for the kind of ärende ------------------------

def required_pm_sections(m: Meeting) -> Iterator[Diagnostic]:
    """PG538: a PM has the body sections its kind of ärende requires (papergen.yaml `pm_avsnitt`), in that order.

    Sections out of the standard order are PG113's (load); here only an order the
    organisation chose against the standard one is reported, so nothing is said twice.
    """
    required = m.settings.required_pm_sections()
    for a in m.arenden:
        wanted = required.get(a.data.typ, ())
        if a.data.pm is None or not wanted:
            continue
        present = [s.rubrik for s in a.sektioner]
        listed = ", ".join(wanted)
        rule = (f"papergen.yaml (pm_avsnitt) kräver {listed} för ärenden av typen '{a.data.typ}'"
                if m.settings.pm_avsnitt_given(a.data.typ)
                else f"ett PM i ett ärende av typen '{a.data.typ}' ska ha {listed}")
        missing = [w for w in wanted if w not in present]
        if missing:
            what = "avsnittet" if len(missing) == 1 else "avsnitten"
            names = ", ".join(f"'{w}'" for w in missing)
            yield finding(Severity.WARNING, "PG538", f"PM:et i ärende {a.data.nummer} saknar {what} {names}; {rule}",
                          a.span("pm"))
        order = [s for s in a.sektioner if s.rubrik in wanted]
        for before, after in zip(order, order[1:], strict=False):  # neighbours
            if wanted.index(after.rubrik) < wanted.index(before.rubrik) and not _standard_order_broken(before, after):
                yield finding(Severity.WARNING, "PG538",
                              f"avsnittet '{after.rubrik}' står efter '{before.rubrik}'; {rule}, i den ordningen",
                              Span(a.fil, after.line, 4))


def _standard_order_broken(before: Section, after: Section) -> bool:
    """PG113 already reports a pair that breaks the standard order."""
    if before.rubrik in PM_SEKTIONER and after.rubrik in PM_SEKTIONER:
        return PM_SEKTIONER.index(after.rubrik) < PM_SEKTIONER.index(before.rubrik)
    return False


def pm_header_date(m: Meeting) -> Iterator[Diagnostic]:
    """PG517: the PM header's Sammanträdesdatum is the meeting's date (a PM copied from another meeting)."""
    when = m.sammantrade.data.datum
    for a in m.arenden:
        if a.data.pm and a.data.pm.datum and a.data.pm.datum != when:
            yield finding(Severity.ERROR, "PG517",
                          f"PM:ets sammanträdesdatum är {a.data.pm.datum.isoformat()}, men sammanträdet är "
                          f"{when.isoformat()}", a.span("pm", "datum"))


# --- PG530: a list of underlag under another heading than Beslutsunderlag ---------------------------

_UNDERLAG = re.compile(r"^(?:FöredragningsPM|Föredragnings-PM|Tjänsteskrivelse|Protokollsutdrag|Bilaga \d+)\b")


def underlag_heading(m: Meeting) -> Iterator[Diagnostic]:
    """PG530: entries that name beslutsunderlag ('FöredragningsPM …', 'Bilaga 1 …') stand under a heading
    that says so; under 'Beredning' the reader takes them for how the ärende was prepared."""
    for a in m.arenden:
        for s in a.sektioner:
            if s.rubrik == "Beslutsunderlag":
                continue
            entries = [t for t in block_texts(s.blocks, a.fil) if _UNDERLAG.match(t.text)]
            if entries and len(entries) * 2 >= len(list(block_texts(s.blocks, a.fil))):
                yield finding(Severity.WARNING, "PG530",
                              f"under rubriken '{s.rubrik}' står beslutsunderlag ('{entries[0].text}'); "
                              "för upp dem under rubriken Beslutsunderlag (pm.beslutsunderlag)", entries[0].span)
