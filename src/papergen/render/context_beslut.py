"""Delegationsbeslut and budget bilagor -> their contexts.

Owns how a delegationsbeslut is laid out as a letter (seed 003, pages of ärende
12: the header facts, the addressee, Beslutet, the villkor, the body, the
kostnads- och finansieringsbudget, the signatures) and how a budget is printed
from its data: two tables whose sums papergen computes itself. Where the
source states another sum, the paper prints the computed one and says so
under the table; `papergen check` reports the mismatch (PG501, PG502).
"""

from __future__ import annotations

from typing import TypedDict

from papergen.model.core import Arende, Delegationsbeslut, Project, Sammantrade
from papergen.model.format import belopp, datum_iso, genitiv
from papergen.model.schema import Budget, Summa
from papergen.render.context import (
    AdressfaltCtx,
    Logo,
    OrganisationCtx,
    Rich,
    adressfalt_ctx,
    konstruerat,
    logo,
    organisation_ctx,
)
from papergen.source.markdown import Block, Heading, Inline, Table


class PersonTitelCtx(TypedDict):
    namn: str
    titel: str


class BudgetCtx(TypedDict):
    rubrik: str
    tabeller: Rich  # the cost table and the financing table, sums computed
    anmarkningar: list[str]  # where the source states a sum other than the computed one


class DelegationsbeslutCtx(TypedDict):
    konstruerat: str  # the banner of a paper made from constructed sources, or ""
    organisation: OrganisationCtx
    logo: Logo
    adressfalt: AdressfaltCtx
    organ: str
    nummer: int  # the ärende that reports it
    tjanstestalle_handlaggare: str
    datum: str
    dnr: str
    mottagare: list[str]
    rubrik: str
    inledning: Rich  # the body before its first heading ("… ansöker om …")
    beslutet: list[str]
    villkor_rubrik: str
    villkor: list[str]
    innehall: Rich  # Sammanfattning, Skäl till beslut, Beskrivning av ärendet …
    budget: BudgetCtx | None
    underskrifter: list[PersonTitelCtx]


class BudgetbilagaCtx(TypedDict):
    konstruerat: str
    organisation: OrganisationCtx
    organ: str
    datum: str
    nummer: int
    rubrik: str  # the ärende's
    dnr: str
    kalla: str  # the paper the budget is printed from ("Projektbeskrivning …")
    budget: BudgetCtx


def _cell(text: str, bold: bool = False) -> tuple[Inline, ...]:
    return (Inline(text, bold=bold),) if text else ()


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _row(label: str, amounts: list[int | None], bold: bool = False) -> tuple[tuple[Inline, ...], ...]:
    return (_cell(label, bold), *(_cell(belopp(v), bold) for v in amounts), _cell(belopp(_sum(amounts)), bold))


def _stated(label: str, stated: Summa | None, computed: list[int | None], ar: tuple[int, ...]) -> list[str]:
    """A sentence for each sum the source states otherwise than the rows add up to."""
    if stated is None:
        return []
    notes = []
    for year, said, sum_ in zip((*map(str, ar), "totalt"), (*stated.belopp, stated.totalt),
                                (*computed, _sum(computed)), strict=False):
        if said is not None and said != sum_:
            notes.append(f"{label} {year} är räknad av papergen till {belopp(sum_)} kronor; "
                         f"underlaget anger {belopp(said)} kronor.")
    return notes


def _totalt(label: str, stated: int | None, amounts: list[int | None]) -> str:
    """A sentence when a row's stated Totalt is not the sum of its years ('' when it is)."""
    computed = _sum(amounts)
    if stated is None or stated == computed:
        return ""
    return (f"Totalt för {label} är räknat av papergen till {belopp(computed)} kronor; "
            f"underlaget anger {belopp(stated)} kronor.")


