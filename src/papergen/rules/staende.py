"""PG527: the förslag of a standing item (Protokollsjustering, Fastställande av dagordning …) in the body's
standard form.

The standard form is the body's `staende_arenden` in organisation.yaml (papergen.praxis), its
placeholders filled from meeting.yaml as `papergen new meeting` fills them: {organ} the body's name
on the day, {justerare} and {ersattare} the people (with or without their party in parentheses, as the
organisation file gives it), {senast} the justering deadline ('28 februari 2020'). An item is standing
when its rubrik is one of them (case aside). Compared are the att-satser, villkor and efterskrift; the
lead-in is PG531's and PG521's, each clause's ending punctuation PG534's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from papergen.diagnostics import Diagnostic, Severity
from papergen.model.core import Arende
from papergen.model.format import datum_lang, genitiv
from papergen.rules.base import Meeting, finding, official_name
from papergen.model.schema import StaendeArende

_KINDS = {"att_satser": "att-satsen", "villkor": "villkoret", "efterskrift": "efterskriften"}  # in the definite
_WHAT = {"organ": "organet", "justerare": "justeraren", "ersattare": "justerarens ersättare",
         "senast": "justeringsdagen"}
_PLACEHOLDER = re.compile(r"\{(organ|justerare|ersattare|senast)\}")
# What ends a clause in a list of att-satser (',', '; samt', '.'): PG534 judges it, not this rule.
_LONGEST = 200  # characters a clause may have beyond four times its standard form's
_ENDING = re.compile(r"(?:[\s.,;:]|\bsamt\b|\boch\b)+$")


def _person(m: Meeting, namn: str) -> tuple[str, ...]:
    """A person as a standing förslag may name them: 'Patrik Nyström (SD)' (as `new meeting` writes it,
    when the organisation file gives a party) or 'Patrik Nyström'."""
    organ = m.sammantrade.organ
    parti = next((p.parti for p in (*organ.ledamoter, *organ.ersattare) if p.namn == namn and p.parti), None)
    return (f"{namn} ({parti})", namn) if parti else (namn,)


def _values(m: Meeting) -> dict[str, tuple[str, ...]]:
    """Each placeholder's accepted values, the one `new meeting` writes first; a fact meeting.yaml
    does not give is left out, and its placeholder then stands for any text."""
    data = m.sammantrade.data
    values: dict[str, tuple[str, ...]] = {"organ": (official_name(m.sammantrade.organ, data.datum),)}
    j = data.justering
    if j is not None:
        values["justerare"] = _person(m, j.justerare)
        if j.ersattare:
            values["ersattare"] = _person(m, j.ersattare)
        if j.senast is not None:
            values["senast"] = (datum_lang(j.senast),)
    return values


def _normal(text: str) -> str:
    return _ENDING.sub("", " ".join(text.split()))


@dataclass(frozen=True, slots=True)
class _Form:
    """One clause of the standard form, filled in from meeting.yaml."""

    exact: re.Pattern[str]  # what a clause (_normal) in the standard form is
    loose: re.Pattern[str]  # the same wording with any value in place of each placeholder
    placeholders: tuple[str, ...]  # in the order of loose's groups
    shown: str  # as a message quotes it

    def fits(self, clause: str) -> bool:
        """The clause is the standard form. A clause many times longer is not (and lazy groups would try
        its every split: time growing with a power of its length)."""
        return self.short(clause) and self.exact.fullmatch(_normal(clause)) is not None

    def short(self, clause: str) -> bool:
        return len(clause) <= _LONGEST + 4 * len(self.shown)

    def differences(self, clause: str, values: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
        """(placeholder, value written) where the clause has the standard's wording but another value."""
        match = self.loose.fullmatch(_normal(clause)) if self.short(clause) else None
        if match is None:
            return []
        return [(name, written) for name, written in zip(self.placeholders, match.groups(), strict=True)
                if name in values and written not in values[name]]


def _form(standard: str, values: dict[str, tuple[str, ...]]) -> _Form:
    normal = _normal(standard)
    exact = _filled(normal, values, lambda accepted: "(?:" + "|".join(map(re.escape, accepted)) + ")"
                    if accepted else ".+?", re.escape)
    return _Form(re.compile(exact), re.compile(_filled(normal, {}, lambda _: "(.+?)", re.escape)),
                 tuple(_PLACEHOLDER.findall(normal)),
                 _filled(" ".join(standard.split()), values, lambda accepted: accepted[0] if accepted else "",
                         lambda text: text))


