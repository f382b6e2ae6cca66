"""Public and internal sets from one source: `papergen publish MEETING`.

Owns what the public set leaves out. An ärende marked `sekretess: {osl: …}`
or `personuppgifter: true` keeps only its number and title in the public
kallelse ("Sekretess enligt …" instead of its content), has no public PM or
yttrande, and its § in the protokoll and utdrag keeps title, närvaro and the
beslut but nothing else. A single block of a Markdown text marked
`<!-- papergen: sekretess … -->` (papergen.source.markdown; before a heading, the
heading and its whole section), and a bilaga written as `{titel: …, sekretess: …}`,
are replaced by a notice wherever they are shown. Redaction works on the contexts, before
any backend runs, so no format (docx, md, html, pdf) can carry what was removed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from papergen.build import pipeline
from papergen.model.core import Arende, Sammantrade
from papergen.model.protokoll import paragrafer
from papergen.model.schema import Bilaga, Sekretess
from papergen.render.context import Rich
from papergen.render.plan import PUBLISH_FORMATS, DocumentKind, PlannedDocument, plan
from papergen.source.markdown import Block, Inline, ListBlock, ListItem, Paragraph, skydd

PUBLIC, INTERNAL = "publik", "intern"


class _Markable(Protocol):
    """What an ärende, a § of the record and a bilaga are marked with."""

    @property
    def sekretess(self) -> Sekretess | None: ...

    @property
    def personuppgifter(self) -> bool: ...


def _reason(marked: _Markable) -> str | None:
    return skydd(marked.sekretess.osl if marked.sekretess is not None else None, marked.personuppgifter)


def protection(a: Arende) -> str | None:
    """Why an ärende stays out of the public set, as printed there; None when it may be published."""
    return _reason(a.data)


def _notice_text(reason: str) -> str:
    return f"[Borttaget i den publicerade versionen: {reason[:1].lower()}{reason[1:]}]"


def _notice(reason: str) -> Paragraph:
    return Paragraph((Inline(_notice_text(reason), italic=True),))


def _without_marked_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks with each run of marked ones (a marked heading and its section, say) as one notice."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if block.skydd is not None:
            if i == 0 or blocks[i - 1].skydd != block.skydd:
                out.append(_notice(block.skydd))
        elif isinstance(block, ListBlock):
            items = tuple(ListItem(_without_marked_blocks(item.blocks)) for item in block.items)
            out.append(dataclasses.replace(block, items=items))
        else:
            out.append(block)
    return tuple(out)


def _without_marked(value: Any) -> Any:
    """Every Markdown text of a context with its marked blocks replaced by a notice."""
    if isinstance(value, Rich):
        return Rich(_without_marked_blocks(value.blocks))
    if isinstance(value, dict):
        return {k: _without_marked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_marked(v) for v in value]
    return value


def _redacted_arende(ctx: dict[str, Any], reason: str) -> dict[str, Any]:
    return {**ctx, "rad": reason, "punkter": [], "forslag": None, "sammanfattning": Rich(()), "beslutsunderlag": []}


def _redacted_paragraf(ctx: dict[str, Any], reason: str) -> dict[str, Any]:
    # Kept: number, title, who took part, jäv, the beslut and an omedelbar justering; all else may quote the ärende.
    return {**ctx, "rad": reason, "punkter": [], "sammanfattning": Rich(()), "forslag": None, "yrkanden": [],
            "propositionsordning": [], "omrostning": None, "avviker": "", "reservationer": [],
            "protokollsanteckningar": [], "beslutsunderlag": [], "expediering": []}


def _titles(titles: list[str], entries: tuple[Bilaga, ...]) -> list[str]:
    """A context's beslutsunderlag (built from `entries`, in order) with each protected title replaced."""
    return [_notice_text(reason) if (reason := _reason(b)) else title
            for title, b in zip(titles, entries, strict=True)]


