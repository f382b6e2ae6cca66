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

from papergen.diagnostics import Collector, Severity, Span, did_you_mean
from papergen.model.core import PM_SEKTIONER, Arende, Delegationsbeslut, Project, Protokoll, Sammantrade, Yttrande
from papergen.model.memo import RunMemo
from papergen.model.praxis import DEFAULT, Praxis, praxis
from papergen.model.protokoll import AVSLAG, FORSLAGET
from papergen.model.reads import Reads
from papergen.model.schema import (
    ArendeFront,
    DelegationsbeslutFront,
    M,
    MeetingFile,
    Organ,
    Organisation,
    ParagrafPost,
    ProtokollFile,
    Tid,
    YttrandeFront,
    validate_as,
)
from papergen.source.bild import load_bild
from papergen.source.frontmatter import split_front_matter
from papergen.source.markdown import Block, Heading, Section, parse_blocks, plain_text, split_sections
from papergen.source.reading import BOM, read_source
from papergen.source.yamlmap import SourceMap, load_yaml

ORGANISATION_FIL = "content/organisation.yaml"
MEETING_FIL = "meeting.yaml"
PROTOKOLL_FIL = "protokoll.yaml"
_MEETING_DIR = re.compile(r"^meeting-(\d{4}-\d{2}-\d{2})$")
_MD_FIL = re.compile(r"^.*\.md$")  # as Path.glob("*.md") lists them: hidden ones and folders too
_ARENDE_FIL = re.compile(r"^(\d+)-[^/]+\.md$")
# A file name, or each folder of a reference, that may become part of a path (docs/source-format.md, "Names").
FILNAMN = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}"  # at most 100 characters: well inside every file system's limit
_FILNAMN = re.compile(FILNAMN)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _yaml_file(root: Path, path: Path, model: type[M], out: Collector,
               reads: Reads | None = None) -> tuple[M | None, SourceMap]:
    rel = _rel(root, path)
    if reads is not None:
        reads.file(path)
    text = read_source(root, path, out)
    if text is None:
        return None, SourceMap(rel)
    data, smap, problems = load_yaml(text, rel)
    out.extend(problems)
    if data is None:
        return None, smap
    value, problems = validate_as(model, data, smap)
    out.extend(problems)
    return value, smap


def _front_matter_file(root: Path, path: Path, model: type[M], out: Collector, reads: Reads | None = None
                                     ) -> tuple[M | None, SourceMap, tuple[Block, ...]]:
    rel = _rel(root, path)
    if reads is not None:
        reads.file(path)
    text = read_source(root, path, out)
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


def load_project(root: Path, out: Collector, reads: Reads | None = None) -> Project | None:
    """The organisation file; `reads` notes what was read (papergen.model.reads)."""
    org, smap = _yaml_file(root, root / ORGANISATION_FIL, Organisation, out, reads)
    if org is None:
        return None
    seen: dict[str, int] = {}
    for i, organ in enumerate(org.organ):
        if organ.id in seen:
            out.error("PG106", f"organet '{organ.id}' finns två gånger i organisationsfilen",
                      smap.value_span(("organ", i, "id")))
        seen[organ.id] = i
    logo = load_bild(root, org.logo, smap.value_span(("logo",)), out) if org.logo else None
    return Project(root, org, ORGANISATION_FIL, smap, logo)


def meeting_dirs(root: Path) -> list[Path]:
    content = root / "content"
    return sorted(p for p in content.iterdir() if p.is_dir() and _MEETING_DIR.match(p.name)) \
        if content.is_dir() else []


