"""Scaffolding: the next meeting and a new ärende, as sources a secretary fills in.

Owns `papergen new meeting` and `papergen new arende`. What carries over from
the organ's previous meeting is what recurs: organ, time, place, group
meetings, cover notes, the justerare and how many days after the meeting the
protokoll is justerat, and the standing items (Protokollsjustering,
Information, Anmälningsärenden …) with their recurring förslag. Dates,
diarienummer, punkter, beslutsunderlag and texts do not: they get the
placeholder FYLL I, which the schema accepts and `papergen check` reports as a
warning (PG115), so a scaffold checks without errors. No protokoll is created.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from papergen.diagnostics import Collector
from papergen.load import MEETING_FIL, load_meeting, load_project, meeting_dirs
from papergen.model import Arende, Project, Sammantrade
from papergen.render.format import datum_lang
from papergen.render.templates import slug
from papergen.schema import Organ, Person

PLACEHOLDER = "FYLL I"
# Items most nämnder have at every meeting; matched on the rubrik, case-insensitively.
STANDING = ("protokollsjustering", "val av justerare", "information", "informationsärenden", "anmälningsärenden",
            "anmälan av delegationsbeslut", "delegationsbeslut", "meddelanden", "presentationer", "övriga frågor")
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
    from papergen.load import _peek  # the same unvalidated look the § numbering takes

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
    standing = [a for a in previous.arenden if a.data.rubrik.strip().lower() in STANDING]
    files: list[tuple[Path, str]] = [(folder / MEETING_FIL, _meeting_yaml(previous, datum))]
    for nummer, arende in enumerate(standing, start=1):
        name = f"{nummer:02d}-{_file_slug(arende.data.rubrik)}.md"
        files.append((folder / "arenden" / name, _standing_arende(arende, nummer, previous, datum)))
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


def _standing_arende(a: Arende, nummer: int, previous: Sammantrade, datum: dt.date) -> str:
    d = a.data
    lines = [f"nummer: {nummer}", f"rubrik: {_q(d.rubrik)}", f"typ: {d.typ}"]
    lines += ["foredragande:" + ("" if d.foredragande else " []"), *(f"  - {_q(f)}" for f in d.foredragande)]
    if not d.visa_foredragande:
        lines.append("visa_foredragande: false")
    if d.rubrik.strip().lower() in ("protokollsjustering", "val av justerare"):
        lines += _justering_forslag(previous, datum)
    elif d.forslag_till_beslut is not None:
        f = d.forslag_till_beslut
        lines.append("forslag_till_beslut:")
        if f.inledning:
            lines.append(f"  inledning: {_q(f.inledning)}")
        lines += ["  att_satser:", *(f"    - {_q(s)}" for s in f.att_satser)]
    if d.typ == "information":
        lines += ["punkter:", f"  - amne: {_q(_fill('ämne'))}", f"    foredragande: {_q(_fill('namn'))}"]
    body = ""
    if d.typ in ("beslut", "anmalan") and a.sektioner:
        body = f"## Sammanfattning\n\n{_fill('sammanfattning av ärendet')}.\n"
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _justering_forslag(previous: Sammantrade, datum: dt.date) -> list[str]:
    organ, j = previous.organ, previous.data.justering
    lines = ["forslag_till_beslut:", f"  inledning: {_q(organ.namn + ' beslutar')}", "  att_satser:"]
    if j is None:
        return [*lines, f"    - {_q(_fill('jämte ordföranden utse … att justera dagens protokoll.'))}"]
    med = f" med {_person(organ, j.ersattare)} som ersättare" if j.ersattare else ""
    att = f"jämte ordföranden utse {_person(organ, j.justerare)}{med} att justera dagens protokoll."
    lines.append(f"    - {_q(att)}")
    senast = _senast(previous, datum)
    if senast is not None:
        lines += ["  efterskrift:", f"    - {_q(f'Protokollet ska vara justerat senast den {datum_lang(senast)}.')}"]
    return lines


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
                  f"    - {_q(_fill('vad nämnden föreslås besluta') + '.')}"]
    if typ == "information":
        lines += ["punkter:", f"  - amne: {_q(_fill('ämne'))}"]
    body = f"## Sammanfattning\n\n{_fill('sammanfattning av ärendet')}.\n" if typ in ("beslut", "anmalan") else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    return target
