"""What the meeting record means: §§, who serves in each, votes, and the anslag calendar.

Owns the views of protokoll.yaml that both the Kommunallagen rules
(papergen.rules.protokoll) and the protokoll's context (papergen.render.context)
read: § numbers in agenda order, närvaro per §, the alternatives put by the
ordförande and the outcome of a vote, and the dates of justering and anslag
(KL 8:12, 13:5; rules.md 7). Wording is the context's; judging is the rules'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from papergen.model.core import Arende, Protokoll, Sammantrade
from papergen.model.schema import EgetBeslut, LedamotNarvaro, Omrostning, Organ, ParagrafPost, Person

FORSLAGET = "forslaget"  # the förslag till beslut as an alternative
AVSLAG = "avslag"  # a single yrkande put and rejected


@dataclass(frozen=True, slots=True)
class Paragraf:
    nummer: int
    arende: Arende
    post: ParagrafPost
    index: int  # position in protokoll.yaml's `paragrafer`, for locating findings


@dataclass(frozen=True, slots=True)
class Deltagare:
    """One serving member in a §: a ledamot, or an ersättare serving for one."""

    namn: str
    ersatter: str | None = None


def paragrafer(m: Sammantrade) -> list[Paragraf]:
    """The §§ in agenda order, numbered on from the record's first number."""
    p = m.protokoll
    if p is None:
        return []
    posts = {post.arende: (i, post) for i, post in enumerate(p.data.paragrafer)}
    found: list[Paragraf] = []
    for a in m.arenden:
        if a.data.nummer in posts:
            i, post = posts[a.data.nummer]
            found.append(Paragraf(p.forsta_paragraf + len(found), a, post, i))
    return found


def personer(organ: Organ) -> dict[str, Person]:
    """Everyone who can serve in the organ, by name."""
    return {x.namn: x for x in (*organ.ledamoter, *organ.ersattare)}


def ledamot_poster(p: Protokoll) -> list[LedamotNarvaro]:
    """The record's ledamöter, a plain name meaning present for every ärende."""
    return [LedamotNarvaro(namn=x) if isinstance(x, str) else x for x in p.data.narvaro.ledamoter]


def galler(arenden: tuple[int, ...] | None, nummer: int) -> bool:
    """An entry of the närvaro applies to ärende `nummer` (no `arenden`: to every ärende)."""
    return arenden is None or nummer in arenden


def tjanstgorande(p: Protokoll, nummer: int) -> list[Deltagare]:
    """Who serves for ärende `nummer` before jäv: present ledamöter and serving ersättare.

    A person listed twice as ledamot, or as serving ersättare, is an error (PG605)
    and counts once, as first listed: the quorum and the votes are then not
    counted with one person twice.
    """
    found: list[Deltagare] = []
    for kind in ([Deltagare(x.namn) for x in ledamot_poster(p) if galler(x.arenden, nummer)],
                 [Deltagare(e.namn, e.for_) for e in p.data.narvaro.tjanstgorande_ersattare
                  if galler(e.arenden, nummer)]):
        once = {d.namn: d for d in reversed(kind)}  # the first entry of a name wins
        found += [d for d in kind if once[d.namn] is d]
    return found


def beslutande(p: Protokoll, par: Paragraf) -> list[Deltagare]:
    """Who takes part in the decision of a §: the serving members less those with jäv."""
    return [d for d in tjanstgorande(p, par.arende.data.nummer) if d.namn not in par.post.jav]


def ordforande(p: Protokoll, organ: Organ) -> str | None:
    if p.data.ordforande:
        return p.data.ordforande
    return next((x.namn for x in organ.ledamoter if x.roll == "ordforande"), None)


def sekreterare(p: Protokoll, organ: Organ) -> str | None:
    if p.data.sekreterare:
        return p.data.sekreterare
    return organ.sekreterare.namn if organ.sekreterare else None


def alternativ(post: ParagrafPost, arende: Arende) -> list[str]:
    """The proposals in a §: the förslag till beslut and every yrkande in its own words."""
    found = [FORSLAGET] if arende.data.forslag_till_beslut else []
    found += [y.namn for y in post.yrkanden if y.text]
    return found


@dataclass(frozen=True, slots=True)
class Utfall:
    ja: int
    nej: int
    avstar: int
    vinnare: str | None  # the alternative that won; None on a tie nobody settled
    utslagsrost: bool  # the ordförande's casting vote settled a tie


def utfall(o: Omrostning, ordf: str | None) -> Utfall:
    ja, nej, avstar = len(o.roster.ja), len(o.roster.nej), len(o.roster.avstar)
    if ja != nej:
        return Utfall(ja, nej, avstar, o.ja if ja > nej else o.nej, False)
    # KL 6:33 with 4:24: on a tie the ordförande's vote decides.
    if ordf in o.roster.ja:
        return Utfall(ja, nej, avstar, o.ja, True)
    if ordf in o.roster.nej:
        return Utfall(ja, nej, avstar, o.nej, True)
    return Utfall(ja, nej, avstar, None, False)