def load_meeting(project: Project, folder: Path, out: Collector, memo: RunMemo | None = None,
                 reads: Reads | None = None) -> Sammantrade | None:
    """The meeting in `folder`; `memo` is the run's (earlier meetings' files parsed once a run),
    `reads` notes every file and listing read (papergen.model.reads)."""
    root = project.root
    rel_dir = _rel(root, folder)
    meeting, smap = _yaml_file(root, folder / MEETING_FIL, MeetingFile, out, reads)

    arenden: list[Arende] = []
    unread: set[int] = set()  # numbers (from the file name) of ärenden that could not be read
    arende_dir = folder / "arenden"
    if reads is not None:
        files = [arende_dir / name for name in reads.listing(arende_dir, _MD_FIL.pattern, "any")]
    else:
        files = sorted(arende_dir.glob("*.md")) if arende_dir.is_dir() else []
    for path in files:
        if not _FILNAMN.fullmatch(path.name):
            rel = _rel(root, path)
            out.error("PG119", f"filnamnet '{path.name}' får bara innehålla a–z, A–Z, 0–9, '-', '_' och '.', "
                               "högst 100 tecken, och ska börja med en bokstav eller siffra, t.ex. '05-remiss-plan.md'",
                      Span(rel, 1, 1))
        arende = _load_arende(root, folder, path, out, reads)
        if arende is not None:
            arenden.append(arende)
        elif (numbered := _ARENDE_FIL.match(path.name)) is not None:
            unread.add(int(numbered.group(1)))
    arenden.sort(key=lambda a: (a.data.nummer, a.fil))
    known = next((o for o in project.organisation.organ if meeting and o.id == meeting.organ), None)
    _check_numbers(arenden, praxis(project.organisation, known) if known else DEFAULT, out)

    if meeting is None:
        return None
    folder_match = _MEETING_DIR.match(folder.name)
    if folder_match is None or folder_match.group(1) != meeting.datum.isoformat():
        out.error("PG201",
                  f"mappen heter '{folder.name}' men sammanträdets datum är {meeting.datum.isoformat()}; "
                  f"mappen ska heta 'meeting-{meeting.datum.isoformat()}'",
                  smap.value_span(("datum",)))
    _check_times(meeting.tid, smap, out)
    organ = next((o for o in project.organisation.organ if o.id == meeting.organ), None)
    if organ is None:
        ids = [o.id for o in project.organisation.organ]
        suggestion = did_you_mean(meeting.organ, ids)
        known = f" Kända organ: {', '.join(ids)}" if suggestion else f"; kända organ: {', '.join(ids)}"
        out.error("PG204", f"organet '{meeting.organ}' finns inte i {project.organisation_fil}{suggestion}{known}",
                  smap.value_span(("organ",)))
        return None
    if meeting.justering:
        names = [p.namn for p in (*organ.ledamoter, *organ.ersattare)]
        for key in ("justerare", "ersattare"):
            name = getattr(meeting.justering, key)
            if name and name not in names:
                out.error("PG205", f"'{name}' är varken ledamot eller ersättare i {organ.namn} "
                                   f"enligt {project.organisation_fil}{did_you_mean(name, names)}",
                          smap.value_span(("justering", key)))
    pr = praxis(project.organisation, organ)
    _check_avsnitt(meeting, smap, arenden, pr, out)
    protokoll = None
    if reads is not None:
        reads.file(folder / PROTOKOLL_FIL)  # its absence counts too: a record written later changes the papers
    if (folder / PROTOKOLL_FIL).exists():
        protokoll = _load_protokoll(project, folder, meeting, organ, arenden, pr, out, unread, memo, reads)
    return Sammantrade(folder.name, rel_dir, meeting, organ, tuple(arenden), smap, protokoll, pr)


def _check_avsnitt(meeting: MeetingFile, smap: SourceMap, arenden: list[Arende], pr: Praxis,
                   out: Collector) -> None:
    """The agenda's own sections name items that are on it, each once."""
    numbers = {a.data.nummer for a in arenden}
    seen: set[int] = set()
    for i, avsnitt in enumerate(meeting.avsnitt or ()):
        for j, n in enumerate(avsnitt.arenden):
            if n not in numbers:
                out.error("PG210", f"ärende {n} i avsnittet '{avsnitt.rubrik}' finns inte på {pr.listan} "
                                   f"(ärenden: {', '.join(str(x) for x in sorted(numbers))})",
                          smap.value_span(("avsnitt", i, "arenden", j)))
            elif n in seen:
                out.error("PG210", f"ärende {n} står i mer än ett avsnitt av {pr.listan}",
                          smap.value_span(("avsnitt", i, "arenden", j)))
            seen.add(n)


