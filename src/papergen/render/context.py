"""Model -> one typed context per document: every formatting decision lives here.

Owns what each paper shows and how values are worded (labels, dates, the
"Diarienummer: … Föredragande: …" line, roles). Templates only place these
values. Markdown stays a block tree (Rich) here; each backend renders it its
own way (papergen.render.docx.render, papergen.render.markdown).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest
from typing import TypedDict

from papergen.model.core import Arende, Project, Sammantrade
from papergen.model.format import datum_iso, genitiv
from papergen.model.praxis import Praxis
from papergen.model.schema import ForslagTillBeslut, Konstruerat, Person, Tid
from papergen.source.bild import Bild
from papergen.source.markdown import Block, Section


@dataclass(frozen=True, slots=True)
class Rich:
    """Markdown blocks placed as a whole (a Sammanfattning, a PM section)."""

    blocks: tuple[Block, ...]

    def __bool__(self) -> bool:
        return bool(self.blocks)


@dataclass(frozen=True, slots=True)
class Logo:
    """The organisation's logotyp at the head of a first page; false (nothing printed) without one."""

    bild: Bild | None
    beskrivning: str  # the alternative text: "Region Örebro läns logotyp"

    def __bool__(self) -> bool:
        return self.bild is not None


def logo(project: Project) -> Logo:
    return Logo(project.logo, f"{genitiv(project.organisation.namn)} logotyp")


class OrganisationCtx(TypedDict):
    namn: str
    postadress: str  # the Postadress block on one line
    postadress_rader: list[str]  # the same block line by line (the kallelse's address block)
    epost: str
    webbadress: str


class ForslagCtx(TypedDict):
    inledning: str
    att_satser: list[str]
    villkor: list[str]
    efterskrift: list[str]


class ArendeCtx(TypedDict):
    avsnitt: str  # the agenda's sub-heading that starts before this item ("Beslutsärenden"), or ""
    nummer: int
    rubrik: str
    rad: str  # "Diarienummer: … Föredragande: …", "Föredragande:" or ""
    punkter: list[str]
    forslag: ForslagCtx | None
    sammanfattning: Rich
    beslutsunderlag: list[str]


class LedamotRad(TypedDict):
    ledamot: str
    ersattare: str


class KallelseCtx(TypedDict):
    titel: str  # "Kallelse"
    lista: str  # the agenda's heading: "Föredragningslista", "Dagordning"
    konstruerat: str  # the banner of a constructed paper, or ""
    organisation: OrganisationCtx
    logo: Logo
    organ: str
    datum: str
    tid: str
    plats: str
    gruppmoten: dict[str, object] | None
    noter: list[str]
    ledamoter: list[str]
    ersattare: list[str]
    ledamot_rader: list[LedamotRad]
    arenden: list[ArendeCtx]


class SektionCtx(TypedDict):
    rubrik: str
    innehall: Rich


class PersonTitel(TypedDict):
    namn: str
    titel: str


class PmCtx(TypedDict):
    titel: str  # "FöredragningsPM"
    konstruerat: str
    organisation: OrganisationCtx
    nummer: int
    tjanstestalle_handlaggare: str
    sammantradesdatum: str
    dnr: str
    externt_diarienummer: str
    organ: str
    rubrik: str
    forslag: ForslagCtx | None
    sektioner: list[SektionCtx]
    beslutsunderlag: list[str]
    underskrift: PersonTitel | None
    skickas_till: list[str]


class UnderskriftCtx(TypedDict):
    for_: str
    namn: str
    titel: str


class AdressfaltCtx(TypedDict):
    x: int  # twips from the sheet's left edge
    y: int  # twips from the sheet's top edge
    bredd: int  # twips


# The address field of a letter, placed to show in the window of a Swedish window envelope (C5, C4
# and E65 windows sit at the same place on the folded A4 sheet): v2 = window at the left, h2 = at
# the right. In millimetres from the sheet's top left corner: the field starts 48 mm down (inside
# the window's 45-80 mm band) and is 85 mm wide; v2 starts 20 mm in, h2 105 mm in (20 mm from the
# right edge). An organisation whose envelopes differ picks the other one (organisation.yaml
# `fonsterkuvert`).
_MM = 1440 / 25.4
ADRESSFALT = {"v2": (20, 48, 85), "h2": (105, 48, 85)}


