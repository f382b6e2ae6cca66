"""Read and validate a project's sources into the model, collecting every problem.

Owns the read stage: discovering files in a sorted order, parsing YAML and
front matter, schema validation, Markdown parsing, and the structural checks
that need nothing but the files (folder name vs date, referenced files,
duplicate numbers, PM section headings). Content rules over the finished
model (figures, dates, names) are papergen.validate.
"""

from __future__ import annotations

import re
from pathlib import Path

from papergen.diagnostics import Collector, Span
from papergen.model import PM_SEKTIONER, Arende, Delegationsbeslut, Project, Sammantrade, Yttrande
from papergen.schema import (
    ArendeFront,
    DelegationsbeslutFront,
    MeetingFile,
    Organisation,
    M,
    YttrandeFront,
    validate_as,
)
from papergen.source.frontmatter import split_front_matter
from papergen.source.markdown import Block, Heading, Section, parse_blocks, plain_text, split_sections
from papergen.source.yamlmap import SourceMap, load_yaml

ORGANISATION_FIL = "content/organisation.yaml"
MEETING_FIL = "meeting.yaml"
_MEETING_DIR = re.compile(r"^meeting-(\d{4}-\d{2}-\d{2})$")
_ARENDE_FIL = re.compile(r"^(\d+)-[^/]+\.md$")


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read(root: Path, path: Path, out: Collector) -> str | None:
    rel = _rel(root, path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        out.error("PG100", f"filen '{rel}' finns inte", Span(rel, 1, 1))
    except IsADirectoryError:
        out.error("PG100", f"'{rel}' är en mapp, en fil väntades", Span(rel, 1, 1))
    except UnicodeDecodeError as exc:
        out.error("PG100", f"filen är inte UTF-8 (byte {exc.start}); spara den som UTF-8", Span(rel, 1, 1))
    return None


def _yaml_file(root: Path, path: Path, model: type[M], out: Collector) -> tuple[M | None, SourceMap]:
    rel = _rel(root, path)
    text = _read(root, path, out)
    if text is None:
        return None, SourceMap(rel)
    data, smap, problems = load_yaml(text, rel)
    out.extend(problems)
    if data is None:
        return None, smap
    value, problems = validate_as(model, data, smap)
    out.extend(problems)
    return value, smap


def _front_matter_file(root: Path, path: Path, model: type[M], out: Collector
                                     ) -> tuple[M | None, SourceMap, tuple[Block, ...]]:
    rel = _rel(root, path)
    text = _read(root, path, out)
    if text is None:
        return None, SourceMap(rel), ()
    split, problems = split_front_matter(text, rel)
    out.extend(problems)
    if split is None:
        return None, SourceMap(rel), ()
    data, smap, problems = load_yaml(split.front, rel, line_offset=split.front_offset)
    out.extend(problems)
    blocks, problems = parse_blocks(split.body, rel, split.body_line)
    out.extend(problems)
    if data is None:
        return None, smap, blocks
    if not isinstance(data, dict):
        out.error("PG105", "front matter ska vara en mappning med nycklar", Span(rel, 2, 1))
        return None, smap, blocks
    value, problems = validate_as(model, data, smap)
    out.extend(problems)
    return value, smap, blocks


def load_project(root: Path, out: Collector) -> Project | None:
    org, smap = _yaml_file(root, root / ORGANISATION_FIL, Organisation, out)
    if org is None:
        return None
    seen: dict[str, int] = {}
    for i, organ in enumerate(org.organ):
        if organ.id in seen:
            out.error("PG106", f"organet '{organ.id}' finns två gånger i organisationsfilen",
                      smap.value_span(("organ", i, "id")))
        seen[organ.id] = i
    return Project(root, org, ORGANISATION_FIL, smap)


def meeting_dirs(root: Path) -> list[Path]:
    content = root / "content"
    return sorted(p for p in content.iterdir() if p.is_dir() and _MEETING_DIR.match(p.name)) \
        if content.is_dir() else []


def load_meeting(project: Project, folder: Path, out: Collector) -> Sammantrade | None:
    root = project.root
    rel_dir = _rel(root, folder)
    meeting, smap = _yaml_file(root, folder / MEETING_FIL, MeetingFile, out)

    arenden: list[Arende] = []
    arende_dir = folder / "arenden"
    files = sorted(arende_dir.glob("*.md")) if arende_dir.is_dir() else []
    for path in files:
        arende = _load_arende(root, folder, path, out)
        if arende is not None:
            arenden.append(arende)
    arenden.sort(key=lambda a: (a.data.nummer, a.fil))
    _check_numbers(arenden, out)

    if meeting is None:
        return None
    folder_match = _MEETING_DIR.match(folder.name)
    if folder_match is None or folder_match.group(1) != meeting.datum.isoformat():
        out.error("PG201",
                  f"mappen heter '{folder.name}' men sammanträdets datum är {meeting.datum.isoformat()}; "
                  f"mappen ska heta 'meeting-{meeting.datum.isoformat()}'",
                  smap.value_span(("datum",)))
    organ = next((o for o in project.organisation.organ if o.id == meeting.organ), None)
    if organ is None:
        known = ", ".join(o.id for o in project.organisation.organ)
        out.error("PG204", f"organet '{meeting.organ}' finns inte i {project.organisation_fil}; kända organ: {known}",
                  smap.value_span(("organ",)))
        return None
    if meeting.justering:
        names = {p.namn for p in (*organ.ledamoter, *organ.ersattare)}
        for key in ("justerare", "ersattare"):
            name = getattr(meeting.justering, key)
            if name and name not in names:
                out.error("PG205", f"'{name}' är varken ledamot eller ersättare i {organ.namn} "
                                   f"enligt {project.organisation_fil}",
                          smap.value_span(("justering", key)))
    return Sammantrade(folder.name, rel_dir, meeting, organ, tuple(arenden), smap)


def _check_numbers(arenden: list[Arende], out: Collector) -> None:
    first: dict[int, Arende] = {}
    for a in arenden:
        n = a.data.nummer
        if n in first:
            out.error("PG203", f"ärende nummer {n} finns redan i {first[n].fil}", a.span("nummer"))
        else:
            first[n] = a
        name = Path(a.fil).name
        m = _ARENDE_FIL.match(name)
        if m and int(m.group(1)) != n:
            out.warning("PG206", f"filen heter '{name}' men ärendet har nummer {n}; "
                                 f"döp om filen till '{n:02d}-…' så att mappen visar föredragningslistans ordning",
                        a.span("nummer"))


def _resolve_reference(root: Path, folder: Path, ref: str, span: Span, out: Collector) -> Path | None:
    target = (folder / ref).resolve()
    if not target.is_relative_to(folder.resolve()):
        out.error("PG207", f"'{ref}' ligger utanför sammanträdets mapp {_rel(root, folder)}/; "
                           "lägg filen i mappen och hänvisa relativt till den", span)
        return None
    if not target.is_file():
        out.error("PG202", f"filen '{ref}' finns inte (sökt som {_rel(root, folder)}/{ref})", span)
        return None
    return target


def _load_arende(root: Path, folder: Path, path: Path, out: Collector) -> Arende | None:
    front, smap, blocks = _front_matter_file(root, path, ArendeFront, out)
    rel = _rel(root, path)
    lead, sections = split_sections(blocks)
    _check_body(rel, blocks, lead, sections, out)
    if front is None:
        return None
    _check_kind(front, smap, out)

    yttrande = None
    if front.yttrande:
        target = _resolve_reference(root, folder, front.yttrande, smap.value_span(("yttrande",)), out)
        if target is not None:
            data, ysmap, yblocks = _front_matter_file(root, target, YttrandeFront, out)
            if data is not None:
                yttrande = Yttrande(_rel(root, target), data, yblocks, ysmap)
    beslut: list[Delegationsbeslut] = []
    for i, ref in enumerate(front.delegationsbeslut):
        target = _resolve_reference(root, folder, ref, smap.value_span(("delegationsbeslut", i)), out)
        if target is not None:
            data, dsmap, dblocks = _front_matter_file(root, target, DelegationsbeslutFront, out)
            if data is not None:
                beslut.append(Delegationsbeslut(_rel(root, target), data, dblocks, dsmap))
    override = None
    if front.sammanfattning_foredragningslista is not None:
        span = smap.value_span(("sammanfattning_foredragningslista",))
        # A block scalar's text starts on the line after its key.
        override, problems = parse_blocks(front.sammanfattning_foredragningslista, rel, span.line + 1)
        out.extend(problems)
    return Arende(rel, front, sections, smap, yttrande, tuple(beslut), override)


def _check_body(rel: str, blocks: tuple[Block, ...], lead: tuple[Block, ...], sections: tuple[Section, ...],
                out: Collector) -> None:
    for block in blocks:
        if isinstance(block, Heading) and block.level not in (2, 3):
            out.error("PG112", f"rubriknivå {block.level} ('{'#' * block.level} {plain_text(block.inlines)}') "
                               "används inte i ett ärende; avsnitt skrivs '## ', underrubriker '### '",
                      Span(rel, block.line, 1))
    if lead:
        out.error("PG114", "text före första avsnittsrubriken; börja brödtexten med '## Sammanfattning' "
                           "eller en annan PM-rubrik", Span(rel, _first_line(sections), 1))
    last = -1
    for section in sections:
        if section.rubrik not in PM_SEKTIONER:
            out.warning("PG111", f"'{section.rubrik}' är ingen av föredragnings-PM:ets standardrubriker: "
                                 + ", ".join(PM_SEKTIONER), Span(rel, section.line, 4))
            continue
        index = PM_SEKTIONER.index(section.rubrik)
        if index < last:
            out.warning("PG113", f"avsnittet '{section.rubrik}' står efter '{PM_SEKTIONER[last]}'; "
                                 "standardordningen är " + ", ".join(PM_SEKTIONER), Span(rel, section.line, 4))
        last = max(last, index)


def _first_line(sections: tuple[Section, ...]) -> int:
    return sections[0].line - 1 if sections else 1


def _check_kind(front: ArendeFront, smap: SourceMap, out: Collector) -> None:
    """Fields that belong to one kind of ärende only (document-types.md 2.2)."""
    if front.typ in ("beslut", "anmalan") and front.forslag_till_beslut is None:
        out.error("PG208", f"ärende {front.nummer} är av typen '{front.typ}' men saknar 'forslag_till_beslut'",
                  smap.value_span(("typ",)))
    if front.typ == "information" and front.forslag_till_beslut is not None:
        out.error("PG208", f"ärende {front.nummer} är ett informationsärende men har 'forslag_till_beslut'; "
                           "ändra 'typ' till beslut eller ta bort förslaget",
                  smap.value_span(("forslag_till_beslut",)))
    if front.punkter and front.typ != "information":
        out.error("PG208", f"'punkter' hör till informationsärenden, men ärende {front.nummer} har typen '{front.typ}'",
                  smap.value_span(("punkter",)))