def _check_times(tid: Tid, smap: SourceMap, out: Collector) -> None:
    """PG214: a meeting ends after it starts ("kl. 10:00-9:30" is a typing error, not a night meeting)."""
    def minutes(klockslag: str) -> int:
        hours, mins = klockslag.split(":")
        return int(hours) * 60 + int(mins)

    if tid.slut is not None and minutes(tid.slut) <= minutes(tid.start):
        out.error("PG214", f"sluttiden '{tid.slut}' ligger inte efter starttiden '{tid.start}'; "
                           "ange när sammanträdet slutade, t.ex. '15:00'", smap.value_span(("tid", "slut")))


def _check_numbers(arenden: list[Arende], pr: Praxis, out: Collector) -> None:
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
                                 f"döp om filen till '{n:02d}-…' så att mappen visar {pr.listan}s ordning",
                        a.span("nummer"))


def _resolve_reference(root: Path, folder: Path, ref: str, smap: SourceMap, loc: tuple[str | int, ...],
                       out: Collector, reads: Reads | None = None) -> Path | None:
    """The referenced file; a problem is reported at loc (the map's spans are built only then)."""
    target = (folder / ref).resolve()
    if not target.is_relative_to(folder.resolve()):
        out.error("PG207", f"'{ref}' ligger utanför sammanträdets mapp {_rel(root, folder)}/; "
                           "lägg filen i mappen och hänvisa relativt till den", smap.value_span(loc))
        return None
    if not all(_FILNAMN.fullmatch(part) for part in ref.split("/")):
        out.error("PG119", f"'{ref}' är ingen tillåten sökväg: varje del får bara innehålla a–z, A–Z, 0–9, "
                           "'-', '_' och '.', högst 100 tecken, skilda med '/', t.ex. 'yttranden/05-remiss-plan.md'",
                  smap.value_span(loc))
        return None
    if reads is not None:
        reads.file(target)
    if not _is_file(target):
        out.error("PG202", f"filen '{ref}' finns inte (sökt som {_rel(root, folder)}/{ref})", smap.value_span(loc))
        return None
    return target


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name too long for the file system: then there is no such file
        return False


def _load_arende(root: Path, folder: Path, path: Path, out: Collector, reads: Reads | None = None) -> Arende | None:
    front, smap, blocks = _front_matter_file(root, path, ArendeFront, out, reads)
    rel = _rel(root, path)
    lead, sections = split_sections(blocks)
    _check_body(rel, blocks, lead, sections, out)
    if front is None:
        return None
    _check_kind(front, smap, out)

    yttrande = None
    if front.yttrande:
        target = _resolve_reference(root, folder, front.yttrande, smap, ("yttrande",), out, reads)
        if target is not None:
            data, ysmap, yblocks = _front_matter_file(root, target, YttrandeFront, out, reads)
            if data is not None:
                yttrande = Yttrande(_rel(root, target), data, yblocks, ysmap)
    beslut: list[Delegationsbeslut] = []
    for i, ref in enumerate(front.delegationsbeslut):
        target = _resolve_reference(root, folder, ref, smap, ("delegationsbeslut", i), out, reads)
        if target is not None:
            data, dsmap, dblocks = _front_matter_file(root, target, DelegationsbeslutFront, out, reads)
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
                           "eller en annan PM-rubrik",
                  # at the stray text itself where its block knows its line (a paragraph, a table)
                  Span(rel, getattr(lead[0], "line", 0) or _first_line(sections), 1))
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
    """Fields that belong to one kind of ärende only (document-types.md 2.2).

    A beslut without a förslag is allowed: val av justerare, fastställande av dagordningen and items
    decided on the yrkanden made at the meeting have none; their beslut is the protokoll's.
    """
    if front.typ == "information" and front.forslag_till_beslut is not None:
        out.error("PG208", f"ärende {front.nummer} är ett informationsärende men har 'forslag_till_beslut'; "
                           "ändra 'typ' till beslut eller ta bort förslaget",
                  smap.value_span(("forslag_till_beslut",)))
    if front.punkter and front.typ != "information":
        out.error("PG208", f"'punkter' hör till informationsärenden, men ärende {front.nummer} har typen '{front.typ}'",
                  smap.value_span(("punkter",)))


