"""Input shapes of every source file (pydantic v2), and their errors as diagnostics.

These frozen models are also the domain vocabulary the rest of papergen reads
(architecture.md 4 allows frozen pydantic models as the model itself); the
assembled meeting with its Markdown and source maps is papergen.model.core.
docs/source-format.md documents the same shapes for the people writing them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, ValidationError

from papergen.diagnostics import Diagnostic, Severity, did_you_mean
from papergen.source.yamlmap import SourceMap

_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def _klockslag(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError("klockslag")
    return value


Klockslag = Annotated[str, AfterValidator(_klockslag)]
Text = Annotated[str, Field(min_length=1)]
# An organ's id names its template folder (templates/<id>/): lower-case ASCII words joined by '-',
# at most 64 characters, so no id can lead out of templates/ (docs/source-format.md, "Names").
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]
# A file referenced from an ärende, relative to the meeting folder; papergen.model.load checks the same
# (PG119, PG207) where it can name the folder. Here it documents the shape for editors (JSON Schema).
FILE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(/[A-Za-z0-9][A-Za-z0-9_.-]{0,99})*$"
Filreferens = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": FILE_PATTERN})]
Belopp = Annotated[int, Field(ge=0)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


# --- organisation.yaml -------------------------------------------------------

Roll = Literal["ordforande", "vice_ordforande", "andre_vice_ordforande"]


class Person(StrictModel):
    namn: Text
    parti: Text | None = None
    roll: Roll | None = None


class Sekreterare(StrictModel):
    namn: Text
    titel: Text | None = None
    epost: Text | None = None
    telefon: Text | None = None


class Signatar(StrictModel):
    namn: Text
    titel: Text


class TidigareNamn(StrictModel):
    namn: Text
    fran: dt.date | None = None
    till: dt.date | None = None


ArendeTyp = Literal["beslut", "information", "anmalan", "presentation"]


class ForslagTillBeslut(StrictModel):
    inledning: Text | None = None
    att_satser: tuple[Text, ...] = Field(min_length=1)
    villkor: tuple[Text, ...] = ()
    efterskrift: tuple[Text, ...] = ()


class Handlingar(StrictModel):
    """What the body calls its papers, as printed in their titles and headers.

    A key left out keeps the value one level up (the organisation's, else the default).
    """

    kallelse: Text = "Kallelse"
    # The agenda: "Föredragningslista" in a nämnd, "Dagordning" in many utskott and styrelser.
    foredragningslista: Text = "Föredragningslista"
    # Its definite form in running text and diagnostics; left out: the name + (e)n ("dagordningen").
    foredragningslista_bestamd: Text | None = None
    pm: Text = "FöredragningsPM"
    remissvar: Text = "Yttrande"
    protokoll: Text = "Protokoll"
    protokollsutdrag: Text = "Protokollsutdrag"
    anslagsbevis: Text = "Anslagsbevis"


class Paragrafnummer(StrictModel):
    """How a § number is written: "§ 7", "KS § 12", "§ 63/20"."""

    prefix: Text = "§"
    # More than one ("§§ 1–13", "KS §§ 12–14"); left out: the prefix with its last § doubled.
    prefix_flera: Text | None = None
    # "/20" after each number: the last two digits of the meeting's year.
    arssuffix: StrictBool = False


class Avsnitt(StrictModel):
    """A sub-heading of the agenda ("Beslutsärenden") over the items of the listed kinds."""

    rubrik: Text
    typer: tuple[ArendeTyp, ...] = Field(min_length=1)


# Placeholders a standing item's förslag may hold; `papergen new meeting` fills them in.
PLATSHALLARE = ("organ", "justerare", "ersattare", "senast")
_PLATSHALLARE = re.compile(r"\{([^{}]*)\}")


def _kanda_platshallare(f: ForslagTillBeslut | None) -> ForslagTillBeslut | None:
    for text in (f.inledning or "", *f.att_satser, *f.villkor, *f.efterskrift) if f else ():
        for name in _PLATSHALLARE.findall(text):
            if name not in PLATSHALLARE:
                raise ValueError(f"okänd platshållare {{{name}}}; tillåtna: "
                                 + ", ".join(f"{{{n}}}" for n in PLATSHALLARE))
    return f


class StaendeArende(StrictModel):
    """An item on every agenda of the body (Val av justerare, Fastställande av dagordning …).

    `papergen new meeting` writes one ärende per standing item, in this order, with its recurring förslag.
    """

    rubrik: Text
    typ: ArendeTyp
    # False: an item with no § in the protokoll (Upprop, Mötets öppnande).
    paragraf: StrictBool = True
    visa_foredragande: StrictBool = True
    # The recurring förslag; {organ}, {justerare}, {ersattare} and {senast} are filled in from meeting.yaml.
    # Left out: the förslag of the same item at the previous meeting, if it had one.
    forslag_till_beslut: Annotated[ForslagTillBeslut | None, AfterValidator(_kanda_platshallare)] = None


# A source that is not a real paper: true, or a text saying what was made up. Every paper made from
# it says so on each page (papergen.render.context.konstruerat).
Konstruerat = StrictBool | Text


class Organ(StrictModel):
    id: Id
    namn: Text
    # How the protokoll's standard phrases name the body ("finner att nämnden
    # beslutar …"); an utskott or a styrelse says "utskottet", "styrelsen".
    kortnamn: Text = "nämnden"
    tidigare_namn: tuple[TidigareNamn, ...] = ()
    ledamoter: tuple[Person, ...]
    ersattare: tuple[Person, ...] = ()
    sekreterare: Sekreterare | None = None
    signatarer: tuple[Signatar, ...] = ()
    # How this body writes its papers; each left out is the organisation's (papergen.model.praxis).
    handlingar: Handlingar | None = None
    paragrafnummer: Paragrafnummer | None = None
    avsnitt: tuple[Avsnitt, ...] | None = None
    staende_arenden: tuple[StaendeArende, ...] | None = None


class Organisation(StrictModel):
    namn: Text
    webbadress: Text | None = None
    postadress: tuple[Text, ...] = ()
    epost: Text | None = None
    dnr_monster: Text | None = None
    # How every body of the organisation writes its papers, unless the organ says otherwise;
    # left out: today's defaults (papergen.model.praxis).
    handlingar: Handlingar | None = None
    paragrafnummer: Paragrafnummer | None = None
    avsnitt: tuple[Avsnitt, ...] | None = None
    staende_arenden: tuple[StaendeArende, ...] | None = None
    # Which window of a Swedish window envelope (C5, C4, E65) the letters' address field is placed for:
    # v2 (window at the left) or h2 (at the right).
    fonsterkuvert: Literal["v2", "h2"] = "h2"
    # The organisation's logotyp on the first page of the kallelse and the letters: a PNG or JPEG
    # file, its path relative to the project root. Left out, the papers have none.
    logo: Text | None = None
    organ: tuple[Organ, ...] = Field(min_length=1)


# --- meeting.yaml -------------------------------------------------------------

class Tid(StrictModel):
    start: Klockslag
    slut: Klockslag | None = None


class Gruppmoten(StrictModel):
    tid: Text | None = None
    rader: tuple[Text, ...] = ()


class Justering(StrictModel):
    justerare: Text
    ersattare: Text | None = None
    senast: dt.date | None = None


class MoteAvsnitt(StrictModel):
    rubrik: Text
    arenden: tuple[int, ...] = Field(min_length=1)


class MeetingFile(StrictModel):
    organ: Id
    datum: dt.date
    tid: Tid
    plats: Text
    gruppmoten: Gruppmoten | None = None
    noter: tuple[Text, ...] = ()
    justering: Justering | None = None
    konstruerat: Konstruerat = False  # every paper of the meeting
    # Sub-headings of this meeting's agenda, each over the items listed; replaces the body's `avsnitt`.
    avsnitt: tuple[MoteAvsnitt, ...] | None = None


# --- ärende front matter ----------------------------------------------------


class InformationsPunkt(StrictModel):
    amne: Text
    diarienummer: Text | None = None
    foredragande: Text | None = None


class Underskrift(StrictModel):
    namn: Text
    titel: Text


class Sekretess(StrictModel):
    """Secret under the Offentlighets- och sekretesslagen; left out of the public set."""

    osl: Text  # the provision, as printed: "21 kap. 7 § OSL"


class Bilaga(StrictModel):
    """One entry of a beslutsunderlag. Written as its title; as a mapping when it must stay out of the
    public set (`- {titel: Läkarintyg, sekretess: {osl: 25 kap. 1 § OSL}}`)."""

    titel: Text
    sekretess: Sekretess | None = None
    personuppgifter: StrictBool = False

    @property
    def publik(self) -> bool:
        """May its title be published."""
        return self.sekretess is None and not self.personuppgifter


def _bilaga(value: Any) -> Any:
    return {"titel": value} if isinstance(value, str) else value


BilagaPost = Annotated[Bilaga, BeforeValidator(_bilaga, json_schema_input_type=Text | Bilaga)]


class Pm(StrictModel):
    # The header fields are optional because a real PM can lack its header
    # (seed 003, item 4); `papergen check` reports the gap instead.
    tjanstestalle: Text | None = None
    handlaggare: Text | None = None
    datum: dt.date | None = None
    dnr: Text | None = None
    externt_diarienummer: Text | None = None
    organ: Text | None = None
    rubrik: Text
    forslag_till_beslut: ForslagTillBeslut | None = None
    beslutsunderlag: tuple[BilagaPost, ...] = ()
    underskrift: Underskrift | None = None
    skickas_till: tuple[Text, ...] = ()


class Period(StrictModel):
    fran: dt.date
    till: dt.date


class Finansieringsbeslut(StrictModel):
    sokande: Text
    projekt: Text
    sokt_belopp: Belopp | None = None
    andel_procent: Decimal | None = None
    hogst_belopp: Belopp | None = None
    projektperiod: Period | None = None
    ram: Text | None = None
    kalla: Text | None = None


class KostnadsRad(StrictModel):
    post: Text
    belopp: tuple[Belopp | None, ...]
    totalt: Belopp | None = None


class FinansieringsRad(StrictModel):
    finansiar: Text
    belopp: tuple[Belopp | None, ...]
    totalt: Belopp | None = None


class FinansieringsGrupp(StrictModel):
    grupp: Text | None = None
    rader: tuple[FinansieringsRad, ...]


class Summa(StrictModel):
    belopp: tuple[Belopp | None, ...]
    totalt: Belopp | None = None


class Budget(StrictModel):
    rubrik: Text = "Kostnads- och finansieringsbudget"
    kalla: Text | None = None
    ar: tuple[int, ...] = Field(min_length=1)
    kostnader: tuple[KostnadsRad, ...]
    summa_kostnader: Summa | None = None
    finansiering: tuple[FinansieringsGrupp, ...] = ()
    summa_finansiering: Summa | None = None


class Remiss(StrictModel):
    avsandare: Text
    enhet: Text | None = None
    handlaggare: Text | None = None
    datum: dt.date | None = None
    diarienummer: Text | None = None
    ange_diarienummer: StrictBool = False
    rubrik: Text | None = None
    remisstid: Period | None = None
    svar_senast: dt.date | None = None
    svar_till: tuple[Text, ...] = ()
    beslut_fattas_av: Text | None = None


class Frist(StrictModel):
    """A deadline the decision must meet (a report due, a remiss answer)."""

    datum: dt.date
    avser: Text


class ArendeFront(StrictModel):
    nummer: int = Field(ge=1)
    rubrik: Text
    typ: ArendeTyp
    # False: an agenda item that gets no § in the protokoll (Upprop, Mötets öppnande).
    paragraf: StrictBool = True
    konstruerat: Konstruerat = False  # the kallelse and the item's own papers say so
    diarienummer: Text | None = None
    foredragande: tuple[Text, ...] = ()
    visa_foredragande: StrictBool = True
    forslag_till_beslut: ForslagTillBeslut | None = None
    punkter: tuple[InformationsPunkt, ...] = ()
    beslutsunderlag: tuple[BilagaPost, ...] = ()
    sammanfattning_foredragningslista: Text | None = None
    pm: Pm | None = None
    finansieringsbeslut: Finansieringsbeslut | None = None
    budget: Budget | None = None
    remiss: Remiss | None = None
    yttrande: Filreferens | None = None
    delegationsbeslut: tuple[Filreferens, ...] = ()
    frister: tuple[Frist, ...] = ()
    # Public/internal builds (papergen publish): what must stay out of the public set.
    sekretess: Sekretess | None = None
    personuppgifter: StrictBool = False


# --- yttrande and delegationsbeslut front matter -----------------------------

class YttrandeUnderskrift(StrictModel):
    for_: Text | None = Field(default=None, alias="for")
    namn: Text
    titel: Text


class YttrandeFront(StrictModel):
    mottagare: tuple[Text, ...] = Field(min_length=1)
    rubrik: Text
    # Optional so that a yttrande printed without them (seed 003) can be
    # transcribed; `papergen check` reports the gap (PG541).
    datum: dt.date | None = None
    diarienummer: Text | None = None
    underskrift: YttrandeUnderskrift


class DelegationsbeslutFront(StrictModel):
    diarienummer: Text
    datum: dt.date
    tjanstestalle: Text | None = None
    handlaggare: Text | None = None
    mottagare: tuple[Text, ...] = ()
    rubrik: Text
    finansieringsbeslut: Finansieringsbeslut | None = None
    beslutet: tuple[Text, ...] = ()
    villkor: tuple[Text, ...] = ()
    budget: Budget | None = None
    underskrifter: tuple[Underskrift, ...] = ()


# --- protokoll.yaml: the record of what happened at the meeting -----------------

class LedamotNarvaro(StrictModel):
    namn: Text
    arenden: tuple[int, ...] | None = None  # present only for these ärenden; all when left out


class TjanstgorandeErsattare(StrictModel):
    namn: Text
    for_: Text = Field(alias="for")
    arenden: tuple[int, ...] | None = None  # serves only for these ärenden; all when left out


class OvrigNarvarande(StrictModel):
    namn: Text
    titel: Text | None = None
    arenden: tuple[int, ...] | None = None


class Narvaro(StrictModel):
    ledamoter: tuple[Text | LedamotNarvaro, ...] = Field(min_length=1)
    tjanstgorande_ersattare: tuple[TjanstgorandeErsattare, ...] = ()
    ersattare: tuple[Text, ...] = ()  # present but not serving
    ovriga: tuple[OvrigNarvarande, ...] = ()


class ProtokollJustering(StrictModel):
    justerare: tuple[Text, ...] = ()  # left out: the justerare named in meeting.yaml
    plats: Text
    datum: dt.date


class Anslag(StrictModel):
    forvaringsplats: Text
    uppsatt: dt.date | None = None  # left out: the justering day
    nedtas: dt.date | None = None  # left out: the first weekday after the appeal period


class OjAnslag(StrictModel):
    uppsatt: dt.date | None = None
    nedtas: dt.date | None = None


class Yrkande(StrictModel):
    namn: Text
    # Either the yrkande's own words ("att …", "avslag på förslaget") or
    # bifall to the förslag ("forslaget") or to another person's yrkande.
    text: Text | None = None
    bifall: Text | None = None


class Proposition(StrictModel):
    mellan: tuple[Text, ...] = Field(min_length=1)  # "forslaget" or the name of whoever made the yrkande
    antaget: Text  # one of mellan, or "avslag" when a single yrkande is put and rejected


class Roster(StrictModel):
    ja: tuple[Text, ...] = ()
    nej: tuple[Text, ...] = ()
    avstar: tuple[Text, ...] = ()


class Omrostning(StrictModel):
    ja: Text  # the alternative a ja-röst stands for: "forslaget" or a name
    nej: Text
    roster: Roster


class Reservation(StrictModel):
    namn: Text
    text: Text | None = None  # left out: "till förmån för eget yrkande" (or plain reservation)


class Protokollsanteckning(StrictModel):
    namn: Text
    text: Text


BeslutTyp = Literal["enligt_forslaget", "aterremiss", "bordlaggning", "informationen_noteras"]


class EgetBeslut(StrictModel):
    inledning: Text | None = None
    att_satser: tuple[Text, ...] = Field(min_length=1)


class ParagrafPost(StrictModel):
    arende: int = Field(ge=1)
    # The § as the protokoll words it, in place of the ärende's Sammanfattning (which the kallelse keeps):
    # one paragraph each.
    text: tuple[Text, ...] = ()
    beslut: BeslutTyp | EgetBeslut
    motivering: Text | None = None  # why an ärende is återremitterat or bordlagt
    yrkanden: tuple[Yrkande, ...] = ()
    propositionsordning: tuple[Proposition, ...] = ()
    omrostning: Omrostning | None = None
    reservationer: tuple[Reservation, ...] = ()
    protokollsanteckningar: tuple[Protokollsanteckning, ...] = ()
    jav: tuple[Text, ...] = ()
    omedelbar_justering: StrictBool = False
    anslag: OjAnslag | None = None  # the own anslag of an omedelbart justerad paragraf
    expediering: tuple[Text, ...] | None = None  # left out: the PM's "Skickas till"
    # papergen publish: this § alone keeps only title, närvaro and beslut in the public set.
    sekretess: Sekretess | None = None
    personuppgifter: StrictBool = False


class ProtokollFile(StrictModel):
    forsta_paragraf: int | None = Field(default=None, ge=1)  # left out: runs on from the previous meeting
    konstruerat: Konstruerat = False  # the protokoll, its utdrag and the anslagsbevis
    tid: Tid
    plats: Text | None = None  # left out: the place in meeting.yaml
    ordforande: Text | None = None  # left out: the organ's ordförande
    sekreterare: Text | None = None  # left out: the organ's sekreterare
    narvaro: Narvaro
    justering: ProtokollJustering
    anslag: Anslag
    paragrafer: tuple[ParagrafPost, ...]


M = TypeVar("M", bound=BaseModel)


# --- pydantic errors -> diagnostics --------------------------------------------

_EXPECTED = {
    "date": "ett datum ÅÅÅÅ-MM-DD, t.ex. 2020-02-14",
    "int": "ett heltal",
    "decimal": "ett tal, t.ex. 42 eller 42.5",
    "str": "en text",
    "list": "en lista ('- ' per rad)",
    "dict": "en mappning med nycklar",
    "bool": "true eller false",
}

_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"}


def _quote(value: Any) -> str:
    if value is None:
        return "ett tomt värde"
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    return f"'{value}'"


def _key_name(loc: tuple[str | int, ...]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "värdet"


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Walk the model along loc to list the keys allowed where an unknown key was found."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in args or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def errors_to_diagnostics(exc: ValidationError, model: type[BaseModel], smap: SourceMap,
                          prefix: tuple[str | int, ...] = ()) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[Any, ...]] = set()
    errors = exc.errors()
    failed = [tuple(e["loc"]) for e in errors]
    for err in errors:
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))  # drop union tags
        if err["type"] == "too_short" and any(len(f) > len(err["loc"]) and f[:len(err["loc"])] == tuple(err["loc"])
                                             for f in failed):
            continue  # pydantic also calls a list "too short" when its elements failed: they are reported
        full = (*prefix, *loc)
        kind = err["type"]
        value = err.get("input")
        key = _key_name(loc)
        dedup = (full, kind)
        if dedup in seen:
            continue
        seen.add(dedup)
        code, span = "PG105", smap.value_span(full)
        if kind == "missing" and full in smap.keys:
            code, span = "PG104", smap.key_span(full)
            message = f"fältet '{key}' är tomt men måste ha ett värde"
        elif kind == "missing":
            code, span = "PG104", smap.value_span(full[:-1])
            parent = _key_name(loc[:-1]) if len(loc) > 1 else None
            where = f" i '{parent}'" if parent else ""
            message = f"fältet '{key}' saknas{where}"
        elif kind == "extra_forbidden":
            code, span = "PG103", smap.key_span(full)
            allowed = _allowed_keys(model, loc)
            message = f"okänd nyckel '{key}'"
            if suggestion := did_you_mean(str(key), allowed):
                message += suggestion + " Tillåtna här: " + ", ".join(allowed)
            elif allowed:
                message += "; tillåtna här: " + ", ".join(allowed)
        elif kind in ("bool_type", "bool_parsing") and isinstance(value, str) and value in _YAML11_BOOLS:
            code = "PG107"
            message = (f"'{key}' har värdet '{value}', som YAML 1.1 läser som ja/nej; "
                       "skriv true eller false")
        elif kind in ("bool_type", "bool_parsing"):
            message = f"'{key}' ska vara true eller false, inte {_quote(value)}"
        elif kind.startswith("date"):
            message = f"'{key}' ska vara {_EXPECTED['date']}, inte {_quote(value)}"
        elif kind.startswith("int") or kind == "greater_than_equal":
            if kind == "greater_than_equal":
                message = f"'{key}' får inte vara negativt, fick {_quote(value)}"
            elif isinstance(value, str) and re.fullmatch(r"\d{1,3}( \d{3})+", value):
                message = (f"'{key}' ska vara {_EXPECTED['int']} skrivet utan mellanslag, "
                           f"t.ex. {value.replace(' ', '')}, inte {_quote(value)}")
            else:
                message = f"'{key}' ska vara {_EXPECTED['int']}, inte {_quote(value)}"
        elif kind.startswith("decimal"):
            message = f"'{key}' ska vara {_EXPECTED['decimal']}, inte {_quote(value)}"
        elif kind == "string_type" and isinstance(value, dict) and len(value) == 1 \
                and next(iter(value.values())) is None:
            text = next(iter(value))
            message = (f"'{key}' ska vara {_EXPECTED['str']}, men YAML läste '{text}:' som en nyckel; "
                       f"sätt texten inom citattecken: \"{text}:\"")
        elif kind in ("string_type",):
            message = f"'{key}' ska vara {_EXPECTED['str']}, inte {_quote(value)}"
        elif kind == "string_pattern_mismatch":
            message = (f"'{key}' ska vara ett id av små bokstäver a–z, siffror och bindestreck, "
                       f"t.ex. 'regional-tillvaxtnamnd', inte {_quote(value)}")
        elif kind == "string_too_long":
            limit = err.get("ctx", {}).get("max_length")
            message = f"'{key}' får vara högst {limit} tecken, men har {len(value) if isinstance(value, str) else '?'}"
        elif kind == "string_too_short":
            message = f"'{key}' får inte vara tom"
        elif kind == "too_short":
            message = f"'{key}' måste ha minst ett element"
        elif kind in ("list_type", "tuple_type"):
            message = f"'{key}' ska vara {_EXPECTED['list']}, inte {_quote(value)}"
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"'{key}' ska vara {_EXPECTED['dict']}, inte {_quote(value)}"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"'{key}' har det okända värdet {_quote(value)}; tillåtna värden: {expected}"
        elif kind == "value_error" and "okänd platshållare" in str(err.get("msg", "")):
            message = f"'{key}' har en {str(err['msg']).removeprefix('Value error, ')}"
        elif kind == "value_error" and "klockslag" in str(err.get("msg", "")):
            message = f"'{key}' ska vara ett klockslag TT:MM inom citattecken, t.ex. \"10:00\", inte {_quote(value)}"
        else:
            message = f"'{key}' har ett ogiltigt värde {_quote(value)} ({err.get('msg', kind)})"
        out.append(Diagnostic(Severity.ERROR, code, message, span))
    return out


def _drop_empty(data: Any) -> Any:
    """`key:` with no value means "not given" (docs/source-format.md), so the default applies."""
    if isinstance(data, dict):
        if data and all(v is None for v in data.values()) and len(data) == 1:
            return data  # "text ending in a colon:" read as a key; keep it so the message can say so
        return {k: _drop_empty(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_empty(v) for v in data]
    return data


def validate_as(model: type[M], data: Any, smap: SourceMap) -> tuple[M | None, list[Diagnostic]]:
    """Validate plain data against a model; errors come back located in the source file."""
    try:
        return model.model_validate(_drop_empty(data) if data is not None else {}), []
    except ValidationError as exc:
        return None, errors_to_diagnostics(exc, model, smap)