def budget_ctx(b: Budget) -> BudgetCtx:
    """The budget as two tables (kostnader, finansiering) with every sum computed from its rows."""
    years = len(b.ar)
    right = (None, *(["right"] * (years + 1)))

    def amounts(values: tuple[int | None, ...]) -> list[int | None]:
        return [values[i] if i < len(values) else None for i in range(years)]

    head = tuple(str(a) for a in b.ar) + ("Totalt",)
    kostnader = [amounts(r.belopp) for r in b.kostnader]
    summa_k = [_sum([r[i] for r in kostnader]) for i in range(years)]
    cost_rows = [_row(r.post, a) for r, a in zip(b.kostnader, kostnader, strict=True)]
    notes = [_totalt(r.post, r.totalt, a) for r, a in zip(b.kostnader, kostnader, strict=True)]
    cost_rows.append(_row("Summa bokförda kostnader", summa_k, bold=True))
    blocks: list[Block] = [Table(header=(_cell("Bokförda kostnader"), *(_cell(h) for h in head)),
                                 rows=tuple(cost_rows), align=tuple(right))]
    notes += _stated("Summa bokförda kostnader", b.summa_kostnader, summa_k, b.ar)
    if b.finansiering:
        fin_rows = []
        all_amounts: list[list[int | None]] = []
        for g in b.finansiering:
            if g.grupp:
                fin_rows.append((_cell(g.grupp, bold=True), *(() for _ in range(years + 1))))
            for r in g.rader:
                a = amounts(r.belopp)
                all_amounts.append(a)
                fin_rows.append(_row(r.finansiar, a))
                notes.append(_totalt(r.finansiar, r.totalt, a))
        summa_f = [_sum([r[i] for r in all_amounts]) for i in range(years)]
        fin_rows.append(_row("Summa finansiering", summa_f, bold=True))
        blocks.append(Table(header=(_cell("Finansiär"), *(_cell(h) for h in head)), rows=tuple(fin_rows),
                            align=tuple(right)))
        notes += _stated("Summa finansiering", b.summa_finansiering, summa_f, b.ar)
    return {"rubrik": b.rubrik, "tabeller": Rich(tuple(blocks)), "anmarkningar": [n for n in notes if n]}


def _split(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """The lead paragraphs before the first heading, and the rest."""
    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            return blocks[:i], blocks[i:]
    return blocks, ()


def delegationsbeslut_ctx(project: Project, m: Sammantrade, a: Arende, d: Delegationsbeslut) -> DelegationsbeslutCtx:
    data = d.data
    lead, rest = _split(d.blocks)
    return {
        # Reported by a constructed ärende or meeting, the letter is part of the made-up example too.
        "konstruerat": konstruerat("ett verkligt delegationsbeslut", m.data.konstruerat, a.data.konstruerat),
        "organisation": organisation_ctx(project),
        "logo": logo(project),
        "adressfalt": adressfalt_ctx(project),
        "organ": m.organ.namn,
        "nummer": a.data.nummer,
        "tjanstestalle_handlaggare": ", ".join(x for x in (data.tjanstestalle, data.handlaggare) if x),
        "datum": datum_iso(data.datum),
        "dnr": data.diarienummer,
        "mottagare": list(data.mottagare),
        "rubrik": data.rubrik,
        "inledning": Rich(lead),
        "beslutet": list(data.beslutet),
        "villkor_rubrik": f"Följande villkor gäller för {genitiv(project.organisation.namn)} beslut:"
        if data.villkor else "",
        "villkor": list(data.villkor),
        "innehall": Rich(rest),
        "budget": budget_ctx(data.budget) if data.budget is not None else None,
        "underskrifter": [{"namn": u.namn, "titel": u.titel} for u in data.underskrifter],
    }


def budgetbilaga_ctx(project: Project, m: Sammantrade, a: Arende) -> BudgetbilagaCtx:
    b = a.data.budget
    assert b is not None, "budgetbilaga_ctx is planned only for ärenden with a budget"
    return {
        "konstruerat": konstruerat("en verklig budget", m.data.konstruerat, a.data.konstruerat),
        "organisation": organisation_ctx(project),
        "organ": m.organ.namn,
        "datum": datum_iso(m.data.datum),
        "nummer": a.data.nummer,
        "rubrik": a.data.rubrik,
        "dnr": a.data.diarienummer or "",
        "kalla": b.kalla or "",
        "budget": budget_ctx(b),
    }

