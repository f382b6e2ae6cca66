"""Figures: budget sums, shares against caps, percentages and frames in the text.

A broken sum in a budget the politicians decide on is an error; a share that a
human must weigh (a cap that binds before the stated percentage) is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.model.format import procent
from papergen.model.schema import Budget, Finansieringsbeslut, FinansieringsRad, Summa
from papergen.rules.base import (
    Meeting,
    all_texts,
    amount_matches,
    amounts,
    arende_texts,
    block_texts,
    budgets,
    finding,
    kr,
    pct,
)


def _cells(values: tuple[int | None, ...]) -> str:
    return " + ".join(kr(v).removesuffix(" kronor") if v is not None else "–" for v in values)


def budget_rows(m: Meeting) -> Iterator[Diagnostic]:
    """PG501: each row's Totalt is the sum of its year cells."""
    for budget, where, _ in budgets(m):
        rows = [(("kostnader", i), r.post, r.belopp, r.totalt) for i, r in enumerate(budget.kostnader)]
        for g, group in enumerate(budget.finansiering):
            rows += [(("finansiering", g, "rader", i), r.finansiar, r.belopp, r.totalt)
                     for i, r in enumerate(group.rader)]
        for summa_key in ("summa_kostnader", "summa_finansiering"):
            s: Summa | None = getattr(budget, summa_key)
            if s is not None:
                rows.append(((summa_key,), "Summa", s.belopp, s.totalt))
        for loc, name, cells, total in rows:
            if total is None or len(cells) != len(budget.ar):
                continue
            computed = sum(c or 0 for c in cells)
            if computed != total:
                yield finding(Severity.ERROR, "PG501",
                              f"{where.label}: raden '{name}' summerar till {kr(computed)} ({_cells(cells)}), "
                              f"men Totalt är {kr(total)}", where.span(*loc, "totalt"))


def _column_sums(budget: Budget) -> Iterator[tuple[str, list[int | None], Summa, tuple[str, ...]]]:
    if budget.summa_kostnader:
        yield ("bokförda kostnader", [*(r.belopp for r in budget.kostnader)], budget.summa_kostnader,
               ("summa_kostnader",))  # type: ignore[misc]
    if budget.summa_finansiering:
        rows = [r.belopp for g in budget.finansiering for r in g.rader]
        yield ("finansiering", rows, budget.summa_finansiering, ("summa_finansiering",))  # type: ignore[misc]


def budget_columns(m: Meeting) -> Iterator[Diagnostic]:
    """PG502: each year column (and Totalt) adds up to its Summa row."""
    for budget, where, _ in budgets(m):
        for part, rows, summa, loc in _column_sums(budget):
            for i, year in enumerate(budget.ar):
                if i >= len(summa.belopp) or summa.belopp[i] is None:
                    continue
                computed = sum((row[i] or 0) for row in rows if i < len(row))  # type: ignore[index]
                if computed != summa.belopp[i]:
                    yield finding(Severity.ERROR, "PG502",
                                  f"{where.label}: {part} {year} summerar till {kr(computed)}, men "
                                  f"Summa {part} {year} är {kr(summa.belopp[i] or 0)}", where.span(*loc, "belopp", i))


def budget_balance(m: Meeting) -> Iterator[Diagnostic]:
    """PG503: Summa finansiering equals Summa bokförda kostnader, per year and in total."""
    for budget, where, _ in budgets(m):
        k, f = budget.summa_kostnader, budget.summa_finansiering
        if k is None or f is None:
            continue
        for i, year in enumerate(budget.ar):
            kv = k.belopp[i] if i < len(k.belopp) else None
            fv = f.belopp[i] if i < len(f.belopp) else None
            if kv is not None and fv is not None and kv != fv:
                yield finding(Severity.ERROR, "PG503",
                              f"{where.label}: Summa finansiering {year} är {kr(fv)} men Summa bokförda "
                              f"kostnader {year} är {kr(kv)}; budgeten är inte fullt finansierad",
                              where.span("summa_finansiering", "belopp", i))
        if k.totalt is not None and f.totalt is not None and k.totalt != f.totalt:
            yield finding(Severity.ERROR, "PG503",
                          f"{where.label}: Summa finansiering totalt är {kr(f.totalt)} men Summa bokförda "
                          f"kostnader totalt är {kr(k.totalt)}", where.span("summa_finansiering", "totalt"))


def _total_costs(budget: Budget) -> int | None:
    s = budget.summa_kostnader
    if s is None:
        return None
    if s.totalt is not None:
        return s.totalt
    return sum(v or 0 for v in s.belopp)


def _rows_total(rows: list[FinansieringsRad]) -> int:
    """Totalt of funding rows, or the sum of their cells where Totalt is empty."""
    return sum(r.totalt if r.totalt is not None else sum(v or 0 for v in r.belopp) for r in rows)


