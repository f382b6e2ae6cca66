"""The record -> contexts of the protokoll, the protokollsutdrag and the anslagsbevis.

Owns the protokoll's wording: the header block, the standard phrases of
propositionsordning, omröstning, reservation and jäv, and how a beslut is
written out from the ärende's förslag. Who served where and which alternative
won is papergen.model.protokoll's; templates only place the strings built here.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from papergen.model.core import Arende, Project, Protokoll, Sammantrade
from papergen.model.format import antal, datum_iso, genitiv
from papergen.model.praxis import Praxis
from papergen.model.protokoll import (
    AVSLAG,
    FORSLAGET,
    AnslagDatum,
    Paragraf,
    avviker,
    beslutande,
    ledamot_poster,
    ordforande,
    paragrafens_anslag,
    paragrafer,
    personer,
    protokollets_anslag,
    sekreterare,
    utfall,
)
from papergen.model.schema import EgetBeslut, Organ
from papergen.render.context import (
    ForslagCtx,
    OrganisationCtx,
    Rich,
    forslag_ctx,
    informationspunkt,
    konstruerat,
    organisation_ctx,
    person,
    tid,
)


class RostRad(TypedDict):
    ledamot: str
    ersattare: str
    ja: str
    nej: str
    avstar: str


class OmrostningCtx(TypedDict):
    proposition: str
    rader: list[RostRad]
    summa: RostRad
    resultat: str


class ParagrafCtx(TypedDict):
    nummer: str  # "§ 7"
    rubrik: str
    rad: str
    narvaro: list[str]  # who serves or has left for this § alone
    jav: list[str]
    punkter: list[str]
    text: list[str]  # the protokoll's own words for the §, in place of the Sammanfattning
    sammanfattning: Rich
    forslag: ForslagCtx | None
    yrkanden: list[str]
    propositionsordning: list[str]
    omrostning: OmrostningCtx | None
    avviker: str
    beslut: ForslagCtx
    reservationer: list[str]
    protokollsanteckningar: list[str]
    omedelbart_justerad: str
    beslutsunderlag: list[str]
    expediering: list[str]


class AnslagCtx(TypedDict):
    rubrik: str  # "Protokollet, §§ 1–13" or "§ 10, omedelbart justerad"
    bevis: str  # "Protokollet är justerat. …" or, for one §, "Paragrafen är justerad. …"
    organ: str
    sammantradesdatum: str
    justerat: str
    uppsatt: str
    nedtas: str
    sista_overklagandedag: str
    forvaringsplats: str
    underskrift: str


class Underskrift(TypedDict):
    roll: str
    namn: str


class ProtokollCtx(TypedDict):
    titel: str  # "Protokoll"
    konstruerat: str  # the banner of a constructed paper, or ""
    organisation: OrganisationCtx
    organ: str
    datum: str
    tid: str
    plats: str
    beslutande: list[str]
    tjanstgorande_ersattare: list[str]
    ersattare: list[str]
    ovriga: list[str]
    justerare: list[str]
    justering: str
    paragrafer: str
    underskrifter: list[Underskrift]
    anslag: list[AnslagCtx]
    paragraf_lista: list[ParagrafCtx]


class UtdragCtx(TypedDict):
    titel: str  # "Protokollsutdrag"
    konstruerat: str
    organisation: OrganisationCtx
    organ: str
    datum: str
    paragraf: ParagrafCtx
    justering: str
    anslag: AnslagCtx
    bestyrkande: str  # who certifies the extract: the sekreterare


class AnslagsbevisCtx(TypedDict):
    titel: str  # "Anslagsbevis"
    konstruerat: str
    organisation: OrganisationCtx
    organ: str
    datum: str
    anslag: list[AnslagCtx]
    overklagande: str


# KL 13:5: how to appeal, printed with the anslag (rules.md R1.25, R1.30).
OVERKLAGANDE = ("Den som vill överklaga ett beslut enligt kommunallagen (laglighetsprövning) ska ge in "
                "överklagandet skriftligen till förvaltningsrätten inom tre veckor från den dag då "
                "justeringen tillkännagavs på anslagstavlan.")


# --- names ------------------------------------------------------------------------

class _Namn:
    """'Tom Rymoen (M)' and its genitive 'Tom Rymoens (M)', from the organisation file."""

    def __init__(self, organ: Organ) -> None:
        self._personer = personer(organ)

    def __call__(self, name: str) -> str:
        p = self._personer.get(name)
        return f"{name} ({p.parti})" if p and p.parti else name

    def genitiv(self, name: str) -> str:
        own = genitiv(name)
        p = self._personer.get(name)
        return f"{own} ({p.parti})" if p and p.parti else own

    def alternativ(self, value: str) -> str:
        return "förslaget" if value == FORSLAGET else f"{self.genitiv(value)} yrkande"


def _with_paragrafer(text: str, arenden: tuple[int, ...] | None, numbers: dict[int, int], pr: Praxis,
                     datum: dt.date) -> str:
    """Append '§§ 1–4' to a person who was there for some ärenden only."""
    if arenden is None:
        return text
    return f"{text}, {pr.paragrafer([numbers[n] for n in arenden if n in numbers], datum)}"


def _konstruerat(m: Sammantrade, noun: str, arenden: list[Arende]) -> str:
    """The banner of a protokoll paper: the meeting, the record or an ärende it shows is made up."""
    p = m.protokoll
    return konstruerat(noun, m.data.konstruerat, p.data.konstruerat if p else False,
                       *(a.data.konstruerat for a in arenden))


# --- one § ------------------------------------------------------------------------

def _beslut(m: Sammantrade, par: Paragraf) -> ForslagCtx:
    post, organ = par.post, m.organ
    lead = f"{organ.namn} beslutar"
    if isinstance(post.beslut, EgetBeslut):
        return {"inledning": post.beslut.inledning or lead, "att_satser": list(post.beslut.att_satser),
                "villkor": [], "efterskrift": []}
    if post.beslut == "enligt_forslaget":
        f = par.arende.data.forslag_till_beslut
        assert f is not None, "load reports enligt_forslaget without a förslag (PG212)"
        # The att-satser are the ärende's; the lead-in is the body's own name (the förslag may misspell it).
        return {"inledning": lead, "att_satser": list(f.att_satser), "villkor": list(f.villkor),
                "efterskrift": list(f.efterskrift)}
    if post.beslut in ("aterremiss", "bordlaggning"):
        verb = "återremittera" if post.beslut == "aterremiss" else "bordlägga"
        why = f" {post.motivering.rstrip('.')}." if post.motivering else "."
        return {"inledning": lead, "att_satser": [f"{verb} ärendet{why}"], "villkor": [], "efterskrift": []}
    return {"inledning": "Informationen noteras.", "att_satser": [], "villkor": [], "efterskrift": []}


def _propositioner(par: Paragraf, namn: _Namn, kort: str) -> list[str]:
    lines = []
    for prop in par.post.propositionsordning:
        alts = [namn.alternativ(v) for v in prop.mellan]
        if len(alts) == 1:
            verdict = "avslaget" if prop.antaget == AVSLAG else "antaget"
            lines.append(f"Ordföranden ställer proposition på {alts[0]} och finner det {verdict}.")
        else:
            listed = ", ".join(alts[:-1]) + " och " + alts[-1]
            lines.append(f"Ordföranden ställer proposition på {listed} och finner att {kort} "
                         f"beslutar enligt {namn.alternativ(prop.antaget)}.")
    return lines


def rostsiffror(ja: int, nej: int, avstar: int) -> str:
    """'Med 4 ja-röster mot 1 nej-röst, 1 avstår,': each count agrees with its noun ('avstår' is a verb)."""
    return (f"Med {antal(ja, 'ja-röst', 'ja-röster')} mot {antal(nej, 'nej-röst', 'nej-röster')}"
            + (f", {avstar} avstår," if avstar else ""))


def _omrostning(p: Protokoll, m: Sammantrade, par: Paragraf, namn: _Namn) -> OmrostningCtx | None:
    o = par.post.omrostning
    if o is None:
        return None
    kort = m.organ.kortnamn
    ordf = ordforande(p, m.organ)
    votes = {**{x: "ja" for x in o.roster.ja}, **{x: "nej" for x in o.roster.nej},
             **{x: "avstar" for x in o.roster.avstar}}
    rader: list[RostRad] = []
    serving = {d.ersatter or d.namn: d for d in beslutande(p, par)}
    # One row per seat in the organisation file's order, the serving ersättare beside the ledamot.
    for seat in m.organ.ledamoter:
        d = serving.get(seat.namn)
        if d is None:
            continue
        vote = votes.get(d.namn, "")
        # A serving ersättare's row names the ledamot she serves for, as a voting list does.
        rader.append({"ledamot": namn(seat.namn),
                      "ersattare": namn(d.namn) if d.ersatter else "",
                      "ja": "X" if vote == "ja" else "", "nej": "X" if vote == "nej" else "",
                      "avstar": "X" if vote == "avstar" else ""})
    u = utfall(o, ordf)
    summa: RostRad = {"ledamot": "Summa", "ersattare": "", "ja": str(u.ja), "nej": str(u.nej),
                      "avstar": str(u.avstar)}
    counted = rostsiffror(u.ja, u.nej, u.avstar)
    if u.vinnare is None:
        result = f"{counted} är omröstningen oavgjord."
    elif u.utslagsrost:
        result = f"{counted} och ordförandens utslagsröst beslutar {kort} enligt {namn.alternativ(u.vinnare)}."
    else:
        result = f"{counted} beslutar {kort} enligt {namn.alternativ(u.vinnare)}."
    return {
        "proposition": f"Omröstning begärs. {kort.capitalize()} godkänner följande voteringsproposition: "
                       f"ja-röst för {namn.alternativ(o.ja)}, nej-röst för {namn.alternativ(o.nej)}.",
        "rader": rader, "summa": summa, "resultat": result,
    }


def _reservationer(par: Paragraf, namn: _Namn) -> list[str]:
    lines = []
    for r in par.post.reservationer:
        if r.text:
            lines.append(f"{namn(r.namn)} reserverar sig mot beslutet: {r.text}")
            continue
        own = next((y for y in par.post.yrkanden if y.namn == r.namn), None)
        if own and own.text:
            lines.append(f"{namn(r.namn)} reserverar sig mot beslutet till förmån för eget yrkande.")
        elif own and own.bifall and own.bifall != FORSLAGET:
            lines.append(f"{namn(r.namn)} reserverar sig mot beslutet till förmån för "
                         f"{namn.alternativ(own.bifall)}.")
        else:
            lines.append(f"{namn(r.namn)} reserverar sig mot beslutet.")
    return lines


def _yrkanden(par: Paragraf, namn: _Namn) -> list[str]:
    lines = []
    for y in par.post.yrkanden:
        if y.text:
            lines.append(f"{namn(y.namn)} yrkar {y.text}")
        else:
            lines.append(f"{namn(y.namn)} yrkar bifall till {namn.alternativ(y.bifall or FORSLAGET)}.")
    return lines


def _narvaro_i_paragraf(p: Protokoll, par: Paragraf, namn: _Namn) -> list[str]:
    """Ersättare who serve in this § only on account of it (jäv), so the § shows who decided."""
    nummer = par.arende.data.nummer
    lines = []
    for e in p.data.narvaro.tjanstgorande_ersattare:
        if e.arenden is not None and nummer in e.arenden and e.for_ in par.post.jav:
            lines.append(f"{namn(e.namn)} tjänstgör för {namn(e.for_)} i denna paragraf.")
    return lines


def paragraf_ctx(project: Project, m: Sammantrade, par: Paragraf) -> ParagrafCtx:
    p = m.protokoll
    assert p is not None, "paragraf_ctx is planned only for meetings with a protokoll"
    namn = _Namn(m.organ)
    a, post = par.arende, par.post
    beslut = _beslut(m, par)
    said = " ".join(beslut["att_satser"]).lower()
    if post.expediering is not None:
        expediering = list(post.expediering)
    else:
        expediering = list(a.data.pm.skickas_till) if a.data.pm else []
    own_text = list(post.text)
    return {
        "nummer": m.praxis.paragraf(par.nummer, m.data.datum),
        "rubrik": a.data.rubrik,
        "rad": f"Diarienummer: {a.data.diarienummer}" if a.data.diarienummer else "",
        "narvaro": _narvaro_i_paragraf(p, par, namn),
        "jav": [f"{namn(x)} anmäler jäv och deltar inte i handläggningen av ärendet." for x in post.jav],
        "punkter": [informationspunkt(x.amne, x.diarienummer, x.foredragande) for x in a.data.punkter],
        "text": own_text,
        "sammanfattning": Rich(() if own_text else a.sammanfattning),
        "forslag": forslag_ctx(a.data.forslag_till_beslut),
        "yrkanden": _yrkanden(par, namn),
        "propositionsordning": _propositioner(par, namn, m.organ.kortnamn),
        "omrostning": _omrostning(p, m, par, namn),
        "avviker": "Beslutet avviker från förslaget till beslut." if avviker(post, a) else "",
        "beslut": beslut,
        "reservationer": _reservationer(par, namn),
        "protokollsanteckningar": [f"{namn(x.namn)} lämnar följande protokollsanteckning: {x.text}"
                                   for x in post.protokollsanteckningar],
        # Said once: item 10's own att-sats already declares it.
        "omedelbart_justerad": "Paragrafen förklaras omedelbart justerad."
        if post.omedelbar_justering and "omedelbart justerad" not in said else "",
        "beslutsunderlag": [b.titel for b in a.data.beslutsunderlag],
        "expediering": expediering,
    }


# --- anslag -------------------------------------------------------------------------

def _anslag_ctx(m: Sammantrade, p: Protokoll, rubrik: str, d: AnslagDatum, *, en_paragraf: bool) -> AnslagCtx:
    justerat = "Paragrafen är justerad." if en_paragraf else "Protokollet är justerat."
    return {
        "rubrik": rubrik,
        "bevis": f"{justerat} Justeringen har tillkännagivits genom anslag.",
        "organ": m.organ.namn,
        "sammantradesdatum": datum_iso(m.data.datum),
        "justerat": datum_iso(d.justerat),
        "uppsatt": datum_iso(d.uppsatt),
        "nedtas": datum_iso(d.nedtas),
        "sista_overklagandedag": datum_iso(d.sista_overklagandedag),
        "forvaringsplats": p.data.anslag.forvaringsplats,
        "underskrift": sekreterare(p, m.organ) or "",
    }


def _alla_anslag(pr: Praxis, m: Sammantrade, p: Protokoll) -> list[AnslagCtx]:
    pars = paragrafer(m)
    main = protokollets_anslag(m)
    assert main is not None
    found = [_anslag_ctx(m, p, f"Protokollet, {pr.paragrafer([x.nummer for x in pars], m.data.datum)}", main,
                         en_paragraf=False)]
    for par in pars:
        own = paragrafens_anslag(m, par)
        if own is not None:
            found.append(_anslag_ctx(m, p, f"{pr.paragraf(par.nummer, m.data.datum)}, omedelbart justerad", own,
                                     en_paragraf=True))
    return found


# --- documents ----------------------------------------------------------------------

def protokoll_ctx(project: Project, m: Sammantrade) -> ProtokollCtx:
    p = m.protokoll
    assert p is not None, "protokoll_ctx is planned only for meetings with a protokoll"
    namn = _Namn(m.organ)
    pr = m.praxis
    datum = m.data.datum
    pars = paragrafer(m)
    numbers = {x.arende.data.nummer: x.nummer for x in pars}
    by_name = personer(m.organ)
    jav: dict[str, list[int]] = {}
    for x in pars:
        for name in x.post.jav:
            jav.setdefault(name, []).append(x.nummer)
    # A ledamot who declared jäv is marked in the attendance list, so the list shows who decided what.
    beslutande_lista = [_with_paragrafer(person(by_name[x.namn]), x.arenden, numbers, pr, datum)
                        + (f", jäv {pr.paragrafer(jav[x.namn], datum)}" if x.namn in jav else "")
                        for x in ledamot_poster(p)]
    ersattare = [_with_paragrafer(f"{namn(e.namn)} för {namn(e.for_)}", e.arenden, numbers, pr, datum)
                 for e in p.data.narvaro.tjanstgorande_ersattare]
    ovriga = [_with_paragrafer(o.namn + (f", {o.titel}" if o.titel else ""), o.arenden, numbers, pr, datum)
              for o in p.data.narvaro.ovriga]
    j = p.data.justering
    underskrifter: list[Underskrift] = [
        {"roll": "Sekreterare", "namn": sekreterare(p, m.organ) or ""},
        {"roll": "Ordförande", "namn": ordforande(p, m.organ) or ""},
        *({"roll": "Justerare", "namn": x} for x in p.justerare),
    ]
    return {
        "titel": pr.handlingar.protokoll,
        "konstruerat": _konstruerat(m, "ett verkligt protokoll", [x.arende for x in pars]),
        "organisation": organisation_ctx(project),
        "organ": m.organ.namn,
        "datum": datum_iso(m.data.datum),
        "tid": tid(p.data.tid),
        "plats": p.data.plats or m.data.plats,
        "beslutande": beslutande_lista,
        "tjanstgorande_ersattare": ersattare,
        "ersattare": [namn(x) for x in p.data.narvaro.ersattare],
        "ovriga": ovriga,
        "justerare": [namn(x) for x in p.justerare],
        "justering": f"{j.plats}, {datum_iso(j.datum)}",
        "paragrafer": pr.paragrafer([x.nummer for x in pars], datum),
        "underskrifter": underskrifter,
        "anslag": _alla_anslag(pr, m, p),
        "paragraf_lista": [paragraf_ctx(project, m, x) for x in pars],
    }


def utdrag_ctx(project: Project, m: Sammantrade, par: Paragraf) -> UtdragCtx:
    p = m.protokoll
    assert p is not None, "utdrag_ctx is planned only for meetings with a protokoll"
    pr = m.praxis
    nummer = pr.paragraf(par.nummer, m.data.datum)
    own = paragrafens_anslag(m, par)
    if own is not None:
        justering = f"Paragrafen förklarades omedelbart justerad {datum_iso(m.data.datum)}."
        anslag = _anslag_ctx(m, p, f"{nummer}, omedelbart justerad", own, en_paragraf=True)
    else:
        main = protokollets_anslag(m)
        assert main is not None
        justering = f"Protokollet justerades {datum_iso(p.data.justering.datum)}."
        anslag = _anslag_ctx(m, p, nummer, main, en_paragraf=False)
    return {
        "titel": pr.handlingar.protokollsutdrag,
        "konstruerat": _konstruerat(m, "ett verkligt protokollsutdrag", [par.arende]),
        "organisation": organisation_ctx(project),
        "organ": m.organ.namn,
        "datum": datum_iso(m.data.datum),
        "paragraf": paragraf_ctx(project, m, par),
        "justering": justering,
        "anslag": anslag,
        "bestyrkande": sekreterare(p, m.organ) or "",
    }


def anslagsbevis_ctx(project: Project, m: Sammantrade) -> AnslagsbevisCtx:
    p = m.protokoll
    assert p is not None, "anslagsbevis_ctx is planned only for meetings with a protokoll"
    pr = m.praxis
    return {"titel": pr.handlingar.anslagsbevis,
            "konstruerat": _konstruerat(m, "ett verkligt anslagsbevis", [x.arende for x in paragrafer(m)]),
            "organisation": organisation_ctx(project), "organ": m.organ.namn,
            "datum": datum_iso(m.data.datum), "anslag": _alla_anslag(pr, m, p), "overklagande": OVERKLAGANDE}

