"""What rules see: the meeting, its organisation, the project file, and helpers to walk texts and budgets.

A helper lives here only when several rule families use it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.model.core import Arende, Project, Sammantrade
from papergen.model.memo import RunMemo
from papergen.model.reads import Reads
from papergen.model.schema import Budget, Finansieringsbeslut, Organ
from papergen.project import ProjectFile
from papergen.source.markdown import Block, ListBlock, Paragraph, Table, plain_text
from papergen.source.yamlmap import SourceMap

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Meeting:
    """The rules' context: one meeting of one run. What several rules work out alike is remembered
    here (`found`, for this meeting) and in the run's memo (`memo`, for every meeting of the run)."""

    project: Project
    sammantrade: Sammantrade
    settings: ProjectFile = ProjectFile()  # papergen.yaml: what the project requires beyond the defaults
    memo: RunMemo = field(default_factory=RunMemo, compare=False, repr=False)
    # Worked out once for all the rules of this meeting (an ärende's texts, who serves in a §); goes with it.
    found: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # Notes every file a rule reads beyond the loaded sources (the word list): papergen.model.reads.
    reads: Reads | None = field(default=None, compare=False, repr=False)

    @property
    def arenden(self) -> tuple[Arende, ...]:
        return self.sammantrade.arenden

    def read_text(self, path: Path) -> str | None:
        """A file a rule reads beyond the loaded sources (a word list, a list of terms), noted as
        read (papergen.model.reads) so that a build is never kept after it changes; None when it is
        missing or unreadable."""
        if self.reads is not None:
            self.reads.file(path)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


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


class Text:
    """One paragraph or list entry of authored text, with its location.

    The location is a Span, or a place in a YAML file (`Text.at`) whose span is
    looked up only when asked for, so that a file nothing is found in never has
    its source map built.
    """

    __slots__ = ("text", "publik", "_span", "_source", "_loc")

    def __init__(self, text: str, span: Span, *, publik: bool = True) -> None:
        self.text = text
        self.publik = publik  # False: marked sekretess/personuppgifter, left out of the public set
        self._span: Span | None = span
        self._source: SourceMap | None = None
        self._loc: tuple[str | int, ...] = ()

    @classmethod
    def at(cls, text: str, source: SourceMap, *loc: str | int, publik: bool = True) -> Text:
        """Text standing at `loc` in a YAML file (or front matter)."""
        t = cls.__new__(cls)
        t.text, t.publik, t._span, t._source, t._loc = text, publik, None, source, loc
        return t

    @property
    def span(self) -> Span:
        if self._span is None:
            assert self._source is not None
            self._span = self._source.value_span(self._loc)
        return self._span

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self.text, self.span) == (other.text, other.span)

    def __hash__(self) -> int:
        return hash((self.text, self.span))

    def __repr__(self) -> str:
        return f"Text(text={self.text!r}, span={self.span!r})"


def block_texts(blocks: tuple[Block, ...], path: str, *, publik: bool = True) -> Iterator[Text]:
    for block in blocks:
        shown = publik and block.skydd is None  # a marked list protects every item in it
        if isinstance(block, Paragraph):
            yield Text(plain_text(block.inlines), Span(path, block.line or 1, 1), publik=shown)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from block_texts(item.blocks, path, publik=shown)
        elif isinstance(block, Table):
            # Every cell is text the reader sees (issue 16: '#DIVISION/0!' or a personnummer in a cell);
            # a GFM row is one line: the header on `line`, the delimiter row, then the body rows.
            rows = ((block.line, block.header), *((block.line + 2 + i, r) for i, r in enumerate(block.rows)))
            for line, cells in rows:
                for cell in cells:
                    if text := plain_text(cell).strip():
                        yield Text(text, Span(path, line or 1, 1), publik=shown)


def _made_once(texts: Callable[..., Iterator[Text]]) -> Callable[..., Iterator[Text]]:
    """An ärende's texts, gathered once per meeting and handed to every rule that reads them.

    The ärende is frozen, so its texts do not change; it is kept with its texts so
    that its id cannot be taken by another while remembered.
    """
    @functools.wraps(texts)
    def once(m: Meeting, a: Arende, **options: Any) -> Iterator[Text]:
        key = (texts.__name__, id(a), tuple(sorted(options.items())))
        return iter(remembered(m.found, key, a, lambda: tuple(texts(m, a, **options))))

    return once


def remembered(store: dict[Any, Any], key: Hashable, owner: object, make: Callable[[], T]) -> T:
    """make(), or what it gave before for key; `owner` (whose id is in the key) is kept with it,
    so that no other object can take its id while it is remembered."""
    hit = store.get(key)
    if hit is None or hit[0] is not owner:
        hit = store[key] = (owner, make())
    return hit[1]


