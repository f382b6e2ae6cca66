"""Names and consistency across documents: the body's name, agenda vs PM, signatures, attachments."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity
from papergen.model import Arende
from papergen.rules.base import Meeting, finding
from papergen.schema import ForslagTillBeslut, Organ
from papergen.source.markdown import Block
from papergen.render.text import blocks_to_markdown


def official_name(organ: Organ, when: dt.date) -> str:
    """The body's name on a date: a former name while it was in force, else today's."""
    for former in organ.tidigare_namn:
        if former.till is not None and when <= former.till and (former.fran is None or former.fran <= when):
            return former.namn
    return organ.namn


def _name_problem(name: str, organ: Organ, when: dt.date) -> str | None:
    expected = official_name(organ, when)
    if name == expected:
        return None
    for former in organ.tidigare_namn:
        if name == former.namn:
            until = f" till {former.till.isoformat()}" if former.till else ""
            return f"'{name}' var organets namn{until}; den {when.isoformat()} heter det '{expected}'"
    return f"organets namn är '{expected}', inte '{name}'"


def organ_name(m: Meeting) -> Iterator[Diagnostic]:
    """PG521: lead-ins and the PM's organ field use the body's official name for the meeting date."""
    organ, when = m.sammantrade.organ, m.sammantrade.data.datum
    expected_lead = f"{official_name(organ, when)} beslutar"
    for a in m.arenden:
        leads = [(a.data.forslag_till_beslut, ("forslag_till_beslut", "inledning"))]
        if a.data.pm and a.data.pm.forslag_till_beslut:
            leads.append((a.data.pm.forslag_till_beslut, ("pm", "forslag_till_beslut", "inledning")))
        for forslag, loc in leads:
            if forslag and forslag.inledning and forslag.inledning.endswith(" beslutar") \
                    and forslag.inledning != expected_lead:
                problem = _name_problem(forslag.inledning.removesuffix(" beslutar"), organ, when)
                yield finding(Severity.WARNING, "PG521", f"inledningen '{forslag.inledning}': {problem}; "
                                                         f"skriv '{expected_lead}'", a.span(*loc))
        if a.data.pm and a.data.pm.organ:
            problem = _name_problem(a.data.pm.organ, organ, when)
            if problem:
                yield finding(Severity.WARNING, "PG521", f"PM:ets fält Organ: {problem}", a.span("pm", "organ"))


_CONTEXT = 4  # words kept on each side of a change; longer equal runs become "…"
_TOKEN = re.compile(r"\d{1,3}(?: \d{3})+|\S+")  # "2 000 000" is one word, as a reader sees it


def word_diff(old: str, new: str) -> str:
    """'… a [-b-] {+c+} d …': the words that differ, marked inside their sentence."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[str] = []
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            keep_head = _CONTEXT if n > 0 else 0
            keep_tail = _CONTEXT if n < len(ops) - 1 else 0
            if len(words) > keep_head + keep_tail + 1:
                words = [*words[:keep_head], "…", *words[len(words) - keep_tail:]] if keep_tail else \
                    [*words[:keep_head], "…"]
            out.extend(words)
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _forslag_diffs(agenda: ForslagTillBeslut, pm: ForslagTillBeslut) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if (agenda.inledning or "") != (pm.inledning or ""):
        yield ("inledning",), f"inledningen: {word_diff(agenda.inledning or '', pm.inledning or '')}"
    for kind, label in (("att_satser", "att-sats"), ("villkor", "villkor")):
        left, right = getattr(agenda, kind), getattr(pm, kind)
        for i in range(max(len(left), len(right))):
            x = left[i] if i < len(left) else ""
            y = right[i] if i < len(right) else ""
            if x != y:
                yield (kind, i), f"{label} {i + 1}: {word_diff(x, y)}"


def _text(blocks: tuple[Block, ...]) -> str:
    return blocks_to_markdown(blocks)


def agenda_vs_pm(m: Meeting) -> Iterator[Diagnostic]:
    """PG522: an ärende says the same on the föredragningslista as in its PM."""
    for a in m.arenden:
        pm = a.data.pm
        if pm is None:
            continue
        if pm.forslag_till_beslut and a.data.forslag_till_beslut:
            for loc, diff in _forslag_diffs(a.data.forslag_till_beslut, pm.forslag_till_beslut):
                yield finding(Severity.WARNING, "PG522",
                              f"förslaget till beslut skiljer sig mellan föredragningslistan och PM:et i {diff}",
                              a.span("pm", "forslag_till_beslut", *loc))
        if a.sammanfattning_foredragningslista is not None:
            diff = word_diff(_text(a.sammanfattning_foredragningslista), _text(a.sammanfattning))
            yield finding(Severity.WARNING, "PG522",
                          f"sammanfattningen skiljer sig mellan föredragningslistan och PM:et: {diff}",
                          a.span("sammanfattning_foredragningslista"))
        if pm.dnr and a.data.diarienummer and pm.dnr != a.data.diarienummer:
            yield finding(Severity.ERROR, "PG522",
                          f"PM:et har Dnr '{pm.dnr}' men föredragningslistan '{a.data.diarienummer}'",
                          a.span("pm", "dnr"))
        if pm.rubrik != a.data.rubrik:
            yield finding(Severity.WARNING, "PG522",
                          f"rubriken skiljer sig mellan föredragningslistan och PM:et: "
                          f"{word_diff(a.data.rubrik, pm.rubrik)}", a.span("pm", "rubrik"))


def signatory_title(m: Meeting) -> Iterator[Diagnostic]:
    """PG523: a signatory's title is the one the organisation file gives."""
    titles: dict[str, set[str]] = {}
    for s in m.sammantrade.organ.signatarer:
        titles.setdefault(s.namn, set()).add(s.titel)

    def check(namn: str, titel: str, span_loc: tuple[str | int, ...], a: Arende, where: str) -> Iterator[Diagnostic]:
        known = titles.get(namn)
        if known and titel not in known:
            yield finding(Severity.WARNING, "PG523",
                          f"{where} undertecknas av {namn} som '{titel}', men organisationsfilen anger "
                          + " eller ".join(f"'{t}'" for t in sorted(known)), a.span(*span_loc))

    for a in m.arenden:
        if a.data.pm and a.data.pm.underskrift:
            u = a.data.pm.underskrift
            yield from check(u.namn, u.titel, ("pm", "underskrift", "titel"), a, f"PM:et i ärende {a.data.nummer}")


_BILAGA = re.compile(r"^Bilaga \d+\s*[-–]\s*")


def attachment_titles(m: Meeting) -> Iterator[Diagnostic]:
    """PG524: two attachments of one ärende do not share a title."""
    for a in m.arenden:
        seen: dict[str, int] = {}
        for i, entry in enumerate(a.data.beslutsunderlag):
            title = _BILAGA.sub("", entry).strip().rstrip(".")
            if title in seen:
                yield finding(Severity.WARNING, "PG524",
                              f"bilagan '{entry}' har samma titel som beslutsunderlag {seen[title] + 1} "
                              f"('{a.data.beslutsunderlag[seen[title]]}'); ge varje bilaga sin egen titel",
                              a.span("beslutsunderlag", i))
            else:
                seen[title] = i
