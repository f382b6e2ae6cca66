"""The assembled, validated meeting: what every later stage reads.

Owns the aggregate types (Project, Sammantrade, Arende, Yttrande,
Delegationsbeslut) that tie the validated front matter (papergen.model.schema) to
its Markdown sections and source maps. Built only by papergen.model.load; never
mutated after that.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from papergen.diagnostics import Span
from papergen.model.praxis import DEFAULT, Praxis
from papergen.model.schema import (
    ArendeFront,
    DelegationsbeslutFront,
    ForslagTillBeslut,
    MeetingFile,
    Organ,
    Organisation,
    ProtokollFile,
    YttrandeFront,
)
from papergen.source.bild import Bild
from papergen.source.markdown import Block, Section
from papergen.source.yamlmap import SourceMap

# The standard sections of a föredragnings-PM, in their canonical order
# (document-types.md 3.2). Headings are matched exactly as printed.
PM_SEKTIONER: tuple[str, ...] = (
    "Sammanfattning",
    "Ärendebeskrivning",
    "Beredning",
    "Bedömning",
    "Konsekvenser för miljö-, barn- och jämställdhetsperspektiven",
    "Ekonomiska konsekvenser",
    "Uppföljning",
)


@dataclass(frozen=True, slots=True)
class Yttrande:
    fil: str
    data: YttrandeFront
    blocks: tuple[Block, ...]
    source: SourceMap


@dataclass(frozen=True, slots=True)
class Delegationsbeslut:
    fil: str
    data: DelegationsbeslutFront
    blocks: tuple[Block, ...]
    source: SourceMap


@dataclass(frozen=True, slots=True)
class Arende:
    fil: str  # POSIX path relative to the project root
    data: ArendeFront
    sektioner: tuple[Section, ...]
    source: SourceMap
    yttrande: Yttrande | None
    delegationsbeslut: tuple[Delegationsbeslut, ...]
    sammanfattning_foredragningslista: tuple[Block, ...] | None  # parsed override, if any

    @property
    def sammanfattning(self) -> tuple[Block, ...]:
        """The Sammanfattning as written once in the body."""
        for s in self.sektioner:
            if s.rubrik == "Sammanfattning":
                return s.blocks
        return ()

    @property
    def sammanfattning_pa_listan(self) -> tuple[Block, ...]:
        """What the föredragningslista prints: the body's, unless the paper printed other words."""
        if self.sammanfattning_foredragningslista is not None:
            return self.sammanfattning_foredragningslista
        return self.sammanfattning

    @property
    def forslag_i_pm(self) -> ForslagTillBeslut | None:
        if self.data.pm and self.data.pm.forslag_till_beslut:
            return self.data.pm.forslag_till_beslut
        return self.data.forslag_till_beslut

    def span(self, *loc: str | int) -> Span:
        return self.source.value_span(tuple(loc))


@dataclass(frozen=True, slots=True)
class Protokoll:
    """The record of the meeting (protokoll.yaml), with its resolved § numbering."""

    fil: str
    data: ProtokollFile
    source: SourceMap
    forsta_paragraf: int
    justerare: tuple[str, ...]  # from the record, else from meeting.yaml
    vantad_forsta_paragraf: int | None = None  # where the previous meeting of the year left off

    def span(self, *loc: str | int) -> Span:
        return self.source.value_span(tuple(loc))


@dataclass(frozen=True, slots=True)
class Sammantrade:
    id: str  # folder name, e.g. meeting-2020-02-14
    mapp: str  # POSIX path relative to the project root
    data: MeetingFile
    organ: Organ
    arenden: tuple[Arende, ...]  # in agenda order
    source: SourceMap
    protokoll: Protokoll | None = None
    praxis: Praxis = DEFAULT  # how this body writes its papers (organisation.yaml, resolved by papergen.model.praxis)

    def files(self) -> list[str]:
        """Every source file of the meeting, POSIX paths relative to the project root."""
        found = [self.source.path]
        if self.protokoll:
            found.append(self.protokoll.fil)
        for a in self.arenden:
            found.append(a.fil)
            if a.yttrande:
                found.append(a.yttrande.fil)
            found.extend(d.fil for d in a.delegationsbeslut)
        return found


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    organisation: Organisation
    organisation_fil: str
    source: SourceMap
    logo: Bild | None = None  # organisation.logo, read and checked

    @property
    def bildfiler(self) -> list[str]:
        """The image files the papers show: sources of every document (manifest, render cache)."""
        return [self.logo.fil] if self.logo is not None else []
