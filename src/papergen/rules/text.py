"""Text: Swedish spelling of the most visible texts, stray replacement characters, e-mail addresses.

Spelling uses the real Swedish Hunspell dictionary (Debian's hunspell-sv)
through the hunspell command, plus the organisation's own word list
(content/ordlista.txt, one word a line) and every name in the organisation
file. Without hunspell the rule says so once instead of staying silent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.rules.base import Meeting, Text, all_texts, arende_texts, finding

WORDLIST = "content/ordlista.txt"
_WORD = re.compile(r"[^\W\d_]+(?:[-'´][^\W\d_]+)*")


def _words(text: str) -> Iterator[str]:
    """Words to spell: letters only; a token with digits (19RS9026, 1:1-anslaget) is a code, not a word."""
    for token in text.split():
        if not any(c.isdigit() for c in token):
            yield from _WORD.findall(token)


def _spelled_texts(m: Meeting) -> Iterator[Text]:
    """Titles, att-satser, villkor and beslutsunderlag: what every reader sees first."""
    for a in m.arenden:
        d = a.data
        fields: list[tuple[str, tuple[str | int, ...]]] = [(d.rubrik, ("rubrik",))]
        fields += [(b.titel, ("beslutsunderlag", i)) for i, b in enumerate(d.beslutsunderlag)]
        for prefix, f in ((("forslag_till_beslut",), d.forslag_till_beslut),
                          (("pm", "forslag_till_beslut"), d.pm.forslag_till_beslut if d.pm else None)):
            if f:
                fields += [(x, (*prefix, "att_satser", i)) for i, x in enumerate(f.att_satser)]
                fields += [(x, (*prefix, "villkor", i)) for i, x in enumerate(f.villkor)]
        if d.pm:
            fields.append((d.pm.rubrik, ("pm", "rubrik")))
            fields += [(b.titel, ("pm", "beslutsunderlag", i)) for i, b in enumerate(d.pm.beslutsunderlag)]
        for text, loc in fields:
            yield Text(text, a.span(*loc))


def _known_words(m: Meeting) -> set[str]:
    words: set[str] = set()
    path = m.project.root / WORDLIST
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line)
    org = m.project.organisation
    names = [org.namn]
    for organ in org.organ:
        names += [organ.namn, *(p.namn for p in (*organ.ledamoter, *organ.ersattare, *organ.signatarer))]
        if organ.sekreterare:
            names.append(organ.sekreterare.namn)
    for name in names:
        words.update(_WORD.findall(name))
    return words


# Verdicts already given in this process (None: a Swedish word): `check` of many meetings
# starts hunspell (~0.15 s of dictionary loading) only for words it has not judged yet.
_JUDGED: dict[str, list[str] | None] = {}
_JUDGED_LIMIT = 100_000


def _hunspell(words: list[str]) -> dict[str, list[str]]:
    """Unknown words and hunspell's suggestions for them (remembered per process)."""
    new = [w for w in words if w not in _JUDGED]
    if new:
        if len(_JUDGED) > _JUDGED_LIMIT:
            _JUDGED.clear()
        found = _run_hunspell(new)
        _JUDGED.update({w: found.get(w) for w in new})
    return {w: s for w in words if (s := _JUDGED.get(w)) is not None}


