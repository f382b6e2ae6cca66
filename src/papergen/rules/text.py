"""Text: Swedish spelling of the most visible texts, stray replacement characters, e-mail addresses.

Spelling uses the real Swedish Hunspell dictionary (Debian's hunspell-sv)
through the hunspell command, plus the organisation's own word list
(content/ordlista.txt, one word a line) and every name in the organisation
file. Without hunspell the rule says so once instead of staying silent.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.memo import RunMemo
from papergen.rules.base import Meeting, Text, all_texts, arende_texts, finding

WORDLIST = "content/ordlista.txt"
_WORD = re.compile(r"[^\W\d_]+(?:[-'´][^\W\d_]+)*")


def _words(text: str) -> Iterator[str]:
    """Words to spell: letters only; a token with digits (19RS9026, 1:1-anslaget) is a code, not a word."""
    for token in text.split():
        if token.isalpha() or not any(c.isdigit() for c in token):  # a letter is never a digit
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
            yield Text.at(text, a.source, *loc)


def _known_words(m: Meeting) -> set[str]:
    words: set[str] = set()
    path = m.project.root / WORDLIST
    if m.reads is not None:
        m.reads.file(path)
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


def _hunspell(words: list[str], memo: RunMemo, cache: _VerdictCache | None = None) -> dict[str, list[str]]:
    """Unknown words and hunspell's suggestions for them.

    Verdicts are remembered by the run (`memo.judged`: `check` of many meetings starts
    hunspell, ~0.15 s of dictionary loading, only for words it has not judged yet) and,
    with a cache, between runs; hunspell is asked only about words neither has judged,
    and is not started when there are none.
    """
    judged = memo.judged
    verdicts: dict[str, list[str] | None] = {}
    for w in words:
        if w in judged:
            verdicts[w] = judged[w]
        elif cache is not None and w in cache.verdicts:
            verdicts[w] = cache.verdicts[w]
    new = [w for w in words if w not in verdicts]
    if new:
        found = _run_hunspell(new)
        verdicts.update({w: found.get(w) for w in new})
    judged.update(verdicts)
    if cache is not None:
        cache.remember(verdicts)
    return {w: s for w in words if (s := verdicts[w]) is not None}


# --- the spelling cache: hunspell's verdicts kept between runs -------------------------------

SPELLING_CACHE = "build/.cache/stavning.json"
_CACHE_LIMIT = 200_000  # words; a larger file starts over
# Where hunspell looks for `-d sv_SE` and for a personal word list (`hunspell -D` lists the search path).
_DICT_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts", "/usr/local/share/hunspell",
              "/usr/local/share/myspell", "/opt/homebrew/share/hunspell", "/Library/Spelling", "~/Library/Spelling",
              "~/.openoffice.org/3/user/wordbook", "~/.openoffice.org2/user/wordbook",
              "~/.openoffice.org2.0/user/wordbook")
_PERSONAL = ("~/.hunspell_sv_SE", "~/.hunspell_default", ".hunspell_sv_SE", ".hunspell_default")


def _identity(path: str) -> list[object] | None:
    """A file's resolved path, size and modification time, or None if it is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [os.path.realpath(path), st.st_size, st.st_mtime_ns]


def _dictionary_identity(hunspell: str, memo: RunMemo | None = None) -> list[object]:
    """Everything hunspell's verdicts depend on: its program, the sv_SE dictionaries it may load
    and the personal word lists it reads. Any change to one of them empties the cache.

    Looked up once per run (the run keeps the verdicts of the running hunspell too).
    """
    try:
        here = os.getcwd()  # hunspell looks in "." too
    except OSError:
        here = ""
    env = (hunspell, here, *(os.environ.get(v, "") for v in ("DICPATH", "WORDLIST", "HOME")))
    known = memo.dictionaries if memo is not None else {}
    if env not in known:
        known[env] = _find_dictionary_identity(hunspell)
    return known[env]


def spelling_identity(hunspell: str | None, memo: RunMemo | None = None) -> str:
    """hunspell and the dictionaries its verdicts come from, as one string: part of the key of
    anything that keeps spelling findings (papergen.uptodate)."""
    return json.dumps(_dictionary_identity(hunspell, memo) if hunspell else None)


def _find_dictionary_identity(hunspell: str) -> list[object]:
    dirs = [".", *os.environ.get("DICPATH", "").split(os.pathsep), *(os.path.expanduser(d) for d in _DICT_DIRS)]
    files = [os.path.join(d, "sv_SE" + ext) for d in dirs if d for ext in (".aff", ".dic")]
    files += [os.path.expanduser(p) for p in (*_PERSONAL, os.environ.get("WORDLIST", "")) if p]
    found = [(f, identity) for f in files if (identity := _identity(f)) is not None]
    return [_identity(hunspell), *found]


