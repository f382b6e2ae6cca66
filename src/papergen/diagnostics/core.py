"""Diagnostics: located, coded, Swedish messages collected like a compiler's.

Owns Span, Severity, Diagnostic, the code table and the human output format.
It imports nothing from papergen, so every stage can report through it.
Rules that *produce* findings live with their stage (source/, schema, validate).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """1-based position in a source file; end is inclusive of the last column."""

    path: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    span: Span | None = None
    notes: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.path, self.span.line, self.span.column, self.code)


# One line per code: the stable interface users silence and tests assert.
# The README's table is generated from this (tests/test_docs.py keeps them in step).
CODES: dict[str, str] = {
    "PG100": "Filen kan inte läsas (saknas, är inte UTF-8 eller är en mapp).",
    "PG101": "YAML-syntaxfel.",
    "PG102": "Front matter saknas eller avslutas inte med '---'.",
    "PG103": "Okänd nyckel.",
    "PG104": "Obligatoriskt fält saknas.",
    "PG105": "Fel typ eller ogiltigt värde.",
    "PG106": "Samma nyckel förekommer två gånger.",
    "PG107": "YAML 1.1-fälla: yes/no/on/off där true/false väntas.",
    "PG108": "Undantag (papergen: godkänn) som inte godkänner något fynd.",
    "PG109": "Undantag (papergen: godkänn) utan skäl.",
    "PG110": "Markdown som inte kan återges i Word (HTML, bild, kodblock).",
    "PG111": "Okänd rubrik för ett avsnitt i föredragnings-PM.",
    "PG112": "Rubriknivå som inte hör hemma i texten.",
    "PG113": "PM-avsnitt i fel ordning.",
    "PG114": "Text före första avsnittsrubriken i ett ärende.",
    "PG115": "Platshållaren FYLL I (från papergen new) står kvar.",
    "PG116": "Okänd markering 'papergen: …' i en Markdown-kommentar.",
    "PG117": "Markeringen sekretess utan lagrum, eller personuppgifter med ett lagrum.",
    "PG118": "Markering för sekretess eller personuppgifter som inte står före något stycke.",
    "PG119": "Filnamn eller hänvisning som inte följer mönstret för namn som blir en del av en sökväg.",
    "PG120": "Källfil som är en symbolisk länk ut ur projektet.",
    "PG121": "YAML-alias som vidgas till för många värden (alias-bomb) eller pekar på sig självt.",
    "PG122": "YAML kapslat i för många nivåer.",
    "PG123": "Tecken som ett Word-dokument inte kan innehålla (styrtecken, U+FFFE, U+FFFF).",
    "PG124": "Organisationens logotyp finns inte, ligger utanför projektet eller är inte en PNG- eller JPEG-bild.",
    "PG201": "Mappens namn stämmer inte med sammanträdets datum.",
    "PG202": "Hänvisad fil saknas.",
    "PG203": "Två ärenden har samma nummer.",
    "PG204": "Okänt organ.",
    "PG205": "Justerare är inte ledamot eller ersättare i organet.",
    "PG206": "Filnamnets nummer stämmer inte med ärendets nummer.",
    "PG207": "Hänvisad fil ligger utanför sammanträdets mapp.",
    "PG208": "Fält som hör till en annan typ av ärende.",
    "PG209": "Person i protokollet som inte är ledamot eller ersättare i organet.",
    "PG210": "Protokollet nämner ett ärende som inte finns på föredragningslistan, eller två gånger.",
    "PG211": "Första paragrafnumret kan inte räknas fram ur föregående protokoll.",
    "PG212": "Beslut enligt förslaget i ett ärende utan förslag till beslut.",
    "PG213": "Hänvisning till ett förslag eller yrkande som inte finns i paragrafen.",
    "PG214": "Sammanträdets sluttid ligger inte efter starttiden.",
    "PG501": "Budgetrad: Totalt är inte summan av årens belopp.",
    "PG502": "Budgetkolumn: summan stämmer inte med Summa-raden.",
    "PG503": "Summa finansiering är inte lika med Summa bokförda kostnader.",
    "PG504": "Andel av kostnaderna, tak och beviljande rad i budgeten stämmer inte.",
    "PG505": "Beloppen i att-satserna summerar inte till ramen i texten.",
    "PG506": "Felvärde från kalkylblad (#DIVISION/0!, #REFERENS! …) i texten.",
    "PG507": "'X procent' i texten stämmer inte med beloppen i samma stycke.",
    "PG508": "Andel, tak eller projektperiod i beslutstexten stämmer inte med finansieringsbeslutet.",
    "PG511": "Hänvisning till föredragnings-PM med annat datum än sammanträdet.",
    "PG512": "Datum utan årtal.",
    "PG513": "Projektperiod och budgetår stämmer inte.",
    "PG514": "Projektet får påbörjas före beslutet.",
    "PG515": "Justering senare än 14 dagar efter sammanträdet.",
    "PG516": "Handling skriven före sammanträdet säger att organet redan har beslutat.",
    "PG517": "PM:ets sammanträdesdatum är inte sammanträdets datum.",
    "PG521": "Organets namn avviker från det officiella namnet för datumet.",
    "PG522": "Föredragningslistan och PM:et säger olika.",
    "PG523": "Undertecknarens titel avviker från organisationsfilen.",
    "PG524": "Två bilagor i samma ärende har samma titel.",
    "PG525": "Bilagans titel i beslutsunderlaget stämmer inte med bilagans egen rubrik.",
    "PG526": "Organets namn i löptext eller beslutstext: i två ord, fel böjt adjektiv eller annan form.",
    "PG527": "Ett stående ärendes att-sats eller efterskrift följer inte organets standardform.",
    "PG530": "Beslutsunderlag under en annan rubrik än Beslutsunderlag.",
    "PG531": "Förslag till beslut saknar inledningen '… beslutar'.",
    "PG532": "PM-huvudet saknar uppgifter.",
    "PG533": "PM:et saknar Beslutsunderlag.",
    "PG534": "Att-satsernas skiljetecken följer inte praxis.",
    "PG535": "Numrerad serie (Delmål 1, 2, 3 …) med lucka eller upprepning.",
    "PG536": "Rubrik utan text.",
    "PG537": "Finansieringsrad under fel rubrik (offentlig eller privat finansiering).",
    "PG538": "PM:et saknar ett avsnitt som krävs för ärendets typ, eller har dem i fel ordning.",
    "PG539": "Länktext som inte säger vart länken går (i källtexten).",
    "PG541": "Yttrandet saknar datum, eget diarienummer eller avsändarens diarienummer.",
    "PG542": "Remissvaret beslutas efter sista svarsdag.",
    "PG550": "Stavningen kunde inte kontrolleras (hunspell saknas).",
    "PG551": "Ord som inte finns i svensk ordlista eller organisationens ordlista.",
    "PG552": "Ersättningstecken (¤, U+FFFD) där ett tecken gått förlorat.",
    "PG553": "Samma avsändare har olika e-postadresser.",
    "PG561": "Personnummer (med giltig kontrollsiffra) i text som publiceras.",
    "PG562": "Telefonnummer till en privatperson i text som publiceras.",
    "PG563": "E-postadress till en privatperson i text som publiceras.",
    "PG564": "Ord om hälsa i samma mening som en persons namn, i text som publiceras.",
    "PG601": "Ärende på föredragningslistan utan paragraf i protokollet.",
    "PG602": "Flera förslag eller en omröstning utan propositionsordning.",
    "PG603": "Omröstningens röster är inte de tjänstgörandes, en var.",
    "PG604": "Organet är inte beslutfört i paragrafen.",
    "PG605": "Fler tjänstgörande än platser, en person två gånger, eller ersättare för en närvarande ledamot.",
    "PG606": "Justerare eller ordförande var inte närvarande.",
    "PG607": "Protokollet justeras senare än 14 dagar efter sammanträdet.",
    "PG608": "Anslagets datum följer inte av justeringen.",
    "PG609": "Frist före justeringen men paragrafen justeras inte omedelbart.",
    "PG610": "Reservation av någon som inte röstade emot eller inte deltog.",
    "PG611": "Jävig ledamot deltar i handläggningen.",
    "PG612": "Beslutet stämmer inte med propositionsordningen eller omröstningen.",
    "PG613": "Återremiss eller bordläggning utan motivering.",
    "PG614": "Yrkande av någon som inte tjänstgör i paragrafen.",
    "PG615": "Paragrafnumreringen fortsätter inte från föregående protokoll.",
    "PG301": "Mall saknas.",
    "PG302": "Fel i mall (syntax eller okänd variabel).",
    "PG303": "Mall som försöker nå något utanför sandlådan (Pythons interna delar).",
    "PG401": "Utdata kunde inte skrivas.",
    "PG402": "LibreOffice saknas; PDF kan inte göras (övriga format skrivs).",
    "PG403": "LibreOffice kunde inte göra PDF av ett Word-dokument.",
    "PG701": "Rubriknivåer i en byggd fil hoppar över en nivå, eller sidan har inte exakt en huvudrubrik.",
    "PG702": "Tabell i en byggd fil utan markerad rubrikrad.",
    "PG703": "Bild utan alternativtext, med filnamnet som text eller samma text som en annan bild.",
    "PG704": "Byggd fil utan dokumentspråk (svenska) eller titel.",
    "PG705": "Länktext som inte säger vart länken går.",
    "PG706": "Betydelse som bara syns genom färg, eller text uppställd i kolumner med tabbar eller hårda mellanslag.",
}


class Collector:
    """Accumulates diagnostics from every stage; nothing stops at the first one."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {diagnostic.code}")
        self._items.append(diagnostic)

    def error(self, code: str, message: str, span: Span | None = None, *notes: str) -> None:
        self.add(Diagnostic(Severity.ERROR, code, message, span, tuple(notes)))

    def warning(self, code: str, message: str, span: Span | None = None, *notes: str) -> None:
        self.add(Diagnostic(Severity.WARNING, code, message, span, tuple(notes)))

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def items(self) -> list[Diagnostic]:
        return sorted(self._items, key=Diagnostic.sort_key)

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self._items)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self._items if d.severity is severity)