def share_and_cap(m: Meeting) -> Iterator[Diagnostic]:
    """PG504: the stated share of the costs, the cap and the grantor's own budget rows agree."""
    org = m.project.organisation.namn
    for budget, where, beslut in budgets(m):
        if beslut is None or beslut.andel_procent is None or beslut.hogst_belopp is None:
            continue
        total = _total_costs(budget)
        if not total:
            continue
        stated = float(beslut.andel_procent)
        cap = beslut.hogst_belopp
        by_share = total * stated / 100
        effective = min(by_share, cap) / total * 100
        if round(effective) != round(stated):
            yield finding(Severity.WARNING, "PG504",
                          f"{where.label}: {procent(beslut.andel_procent)} procent av de bokförda kostnaderna "
                          f"({kr(total)}) är {kr(by_share)}, men taket är {kr(cap)}; den faktiska andelen blir "
                          f"{pct(effective)}, inte {procent(beslut.andel_procent)} procent",
                          where.source.value_span(("finansieringsbeslut", "andel_procent")))
        rows = [r for g in budget.finansiering for r in g.rader]
        state_rows = [r for r in rows if "1:1" in r.finansiar]
        own_rows = [r for r in rows if r.finansiar.startswith(org)]
        if own_rows and _rows_total(state_rows) != cap and _rows_total(own_rows) != cap:
            names = ", ".join(f"'{r.finansiar}'" for r in (state_rows or own_rows))
            yield finding(Severity.WARNING, "PG504",
                          f"{where.label}: beslutet beviljar högst {kr(cap)}, men budgetens rad {names} "
                          f"upptar {kr(_rows_total(state_rows or own_rows))}",
                          where.source.value_span(("finansieringsbeslut", "hogst_belopp")))


_PERCENT = re.compile(r"\b(cirka |ca |ungefär |drygt |knappt )?(\d+(?:,\d+)?) (?:procent|%)")


# A percentage followed by one of these words measures a change or another quantity, not a ratio of amounts.
_CHANGE = re.compile(r"^\s*(?:ökning|minskning|högre|lägre|större|mindre|fler|färre|ökad|minskad|tillväxt|av "
                     r"(?:omsättningen|efterfrågan|företagen|kunderna|de anställda|befolkningen|deltagarna))",
                     re.IGNORECASE)


def percent_in_text(m: Meeting) -> Iterator[Diagnostic]:
    """PG507: 'X procent' in a paragraph agrees with two amounts in the same paragraph."""
    for a in m.arenden:
        for t in arende_texts(m, a):
            if "%" not in t.text and "procent" not in t.text:
                continue  # what _PERCENT needs: most paragraphs state no share
            found = list(_PERCENT.finditer(t.text))
            if len(found) != 1 or _CHANGE.search(t.text[found[0].end():found[0].end() + 40]):
                continue  # 'ca 20 % ökning av efterfrågan' is a change, not a share of the amounts
            sums = sorted(set(amounts(t.text)))
            if len(sums) < 2:
                continue
            approx = bool(found[0].group(1))
            stated = float(found[0].group(2).replace(",", "."))
            ratios = [x / y * 100 for x in sums for y in sums if x != y]
            tolerance = 2.5 if approx else 0.5
            if not any(abs(r - stated) <= tolerance for r in ratios):
                best = min(ratios, key=lambda r: abs(r - stated))
                small, big = sorted(sums)[:2] if len(sums) == 2 else (None, None)
                detail = (f"{kr(small)} av {kr(big)} är {pct(best)}" if small is not None
                          else f"närmast kommer {pct(best)}")
                yield finding(Severity.WARNING, "PG507",
                              f"texten säger '{found[0].group(0)}', men beloppen i samma stycke stämmer inte: "
                              f"{detail}", t.span)


_FRAME_WORDS = re.compile(r"\b(medlen|ram|ramen|totalt|sammanlagt|pott|budget)\b", re.I)


def frame_sum(m: Meeting) -> Iterator[Diagnostic]:
    """PG505: amounts set aside in the att-satser add up to the frame the text states."""
    for a in m.arenden:
        f = a.data.forslag_till_beslut
        if f is None:
            continue
        first = [amounts(att)[:1] for att in f.att_satser]
        parts = [x[0] for x in first if x]
        if len(parts) < 2:
            continue
        total = sum(parts)
        frames = []
        for section in a.sektioner:
            for t in block_texts(section.blocks, a.fil):
                for amount in amount_matches(t.text):
                    if not (amount.grouped and amount.kronor):
                        continue  # a frame is written out: '2 000 000 kronor'
                    value = amount.value
                    before = t.text[max(0, amount.start - 80):amount.start]
                    if value > max(parts) and _FRAME_WORDS.search(before):
                        frames.append((value, t))
        if frames and all(v != total for v, _ in frames):
            value, t = frames[0]
            yield finding(Severity.ERROR, "PG505",
                          f"att-satserna avsätter sammanlagt {kr(total)} "
                          f"({' + '.join(kr(p).removesuffix(' kronor') for p in parts)}), men texten anger "
                          f"ramen {kr(value)}", a.span("forslag_till_beslut", "att_satser"))


