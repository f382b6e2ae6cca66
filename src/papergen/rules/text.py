"""Text: Swedish spelling of the most visible texts, and stray replacement characters.

Spelling uses the real Swedish Hunspell dictionary (Debian's hunspell-sv)
through the hunspell command, plus the organisation's own word list
(content/ordlista.txt, one word a line) and every name in the organisation
file. Without hunspell the rule says so once instead of staying silent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.rules.base import Meeting, Text, arende_texts, finding

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
        fields += [(b, ("beslutsunderlag", i)) for i, b in enumerate(d.beslutsunderlag)]
        for prefix, f in ((("forslag_till_beslut",), d.forslag_till_beslut),
                          (("pm", "forslag_till_beslut"), d.pm.forslag_till_beslut if d.pm else None)):
            if f:
                fields += [(x, (*prefix, "att_satser", i)) for i, x in enumerate(f.att_satser)]
                fields += [(x, (*prefix, "villkor", i)) for i, x in enumerate(f.villkor)]
        if d.pm:
            fields.append((d.pm.rubrik, ("pm", "rubrik")))
            fields += [(b, ("pm", "beslutsunderlag", i)) for i, b in enumerate(d.pm.beslutsunderlag)]
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


def _hunspell(words: list[str]) -> dict[str, list[str]]:
    """Unknown words and hunspell's suggestions for them."""
    result = subprocess.run(["hunspell", "-d", "sv_SE", "-a"], input="\n".join(words) + "\n",
                            capture_output=True, text=True, check=True)
    unknown: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
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