class _Pipe:
    """One `hunspell -a` per process, asked word by word: loading the Swedish dictionary costs
    ~0.15 s, which a check of a year of meetings otherwise paid once per meeting (issue 8)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.pid = 0

    def ask(self, words: list[str]) -> dict[str, list[str]]:
        if self.proc is None or self.pid != os.getpid() or self.proc.poll() is not None:
            # A forked worker must not share its parent's pipes: it starts its own.
            self.proc = subprocess.Popen(["hunspell", "-d", "sv_SE", "-a"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
            self.pid = os.getpid()
            assert self.proc.stdout is not None
            self.proc.stdout.readline()  # the version banner
        assert self.proc.stdin is not None and self.proc.stdout is not None
        lines: list[str] = []
        for word in words:
            self.proc.stdin.write("^" + word + "\n")  # '^': a line to check, never a pipe command
            self.proc.stdin.flush()
            while (line := self.proc.stdout.readline()) not in ("\n", ""):
                lines.append(line.rstrip("\n"))
        return _parse(lines)


_PIPE = _Pipe()


def _run_hunspell(words: list[str]) -> dict[str, list[str]]:
    try:
        return _PIPE.ask(words)
    except (OSError, AssertionError):
        _PIPE.proc = None
    result = subprocess.run(["hunspell", "-d", "sv_SE", "-a"], input="\n".join(words) + "\n",
                            capture_output=True, text=True, check=True)
    return _parse(result.stdout.splitlines())


def _parse(lines: list[str]) -> dict[str, list[str]]:
    """hunspell -a answers: '& word n offset: suggestions' or '# word offset' for an unknown word."""
    unknown: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("& "):
            head, _, suggestions = line.partition(": ")
            unknown[head.split()[1]] = [s.strip() for s in suggestions.split(",")][:3]
        elif line.startswith("# "):
            unknown[line.split()[1]] = []
    return unknown


def spelling(m: Meeting) -> Iterator[Diagnostic]:
    """PG551: a word that is neither Swedish (hunspell sv_SE) nor in the organisation's word list."""
    texts = list(_spelled_texts(m))
    if not texts:
        return
    if shutil.which("hunspell") is None:
        yield finding(Severity.WARNING, "PG550",
                      "stavningen kontrollerades inte: hunspell med svensk ordlista saknas "
                      "(apt-get install hunspell hunspell-sv)", Span(m.sammantrade.source.path, 1, 1))
        return
    known = _known_words(m)
    candidates = sorted({w for t in texts for w in _words(t.text) if w not in known})
    unknown = _hunspell(candidates) if candidates else {}
    for t in texts:
        for word in dict.fromkeys(_words(t.text)):
            if word in unknown:
                hint = f"; menade du {' eller '.join(repr(s) for s in unknown[word])}?" if unknown[word] else ""
                yield finding(Severity.WARNING, "PG551",
                              f"'{word}' finns varken i den svenska ordlistan eller i {WORDLIST}{hint}", t.span)


_REPLACEMENT = re.compile("[\ufffd¤]")


def replacement_characters(m: Meeting) -> Iterator[Diagnostic]:
    """PG552: '¤' or U+FFFD, the marks of a character lost in a copy or conversion."""
    for a in m.arenden:
        for t in arende_texts(a):
            for match in _REPLACEMENT.finditer(t.text):
                context = t.text[max(0, match.start() - 15):match.end() + 15]
                yield finding(Severity.ERROR, "PG552",
                              f"tecknet '{match.group(0)}' står där ett tecken har gått förlorat: '…{context}…'",
                              t.span)


# --- PG553: one sender, two e-mail addresses ---------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


@dataclass(frozen=True, slots=True)
class _Address:
    address: str  # as written
    sender: str | None  # the person it belongs to, when the sources say so
    span: Span
    registered: bool = False  # from the organisation file, the reference for its people

    @property
    def key(self) -> str:
        return self.address.lower()


def _people(m: Meeting) -> set[str]:
    """Everyone the sources name as a person: members, officials, signatories, handläggare."""
    names: set[str] = set()
    for organ in m.project.organisation.organ:
        names |= {p.namn for p in (*organ.ledamoter, *organ.ersattare, *organ.signatarer)}
        if organ.sekreterare:
            names.add(organ.sekreterare.namn)
    for a in m.arenden:
        names |= set(a.data.foredragande)
        if a.data.pm:
            names |= {n for n in (a.data.pm.handlaggare, a.data.pm.underskrift and a.data.pm.underskrift.namn) if n}
        if a.data.remiss and a.data.remiss.handlaggare:
            names.add(a.data.remiss.handlaggare)
        if a.yttrande:
            names.add(a.yttrande.data.underskrift.namn)
        for d in a.delegationsbeslut:
            names |= {u.namn for u in d.data.underskrifter} | ({d.data.handlaggare} if d.data.handlaggare else set())
    return names


