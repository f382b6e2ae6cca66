"""Scaffolding: the next meeting and a new ärende, as sources a secretary fills in.

Owns `papergen new meeting` and `papergen new arende`. What carries over from
the organ's previous meeting is what recurs: organ, time, place, group
meetings, cover notes, the justerare and how many days after the meeting the
protokoll is justerat, and the standing items with their recurring förslag:
the body's `staende_arenden` from organisation.yaml (papergen.model.praxis), or,
where none are configured, the previous meeting's items with a common
standing title (Protokollsjustering, Information, Anmälningsärenden …). Dates,
diarienummer, punkter, beslutsunderlag and texts do not: they get the
placeholder FYLL I, which the schema accepts and `papergen check` reports as a
warning (PG115), so a scaffold checks without errors. No protokoll is created.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from papergen.diagnostics import Collector
from papergen.model.core import Arende, Project, Sammantrade
from papergen.model.format import datum_lang
from papergen.model.load import MEETING_FIL, load_meeting, load_project, meeting_dirs
from papergen.model.schema import PLATSHALLARE, ForslagTillBeslut, Organ, Person, StaendeArende
from papergen.render.templates import slug

PLACEHOLDER = "FYLL I"
# Where a body configures no standing items: the items most nämnder have at every meeting, carried over
# from the previous meeting when it had them; matched on the rubrik, case-insensitively.
STANDING = ("protokollsjustering", "val av justerare", "information", "informationsärenden", "anmälningsärenden",
            "anmälan av delegationsbeslut", "delegationsbeslut", "meddelanden", "presentationer", "övriga frågor")
JUSTERING = ("protokollsjustering", "val av justerare")
# The justering förslag of those built-in items: the common formula, filled in from meeting.yaml.
JUSTERING_FORSLAG = ForslagTillBeslut(inledning="{organ} beslutar",
                                      att_satser=("jämte ordföranden utse {justerare} att justera dagens protokoll.",),
                                      efterskrift=("Protokollet ska vara justerat senast den {senast}.",))
ARENDE_TYPER = ("beslut", "information", "anmalan", "presentation")


class ScaffoldError(Exception):
    """A user mistake (folder exists, no earlier meeting …); the message is for the user, in Swedish."""


@dataclass(frozen=True, slots=True)
class Scaffold:
    folder: Path
    files: tuple[Path, ...]
    source: str | None  # the meeting it was carried over from


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _fill(what: str) -> str:
    return f"{PLACEHOLDER}: {what}"


def _person(organ: Organ, namn: str) -> str:
    found: Person | None = next((p for p in (*organ.ledamoter, *organ.ersattare) if p.namn == namn), None)
    return f"{namn} ({found.parti})" if found is not None and found.parti else namn


def _load(root: Path, folder: Path) -> tuple[Project, Sammantrade]:
    out = Collector()
    project = load_project(root, out)
    if project is None:
        raise ScaffoldError("content/organisation.yaml kan inte läsas; kör 'papergen check' och rätta felen först")
    meeting = load_meeting(project, folder, out)
    if meeting is None:
        raise ScaffoldError(f"sammanträdet {folder.name} kan inte läsas; kör 'papergen check {folder.name}' "
                            "eller ange ett annat med --from")
    return project, meeting


def _previous(root: Path, datum: dt.date, organ_id: str | None) -> Path | None:
    """The organ's last meeting before `datum` (any organ's when none is given)."""
    from papergen.model.load import _peek  # the same unvalidated look the § numbering takes

    for folder in reversed([d for d in meeting_dirs(root) if d.name < f"meeting-{datum.isoformat()}"]):
        if organ_id is None or _peek(folder / MEETING_FIL).get("organ") == organ_id:
            return folder
    return None


def new_meeting(root: Path, datum: dt.date, *, source: Path | None = None, organ_id: str | None = None) -> Scaffold:
    """Write content/meeting-DATE/ from the previous meeting of the organ (or `source`)."""
    folder = root / "content" / f"meeting-{datum.isoformat()}"
    if folder.exists():
        raise ScaffoldError(f"{folder.relative_to(root).as_posix()}/ finns redan")
    source = source or _previous(root, datum, organ_id)
    if source is None:
        who = f"organet '{organ_id}'" if organ_id else "något organ"
        raise ScaffoldError(f"inget tidigare sammanträde för {who} före {datum.isoformat()}; "
                            "ange ett att utgå från med --from MEETING")
    project, previous = _load(root, source)
    if organ_id is not None and previous.organ.id != organ_id:
        raise ScaffoldError(f"{source.name} hör till organet '{previous.organ.id}', inte '{organ_id}'")
    files: list[tuple[Path, str]] = [(folder / MEETING_FIL, _meeting_yaml(previous, datum))]
    for nummer, (item, arende) in enumerate(_standing(previous), start=1):
        name = f"{nummer:02d}-{_file_slug(item.rubrik)}.md"
        files.append((folder / "arenden" / name, _standing_arende(item, arende, nummer, previous, datum)))
    (folder / "arenden").mkdir(parents=True)
    for path, text in files:
        path.write_text(text, encoding="utf-8")
    return Scaffold(folder, tuple(p for p, _ in files), source.name)


def _meeting_yaml(previous: Sammantrade, datum: dt.date) -> str:
    m = previous.data
    lines = [f"organ: {m.organ}", f"datum: {datum.isoformat()}", "tid:", f"  start: {_q(m.tid.start)}"]
    if m.tid.slut:
        lines.append(f"  slut: {_q(m.tid.slut)}")
    lines.append(f"plats: {_q(m.plats)}")
    if m.gruppmoten is not None:
        lines.append("gruppmoten:")
        if m.gruppmoten.tid:
            lines.append(f"  tid: {_q(m.gruppmoten.tid)}")
        if m.gruppmoten.rader:
            lines += ["  rader:", *(f"    - {_q(r)}" for r in m.gruppmoten.rader)]
    if m.noter:
        lines += ["noter:", *(f"  - {_q(n)}" for n in m.noter)]
    if m.justering is not None:
        lines += ["justering:", f"  justerare: {_q(m.justering.justerare)}"]
        if m.justering.ersattare:
            lines.append(f"  ersattare: {_q(m.justering.ersattare)}")
        senast = _senast(previous, datum)
        if senast is not None:
            lines.append(f"  senast: {senast.isoformat()}")
    return "\n".join(lines) + "\n"


def _senast(previous: Sammantrade, datum: dt.date) -> dt.date | None:
    """The justering deadline, as many days after the meeting as last time."""
    j = previous.data.justering
    if j is None or j.senast is None:
        return None
    return datum + (j.senast - previous.data.datum)


def _standing(previous: Sammantrade) -> list[tuple[StaendeArende, Arende | None]]:
    """The standing items of the body, each with the same item of the previous meeting (if it had it)."""
    configured = previous.praxis.staende_arenden
    by_rubrik = {a.data.rubrik.strip().lower(): a for a in previous.arenden}
    if configured is not None:
        return [(item, by_rubrik.get(item.rubrik.strip().lower())) for item in configured]
    found = []
    for a in previous.arenden:
        key = a.data.rubrik.strip().lower()
        if key in STANDING:
            forslag = JUSTERING_FORSLAG if key in JUSTERING else None
            found.append((StaendeArende(rubrik=a.data.rubrik, typ=a.data.typ, paragraf=a.data.paragraf,
                                        visa_foredragande=a.data.visa_foredragande,
                                        forslag_till_beslut=forslag), a))
    return found


def _standing_arende(item: StaendeArende, a: Arende | None, nummer: int, previous: Sammantrade,
                     datum: dt.date) -> str:
    lines = [f"nummer: {nummer}", f"rubrik: {_q(item.rubrik)}", f"typ: {item.typ}"]
    if not item.paragraf:
        lines.append("paragraf: false")
    foredragande = a.data.foredragande if a else ()
    lines += ["foredragande:" + ("" if foredragande else " []"), *(f"  - {_q(f)}" for f in foredragande)]
    if not item.visa_foredragande or (a is not None and not a.data.visa_foredragande):
        lines.append("visa_foredragande: false")
    forslag = item.forslag_till_beslut or (a.data.forslag_till_beslut if a else None)
    if forslag is not None:
        fill = _platshallare(previous, datum)
        lines.append("forslag_till_beslut:")
        if forslag.inledning:
            lines.append(f"  inledning: {_q(fill(forslag.inledning))}")
        lines += ["  att_satser:", *(f"    - {_q(fill(x))}" for x in forslag.att_satser)]
        if forslag.villkor:
            lines += ["  villkor:", *(f"    - {_q(fill(x))}" for x in forslag.villkor)]
        if forslag.efterskrift:
            lines += ["  efterskrift:", *(f"    - {_q(fill(x))}" for x in forslag.efterskrift)]
    if item.typ == "information":
        lines += ["punkter:", f"  - amne: {_q(_fill('ämne'))}", f"    foredragande: {_q(_fill('namn'))}"]
    body = ""
    if item.typ in ("beslut", "anmalan") and a is not None and a.sektioner:
        body = f"## Sammanfattning\n\n{_fill('sammanfattning av ärendet')}.\n"
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _platshallare(previous: Sammantrade, datum: dt.date) -> Callable[[str], str]:
    """{organ}, {justerare}, {ersattare}, {senast} of a standing förslag, from the new meeting's facts."""
    organ, j = previous.organ, previous.data.justering
    senast = _senast(previous, datum)
    values = {
        "organ": organ.namn,
        "justerare": _person(organ, j.justerare) if j else _fill("justerare"),
        "ersattare": _person(organ, j.ersattare) if j and j.ersattare else _fill("ersättare för justeraren"),
        "senast": datum_lang(senast) if senast else _fill("datum"),
    }
    return lambda text: _PLATS.sub(lambda m: values[m.group(1)], text)