# --- protokoll.yaml ------------------------------------------------------------

def _load_protokoll(project: Project, folder: Path, meeting: MeetingFile, organ: Organ,
                    arenden: list[Arende], pr: Praxis, out: Collector,
                    unread: set[int] | frozenset[int] = frozenset(), memo: RunMemo | None = None,
                    reads: Reads | None = None) -> Protokoll | None:
    """The record, with every name and ärende it mentions resolved; None if it cannot be rendered."""
    root = project.root
    data, smap = _yaml_file(root, folder / PROTOKOLL_FIL, ProtokollFile, out, reads)
    if data is None:
        return None
    before = out.count(Severity.ERROR)
    _check_times(data.tid, smap, out)
    _check_record_references(data, smap, organ, arenden, project.organisation_fil, pr, out, unread)
    # A stated first number needs no earlier record, so problems finding one are then not reported.
    foljer = _forsta_paragraf(root, folder, meeting, smap, out if data.forsta_paragraf is None else Collector(), memo, reads)
    forsta = data.forsta_paragraf or (foljer[0] if foljer else None)
    justerare = data.justering.justerare or ((meeting.justering.justerare,) if meeting.justering else ())
    if not justerare:
        out.error("PG104", "protokollet har ingen justerare: ange 'justerare' under 'justering' "
                           "här eller i meeting.yaml", smap.value_span(("justering",)))
    if out.count(Severity.ERROR) > before or forsta is None:
        return None
    # Only an earlier meeting of the year in the repository says what the number should be.
    vantad = foljer[0] if foljer and foljer[1] else None
    return Protokoll(_rel(root, folder / PROTOKOLL_FIL), data, smap, forsta, tuple(justerare), vantad)