def _sender(text: str, start: int, people: set[str]) -> str | None:
    """The person named just before an address ("June Fors, e-post: june.fors@…").

    Only a name in the same clause counts: in "till June Fors eller till kansliet@…" the
    address is not hers. An organisation may use several addresses; a person one.
    """
    before = text[max(0, start - 50):start]
    before = before[max(before.rfind(cut) for cut in (" eller ", " och ", ";", "@")) + 1:]
    named = [(before.rfind(p), p) for p in people if p in before]
    return max(named)[1] if named else None


def _addresses(m: Meeting) -> Iterator[_Address]:
    org, smap = m.project.organisation, m.project.source
    if org.epost:
        yield _Address(org.epost, None, smap.value_span(("epost",)), registered=True)
    for i, organ in enumerate(org.organ):
        if organ.sekreterare and organ.sekreterare.epost:
            yield _Address(organ.sekreterare.epost, organ.sekreterare.namn,
                           smap.value_span(("organ", i, "sekreterare", "epost")), registered=True)
    people = _people(m)
    texts = [Text(n, m.sammantrade.source.value_span(("noter", i))) for i, n in enumerate(m.sammantrade.data.noter)]
    for a in m.arenden:
        texts += all_texts(a, yttrande=True)
        if a.data.pm:
            texts += [Text(s, a.span("pm", "skickas_till", i)) for i, s in enumerate(a.data.pm.skickas_till)]
        if a.data.remiss:
            texts += [Text(s, a.span("remiss", "svar_till", i)) for i, s in enumerate(a.data.remiss.svar_till)]
    for t in texts:
        for match in _EMAIL.finditer(t.text):
            yield _Address(match.group(0).rstrip("."), _sender(t.text, match.start(), people), t.span)


def _edits(x: str, y: str) -> int:
    """Levenshtein distance: letters to insert, delete or change to turn x into y."""
    row = list(range(len(y) + 1))
    for i, cx in enumerate(x, start=1):
        prev, row[0] = row[0], i
        for j, cy in enumerate(y, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (cx != cy))
    return row[-1]


def _near_miss(x: str, y: str) -> bool:
    """One address mistyped from the other: the same name at a domain a letter or two off, or the reverse.

    Short names (info@, kansli@) at one domain are different mailboxes, not typos.
    """
    (lx, dx), (ly, dy) = x.split("@", 1), y.split("@", 1)
    if lx == ly:
        return _edits(dx, dy) <= 2
    return dx == dy and min(len(lx), len(ly)) >= 8 and _edits(lx, ly) <= 2


def email_addresses(m: Meeting) -> Iterator[Diagnostic]:
    """PG553: a sender written with two e-mail addresses, or an address a letter off another one.

    The organisation file's address stands for its people; otherwise the address
    written most often, and on a tie the one written first. Every other spelling is
    reported where it stands, quoting the one it differs from.
    """
    found = list(_addresses(m))
    count: dict[str, int] = {}
    for f in found:
        count[f.key] = count.get(f.key, 0) + 1
    first = {f.key: -i for i, f in reversed(list(enumerate(found)))}

    def weight(f: _Address) -> tuple[bool, int, int]:
        return f.registered, count[f.key], first[f.key]

    for f in found:
        rivals = [o for o in found if o.key != f.key and weight(o) > weight(f)
                  and ((f.sender is not None and o.sender == f.sender) or _near_miss(f.key, o.key))]
        if rivals:
            other = max(rivals, key=weight)
            who = f" för {f.sender}" if f.sender is not None and f.sender == other.sender else ""
            yield finding(Severity.WARNING, "PG553",
                          f"e-postadressen '{f.address}'{who} skiljer sig från '{other.address}' "
                          f"({other.span.path}:{other.span.line}); kontrollera vilken som är rätt", f.span)
