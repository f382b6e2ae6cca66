"""What rules see: the meeting, its organisation, the project file, and helpers to walk texts and budgets.

A helper lives here only when several rule families use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from papergen.accept import ProjectFile
from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.model import Arende, Project, Sammantrade
from papergen.schema import Budget, Finansieringsbeslut, Organ
from papergen.source.markdown import Block, ListBlock, Paragraph, plain_text
from papergen.source.yamlmap import SourceMap


@dataclass(frozen=True, slots=True)
class Meeting:
    project: Project
    sammantrade: Sammantrade
    settings: ProjectFile = ProjectFile()  # papergen.yaml: what the project requires beyond the defaults

    @property
    def arenden(self) -> tuple[Arende, ...]:
        return self.sammantrade.arenden


def finding(severity: Severity, code: str, message: str, span: Span) -> Diagnostic:
    return Diagnostic(severity, code, message, span)


def official_name(organ: Organ, when: dt.date) -> str:
    """The body's name on a date: a former name while it was in force, else today's."""
    for former in organ.tidigare_namn:
        if former.till is not None and when <= former.till and (former.fran is None or former.fran <= when):
            return former.namn
    return organ.namn


@dataclass(frozen=True, slots=True)
class Located:
    """A budget or a funding decision with where it stands in the sources."""

    source: SourceMap
    loc: tuple[str | int, ...]
    label: str  # "ärende 9", "delegationsbeslut 19RS9565"

    def span(self, *rest: str | int) -> Span:
        return self.source.value_span((*self.loc, *rest))


def budgets(m: Meeting) -> Iterator[tuple[Budget, Located, Finansieringsbeslut | None]]:
    for a in m.arenden:
        if a.data.budget:
            yield a.data.budget, Located(a.source, ("budget",), f"ärende {a.data.nummer}"), a.data.finansieringsbeslut
        for d in a.delegationsbeslut:
            if d.data.budget:
                yield (d.data.budget, Located(d.source, ("budget",), f"delegationsbeslut {d.data.diarienummer}"),
                       d.data.finansieringsbeslut)


@dataclass(frozen=True, slots=True)
class Text:
    """One paragraph or list entry of authored text, with its location."""

    text: str
    span: Span


def block_texts(blocks: tuple[Block, ...], path: str) -> Iterator[Text]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield Text(plain_text(block.inlines), Span(path, block.line or 1, 1))
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from block_texts(item.blocks, path)


def arende_texts(a: Arende) -> Iterator[Text]:
    """Every authored text of an ärende: front matter strings and the body's paragraphs."""
    d = a.data
    if d.forslag_till_beslut:
        for i, att in enumerate(d.forslag_till_beslut.att_satser):
            yield Text(att, a.span("forslag_till_beslut", "att_satser", i))
        for i, v in enumerate(d.forslag_till_beslut.villkor):
            yield Text(v, a.span("forslag_till_beslut", "villkor", i))
        for i, e in enumerate(d.forslag_till_beslut.efterskrift):
            yield Text(e, a.span("forslag_till_beslut", "efterskrift", i))
    for i, b in enumerate(d.beslutsunderlag):
        yield Text(b.titel, a.span("beslutsunderlag", i))
    if d.pm:
        for i, b in enumerate(d.pm.beslutsunderlag):
            yield Text(b.titel, a.span("pm", "beslutsunderlag", i))
    for section in a.sektioner:
        yield from block_texts(section.blocks, a.fil)
    if a.sammanfattning_foredragningslista:
        yield from block_texts(a.sammanfattning_foredragningslista, a.fil)


def all_texts(a: Arende, *, yttrande: bool) -> Iterator[Text]:
    """The ärende's own texts, its delegationsbeslut and (when asked) its yttrande."""
    yield from arende_texts(a)
    if yttrande and a.yttrande:
        yield from block_texts(a.yttrande.blocks, a.yttrande.fil)
    for d in a.delegationsbeslut:
        yield from block_texts(d.blocks, d.fil)


# Words that carry no meaning of their own in a title or a sentence ("Begäran om … till …").
FUNCTION_WORDS = frozenset("av för till om på i och med den det en ett från samt som år att vid ur".split())


def same_stem(a: str, b: str) -> bool:
    """Two lower-case words for one thing: equal, one inflecting the other ('plan', 'planen'), or one stem."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return True
    return min(len(a), len(b)) >= 6 and a[:6] == b[:6]


_AMOUNT = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[ \u00a0](?:kronor|kr)\b)")


def amounts(text: str) -> list[int]:
    """Amounts in kronor written in the text: '2 000 000 kronor', '137 725 kr'."""
    return [int(re.sub(r"\D", "", m.group(1))) for m in _AMOUNT.finditer(text)]


def kr(n: float) -> str:
    """An amount as a message quotes it: 2 040 360 kronor."""
    return f"{round(n):,}".replace(",", " ") + " kronor"


def pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + " procent"