def _check_record_references(data: ProtokollFile, smap: SourceMap, organ: Organ, arenden: list[Arende],
                             org_fil: str, pr: Praxis, out: Collector,
                             unread: set[int] | frozenset[int] = frozenset()) -> None:
    """Names and ärende numbers of the record exist; an ärende whose file could not be read
    (reported already) is not reported again as missing from the agenda."""
    ledamoter = {x.namn for x in organ.ledamoter}
    ersattare = {x.namn for x in organ.ersattare}
    by_number = {a.data.nummer: a for a in arenden}
    agenda = ", ".join(str(n) for n in sorted(by_number))

    def person(name: str, loc: tuple[str | int, ...], allowed: set[str], what: str) -> None:
        if name not in allowed:
            out.error("PG209", f"'{name}' är inte {what} i {organ.namn} enligt {org_fil}"
                               f"{did_you_mean(name, sorted(allowed))}", smap.value_span(loc))

    def numbers(values: tuple[int, ...] | None, loc: tuple[str | int, ...]) -> None:
        for i, n in enumerate(values or ()):
            if n not in by_number and n not in unread:
                out.error("PG210", f"ärende {n} finns inte på {pr.listan} (ärenden: {agenda})",
                          smap.value_span((*loc, i)))

    everyone = ledamoter | ersattare
    narvaro = data.narvaro
    for i, x in enumerate(narvaro.ledamoter):
        name, loc = (x, ("narvaro", "ledamoter", i)) if isinstance(x, str) else \
            (x.namn, ("narvaro", "ledamoter", i, "namn"))
        person(name, loc, ledamoter, "ledamot")
        if not isinstance(x, str):
            numbers(x.arenden, ("narvaro", "ledamoter", i, "arenden"))
    for i, e in enumerate(narvaro.tjanstgorande_ersattare):
        person(e.namn, ("narvaro", "tjanstgorande_ersattare", i, "namn"), ersattare, "ersättare")
        person(e.for_, ("narvaro", "tjanstgorande_ersattare", i, "for"), ledamoter, "ledamot")
        numbers(e.arenden, ("narvaro", "tjanstgorande_ersattare", i, "arenden"))
    for i, name in enumerate(narvaro.ersattare):
        person(name, ("narvaro", "ersattare", i), ersattare, "ersättare")
    for i, o in enumerate(narvaro.ovriga):
        numbers(o.arenden, ("narvaro", "ovriga", i, "arenden"))
    for key in ("ordforande",):
        if data.ordforande:
            person(data.ordforande, (key,), ledamoter, "ledamot")
    for i, name in enumerate(data.justering.justerare):
        person(name, ("justering", "justerare", i), everyone, "ledamot eller ersättare")

    seen: dict[int, int] = {}
    for i, post in enumerate(data.paragrafer):
        loc: tuple[str | int, ...] = ("paragrafer", i)
        arende = by_number.get(post.arende)
        if arende is None and post.arende in unread:
            continue
        if arende is None:
            out.error("PG210", f"ärende {post.arende} finns inte på {pr.listan} (ärenden: {agenda})",
                      smap.value_span((*loc, "arende")))
            continue
        if not arende.data.paragraf:
            out.error("PG210", f"ärende {post.arende} '{arende.data.rubrik}' får ingen paragraf "
                               f"('paragraf: false' i {arende.fil}); ta bort det ur protokollet eller "
                               "ta bort 'paragraf: false'", smap.value_span((*loc, "arende")))
            continue
        if post.arende in seen:
            out.error("PG210", f"ärende {post.arende} har redan en paragraf i protokollet "
                               f"(paragrafer[{seen[post.arende]}])", smap.value_span((*loc, "arende")))
        seen.setdefault(post.arende, i)
        for key, name in _post_names(post):
            person(name, (*loc, *key), everyone, "ledamot eller ersättare")
        _check_post(post, arende, loc, smap, out)