_SPREADSHEET = re.compile(r"#(?:DIVISION/0!|DIV/0!|REFERENS!|REF!|VÄRDEFEL!|VALUE!|N/A|SAKNAS!|NAMN\?|NAME\?|NUM!)")


def spreadsheet_errors(m: Meeting) -> Iterator[Diagnostic]:
    """PG506: spreadsheet error values pasted into the papers."""
    for a in m.arenden:
        for t in all_texts(m, a, yttrande=True):
            for match in _SPREADSHEET.finditer(t.text):
                yield finding(Severity.ERROR, "PG506",
                              f"felvärdet '{match.group(0)}' från ett kalkylblad står i texten; "
                              "för in det riktiga värdet", t.span)


# --- PG508: figures written in a decision against the funding decision it restates -------------

_SHARE = re.compile(r"(\d+(?:,\d+)?) (?:procent|%) av (?:projektets )?"
                    r"(?:totala |bokförda |stödberättigande )*kostnader")
_CAP = re.compile(r"\bhögst (\d{1,3}(?:[ \u00a0]\d{3})+|\d+) (?:kronor|kr)\b")
_PERIOD = re.compile(r"påbörjas (?:tidigast )?(\d{4}-\d{2}-\d{2})(?: och avslutas (?:senast )?(\d{4}-\d{2}-\d{2}))?")


_PERIOD_SPAN = re.compile(r"perioden (\d{4}-\d{2}-\d{2})\s*(?:[—–-]+|till)\s*(\d{4}-\d{2}-\d{2})")


def _figure_problems(att: str, beslut: Finansieringsbeslut) -> Iterator[str]:
    share = _SHARE.search(att)
    if share and beslut.andel_procent is not None \
            and float(share.group(1).replace(",", ".")) != float(beslut.andel_procent):
        yield (f"'{share.group(1)} procent' men finansieringsbeslutet anger "
               f"{procent(beslut.andel_procent)} procent (andel_procent)")
    cap = _CAP.search(att)
    if cap and beslut.hogst_belopp is not None and int(re.sub(r"\D", "", cap.group(1))) != beslut.hogst_belopp:
        yield f"'högst {cap.group(1)} kronor' men finansieringsbeslutet anger {kr(beslut.hogst_belopp)} (hogst_belopp)"
    period = _PERIOD.search(att) or _PERIOD_SPAN.search(att)
    if period and beslut.projektperiod is not None:
        for written, wanted, field in ((period.group(1), beslut.projektperiod.fran, "fran"),
                                       (period.group(2), beslut.projektperiod.till, "till")):
            if written and written != wanted.isoformat():
                yield f"'{written}' men projektperioden anger {wanted.isoformat()} (projektperiod.{field})"


def decision_figures(m: Meeting) -> Iterator[Diagnostic]:
    """PG508: the share, the cap and the project period written in the att-satser (and in a
    delegationsbeslut's beslut) agree with the finansieringsbeslut they restate: a wrong figure in a
    decision is an error."""
    for a in m.arenden:
        places: list[tuple[Finansieringsbeslut | None, str, Callable[[int], Span], tuple[str, ...]]] = []
        for prefix, f in ((("forslag_till_beslut",), a.data.forslag_till_beslut),
                          (("pm", "forslag_till_beslut"), a.data.pm.forslag_till_beslut if a.data.pm else None)):
            if f is not None:
                places.append((a.data.finansieringsbeslut, "att-satsen",
                               lambda i, p=prefix: a.span(*p, "att_satser", i), f.att_satser))
        for d in a.delegationsbeslut:
            places.append((d.data.finansieringsbeslut, "beslutet",
                           lambda i, d=d: d.source.value_span(("beslutet", i)), d.data.beslutet))
        for beslut, what, span, texts in places:
            if beslut is None:
                continue
            for i, text in enumerate(texts):
                for problem in _figure_problems(text, beslut):
                    yield finding(Severity.ERROR, "PG508", f"{what} säger {problem}", span(i))
        # The PM's and the delegationsbeslut's running text restate the decision too: there a wrong
        # figure misleads the reader but is not what is decided, so a warning.
        prose = [(a.data.finansieringsbeslut, [t for s in a.sektioner for t in block_texts(s.blocks, a.fil)])]
        prose += [(d.data.finansieringsbeslut, list(block_texts(d.blocks, d.fil))) for d in a.delegationsbeslut]
        for beslut, found in prose:
            if beslut is None:
                continue
            for t in found:
                for problem in _figure_problems(t.text, beslut):
                    yield finding(Severity.WARNING, "PG508", f"texten säger {problem}", t.span)
