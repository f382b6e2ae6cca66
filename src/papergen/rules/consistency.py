"""Names and consistency across documents: the body's name, agenda vs PM, signatures, attachments."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity
from papergen.model.core import Arende
from papergen.model.schema import EgetBeslut, ForslagTillBeslut, Organ
from papergen.rules.base import FUNCTION_WORDS, Meeting, Text, all_texts, finding, official_name, same_stem
from papergen.source.canonical import blocks_to_markdown
from papergen.source.markdown import Block


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
    ops = _opcodes(a, b)
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


# difflib compares every word of one text with every word of the other: beyond this many pairs (two texts
# of some 500 words each) only the part between their common beginning and end is compared, as a whole.
_DIFF_PAIRS = 250_000


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes from a to b; for two long texts, in time linear in their length."""
    if len(a) * len(b) <= _DIFF_PAIRS:
        return difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    ea, eb = len(a) - tail, len(b) - tail
    ops: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    if (ea - head) * (eb - head) <= _DIFF_PAIRS:
        ops += [(op, i1 + head, i2 + head, j1 + head, j2 + head) for op, i1, i2, j1, j2
                in difflib.SequenceMatcher(a=a[head:ea], b=b[head:eb], autojunk=False).get_opcodes()]
    else:
        ops.append(("replace", head, ea, head, eb))  # both middles hold words, or the product would be 0
    if tail:
        ops.append(("equal", ea, len(a), eb, len(b)))
    return ops


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
    listan = m.sammantrade.praxis.listan
    for a in m.arenden:
        pm = a.data.pm
        if pm is None:
            continue
        if pm.forslag_till_beslut and a.data.forslag_till_beslut:
            for loc, diff in _forslag_diffs(a.data.forslag_till_beslut, pm.forslag_till_beslut):
                yield finding(Severity.WARNING, "PG522",
                              f"förslaget till beslut skiljer sig mellan {listan} och PM:et i {diff}",
                              a.span("pm", "forslag_till_beslut", *loc))
        if a.sammanfattning_foredragningslista is not None:
            diff = word_diff(_text(a.sammanfattning_foredragningslista), _text(a.sammanfattning))
            yield finding(Severity.WARNING, "PG522",
                          f"sammanfattningen skiljer sig mellan {listan} och PM:et: {diff}",
                          a.span("sammanfattning_foredragningslista"))
        if pm.dnr and a.data.diarienummer and pm.dnr != a.data.diarienummer:
            yield finding(Severity.ERROR, "PG522",
                          f"PM:et har Dnr '{pm.dnr}' men {listan} '{a.data.diarienummer}'",
                          a.span("pm", "dnr"))
        if pm.rubrik != a.data.rubrik:
            yield finding(Severity.WARNING, "PG522",
                          f"rubriken skiljer sig mellan {listan} och PM:et: "
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
        for i, entry in enumerate(b.titel for b in a.data.beslutsunderlag):
            title = _BILAGA.sub("", entry).strip().rstrip(".")
            if title in seen:
                yield finding(Severity.WARNING, "PG524",
                              f"bilagan '{entry}' har samma titel som beslutsunderlag {seen[title] + 1} "
                              f"('{a.data.beslutsunderlag[seen[title]].titel}'); ge varje bilaga sin egen titel",
                              a.span("beslutsunderlag", i))
            else:
                seen[title] = i


# --- PG525: a beslutsunderlag entry names an attachment by another title than its own ---------------

_PM_ENTRY = re.compile(r"^FöredragningsPM\b[^,]*,\s*(?P<title>.+)$")
_DELEGATION_ENTRY = re.compile(r"^Delegationsbeslut\b\s*(?P<title>.*)$", re.IGNORECASE)
_YTTRANDE_ENTRY = re.compile(r"^(?:Remissvar|Remissyttrande|Svar på remiss|Yttrande)\b", re.IGNORECASE)
_REMISS_ENTRY = re.compile(r"^Remiss(?:en)?\b(?!svar|yttrande)", re.IGNORECASE)


def _title_words(text: str) -> list[str]:
    """The words that name a document, as written; a short reference may drop or change the function words."""
    return [w for w in re.findall(r"\w+", _BILAGA.sub("", text)) if w.lower() not in FUNCTION_WORDS]


def _same_word(word: str, title: list[str]) -> bool:
    """The word stands in the title: as is, inflected ('handlingsplanen'), mistyped, or as a compound of two words.

    A misspelling is PG551's to report; here only a word that names something else counts.
    """
    word, title = word.lower(), [t.lower() for t in title]
    if word.isdigit():  # a year or a number must stand as it is: 2020 is not 2021
        return word in title
    for t in title:
        if same_stem(word, t):
            return True
        if min(len(word), len(t)) >= 6:
            similar = difflib.SequenceMatcher(a=word, b=t)
            # The quick ratios are upper bounds of ratio(): most pairs are ruled out without computing it.
            if similar.real_quick_ratio() >= 0.85 and similar.quick_ratio() >= 0.85 and similar.ratio() >= 0.85:
                return True
    return _compound(word, set(title))


def _compound(word: str, title: set[str]) -> bool:
    """The word joins two different title words, maybe with a linking s ('handlingsplan' of 'handling', 'plan').

    Only the title words the word starts with are tried as its head, so the time grows with the word
    and the title, not with the square of the title's words."""
    for head in title:
        if head and word.startswith(head):
            rest = word[len(head):]
            for tail in (rest, rest[1:] if rest.startswith("s") else ""):
                if tail and tail != head and tail in title:
                    return True
    return False


def _referenced(a: Arende, entry: str) -> tuple[str, str, str] | None:
    """(the reference's title, what it names, that document's own title) for an entry that names a source."""
    if (pm := _PM_ENTRY.match(entry)) and a.data.pm:
        return pm.group("title"), "föredragnings-PM:et", a.data.pm.rubrik
    if (dec := _DELEGATION_ENTRY.match(entry)) and a.delegationsbeslut:
        title = dec.group("title")
        named = [d for d in a.delegationsbeslut if d.data.diarienummer in entry]
        # Without a dnr, the entry means the decision whose title it shares most words with.
        best = named[0] if named else max(a.delegationsbeslut, key=lambda d: sum(
            _same_word(w, _title_words(d.data.rubrik)) for w in _title_words(title)))
        return title, f"delegationsbeslut {best.data.diarienummer}", best.data.rubrik
    if _YTTRANDE_ENTRY.match(entry) and a.yttrande:
        return entry, "yttrandet", a.yttrande.data.rubrik
    if _REMISS_ENTRY.match(entry) and a.data.remiss and a.data.remiss.rubrik:
        return entry, "remissen", a.data.remiss.rubrik
    return None


def attachment_own_titles(m: Meeting) -> Iterator[Diagnostic]:
    """PG525: a beslutsunderlag entry that names a document papergen holds agrees with that document's title.

    An entry may shorten the title (drop words, inflect, join 'svar på remiss' into
    'remissvar'), but every word it keeps must stand in the title: 'plan' for a
    'program' points the reader to a document that does not exist.
    """
    for a in m.arenden:
        entries = [(b.titel, ("beslutsunderlag", i)) for i, b in enumerate(a.data.beslutsunderlag)]
        if a.data.pm:
            entries += [(b.titel, ("pm", "beslutsunderlag", i)) for i, b in enumerate(a.data.pm.beslutsunderlag)]
        for entry, loc in entries:
            found = _referenced(a, entry.strip().rstrip("."))
            if found is None:
                continue
            reference, what, own = found
            title = _title_words(own)
            missing = [w for w in dict.fromkeys(_title_words(reference)) if not _same_word(w, title)]
            if missing:
                words = ", ".join(f"'{w}'" for w in missing)
                yield finding(Severity.WARNING, "PG525",
                              f"beslutsunderlaget kallar {what} '{reference}', men dess rubrik är '{own}' "
                              f"({words} står inte i rubriken)", a.span(*loc))


# --- PG526: the body's own name in running text ------------------------------------------------

_DETERMINERS = ("den", "det", "de", "denna", "detta", "dessa")


def _name_texts(m: Meeting, a: Arende) -> list[tuple[Text, bool]]:
    """(text, is a decision) for every outgoing text of an ärende, the att-satser and villkor as decisions."""
    decisions: set[Text] = set()
    for prefix, f in ((("forslag_till_beslut",), a.data.forslag_till_beslut),
                      (("pm", "forslag_till_beslut"), a.data.pm.forslag_till_beslut if a.data.pm else None)):
        if f:
            decisions |= {Text.at(x, a.source, *prefix, "att_satser", i) for i, x in enumerate(f.att_satser)}
            decisions |= {Text.at(x, a.source, *prefix, "villkor", i) for i, x in enumerate(f.villkor)}
    texts = [Text.at(a.data.rubrik, a.source, "rubrik"), *all_texts(m, a, yttrande=True)]
    seen = set(texts)
    texts += [t for t in decisions if t not in seen]
    return [(t, t in decisions) for t in texts]


def _name_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None]:
    """Patterns for a name 'Regional tillväxtnämnd': any inflection of it, its last word split in two,
    and its adjective in the strong form after a determiner ('det regional …')."""
    words = name.split()
    last = words[-1]
    head = r"\s+".join(re.escape(w) + (r"(?:a|e)?" if i < len(words) - 1 else "") for i, w in enumerate(words[:-1]))
    head = head + r"\s+" if head else ""
    any_form = re.compile(rf"(?<!\w){head}{re.escape(last)}(?:en|ens|s|ets|et)?(?!\w)", re.IGNORECASE)
    splits = [re.escape(last[:i]) + r"\s+" + re.escape(last[i:]) for i in range(4, len(last) - 3)]
    split = re.compile(rf"(?<!\w){head}(?:{'|'.join(splits)})\w*", re.IGNORECASE) if splits else None
    strong = None
    if len(words) > 1:
        adjective = re.escape(words[0])
        strong = re.compile(rf"(?<!\w)(?:{'|'.join(_DETERMINERS)})\s+{adjective}(?![\wåäö])\s+(\w+)", re.IGNORECASE)
    return any_form, split, strong