def antaget(post: ParagrafPost, ordf: str | None) -> str | None:
    """The alternative the § ended with: the vote's winner, else the last proposition's."""
    if post.omrostning:
        return utfall(post.omrostning, ordf).vinnare
    if post.propositionsordning:
        return post.propositionsordning[-1].antaget
    return None


def avviker(post: ParagrafPost, arende: Arende) -> bool:
    """The beslut is not the förslag till beslut as written.

    Without a förslag nothing can differ from it: the beslut of an item decided at the meeting
    (val av justerare, a matter decided on yrkanden) is the protokoll's alone.
    """
    f = arende.data.forslag_till_beslut
    if f is None or post.beslut == "enligt_forslaget":
        return False
    if isinstance(post.beslut, EgetBeslut):
        return tuple(post.beslut.att_satser) != tuple(f.att_satser)
    return True


# --- justering and anslag calendar (rules.md 7) -------------------------------

APPEAL_DAYS = 21  # KL 13:5: three weeks from the day the anslag went up
POST_DAYS = 2  # KL 8:12: the anslag goes up no later than the second day after justering


def _weekday_between(year: int, month: int, first: int, last: int, weekday: int) -> dt.date:
    """The one date of that weekday (0 = Monday) from `first` to `last` of the month."""
    return next(dt.date(year, month, d) for d in range(first, last + 1) if dt.date(year, month, d).weekday() == weekday)


@cache
def _helgdagar(year: int) -> frozenset[dt.date]:
    """The allmänna helgdagar of lag (1989:253) 1 § (Sundays aside), and the eves lag (1930:173) 2 §
    counts like them (midsommarafton, julafton, nyårsafton).

    Written out here rather than taken from the `holidays` package, whose first
    use imports the calendars of ~280 countries (0.25 s of every build with a
    protokoll); tests/test_protokoll.py checks these against that package
    year by year.
    """
    from dateutil.easter import easter  # Gregorian Easter Sunday

    pask = easter(year)
    days = {dt.date(year, 1, 1), dt.date(year, 1, 6),  # nyårsdagen, trettondedag jul
            pask - dt.timedelta(days=2), pask, pask + dt.timedelta(days=1),  # långfredagen, påskdagen, annandag påsk
            dt.date(year, 5, 1),  # första maj
            pask + dt.timedelta(days=39), pask + dt.timedelta(days=49),  # Kristi himmelsfärds dag, pingstdagen
            _weekday_between(year, 6, 20, 26, 5),  # midsommardagen: the Saturday 20-26 June
            _weekday_between(year, 10, 31, 31, 5) if dt.date(year, 10, 31).weekday() == 5
            else _weekday_between(year, 11, 1, 6, 5),  # alla helgons dag: the Saturday 31 Oct-6 Nov
            dt.date(year, 12, 25), dt.date(year, 12, 26)}
    # Nationaldagen replaced annandag pingst in 2005 (SFS 2004:1320).
    days.add(dt.date(year, 6, 6) if year >= 2005 else pask + dt.timedelta(days=50))
    days |= {_weekday_between(year, 6, 19, 25, 4), dt.date(year, 12, 24), dt.date(year, 12, 31)}
    return frozenset(days)


def ar_helgdag(d: dt.date) -> bool:
    return d.weekday() >= 5 or d in _helgdagar(d.year)


def nasta_vardag(d: dt.date) -> dt.date:
    """d itself if it is a weekday that is not a holiday, else the next such day."""
    while ar_helgdag(d):
        d += dt.timedelta(days=1)
    return d


def senast_uppsatt(justerat: dt.date) -> dt.date:
    return nasta_vardag(justerat + dt.timedelta(days=POST_DAYS))


def sista_overklagandedag(uppsatt: dt.date) -> dt.date:
    return nasta_vardag(uppsatt + dt.timedelta(days=APPEAL_DAYS))


@dataclass(frozen=True, slots=True)
class AnslagDatum:
    justerat: dt.date
    uppsatt: dt.date
    nedtas: dt.date
    sista_overklagandedag: dt.date


def anslag_datum(justerat: dt.date, uppsatt: dt.date | None, nedtas: dt.date | None) -> AnslagDatum:
    """The record's dates where given; else up on the justering day, down the weekday after the appeal period."""
    up = uppsatt or justerat
    last = sista_overklagandedag(up)
    down = nedtas or nasta_vardag(last + dt.timedelta(days=1))
    return AnslagDatum(justerat, up, down, last)


def protokollets_anslag(m: Sammantrade) -> AnslagDatum | None:
    p = m.protokoll
    if p is None:
        return None
    return anslag_datum(p.data.justering.datum, p.data.anslag.uppsatt, p.data.anslag.nedtas)


def paragrafens_anslag(m: Sammantrade, par: Paragraf) -> AnslagDatum | None:
    """An omedelbart justerad § is justerad at the meeting and gets its own anslag."""
    if not par.post.omedelbar_justering:
        return None
    own = par.post.anslag
    return anslag_datum(m.data.datum, own.uppsatt if own else None, own.nedtas if own else None)