def _filled(standard: str, values: dict[str, tuple[str, ...]], value: Callable[[tuple[str, ...]], str],
            literal: Callable[[str], str]) -> str:
    """The standard with each placeholder replaced by value(its accepted values), the rest by literal(text);
    a placeholder for which value returns '' is kept as written."""
    out, at = "", 0
    for match in _PLACEHOLDER.finditer(standard):
        out += literal(standard[at:match.start()])
        out += value(values.get(match.group(1), ())) or match.group(0)
        at = match.end()
    return out + literal(standard[at:])


def _where(m: Meeting, index: int) -> tuple[str | int, ...]:
    """Where the standing item stands in organisation.yaml: under the organ, or the organisation's."""
    organ = m.sammantrade.organ
    if organ.staende_arenden is not None:
        i = next(n for n, o in enumerate(m.project.organisation.organ) if o is organ or o.id == organ.id)
        return ("organ", i, "staende_arenden", index)
    return ("staende_arenden", index)


def _standing(m: Meeting) -> Iterator[tuple[Arende, StaendeArende, int]]:
    items = m.sammantrade.praxis.staende_arenden or ()
    by_rubrik: dict[str, tuple[StaendeArende, int]] = {}
    for index, item in enumerate(items):
        by_rubrik.setdefault(item.rubrik.strip().lower(), (item, index))
    for a in m.arenden:
        hit = by_rubrik.get(a.data.rubrik.strip().lower())
        if hit is not None and hit[0].forslag_till_beslut is not None:
            yield a, *hit


def standing_forslag(m: Meeting) -> Iterator[Diagnostic]:
    """PG527: a standing item's att-sats, villkor or efterskrift other than the body's standard form.

    Each clause of the standard form is looked for among the item's clauses of the same kind; one that is
    not there is reported against the first of the item's clauses that matches no standard clause, or,
    when there is none, at the förslag (or the rubrik, when the item has no förslag).
    """
    values = _values(m)
    organisation = m.project.organisation_fil
    for a, item, index in _standing(m):
        standard = item.forslag_till_beslut
        assert standard is not None
        written = a.data.forslag_till_beslut
        home = _where(m, index)
        for kind, name in _KINDS.items():
            forms = [_form(s, values) for s in getattr(standard, kind)]
            clauses = list(getattr(written, kind)) if written is not None else []
            spare = [i for i, c in enumerate(clauses) if not any(f.fits(c) for f in forms)]
            for k, form in enumerate(forms):
                if any(form.fits(c) for c in clauses):
                    continue
                line = m.project.source.value_span((*home, "forslag_till_beslut", kind, k)).line
                expected = f"'{form.shown}' ({organisation}:{line})"
                body = genitiv(m.sammantrade.praxis.kortnamn)
                if not spare:
                    at = ("forslag_till_beslut",) if written is not None else ("rubrik",)
                    yield finding(Severity.WARNING, "PG527",
                                  f"det stående ärendet '{item.rubrik}' saknar {name} ur {body} standardform: "
                                  f"{expected}", a.span(*at))
                    continue
                # The clause in the standard's words with other values, else the first that is not the standard.
                i = next((i for i in spare if form.differences(clauses[i], values)), spare[0])
                spare.remove(i)
                differences = form.differences(clauses[i], values)
                where = a.span("forslag_till_beslut", kind, i)
                if differences:
                    said = " och ".join(f"{_WHAT[p]} '{w}', men meeting.yaml anger '{values[p][0]}'"
                                        for p, w in differences)
                    # A date in a decision other than the meeting's is an error; a person, a person judges.
                    severity = Severity.ERROR if any(p == "senast" for p, _ in differences) else Severity.WARNING
                    yield finding(severity, "PG527", f"{name} '{clauses[i]}' i det stående ärendet "
                                                     f"'{item.rubrik}' anger {said}", where)
                else:
                    yield finding(Severity.WARNING, "PG527",
                                  f"{name} '{clauses[i]}' i det stående ärendet '{item.rubrik}' följer inte "
                                  f"{body} standardform {expected}; skriv som standardformen, eller ändra "
                                  f"den i {organisation} om {m.sammantrade.praxis.kortnamn} skriver så numera",
                                  where)