def _post_names(post: ParagrafPost) -> list[tuple[tuple[str | int, ...], str]]:
    """Every person named in one § of the record, with where."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    found += [(("yrkanden", j, "namn"), y.namn) for j, y in enumerate(post.yrkanden)]
    if post.omrostning:
        for key in ("ja", "nej", "avstar"):
            found += [(("omrostning", "roster", key, j), name)
                      for j, name in enumerate(getattr(post.omrostning.roster, key))]
    found += [(("reservationer", j, "namn"), r.namn) for j, r in enumerate(post.reservationer)]
    found += [(("protokollsanteckningar", j, "namn"), r.namn) for j, r in enumerate(post.protokollsanteckningar)]
    found += [(("jav", j), name) for j, name in enumerate(post.jav)]
    return found


def _check_post(post: ParagrafPost, arende: Arende, loc: tuple[str | int, ...], smap: SourceMap,
                out: Collector) -> None:
    """The proposals a § refers to (bifall, propositionsordning, omröstning) exist in it."""
    if post.beslut == "enligt_forslaget" and arende.data.forslag_till_beslut is None:
        out.error("PG212", f"ärende {post.arende} har inget förslag till beslut att besluta enligt; "
                           "skriv beslutet som egna att-satser eller 'informationen_noteras'",
                  smap.value_span((*loc, "beslut")))
    for j, y in enumerate(post.yrkanden):
        if (y.text is None) == (y.bifall is None):
            out.error("PG105", f"yrkandet från {y.namn} ska ha antingen 'text' (yrkandets ord) eller "
                               "'bifall' (forslaget eller namnet på den vars yrkande bifalls)",
                      smap.value_span((*loc, "yrkanden", j)))
    alternatives = ([FORSLAGET] if arende.data.forslag_till_beslut else []) + \
        [y.namn for y in post.yrkanden if y.text]
    choices = " eller ".join(f"'{a}'" for a in alternatives) or "inga (ärendet har varken förslag eller yrkanden)"
    refs: list[tuple[str, tuple[str | int, ...]]] = [
        (y.bifall, (*loc, "yrkanden", j, "bifall")) for j, y in enumerate(post.yrkanden) if y.bifall is not None]
    for j, prop in enumerate(post.propositionsordning):
        refs += [(value, (*loc, "propositionsordning", j, "mellan", k)) for k, value in enumerate(prop.mellan)]
        if prop.antaget not in prop.mellan and not (prop.antaget == AVSLAG and len(prop.mellan) == 1):
            out.error("PG213", f"'antaget' är '{prop.antaget}' men propositionen står mellan "
                               + ", ".join(f"'{v}'" for v in prop.mellan)
                               + ("" if len(prop.mellan) > 1 else " (eller 'avslag')"),
                      smap.value_span((*loc, "propositionsordning", j, "antaget")))
    if post.omrostning:
        refs += [(post.omrostning.ja, (*loc, "omrostning", "ja")), (post.omrostning.nej, (*loc, "omrostning", "nej"))]
    for value, where in refs:
        if value not in alternatives:
            out.error("PG213", f"'{value}' är inget förslag i ärende {post.arende}; väntade {choices}",
                      smap.value_span(where))


def _forsta_paragraf(root: Path, folder: Path, meeting: MeetingFile, smap: SourceMap,
                     out: Collector, memo: RunMemo | None = None,
                     reads: Reads | None = None) -> tuple[int, bool] | None:
    """Run the § numbers on from the organ's previous meeting of the year; 1 for its first.

    Returns the number and whether an earlier meeting of the year was found.
    Reads only the earlier meetings' meeting.yaml and protokoll.yaml, without
    validating them: they are checked when they are built themselves.
    """
    count = 0
    if reads is not None:
        content = root / "content"
        earlier_dirs = [content / n for n in reads.listing(content, _MEETING_DIR.pattern, "dir", below=folder.name)]
    else:
        earlier_dirs = [d for d in meeting_dirs(root) if d.name < folder.name]
    for earlier in reversed(earlier_dirs):
        head = _peek(earlier / MEETING_FIL, root, memo, reads)
        if head.get("organ") != meeting.organ or not str(head.get("datum", "")).startswith(f"{meeting.datum.year}-"):
            continue
        record = _peek(earlier / PROTOKOLL_FIL, root, memo, reads)
        posts = record.get("paragrafer")
        if not isinstance(posts, list):
            out.error("PG211", f"paragrafnumret kan inte räknas fram: föregående sammanträde {earlier.name} "
                               f"har inget läsbart {PROTOKOLL_FIL}; ange 'forsta_paragraf'",
                      smap.value_span(("paragrafer",)))
            return None
        count += len(posts)
        first = record.get("forsta_paragraf")
        if isinstance(first, str) and first.isdigit():
            return int(first) + count, True
    return 1 + count, count > 0


def _peek(path: Path, root: Path | None = None, memo: RunMemo | None = None,
          reads: Reads | None = None) -> dict[str, object]:
    """A file's top-level mapping, or {} when it is missing, unreadable or (given the project root)
    a link out of the project (the caller must not change it)."""
    if reads is not None:
        reads.file(path)
    try:
        if root is not None and not path.resolve().is_relative_to(root.resolve()):
            return {}
        text = path.read_bytes().removeprefix(BOM).decode("utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return {}
    key = (path.name, text)
    # `check` of a year reads each earlier meeting's files once per later meeting: the run parses each text once.
    found = memo.peeked.get(key) if memo is not None else None
    if found is None:
        data, _, problems = load_yaml(text, path.name)
        found = data if isinstance(data, dict) and not problems else {}
        if memo is not None:
            memo.peeked[key] = found
    return found