@_made_once
def arende_texts(m: Meeting, a: Arende) -> Iterator[Text]:
    """Every authored text of an ärende: front matter strings and the body's paragraphs."""
    d = a.data
    if d.forslag_till_beslut:
        for i, att in enumerate(d.forslag_till_beslut.att_satser):
            yield Text.at(att, a.source, "forslag_till_beslut", "att_satser", i)
        for i, v in enumerate(d.forslag_till_beslut.villkor):
            yield Text.at(v, a.source, "forslag_till_beslut", "villkor", i)
        for i, e in enumerate(d.forslag_till_beslut.efterskrift):
            yield Text.at(e, a.source, "forslag_till_beslut", "efterskrift", i)
    for i, b in enumerate(d.beslutsunderlag):
        yield Text.at(b.titel, a.source, "beslutsunderlag", i, publik=b.publik)
    if d.pm:
        for i, b in enumerate(d.pm.beslutsunderlag):
            yield Text.at(b.titel, a.source, "pm", "beslutsunderlag", i, publik=b.publik)
    for section in a.sektioner:
        yield from block_texts(section.blocks, a.fil)
    if a.sammanfattning_foredragningslista:
        yield from block_texts(a.sammanfattning_foredragningslista, a.fil)


@_made_once
def all_texts(m: Meeting, a: Arende, *, yttrande: bool) -> Iterator[Text]:
    """The ärende's own texts, its delegationsbeslut and (when asked) its yttrande."""
    yield from arende_texts(m, a)
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


# A run of digit groups, from its first group only: "1 000 000", "2020 100 000", "000 000 …".
_DIGIT_RUN = re.compile(r"(?<!\d)(?<!\d[ \u00a0])\d+(?:[ \u00a0]\d+)*")
_KRONOR = re.compile(r"[ \u00a0](?:kronor|kr)\b")
# No paper states a sum of more than 10^18 kronor; a longer run of digits is no amount (and Python
# refuses to read more than 4 300 digits as a number).
_MOST_DIGITS = 18


@dataclass(frozen=True, slots=True)
class Amount:
    value: int
    start: int  # where the number starts in the text
    end: int  # where the unit ends
    grouped: bool  # written in groups of three ('2 000 000'), not as one number ('2000000')
    kronor: bool  # the unit is written out ('kronor', not 'kr')


def amount_matches(text: str) -> Iterator[Amount]:
    r"""Amounts in kronor written in the text: '2 000 000 kronor', '137 725 kr'.

    The number is the longest well-grouped tail of a run of digit groups before the
    unit: a first group of one to three digits, then groups of three ("2020 100 000
    kronor" is 100 000), or else the last group alone; a number right after ',' or '.'
    (a decimal, '3,500 kr') is not one. This is what the pattern
    `(?<![\d,.])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)[ \u00a0](?:kronor|kr)\b` finds, read
    run by run: that pattern retried every group of a long run that ends in no unit, in
    time growing with the square of its length (tests/test_linear_time.py compares the two).
    """
    for run in _DIGIT_RUN.finditer(text):
        unit = _KRONOR.match(text, run.end())
        if unit is None:
            continue
        groups = re.split(r"[ \u00a0]", run.group(0))
        last = len(groups) - 1
        # A number right after ',' or '.' is a decimal's tail, not an amount's start.
        first = 1 if run.start() > 0 and text[run.start() - 1] in ",." else 0
        # From the right: groups[tail + 1:] are all three digits long.
        tail = last
        while tail > 0 and len(groups[tail]) == 3:
            tail -= 1
        # groups[tail] leads them if it has at most three digits; the last group alone is always a number.
        lead = max(min(tail if len(groups[tail]) <= 3 else tail + 1, last), first)
        digits = "".join(groups[lead:]).lstrip("0") or "0"
        if lead > last or len(digits) > _MOST_DIGITS:
            continue
        start = run.start() + sum(len(g) + 1 for g in groups[:lead])
        yield Amount(int(digits), start, unit.end(), lead < last,
                     unit.group(0)[1:] == "kronor")


def amounts(text: str) -> list[int]:
    """Amounts in kronor written in the text: '2 000 000 kronor', '137 725 kr'."""
    return [a.value for a in amount_matches(text)]


def kr(n: float) -> str:
    """An amount as a message quotes it: 2 040 360 kronor."""
    return f"{round(n):,}".replace(",", " ") + " kronor"


def pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + " procent"


# Characters that a case-insensitive pattern (re.IGNORECASE) matches to a letter whose str.lower()
# is not that letter: 'İ' and 'ı' match 'i', 'ſ' matches 's' (tests/test_check_speed.py checks the list).
_CASE_ODDITIES = ("\u0130", "\u0131", "\u017f")


def might_contain(text: str, stems: tuple[str, ...]) -> bool:
    """False only when no stem (lower case, letters a–ö) occurs in text as re.IGNORECASE would find it.

    A cheap test before a slow case-insensitive pattern whose every match contains one of the stems.
    """
    if any(odd in text for odd in _CASE_ODDITIES):
        return True
    low = text.lower()
    return any(stem in low for stem in stems)