@dataclass
class SourceLines:
    """Cache of source file lines for showing context under a diagnostic."""

    root: Path
    _cache: dict[str, list[str]] = field(default_factory=dict)

    def line(self, path: str, number: int) -> str | None:
        if path not in self._cache:
            try:
                file = self.root / path
                # A link out of the project (PG120) is never read, not even to show one line of it.
                if not file.resolve().is_relative_to(self.root.resolve()):
                    raise PermissionError(path)
                self._cache[path] = file.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                self._cache[path] = []
        lines = self._cache[path]
        return lines[number - 1] if 0 < number <= len(lines) else None


def format_diagnostic(d: Diagnostic, sources: SourceLines | None = None) -> str:
    """gcc style: `path:line:col: severity[CODE]: message`, then the line and a caret."""
    where = f"{d.span.path}:{d.span.line}:{d.span.column}: " if d.span else ""
    out = [f"{where}{d.severity.value}[{d.code}]: {d.message}"]
    if d.span and sources is not None:
        text = sources.line(d.span.path, d.span.line)
        if text is not None:
            width = 1
            if d.span.end_line == d.span.line and d.span.end_column:
                width = max(1, d.span.end_column - d.span.column + 1)
            gutter = f"{d.span.line:>4} | "
            out.append(gutter + text)
            out.append(" " * (len(gutter) - 2) + "| " + " " * (d.span.column - 1) + "^" * width)
    out.extend(f"  note: {n}" for n in d.notes)
    return "\n".join(out)


def did_you_mean(value: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """"; menade du 'X'?" with the closest candidate, or "" when none is close (difflib's ratio, default cut-off).

    Case is ignored when comparing, so 'patrik nyström' finds 'Patrik Nyström'. Candidates that share a long
    part ('meeting-2021-…') need a higher cut-off, or every one of them is "close".
    """
    import difflib  # only when a message needs it: not on every run's import path

    options = {c.casefold(): c for c in candidates}
    close = difflib.get_close_matches(value.casefold(), list(options), n=1, cutoff=cutoff)
    return f"; menade du '{options[close[0]]}'?" if close else ""


def summary_line(errors: int, warnings: int) -> str:
    varn = "varning" if warnings == 1 else "varningar"
    return f"{errors} fel, {warnings} {varn}"