class _VerdictCache:
    """hunspell's verdicts (None: Swedish; else its suggestions) in build/.cache/stavning.json.

    Keyed on the dictionary's identity and the project's word list; a file with another key,
    or one that cannot be read, is ignored and replaced. Deleting it only makes the next check
    ask hunspell again.
    """

    def __init__(self, path: Path, key: str, memo: RunMemo) -> None:
        self.path, self.key = path, key
        loaded = memo.verdict_files.get((str(path), key))  # the file is read once a run
        if loaded is None:
            loaded = memo.verdict_files[(str(path), key)] = self._read()
        self.verdicts = loaded

    def _read(self) -> dict[str, list[str] | None]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("nyckel") != self.key or not isinstance(data.get("ord"), dict):
            return {}
        verdicts = data["ord"]
        if not all(isinstance(w, str) and (v is None or (isinstance(v, list) and all(isinstance(x, str) for x in v)))
                   for w, v in verdicts.items()):
            return {}
        return verdicts

    def remember(self, verdicts: dict[str, list[str] | None]) -> None:
        """Add verdicts and write the file when something is new; a file that cannot be written is skipped."""
        new = {w: v for w, v in verdicts.items() if w not in self.verdicts}
        if not new:
            return
        if len(self.verdicts) + len(new) > _CACHE_LIMIT:
            self.verdicts.clear()
        else:
            # Another process (build --all -j) may have written verdicts since this one read the file.
            self.verdicts.update({w: v for w, v in self._read().items() if w not in self.verdicts})
        self.verdicts.update(new)
        text = json.dumps({"nyckel": self.key, "ord": dict(sorted(self.verdicts.items()))}, ensure_ascii=False)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")  # then one swap: never half a file
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def _verdict_cache(m: Meeting, hunspell: str) -> _VerdictCache:
    wordlist = m.project.root / WORDLIST
    if m.reads is not None:
        m.reads.file(wordlist)
    try:
        listed = hashlib.sha256(wordlist.read_bytes()).hexdigest()
    except OSError:
        listed = None
    key = hashlib.sha256(json.dumps([1, _dictionary_identity(hunspell, m.memo), listed]).encode()).hexdigest()
    return _VerdictCache(m.project.root / SPELLING_CACHE, key, m.memo)


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
    hunspell = shutil.which("hunspell")
    if hunspell is None:
        yield finding(Severity.WARNING, "PG550",
                      "stavningen kontrollerades inte: hunspell med svensk ordlista saknas "
                      "(apt-get install hunspell hunspell-sv)", Span(m.sammantrade.source.path, 1, 1))
        return
    known = _known_words(m)
    words = [dict.fromkeys(_words(t.text)) for t in texts]
    candidates = sorted({w for ws in words for w in ws if w not in known})
    unknown = _hunspell(candidates, m.memo, _verdict_cache(m, hunspell)) if candidates else {}
    for t, ws in zip(texts, words, strict=True):
        for word in ws:
            if word in unknown:
                hint = f"; menade du {' eller '.join(repr(s) for s in unknown[word])}?" if unknown[word] else ""
                yield finding(Severity.WARNING, "PG551",
                              f"'{word}' finns varken i den svenska ordlistan eller i {WORDLIST}{hint}", t.span)


_REPLACEMENT = re.compile("[\ufffd¤]")


def replacement_characters(m: Meeting) -> Iterator[Diagnostic]:
    """PG552: '¤' or U+FFFD, the marks of a character lost in a copy or conversion."""
    for a in m.arenden:
        for t in arende_texts(m, a):
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
    where: Text  # the text it stands in, whose span is the address's
    registered: bool = False  # from the organisation file, the reference for its people

    @property
    def key(self) -> str:
        return self.address.lower()

    @property
    def span(self) -> Span:
        return self.where.span


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
        yield _Address(org.epost, None, Text.at(org.epost, smap, "epost"), registered=True)
    for i, organ in enumerate(org.organ):
        if organ.sekreterare and organ.sekreterare.epost:
            yield _Address(organ.sekreterare.epost, organ.sekreterare.namn,
                           Text.at(organ.sekreterare.epost, smap, "organ", i, "sekreterare", "epost"), registered=True)
    people = _people(m)
    texts = [Text.at(n, m.sammantrade.source, "noter", i) for i, n in enumerate(m.sammantrade.data.noter)]
    for a in m.arenden:
        texts += all_texts(m, a, yttrande=True)
        if a.data.pm:
            texts += [Text.at(s, a.source, "pm", "skickas_till", i) for i, s in enumerate(a.data.pm.skickas_till)]
        if a.data.remiss:
            texts += [Text.at(s, a.source, "remiss", "svar_till", i) for i, s in enumerate(a.data.remiss.svar_till)]
    for t in texts:
        if "@" not in t.text:
            continue
        for match in _EMAIL.finditer(t.text):
            yield _Address(match.group(0).rstrip("."), _sender(t.text, match.start(), people), t)


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
