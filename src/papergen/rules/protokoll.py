"""Kommunallagen on the meeting record (rules.md 1.2-1.4): PG601-PG615.

Each rule reads the record through papergen.model.protokoll and names the §, the
person and the rule it breaks. Nothing here runs when a meeting has no
protokoll.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.model.core import Protokoll, Sammantrade
from papergen.model.format import datum_iso, genitiv
from papergen.model.protokoll import (
    AVSLAG,
    FORSLAGET,
    AnslagDatum,
    Deltagare,
    Paragraf,
    alternativ,
    galler,
    ledamot_poster,
    ordforande,
    paragrafens_anslag,
    paragrafer,
    protokollets_anslag,
    senast_uppsatt,
    utfall,
)
from papergen.model.protokoll import beslutande as _beslutande
from papergen.model.protokoll import tjanstgorande as _tjanstgorande
from papergen.rules.base import Meeting, finding, remembered
from papergen.rules.justering import justering_fel, justering_senast

# Who serves in a §: several rules ask, and each answer builds the record's attendance anew,
# so it is worked out once per meeting and kept with the meeting's rule context (m.found).


def beslutande(m: Meeting, p: Protokoll, par: Paragraf) -> list[Deltagare]:
    """papergen.model.protokoll.beslutande, worked out once per § while the rules of a meeting run."""
    # The index says which post of the record, and so which ärende and which jäv.
    return list(remembered(m.found, ("beslutande", id(p), par.index), p, lambda: _beslutande(p, par)))


def tjanstgorande(m: Meeting, p: Protokoll, nummer: int) -> list[Deltagare]:
    """papergen.model.protokoll.tjanstgorande, worked out once per ärende while the rules of a meeting run."""
    return list(remembered(m.found, ("tjanstgorande", id(p), nummer), p, lambda: _tjanstgorande(p, nummer)))


def _record(m: Meeting) -> tuple[Sammantrade, Protokoll] | None:
    p = m.sammantrade.protokoll
    return (m.sammantrade, p) if p is not None else None


def _each_paragraf(m: Meeting) -> Iterator[tuple[Sammantrade, Protokoll, Paragraf]]:
    """Every § of the record, for the rules that judge one § at a time."""
    if (r := _record(m)) is None:
        return
    s, p = r
    yield from ((s, p, par) for par in paragrafer(s))


def _where(par: Paragraf) -> str:
    return f"§ {par.nummer} (ärende {par.arende.data.nummer})"


def _span(p: Protokoll, par: Paragraf, *loc: str | int) -> Span:
    return p.span("paragrafer", par.index, *loc)


def _alt(value: str) -> str:
    return "förslaget" if value == FORSLAGET else f"{genitiv(value)} yrkande"


def missing_paragraf(m: Meeting) -> Iterator[Diagnostic]:
    """PG601: every ärende on the agenda gets a § with a beslut (KL 5:67)."""
    if (r := _record(m)) is None:
        return
    s, p = r
    recorded = {post.arende for post in p.data.paragrafer}
    for a in s.arenden:
        if a.data.paragraf and a.data.nummer not in recorded:
            yield finding(Severity.ERROR, "PG601",
                          f"ärende {a.data.nummer} '{a.data.rubrik}' har ingen paragraf i protokollet; "
                          f"varje ärende på {s.praxis.listan} ska ha ett beslut (KL 5 kap. 67 §); "
                          "en punkt utan beslut (Upprop) har 'paragraf: false'",
                          p.span("paragrafer"))


def propositionsordning(m: Meeting) -> Iterator[Diagnostic]:
    """PG602: more than one proposal needs the order they were put in; a vote needs it too."""
    for _, p, par in _each_paragraf(m):
        post = par.post
        alts = alternativ(post, par.arende)
        put = {v for prop in post.propositionsordning for v in prop.mellan}
        if not post.propositionsordning and (len(alts) > 1 or post.omrostning):
            why = "en omröstning" if post.omrostning and len(alts) <= 1 else \
                f"{len(alts)} förslag (" + ", ".join(_alt(a) for a in alts) + ")"
            yield finding(Severity.ERROR, "PG602",
                          f"{_where(par)}: det finns {why} men ingen propositionsordning "
                          "(KL 5 kap. 67 §)", _span(p, par))
            continue
        if post.propositionsordning:
            for name in alts:
                if name != FORSLAGET and name not in put:
                    yield finding(Severity.ERROR, "PG602",
                                  f"{_where(par)}: {_alt(name)} ställs aldrig under proposition; "
                                  "ett yrkande som inte dras tillbaka ska finnas i propositionsordningen "
                                  "(KL 5 kap. 67 §)", _span(p, par, "propositionsordning"))


def omrostning_roster(m: Meeting) -> Iterator[Diagnostic]:
    """PG603: the votes are those of the members serving in the §, each once (KL 4:24, 5:67)."""
    for _, p, par in _each_paragraf(m):
        o = par.post.omrostning
        if o is None:
            continue
        voters = [*o.roster.ja, *o.roster.nej, *o.roster.avstar]
        serving = [d.namn for d in beslutande(m, p, par)]
        loc = ("omrostning", "roster")
        for name, n in sorted(Counter(voters).items()):
            if n > 1:
                yield finding(Severity.ERROR, "PG603", f"{_where(par)}: {name} röstar {n} gånger; "
                                                       "en röst per ledamot (KL 4 kap. 24 §)",
                              _span(p, par, *loc))
        for name in voters:
            if name not in serving and name not in par.post.jav:
                yield finding(Severity.ERROR, "PG603",
                              f"{_where(par)}: {name} röstar men tjänstgör inte i paragrafen; "
                              f"tjänstgörande är {len(serving)} ledamöter och ersättare",
                              _span(p, par, *loc))
        missing = [name for name in serving if name not in voters]
        if missing:
            yield finding(Severity.ERROR, "PG603",
                          f"{_where(par)}: omröstningen räknar {len(voters)} röster men {len(serving)} tjänstgör; "
                          f"röst saknas för " + ", ".join(missing) + " (ja, nej eller avstår; KL 5 kap. 67 §)",
                          _span(p, par, *loc))


def beslutfor(m: Meeting) -> Iterator[Diagnostic]:
    """PG604: more than half of the seats take part in each decision, jäv counted (KL 6:27)."""
    for s, p, par in _each_paragraf(m):
        seats = len(s.organ.ledamoter)
        taking_part = beslutande(m, p, par)
        if len(taking_part) * 2 <= seats:
            jav = f", {len(par.post.jav)} med jäv" if par.post.jav else ""
            yield finding(Severity.ERROR, "PG604",
                          f"{_where(par)}: {s.organ.namn} är inte beslutför: {len(taking_part)} av {seats} "
                          f"ledamöter deltar{jav}; mer än hälften krävs (KL 6 kap. 27 §)",
                          _span(p, par, "arende"))


def _listed_twice(s: Sammantrade, p: Protokoll) -> Iterator[Diagnostic]:
    """A ledamot listed twice in the närvaro, and an ersättare serving for two ledamöter (or twice) in one §."""
    first: dict[str, int] = {}
    for i, x in enumerate(p.data.narvaro.ledamoter):
        name, loc = (x, ("narvaro", "ledamoter", i)) if isinstance(x, str) else \
            (x.namn, ("narvaro", "ledamoter", i, "namn"))
        if name in first:
            yield finding(Severity.ERROR, "PG605",
                          f"ledamoten {name} står två gånger i närvaron (även på rad "
                          f"{p.span('narvaro', 'ledamoter', first[name]).line}); en ledamot har en plats: skriv en "
                          "post, med 'arenden' för de ärenden ledamoten var med i (KL 4 kap. 22 §)", p.span(*loc))
        else:
            first[name] = i
    entries = p.data.narvaro.tjanstgorande_ersattare
    numbers = [(par.nummer, par.arende.data.nummer) for par in paragrafer(s)]
    by_name: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        by_name.setdefault(e.namn, []).append(i)
        for j in by_name[e.namn][:-1]:
            earlier = entries[j]
            both = [n for n, arende in numbers if galler(e.arenden, arende) and galler(earlier.arenden, arende)]
            if not both:
                continue  # for one ledamot in some §§ and for another in others: allowed
            where = s.praxis.paragrafer(both, s.data.datum)
            line = p.span("narvaro", "tjanstgorande_ersattare", j, "namn").line
            if earlier.for_ == e.for_:
                message = (f"ersättaren {e.namn} står två gånger som tjänstgörande för {e.for_} i {where} "
                           f"(även på rad {line}); skriv en post")
            else:
                message = (f"{where}: ersättaren {e.namn} tjänstgör för både {earlier.for_} (rad {line}) och "
                           f"{e.for_}; en ersättare tjänstgör för en ledamot i taget (KL 4 kap. 22 §)")
            yield finding(Severity.ERROR, "PG605", message, p.span("narvaro", "tjanstgorande_ersattare", i, "namn"))
            break  # one finding per entry, against the first it clashes with


def serving_seats(m: Meeting) -> Iterator[Diagnostic]:
    """PG605: no more serving than seats; nobody twice; an ersättare only for an absent ledamot (KL 4:22)."""
    if (r := _record(m)) is None:
        return
    s, p = r
    yield from _listed_twice(s, p)
    seats = len(s.organ.ledamoter)
    present = {x.namn for x in ledamot_poster(p)}
    for par in paragrafer(s):
        # A ledamot with jäv leaves the seat, so an ersättare may take it for that §.
        serving = beslutande(m, p, par)
        here = {d.namn for d in serving if d.ersatter is None}
        if len(serving) > seats:
            yield finding(Severity.ERROR, "PG605",
                          f"{_where(par)}: {len(serving)} tjänstgör men {s.organ.namn} har {seats} platser "
                          "(KL 4 kap. 22 §)", _span(p, par, "arende"))
        replaced: dict[str, str] = {}
        for d in serving:
            if d.ersatter is None:
                continue
            if d.namn in present and d.namn in here:
                yield finding(Severity.ERROR, "PG605",
                              f"{_where(par)}: {d.namn} tjänstgör både som ledamot och som ersättare",
                              _span(p, par, "arende"))
            if d.ersatter in here:
                yield finding(Severity.ERROR, "PG605",
                              f"{_where(par)}: {d.namn} tjänstgör för {d.ersatter}, som själv är närvarande "
                              "och tjänstgör; en ersättare träder bara in för en frånvarande eller jävig "
                              "ledamot (KL 4 kap. 22 §)", _span(p, par, "arende"))
            if d.ersatter in replaced:
                yield finding(Severity.ERROR, "PG605",
                              f"{_where(par)}: både {replaced[d.ersatter]} och {d.namn} tjänstgör för "
                              f"{d.ersatter}", _span(p, par, "arende"))
            replaced[d.ersatter] = d.namn


def justerare(m: Meeting) -> Iterator[Diagnostic]:
    """PG606: the justerare and the ordförande are members present at the meeting (rules.md R1.23)."""
    if (r := _record(m)) is None:
        return
    s, p = r
    present = {x.namn for x in ledamot_poster(p)} | {e.namn for e in p.data.narvaro.tjanstgorande_ersattare} \
        | set(p.data.narvaro.ersattare)
    loc = ("justering", "justerare") if p.data.justering.justerare else ("justering",)
    for name in p.justerare:
        if name not in present:
            yield finding(Severity.ERROR, "PG606",
                          f"justeraren {name} finns inte bland de närvarande ledamöterna och ersättarna; "
                          "protokollet justeras av någon som var med", p.span(*loc))
    ordf = ordforande(p, s.organ)
    if ordf is None:
        yield finding(Severity.ERROR, "PG606", f"{s.organ.namn} har ingen ordförande i organisationsfilen och "
                                               "protokollet anger ingen; ange 'ordforande' (KL 5 kap. 65 §)",
                      p.span("narvaro"))
    elif ordf not in present:
        yield finding(Severity.ERROR, "PG606",
                      f"ordföranden {ordf} finns inte bland de närvarande; ange vem som var ordförande "
                      "med 'ordforande'", p.span("ordforande") if p.data.ordforande else p.span("narvaro"))


def justering_inom_14_dagar(m: Meeting) -> Iterator[Diagnostic]:
    """PG607: the protokoll is justerat within 14 days of the meeting, and not before it (KL 5:69)."""
    if (r := _record(m)) is None:
        return
    s, p = r
    day, meeting = p.data.justering.datum, s.data.datum
    problem = justering_fel(day, meeting)
    if problem == "sent":
        yield finding(Severity.ERROR, "PG607",
                      f"protokollet justeras {datum_iso(day)}, {(day - meeting).days} dagar efter sammanträdet "
                      f"{datum_iso(meeting)}; senast {datum_iso(justering_senast(meeting))} "
                      "(KL 5 kap. 69 §)", p.span("justering", "datum"))
    elif problem == "fore":
        yield finding(Severity.ERROR, "PG607",
                      f"protokollet justeras {datum_iso(day)}, före sammanträdet {datum_iso(meeting)}",
                      p.span("justering", "datum"))


def _anslag_problems(dates: AnslagDatum, what: str, p: Protokoll, up: tuple[str | int, ...],
                     down: tuple[str | int, ...]) -> Iterator[Diagnostic]:
    """Problems of one anslag; `up` and `down` are where its dates stand in the record."""
    latest = senast_uppsatt(dates.justerat)
    if dates.uppsatt < dates.justerat:
        yield finding(Severity.ERROR, "PG608",
                      f"{what}: anslaget sätts upp {datum_iso(dates.uppsatt)}, före justeringen "
                      f"{datum_iso(dates.justerat)}", p.span(*up))
    elif dates.uppsatt > latest:
        yield finding(Severity.ERROR, "PG608",
                      f"{what}: anslaget sätts upp {datum_iso(dates.uppsatt)} men ska upp senast andra dagen "
                      f"efter justeringen {datum_iso(dates.justerat)}, dvs. {datum_iso(latest)} "
                      "(KL 8 kap. 12 §)", p.span(*up))
    if dates.nedtas <= dates.sista_overklagandedag:
        yield finding(Severity.ERROR, "PG608",
                      f"{what}: anslaget tas ned {datum_iso(dates.nedtas)} men överklagandetiden löper till "
                      f"{datum_iso(dates.sista_overklagandedag)}; det ska sitta uppe tills den gått ut "
                      "(KL 8 kap. 12 §, 13 kap. 5 §)", p.span(*down))


def anslag(m: Meeting) -> Iterator[Diagnostic]:
    """PG608: up by the second day after justering, down only after the three weeks of appeal."""
    if (r := _record(m)) is None:
        return
    s, p = r
    dates = protokollets_anslag(s)
    if dates is not None:
        yield from _anslag_problems(dates, "protokollet", p, ("anslag", "uppsatt"), ("anslag", "nedtas"))
    for par in paragrafer(s):
        own = paragrafens_anslag(s, par)
        if own is not None:
            yield from _anslag_problems(own, f"{_where(par)}, omedelbart justerad", p,
                                        ("paragrafer", par.index, "anslag", "uppsatt"),
                                        ("paragrafer", par.index, "anslag", "nedtas"))


_OJ = re.compile(r"omedelbart justerad", re.IGNORECASE)


def omedelbar_justering(m: Meeting) -> Iterator[Diagnostic]:
    """PG609: a deadline before the ordinary justering, or a förslag that asks for it, needs omedelbar justering."""
    for _, p, par in _each_paragraf(m):
        justerat = p.data.justering.datum
        if par.post.omedelbar_justering:
            continue
        a = par.arende
        deadlines = [(f.datum, f.avser) for f in a.data.frister]
        if a.data.remiss and a.data.remiss.svar_senast:
            deadlines.append((a.data.remiss.svar_senast, "svaret på remissen"))
        for datum, avser in sorted(deadlines):
            if datum < justerat:
                yield finding(Severity.ERROR, "PG609",
                              f"{_where(par)}: fristen för {avser} är {datum_iso(datum)}, före justeringen "
                              f"{datum_iso(justerat)}; förklara paragrafen omedelbart justerad "
                              "(omedelbar_justering: true)", _span(p, par, "arende"))
                break
        else:
            forslag = a.data.forslag_till_beslut
            if forslag and par.post.beslut == "enligt_forslaget" and any(_OJ.search(t) for t in forslag.att_satser):
                yield finding(Severity.ERROR, "PG609",
                              f"{_where(par)}: förslaget till beslut säger att paragrafen förklaras omedelbart "
                              "justerad, men protokollet justerar den inte omedelbart "
                              "(omedelbar_justering: true)", _span(p, par, "beslut"))


def reservationer(m: Meeting) -> Iterator[Diagnostic]:
    """PG610: only someone who took part and was against the beslut can reserve (KL 4:27)."""
    for s, p, par in _each_paragraf(m):
        ordf = ordforande(p, s.organ)
        post = par.post
        taking_part = {d.namn for d in beslutande(m, p, par)}
        won = utfall(post.omrostning, ordf).vinnare if post.omrostning else None
        adopted = {prop.antaget for prop in post.propositionsordning}
        for i, res in enumerate(post.reservationer):
            loc = ("reservationer", i, "namn")
            if res.namn not in taking_part:
                yield finding(Severity.ERROR, "PG610",
                              f"{_where(par)}: {res.namn} reserverar sig men deltar inte i beslutet; "
                              "bara den som deltagit kan reservera sig (KL 4 kap. 27 §)", _span(p, par, *loc))
                continue
            if post.omrostning:
                o = post.omrostning
                side = o.ja if res.namn in o.roster.ja else o.nej if res.namn in o.roster.nej else None
                if side is None or side == won:
                    how = "avstod" if side is None else f"röstade för {_alt(side)}, som vann"
                    yield finding(Severity.ERROR, "PG610",
                                  f"{_where(par)}: {res.namn} reserverar sig men {how}; en reservation förutsätter "
                                  "en röst mot beslutet (KL 4 kap. 27 §)", _span(p, par, *loc))
                continue
            # Without a vote, being against shows as a yrkande for something that was not adopted.
            backed = {y.bifall or y.namn for y in post.yrkanden if y.namn == res.namn}
            if not backed or backed <= adopted:
                yield finding(Severity.ERROR, "PG610",
                              f"{_where(par)}: {res.namn} reserverar sig men har inget yrkande mot beslutet "
                              "och ingen omröstning visar en röst emot (KL 4 kap. 27 §)", _span(p, par, *loc))


def jav(m: Meeting) -> Iterator[Diagnostic]:
    """PG611: someone with jäv takes no part: no yrkande, no vote, no reservation (KL 6:28)."""
    for _, p, par in _each_paragraf(m):
        post = par.post
        for name in post.jav:
            acts = []
            if any(y.namn == name for y in post.yrkanden):
                acts.append("yrkar")
            if post.omrostning and name in (*post.omrostning.roster.ja, *post.omrostning.roster.nej,
                                            *post.omrostning.roster.avstar):
                acts.append("röstar")
            if any(x.namn == name for x in post.reservationer):
                acts.append("reserverar sig")
            if acts:
                yield finding(Severity.ERROR, "PG611",
                              f"{_where(par)}: {name} har anmält jäv men " + " och ".join(acts)
                              + "; den som är jävig deltar inte i handläggningen (KL 6 kap. 28 §)",
                              _span(p, par, "jav"))


def beslut_och_utfall(m: Meeting) -> Iterator[Diagnostic]:
    """PG612: the beslut is what the propositionsordning and the vote arrived at; a tie is settled."""
    for s, p, par in _each_paragraf(m):
        ordf = ordforande(p, s.organ)
        post = par.post
        if post.omrostning:
            u = utfall(post.omrostning, ordf)
            if u.vinnare is None:
                yield finding(Severity.ERROR, "PG612",
                              f"{_where(par)}: omröstningen slutar {u.ja}-{u.nej} och ordföranden {ordf} har "
                              "ingen ja- eller nejröst som kan fälla avgörandet (KL 4 kap. 24 §)",
                              _span(p, par, "omrostning"))
                continue
            lead = post.propositionsordning[-1].antaget if post.propositionsordning else None
            if lead is not None and lead != AVSLAG and lead in (post.omrostning.ja, post.omrostning.nej) \
                    and lead != u.vinnare:
                yield finding(Severity.ERROR, "PG612",
                              f"{_where(par)}: ordföranden finner {_alt(lead)} antaget, men omröstningen "
                              f"({u.ja} ja, {u.nej} nej) vinns av {_alt(u.vinnare)}",
                              _span(p, par, "propositionsordning"))
        won = {prop.antaget for prop in post.propositionsordning} - {AVSLAG}
        if post.omrostning:
            won.add(utfall(post.omrostning, ordf).vinnare or "")
        yrkande_won = sorted(w for w in won if w and w != FORSLAGET)
        if yrkande_won and post.beslut == "enligt_forslaget":
            yield finding(Severity.ERROR, "PG612",
                          f"{_where(par)}: {_alt(yrkande_won[0])} antogs, men beslutet är 'enligt_forslaget'; "
                          "skriv beslutets att-satser som de blev", _span(p, par, "beslut"))
        elif won == {FORSLAGET} and post.beslut in ("aterremiss", "bordlaggning", "informationen_noteras"):
            yield finding(Severity.ERROR, "PG612",
                          f"{_where(par)}: förslaget antogs, men beslutet är '{post.beslut}'",
                          _span(p, par, "beslut"))


def aterremiss_motivering(m: Meeting) -> Iterator[Diagnostic]:
    """PG613: an återremiss or bordläggning says why (KL 5:51; rules.md R1.13)."""
    for _, p, par in _each_paragraf(m):
        if par.post.beslut in ("aterremiss", "bordlaggning") and not par.post.motivering:
            what = "återremitteras" if par.post.beslut == "aterremiss" else "bordläggs"
            yield finding(Severity.WARNING, "PG613",
                          f"{_where(par)}: ärendet {what} utan motivering; skriv varför i 'motivering'",
                          _span(p, par, "beslut"))


def yrkande_av_tjanstgorande(m: Meeting) -> Iterator[Diagnostic]:
    """PG614: only a member serving in the § makes a yrkande (KL 4:22, 5:67)."""
    for _, p, par in _each_paragraf(m):
        serving = {d.namn for d in tjanstgorande(m, p, par.arende.data.nummer)}
        for i, y in enumerate(par.post.yrkanden):
            if y.namn not in serving:
                yield finding(Severity.ERROR, "PG614",
                              f"{_where(par)}: {y.namn} yrkar men tjänstgör inte i paragrafen; "
                              "bara tjänstgörande ledamöter och ersättare lägger yrkanden",
                              _span(p, par, "yrkanden", i, "namn"))


def paragrafnummer(m: Meeting) -> Iterator[Diagnostic]:
    """PG615: the § numbers run on through the year from the previous meeting's protokoll."""
    if (r := _record(m)) is None:
        return
    _, p = r
    expected = p.vantad_forsta_paragraf
    if p.data.forsta_paragraf is not None and expected is not None and p.data.forsta_paragraf != expected:
        yield finding(Severity.WARNING, "PG615",
                      f"första paragrafen är § {p.data.forsta_paragraf}, men föregående sammanträdes protokoll "
                      f"slutar på § {expected - 1}; väntade § {expected} (eller ta bort 'forsta_paragraf')",
                      p.span("forsta_paragraf"))