def adressfalt_ctx(project: Project) -> AdressfaltCtx:
    x, y, bredd = ADRESSFALT[project.organisation.fonsterkuvert]
    return {"x": round(x * _MM), "y": round(y * _MM), "bredd": round(bredd * _MM)}


class RemissvarCtx(TypedDict):
    titel: str  # "Yttrande"
    konstruerat: str
    organisation: OrganisationCtx
    logo: Logo
    adressfalt: AdressfaltCtx
    organ: str
    nummer: int
    datum: str
    dnr: str
    er_referens: str
    mottagare: list[str]
    rubrik: str
    innehall: Rich
    underskrift: UnderskriftCtx


ROLLER = {"ordforande": "ordförande", "vice_ordforande": "vice ordförande",
          "andre_vice_ordforande": "2:e vice ordförande"}


def konstruerat(noun: str, *flags: Konstruerat) -> str:
    """'Konstruerat exempel – inte ett verkligt protokoll' when any source of the paper is flagged.

    `noun` is the paper with its article and adjective ("ett verkligt protokoll", "en verklig kallelse"):
    the generic Swedish word for the kind, whatever the body titles it.
    """
    return f"Konstruerat exempel – inte {noun}" if any(f is not False for f in flags) else ""


def avsnitt_rubriker(pr: Praxis, m: Sammantrade) -> dict[int, str]:
    """Ärende number -> the sub-heading printed before it, where a section starts.

    The meeting's own sections (meeting.yaml `avsnitt`, by item number) win over the body's
    (organisation.yaml `avsnitt`, by kind of item). A heading is printed again only when the
    section changes, so the agenda keeps its order.
    """
    own = m.data.avsnitt
    section: dict[int, str] = {}
    for a in m.arenden:
        if own is not None:
            found = next((s.rubrik for s in own if a.data.nummer in s.arenden), "")
        else:
            found = next((s.rubrik for s in pr.avsnitt if a.data.typ in s.typer), "")
        section[a.data.nummer] = found
    starts: dict[int, str] = {}
    previous = ""
    for a in m.arenden:
        current = section[a.data.nummer]
        if current and current != previous:
            starts[a.data.nummer] = current
        previous = current
    return starts


def organisation_ctx(project: Project) -> OrganisationCtx:
    org = project.organisation
    return {"namn": org.namn, "postadress": ", ".join(org.postadress), "postadress_rader": list(org.postadress),
            "epost": org.epost or "",
            "webbadress": org.webbadress or ""}


def person(p: Person) -> str:
    """'Irén Lejegren (S), ordförande' as on the kallelse."""
    text = p.namn + (f" ({p.parti})" if p.parti else "")
    return text + (f", {ROLLER[p.roll]}" if p.roll else "")


def forslag_ctx(f: ForslagTillBeslut | None) -> ForslagCtx | None:
    if f is None:
        return None
    return {"inledning": f.inledning or "", "att_satser": list(f.att_satser), "villkor": list(f.villkor),
            "efterskrift": list(f.efterskrift)}


def tid(t: Tid) -> str:
    """'kl. 10:00–15:00': a range takes an en dash in Swedish typography (Språkrådet), not a hyphen."""
    return f"kl. {t.start}\u2013{t.slut}" if t.slut else f"kl. {t.start}"


def arende_rad(a: Arende) -> str:
    """The reference line under an agenda title (document-types.md 2.1 item 2)."""
    parts = []
    if a.data.diarienummer:
        parts.append(f"Diarienummer: {a.data.diarienummer}")
    if a.data.visa_foredragande:
        parts.append(("Föredragande: " + ", ".join(a.data.foredragande)).rstrip())
    return " ".join(parts)


def informationspunkt(amne: str, dnr: str | None, foredragande: str | None) -> str:
    text = amne + (f", diarienummer {dnr}" if dnr else "")
    return text + (f" - {foredragande}" if foredragande else "")