def body_name_in_text(m: Meeting) -> Iterator[Diagnostic]:
    """PG526: the body's name in running text, att-satser and villkor: split in two words or with its adjective
    in the wrong form after 'den/det' (warnings); another form of the name (info in running text, a warning
    in a decision, where the body is named as what it is)."""
    organ, when = m.sammantrade.organ, m.sammantrade.data.datum
    name = official_name(organ, when)
    any_form, split, strong = _name_patterns(name)
    adjective = name.split()[0].lower()
    texts = [pair for a in m.arenden for pair in _name_texts(m, a)]
    protokoll = m.sammantrade.protokoll
    if protokoll is not None:  # the decisions as recorded: the protokoll's own att-satser
        for i, p in enumerate(protokoll.data.paragrafer):
            if isinstance(p.beslut, EgetBeslut):
                texts += [(Text.at(x, protokoll.source, "paragrafer", i, "beslut", "att_satser", j), True)
                          for j, x in enumerate(p.beslut.att_satser)]
    for t, decision in texts:
        if split:
            for hit in split.finditer(t.text):
                yield finding(Severity.WARNING, "PG526",
                              f"organets namn står i två ord: '{hit.group(0)}'; skriv '{name}'", t.span)
        if strong:
            for hit in strong.finditer(t.text):
                yield finding(Severity.WARNING, "PG526",
                              f"'{hit.group(0)}': efter '{hit.group(0).split()[0]}' ska adjektivet ha formen "
                              f"'{adjective}a', som i '{hit.group(0).split()[0]} {adjective}a "
                              f"{hit.group(1)}'", t.span)
        said: set[str] = set()
        for hit in any_form.finditer(t.text):
            plain = re.sub(r"\s+", " ", hit.group(0))
            if plain.lower() in (name.lower(), name.lower() + "s") or plain in said:
                continue  # the name, in lower case in running text, or its genitive; each form once a text
            said.add(plain)
            severity = Severity.WARNING if decision else Severity.INFO
            where = "i beslutstexten" if decision else "i texten"
            yield finding(severity, "PG526",
                          f"organet kallas '{plain}' {where}; dess namn är '{name}'", t.span)