def _redactor(meeting: Sammantrade) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    by_arende = {a.data.nummer: r for a in meeting.arenden if (r := protection(a))}
    arenden = {a.data.nummer: a for a in meeting.arenden}
    by_paragraf: dict[str, str] = {}
    arende_of: dict[str, Arende] = {}
    for p in paragrafer(meeting):
        nummer = meeting.praxis.paragraf(p.nummer, meeting.data.datum)  # as the § context writes it
        arende_of[nummer] = p.arende
        # A § is protected by its ärende's marking or by its own in protokoll.yaml.
        reason = by_arende.get(p.arende.data.nummer) or _reason(p.post)
        if reason:
            by_paragraf[nummer] = reason

    def paragraf(ctx: dict[str, Any]) -> dict[str, Any]:
        reason = by_paragraf.get(ctx["nummer"])
        if reason:
            return _redacted_paragraf(ctx, reason)
        a = arende_of[ctx["nummer"]]
        return {**ctx, "beslutsunderlag": _titles(ctx["beslutsunderlag"], a.data.beslutsunderlag)}

    def arende(ctx: dict[str, Any]) -> dict[str, Any]:
        if ctx["nummer"] in by_arende:
            return _redacted_arende(ctx, by_arende[ctx["nummer"]])
        entries = arenden[ctx["nummer"]].data.beslutsunderlag
        return {**ctx, "beslutsunderlag": _titles(ctx["beslutsunderlag"], entries)}

    def redact(kind: str, ctx: dict[str, Any]) -> dict[str, Any]:
        ctx = _without_marked(ctx)
        if kind == "kallelse":
            return {**ctx, "arenden": [arende(a) for a in ctx["arenden"]]}
        if kind == "pm":
            a = arenden[ctx["nummer"]]
            pm = a.data.pm
            # A marked `##` heading takes its section with it: the notice stands in the heading's place.
            sektioner = [{"rubrik": _notice_text(s.skydd), "innehall": Rich(())} if s.skydd else shown
                         for shown, s in zip(ctx["sektioner"], a.sektioner, strict=True)]
            return {**ctx, "sektioner": sektioner,
                    "beslutsunderlag": _titles(ctx["beslutsunderlag"], pm.beslutsunderlag if pm else ())}
        if kind == "protokoll":
            return {**ctx, "paragraf_lista": [paragraf(p) for p in ctx["paragraf_lista"]]}
        if kind == "protokollsutdrag":
            return {**ctx, "paragraf": paragraf(ctx["paragraf"])}
        return ctx

    return redact


def public_plan(meeting: Sammantrade) -> list[PlannedDocument]:
    """The documents of the public set: no PM or yttrande of a protected ärende; the rest redacted."""
    redact = _redactor(meeting)
    docs: list[PlannedDocument] = []
    for doc in plan(meeting):
        if isinstance(doc.subject, Arende) and protection(doc.subject):
            continue
        build = doc.kind.build

        def redacted_build(*args: Any, _build: Callable[..., Any] = build, _kind: str = doc.kind.name) -> Any:
            return redact(_kind, dict(_build(*args)))

        kind: DocumentKind = dataclasses.replace(doc.kind, build=redacted_build)
        docs.append(dataclasses.replace(doc, kind=kind))
    return docs


def publish(root: Path, folder: Path, *, out_root: Path | None = None,
            formats: tuple[str, ...] = PUBLISH_FORMATS, strict: bool = False) -> pipeline.BuildReport:
    """Write build/<meeting>/intern/ (everything) and build/<meeting>/publik/ (what may go online), in one swap:
    the pipeline of a build, fed two sets of papers. publik/ and intern/ are this command's; a build's papers
    beside them stay while their sources are unchanged."""
    return pipeline.run(root, folder, (pipeline.PaperSet(INTERNAL, plan), pipeline.PaperSet(PUBLIC, public_plan)),
                        out_root=out_root, formats=formats, strict=strict, use_cache=False, jobs=1, memo=None,
                        replaces=lambda rel: rel.split("/", 1)[0] in (PUBLIC, INTERNAL))