def kallelse_ctx(project: Project, m: Sammantrade) -> KallelseCtx:
    organ = m.organ
    pr = m.praxis
    rubriker = avsnitt_rubriker(pr, m)
    ledamoter = [person(p) for p in organ.ledamoter]
    ersattare = [person(p) for p in organ.ersattare]
    g = m.data.gruppmoten
    arenden: list[ArendeCtx] = []
    for a in m.arenden:
        arenden.append({
            "avsnitt": rubriker.get(a.data.nummer, ""),
            "nummer": a.data.nummer,
            "rubrik": a.data.rubrik,
            "rad": arende_rad(a),
            "punkter": [informationspunkt(p.amne, p.diarienummer, p.foredragande) for p in a.data.punkter],
            "forslag": forslag_ctx(a.data.forslag_till_beslut),
            "sammanfattning": Rich(a.sammanfattning_pa_listan),
            "beslutsunderlag": [b.titel for b in a.data.beslutsunderlag],
        })
    return {
        "titel": pr.handlingar.kallelse,
        "lista": pr.handlingar.foredragningslista,
        "konstruerat": konstruerat("en verklig kallelse", m.data.konstruerat,
                                   *(a.data.konstruerat for a in m.arenden)),
        "organisation": organisation_ctx(project),
        "logo": logo(project),
        "organ": organ.namn,
        "datum": datum_iso(m.data.datum),
        "tid": tid(m.data.tid),
        "plats": m.data.plats,
        "gruppmoten": {"rubrik": f"Gruppmöten {g.tid}:" if g.tid else "Gruppmöten:", "rader": list(g.rader)}
        if g else None,
        "noter": list(m.data.noter),
        "ledamoter": ledamoter,
        "ersattare": ersattare,
        "ledamot_rader": [{"ledamot": le or "", "ersattare": er or ""}
                          for le, er in zip_longest(ledamoter, ersattare)],
        "arenden": arenden,
    }


def _pm_sections(sections: tuple[Section, ...]) -> list[SektionCtx]:
    return [{"rubrik": s.rubrik, "innehall": Rich(s.blocks)} for s in sections]


def pm_ctx(project: Project, m: Sammantrade, a: Arende) -> PmCtx:
    pm = a.data.pm
    assert pm is not None, "pm_ctx is planned only for ärenden with a PM"
    # A PM header repeats facts the ärende already holds; where the paper
    # leaves them out (seed 003 items 4, 5, 10) the ärende's own values stand in.
    dnr = pm.dnr or a.data.diarienummer or ""
    datum = pm.datum or m.data.datum
    return {
        "titel": m.praxis.handlingar.pm,
        "konstruerat": konstruerat("ett verkligt föredragnings-PM", m.data.konstruerat, a.data.konstruerat),
        "organisation": organisation_ctx(project),
        "nummer": a.data.nummer,
        "tjanstestalle_handlaggare": ", ".join(x for x in (pm.tjanstestalle, pm.handlaggare) if x),
        "sammantradesdatum": datum_iso(datum),
        "dnr": dnr,
        "externt_diarienummer": pm.externt_diarienummer or "",
        "organ": pm.organ or m.organ.namn,
        "rubrik": pm.rubrik,
        "forslag": forslag_ctx(a.forslag_i_pm),
        "sektioner": _pm_sections(a.sektioner),
        "beslutsunderlag": [b.titel for b in pm.beslutsunderlag],
        "underskrift": {"namn": pm.underskrift.namn, "titel": pm.underskrift.titel} if pm.underskrift else None,
        "skickas_till": list(pm.skickas_till),
    }


def remissvar_ctx(project: Project, m: Sammantrade, a: Arende) -> RemissvarCtx:
    y = a.yttrande
    assert y is not None, "remissvar_ctx is planned only for ärenden with a yttrande"
    remiss = a.data.remiss
    u = y.data.underskrift
    return {
        "titel": m.praxis.handlingar.remissvar,
        "konstruerat": konstruerat("ett verkligt yttrande", m.data.konstruerat, a.data.konstruerat),
        "organisation": organisation_ctx(project),
        "logo": logo(project),
        "adressfalt": adressfalt_ctx(project),
        "organ": m.organ.namn,
        "nummer": a.data.nummer,
        "datum": datum_iso(y.data.datum) if y.data.datum else "",
        "dnr": y.data.diarienummer or "",
        # The sender's dnr goes on the yttrande whenever it is known; rules.md R2 asks
        # for it when the remiss says "Ange diarienummer …".
        "er_referens": (remiss.diarienummer or "") if remiss else "",
        "mottagare": list(y.data.mottagare),
        "rubrik": y.data.rubrik,
        "innehall": Rich(y.blocks),
        "underskrift": {"for_": u.for_ or "", "namn": u.namn, "titel": u.titel},
    }