_PLATS = re.compile(r"\{(" + "|".join(PLATSHALLARE) + r")\}")
_NUMBERED = re.compile(r"^(\d+)-")


def _file_slug(rubrik: str) -> str:
    """'Ny väg Örebro–Hallsberg' -> 'ny-vag-orebro-hallsberg' (a dash separates, it is not dropped)."""
    return slug(re.sub(r"[\u2010-\u2015]", " ", rubrik))


def new_arende(root: Path, folder: Path, rubrik: str, *, typ: str = "beslut") -> Path:
    """Write the next ärende of a meeting: number after the last, file name from the rubrik."""
    rubrik = rubrik.strip()
    if not rubrik:
        raise ScaffoldError("rubriken får inte vara tom")
    if typ not in ARENDE_TYPER:
        raise ScaffoldError(f"okänd typ '{typ}'; välj bland {', '.join(ARENDE_TYPER)}")
    project, meeting = _load(root, folder)
    taken = [a.data.nummer for a in meeting.arenden]
    taken += [int(m.group(1)) for p in (folder / "arenden").glob("*.md") if (m := _NUMBERED.match(p.name))]
    nummer = max(taken, default=0) + 1
    target = folder / "arenden" / f"{nummer:02d}-{_file_slug(rubrik) or 'arende'}.md"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} finns redan")
    lines = [f"nummer: {nummer}", f"rubrik: {_q(rubrik)}", f"typ: {typ}",
             f"diarienummer: {_q(_fill('diarienummer'))}", "foredragande:", f"  - {_q(_fill('namn'))}"]
    if typ in ("beslut", "anmalan"):
        lines += ["forslag_till_beslut:", f"  inledning: {_q(meeting.organ.namn + ' beslutar')}", "  att_satser:",
                  f"    - {_q(_fill(f'vad {meeting.organ.kortnamn} föreslås besluta') + '.')}"]
    if typ == "information":
        lines += ["punkter:", f"  - amne: {_q(_fill('ämne'))}"]
    body = f"## Sammanfattning\n\n{_fill('sammanfattning av ärendet')}.\n" if typ in ("beslut", "anmalan") else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    return target
