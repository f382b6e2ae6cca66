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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.model.memo import RunMemo
from papergen.model.schema import ForslagTillBeslut
from papergen.rules.base import Meeting, Text, all_texts, arende_texts, block_texts, finding
from papergen.rules.near_strings import NearIndex, within_edits

WORDLIST = "content/ordlista.txt"
_WORD = re.compile(r"[^\W\d_]+(?:[-'´][^\W\d_]+)*")


_WORD_MAX = 100  # hunspell's own limit (MAXWORDLEN): a longer token is no word to spell
_WEB = re.compile(r"[^\W\d_]\.(?:se|com|org|net|eu|nu|fi|no|dk|de|info)\b", re.IGNORECASE)
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
# Quotation marks; not the apostrophe, which also writes a genitive ("Hopajola's").
_QUOTED = re.compile(r"[”\"“«»]")


def _spell_words(text: str) -> Iterator[tuple[str, bool, int]]:
    """(word, opens a sentence, context) for every word to spell; context 2: in a quotation, 1: in a name
    or a hyphenated word, 0: running text.

    Letters only; a token with digits (19RS9026, 1:1-anslaget) is a code, not a word. The first part
    of a compound left open ('hälso- och sjukvård', 'miljö-, barn- och …') is no word of its own, nor
    is a web or e-mail address or a list numeral ('ii)'). An abbreviation written with its full stops
    ('bl.a.', 'dvs.') is one word. Words in quotation marks, and two or more capitalised words in a
    row ('Fibre Science and Communication Network'), are names or citations, spelled as their owner does.
    """
    tokens = text.split()
    quoted = False
    opens = True
    previous_capital = False
    for n, token in enumerate(tokens):
        starts_quote = bool(_QUOTED.match(token))
        inside = quoted or starts_quote
        if len(_QUOTED.findall(token)) % 2 == 1:
            quoted = not quoted
        # A sentence, or a title's next part after a date or code ('… 200214, Anmälan av …'), starts after it.
        was_open, opens = opens, token.rstrip("”\"’»)").endswith((".", "!", "?", ":")) or (
            token.endswith(",") and any(c.isdigit() for c in token))
        bare = token.strip("()[]”\"“«»'‘’,;:!?")
        if not bare or bare.rstrip(",;:").endswith("-") or "@" in bare or "www." in bare or "://" in bare:
            previous_capital = False
            continue
        if len(bare) > _WORD_MAX or any(c.isdigit() for c in bare) or _ROMAN.match(bare.rstrip(".)").lower()):
            previous_capital = False
            continue
        if _WEB.search(bare):
            previous_capital = False
            continue
        # A hyphenated word is spelled part by part: 'ÖMS-nivå', 'ERUF-programmet', 'business-case'.
        words = [w for part in _WORD.findall(bare) for w in part.split("-") if w]
        if re.fullmatch(r"(?:[^\W\d_]+\.){2,}", bare) or (len(words) == 1 and bare == words[0] + "."
                                                          and not _opens_next(tokens, n)):
            words = [bare]  # 'bl.a.', 't.ex.', 'dvs.': hunspell knows them with their stops
        capital = bool(words) and words[0][:1].isupper()
        following = n + 1 < len(tokens) and tokens[n + 1][:1].isupper()
        # 2: a quotation, where even a word a letter off a Swedish one is someone else's. 1: a name: Swedish
        # capitalises only names inside a sentence; a part of a hyphenated word ('scale-ups') is treated alike.
        name = 2 if inside else int(capital and (not was_open or following) or (previous_capital and following)
                                    or "-" in bare)
        for i, word in enumerate(words):
            yield word, was_open and i == 0, name
        previous_capital = capital and not token.endswith((",", ".", ";", ":"))


def _opens_next(tokens: list[str], n: int) -> bool:
    """The token after n starts a sentence: 'Så gör vi. Nästa …', where the full stop ends a sentence."""
    return n + 1 < len(tokens) and tokens[n + 1][:1].isupper()


@dataclass(frozen=True, slots=True)
class _Document:
    """The texts of one source file that a reader sees, spelled together: a word is reported once per file."""

    path: str
    texts: tuple[Text, ...]
    incoming: bool = False  # written elsewhere or already decided (delegationsbeslut, the remiss): info only


def _fields(source: object, *pairs: tuple[str | None, tuple[str | int, ...]]) -> list[Text]:
    return [Text.at(text, source, *loc) for text, loc in pairs if text]  # type: ignore[arg-type]


def _forslag(f: ForslagTillBeslut | None, prefix: tuple[str, ...]) -> list[tuple[str | None, tuple[str | int, ...]]]:
    if f is None:
        return []
    pairs: list[tuple[str | None, tuple[str | int, ...]]] = []
    for kind in ("att_satser", "villkor", "efterskrift"):
        pairs += [(x, (*prefix, kind, i)) for i, x in enumerate(getattr(f, kind))]
    return pairs


def _spelled_documents(m: Meeting) -> Iterator[_Document]:
    """Every outgoing text of every ärende, by file: titles, att-satser, villkor, beslutsunderlag, the PM's
    sections and tables, the yttrande; the delegationsbeslut and the remiss's title as incoming."""
    for a in m.arenden:
        d = a.data
        pairs: list[tuple[str | None, tuple[str | int, ...]]] = [(d.rubrik, ("rubrik",))]
        pairs += _forslag(d.forslag_till_beslut, ("forslag_till_beslut",))
        pairs += [(b.titel, ("beslutsunderlag", i)) for i, b in enumerate(d.beslutsunderlag)]
        pairs += [(p.amne, ("punkter", i, "amne")) for i, p in enumerate(d.punkter)]
        if d.pm:
            pairs.append((d.pm.rubrik, ("pm", "rubrik")))
            pairs += _forslag(d.pm.forslag_till_beslut, ("pm", "forslag_till_beslut"))
            pairs += [(b.titel, ("pm", "beslutsunderlag", i)) for i, b in enumerate(d.pm.beslutsunderlag)]
        texts = _fields(a.source, *pairs)
        for section in a.sektioner:
            texts += block_texts(section.blocks, a.fil)
        if a.sammanfattning_foredragningslista:
            texts += block_texts(a.sammanfattning_foredragningslista, a.fil)
        yield _Document(a.fil, tuple(texts))
        if d.remiss and d.remiss.rubrik:
            yield _Document(a.fil, (Text.at(d.remiss.rubrik, a.source, "remiss", "rubrik"),), incoming=True)
        if a.yttrande:
            y = a.yttrande
            yield _Document(y.fil, (Text.at(y.data.rubrik, y.source, "rubrik"), *block_texts(y.blocks, y.fil)))
        for dec in a.delegationsbeslut:
            pairs = [(dec.data.rubrik, ("rubrik",))]
            pairs += [(x, ("beslutet", i)) for i, x in enumerate(dec.data.beslutet)]
            pairs += [(x, ("villkor", i)) for i, x in enumerate(dec.data.villkor)]
            yield _Document(dec.fil, (*_fields(dec.source, *pairs), *block_texts(dec.blocks, dec.fil)), incoming=True)


def _wordlist(m: Meeting) -> set[str]:
    words: set[str] = set()
    path = m.project.root / WORDLIST
    if m.reads is not None:
        m.reads.file(path)
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line)
    return words


def _source_names(m: Meeting) -> Iterator[str]:
    """Names the sources give as names: people, the organisation and its bodies, places, projects, financiers."""
    org = m.project.organisation
    yield org.namn
    yield from org.postadress
    for organ in org.organ:
        yield organ.namn
        yield from (p.namn for p in (*organ.ledamoter, *organ.ersattare, *organ.signatarer))
        yield from (t.namn for t in organ.tidigare_namn)
        if organ.sekreterare:
            yield organ.sekreterare.namn
    meeting = m.sammantrade.data
    yield meeting.plats
    if meeting.justering:
        yield from (n for n in (meeting.justering.justerare, meeting.justering.ersattare) if n)
    for a in m.arenden:
        d = a.data
        yield from d.foredragande
        yield from (n for p in d.punkter for n in (p.foredragande,) if n)
        if d.pm:
            yield from (n for n in (d.pm.handlaggare, d.pm.tjanstestalle) if n)
            yield from d.pm.skickas_till
            if d.pm.underskrift:
                yield d.pm.underskrift.namn
        for beslut in (d.finansieringsbeslut, *(x.data.finansieringsbeslut for x in a.delegationsbeslut)):
            if beslut:
                yield from (beslut.sokande, beslut.projekt)
        budgets = [d.budget, *(x.data.budget for x in a.delegationsbeslut)]
        yield from (r.finansiar for b in budgets if b for g in b.finansiering for r in g.rader)
        if d.remiss:
            yield from (n for n in (d.remiss.avsandare, d.remiss.enhet, d.remiss.handlaggare) if n)
        if a.yttrande:
            yield from a.yttrande.data.mottagare
            yield a.yttrande.data.underskrift.namn
        for x in a.delegationsbeslut:
            yield from (u.namn for u in x.data.underskrifter)
            yield from x.data.mottagare
            yield from (n for n in (x.data.handlaggare, x.data.tjanstestalle) if n)


def _known_words(m: Meeting) -> set[str]:
    """The word list, and every capitalised word of a name the sources give (a name is spelled as its owner
    spells it: 'Hopajola', 'Möckelnföretagen', 'Linden')."""
    words = _wordlist(m) | STANDARD_ABBREVIATIONS
    for name in _source_names(m):
        words.update(w for w in _WORD.findall(name) if w[:1].isupper())
    return words


# An abbreviation explained where it is used: 'Regional utvecklingsstrategi (RUS)', 'ECS', 'KC/RD'.
# Or explained right after it: 'Trafikverkets RFI (Request for information)'.
_DEFINED = re.compile(r"\(([A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9/&-]{1,9})\)|\b([A-ZÅÄÖ]{2,}s?) \([^)]{4,80}\)")


def _is_abbreviation(word: str) -> bool:
    """'RUS', 'KC', 'SMFs', 'EUs', 'CeMeWE', 'kWh': at least two capitals, and at least half the letters."""
    capitals = sum(c.isupper() for c in word)
    return capitals >= 2 and 2 * capitals >= len(word)


# Swedish abbreviations and units the sv_SE dictionary lacks (Språkrådet, Svenska skrivregler): language
# data, the same for every organisation; an organisation adds its own in content/ordlista.txt.
STANDARD_ABBREVIATIONS = frozenset(
    "mkr mnkr mdkr tkr kWh MWh GWh TWh dnr Dnr resp inkl exkl ca kl st tel fr.o.m. t.o.m. s.k. bl.a. m.m. "
    "osv. dvs. t.ex. p.g.a. ev. ang. enl. jfr".split())


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
    anything that keeps spelling findings (papergen.build.uptodate)."""
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


_CHUNK = 64  # words written to hunspell before its answers are read


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
        # Words go in chunks: one round trip per chunk, not per word. A chunk's answers (a few kB) fit the
        # pipe's buffer, so hunspell never waits for us to read while we still write.
        for start in range(0, len(words), _CHUNK):
            chunk = words[start:start + _CHUNK]
            self.proc.stdin.write("".join("^" + word + "\n" for word in chunk))  # '^': never a pipe command
            self.proc.stdin.flush()
            for _ in chunk:
                while (line := self.proc.stdout.readline()) not in ("\n", ""):
                    lines.append(line.rstrip("\n"))
        return _parse(lines)


_PIPE = _Pipe()


# hunspell judges a word of at most 100 bytes (MAXWORDLEN); a longer line it cuts up, answering each
# piece after a search for suggestions (seconds for 100 000 letters). No Swedish word is that long.
_HUNSPELL_LONGEST = 100


def _run_hunspell(words: list[str]) -> dict[str, list[str]]:
    too_long: dict[str, list[str]] = {w: [] for w in words if len(w.encode("utf-8")) > _HUNSPELL_LONGEST}
    if too_long:  # unknown, with no suggestion
        rest = [w for w in words if w not in too_long]
        return too_long | (_run_hunspell(rest) if rest else {})
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


_PART_MIN = 3  # letters in each part of a compound split by papergen ('vän' in 'måltidsvän')
_COMPOUND_MAX = 40  # longer tokens are not split: the splits grow with the square of the length


def _splits(word: str) -> Iterator[tuple[str, str]]:
    low = word.lower()
    for i in range(_PART_MIN, len(low) - _PART_MIN + 1):
        yield low[:i], low[i:]


def _edits_at_most_one(x: str, y: str) -> bool:
    x, y = x.lower(), y.lower()
    return abs(len(x) - len(y)) <= 1 and within_edits(x, y, 1)


# Plural and definite endings of Swedish nouns, longest first.
_ENDINGS = ("erna", "arna", "orna", "er", "ar", "or", "en", "et", "na")


def _unknown_parts(parts: list[str], cache: _VerdictCache | None) -> set[str]:
    """The parts hunspell does not accept, asked without suggestions (`hunspell -l`): working out
    suggestions for thousands of non-words is what makes `-a` slow. Kept in the spelling cache as
    '+part' (no word contains '+'), apart from the verdicts on whole words."""
    known = cache.verdicts if cache is not None else {}
    ask = [p for p in parts if "+" + p not in known]
    verdicts: dict[str, list[str] | None] = {}
    if ask:
        listed = subprocess.run(["hunspell", "-d", "sv_SE", "-l"], input="\n".join(ask) + "\n",
                                capture_output=True, text=True, check=False).stdout.split()
        unknown = set(listed)
        verdicts = {"+" + p: ([] if p in unknown else None) for p in ask}
        if cache is not None:
            cache.remember(verdicts)
    return {p for p in parts if (verdicts.get("+" + p) if "+" + p in verdicts else known.get("+" + p)) is not None}


def _compounds(unknown: dict[str, list[str]], memo: RunMemo, cache: _VerdictCache | None) -> set[str]:
    """The unknown words that are compounds of Swedish words: 'måltidsvän' (måltids + vän),
    'tjänstepersonorganisationen'. Hunspell's sv_SE affix file compounds only the words it marks for it.

    A word a letter away from a word hunspell suggests is a typo, not a compound ('Projekkt').
    Written by hand: no packaged Swedish decompounder is kept up; the parts are judged by hunspell.
    """
    words = [w for w in unknown if not _is_abbreviation(w) and len(w) <= _COMPOUND_MAX]
    candidates = [w for w in words if len(w) >= 2 * _PART_MIN + 1
                  and not any(_edits_at_most_one(w, s) for s in unknown[w])]
    stems = {w: [w.lower()[:-len(e)] for e in _ENDINGS if w.lower().endswith(e) and len(w) - len(e) >= 5]
             for w in words}
    parts = sorted({p for w in candidates for split in _splits(w) for p in split}
                   | {x for v in stems.values() for x in v})
    if not parts:
        return set()
    wrong = _unknown_parts(parts, cache)

    def word(part: str) -> bool:
        return part not in wrong

    # An inflection the dictionary lacks of a word it has: 'geografier' (geografi), as SAOL inflects it.
    found = {w for w, v in stems.items() if any(word(x) for x in v)}
    found |= {w for w in candidates if any(word(left) and word(right) for left, right in _splits(w))}
    # Three parts: the rest after a first word is itself two words ('tjänste' + 'person' + 'organisationen').
    rests = {w: [right for left, right in _splits(w) if word(left) and len(right) >= 2 * _PART_MIN]
             for w in candidates if w not in found}
    second = sorted({p for rs in rests.values() for r in rs for split in _splits(r) for p in split} - set(parts))
    if second:
        wrong |= _unknown_parts(second, cache)
    found |= {w for w, rs in rests.items() if any(word(a) and word(b) for r in rs for a, b in _splits(r))}
    return found


def _compound_typos(words: list[str], memo: RunMemo, cache: _VerdictCache | None) -> dict[str, str]:
    """A compound whose first part is a word and whose last part is a letter off one: 'brukaroganisationer'
    is 'brukar' + 'organisationer'. Hunspell's own suggestions miss it; the compound it means is returned."""
    splits = {w: [(left, right) for left, right in _splits(w) if len(left) >= 5 and len(right) >= 8]
              for w in words if 10 <= len(w) <= _COMPOUND_MAX and not _is_abbreviation(w)}
    lefts = sorted({left for v in splits.values() for left, _ in v})
    if not lefts:
        return {}
    wrong_left = _unknown_parts(lefts, cache)
    rights = sorted({right for v in splits.values() for left, right in v if left not in wrong_left})
    wrong_right = _unknown_parts(rights, cache) if rights else set()
    suggested = _hunspell(sorted(wrong_right), memo, cache) if wrong_right else {}
    meant: dict[str, str] = {}
    for w, v in splits.items():
        for left, right in reversed(v):  # the longest first part first: 'brukar' + 'oganisationer'
            near = [x for x in suggested.get(right, []) if x.isalpha() and x.islower() and _distance(right, x) == 1]
            if left not in wrong_left and near:
                meant[w] = (w[:len(left)] + near[0])
                break
    # Only a compound hunspell accepts as a whole is what the writer meant ('modernisation' is no 'modernidation').
    accepted = _unknown_parts(sorted(x.lower() for x in meant.values()), cache)
    return {w: x for w, x in meant.items() if x.lower() not in accepted}


def _distance(x: str, y: str) -> int:
    """Letters to insert, delete, change or swap with a neighbour to turn x into y (optimal string alignment)."""
    x, y = x.lower(), y.lower()
    d = [[i + j if i * j == 0 else 0 for j in range(len(y) + 1)] for i in range(len(x) + 1)]
    for i in range(1, len(x) + 1):
        for j in range(1, len(y) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] != y[j - 1]))
            if i > 1 and j > 1 and x[i - 1] == y[j - 2] and x[i - 2] == y[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _typo(word: str, suggestions: list[str], *, name: bool) -> bool:
    """A word a letter or two from a Swedish word hunspell suggests: a misspelling, not a foreign word or a name.

    Short words collide with Swedish ones by chance ('food'/'fond', 'Steel'/'stel'), so a word needs five
    letters (nine inside a run of capitalised words, where foreign names are the rule) and one edit; ten
    letters allow two.
    """
    if len(word) < (9 if name else 5):
        return False
    allowed = 2 if len(word) >= 10 and not name else 1
    return any(_distance(word, s) <= allowed for s in suggestions if " " not in s)


def _verdict(word: str, suggestions: list[str], count: int, opens: bool, context: int,
             incoming: bool) -> tuple[Severity, str]:
    """The severity and message for an unknown word.

    A misspelling of the body's own text is a warning; what is most likely a name (a capitalised word
    inside a sentence or a run of them, a quotation), a foreign or new word (nothing Swedish is a letter
    or two away), an abbreviation and every word of an incoming document is info.
    """
    shown = word if "." in word[:-1] else word.rstrip(".")  # 'Development.' at a sentence's end
    hint = f"; menade du {' eller '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    times = f" (står {count} gånger i filen)" if count > 1 else ""
    stopped = [s for s in suggestions if "." in s and s.replace(".", "") == shown]
    if stopped:  # 'dvs' for 'dvs.', 'tex' for 't.ex.': style
        return Severity.INFO, f"förkortningen '{shown}'{times} skrivs med punkt: '{stopped[0]}'"
    if _is_abbreviation(shown):
        return Severity.INFO, (f"förkortningen '{shown}'{times} förklaras inte i texten och finns inte i "
                               f"{WORDLIST}; skriv ut vad den står för första gången den används")
    name = context == 2 or context == 1 or (shown[:1].isupper() and not opens)
    if context != 2 and _typo(shown, suggestions, name=context == 1):
        return (Severity.INFO if incoming else Severity.WARNING,
                f"'{shown}'{times} finns varken i den svenska ordlistan eller i {WORDLIST}{hint}")
    if name:
        return Severity.INFO, (f"'{shown}'{times} finns varken i den svenska ordlistan, i {WORDLIST} eller bland "
                               f"källornas namn; är det ett namn, för in det i {WORDLIST}{hint}")
    return Severity.INFO, (f"'{shown}'{times} finns inte i den svenska ordlistan och liknar inget svenskt ord; "
                           f"är det ett lånord eller ett nytt ord, för in det i {WORDLIST} eller skriv det på "
                           f"svenska{hint}")


def spelling(m: Meeting) -> Iterator[Diagnostic]:
    """PG551: a word that is neither Swedish (hunspell sv_SE, or a compound of its words), nor in the
    organisation's word list, nor part of a name the sources give; once per word and file.

    A misspelling in the body's own text is a warning; an unknown capitalised word inside a sentence
    is most likely a name and an unexplained abbreviation is style: both info, as is every word of
    an incoming or already decided document (a delegationsbeslut, the remiss's title).
    """
    documents = [d for d in _spelled_documents(m) if d.texts]
    if not documents:
        return
    hunspell = shutil.which("hunspell")
    if hunspell is None:
        yield finding(Severity.WARNING, "PG550",
                      "stavningen kontrollerades inte: hunspell med svensk ordlista saknas "
                      "(apt-get install hunspell hunspell-sv)", Span(m.sammantrade.source.path, 1, 1))
        return
    known = _known_words(m)
    cache = _verdict_cache(m, hunspell)
    # Per document: each word once, where it first stands, with how often it stands there.
    firsts: list[dict[str, tuple[Text, int, bool, int]]] = []
    for doc in documents:
        defined = {a for t in doc.texts for pair in _DEFINED.findall(t.text) for a in pair if a}
        first: dict[str, tuple[Text, int, bool, int]] = {}
        for t in doc.texts:
            words = m.memo.spelled.get(t.text) or m.memo.spelled_before.get(t.text)
            if words is None:
                words = tuple(_spell_words(t.text))
            m.memo.spelled[t.text] = words
            for word, opens, name in words:
                bare = word.rstrip(".") if "." not in word[:-1] else word
                if {bare, bare.lower(), word} & known or bare in defined or bare.removesuffix("s") in defined:
                    continue
                if word in first:
                    f = first[word]
                    first[word] = (f[0], f[1] + 1, f[2], min(f[3], name))
                else:
                    first[word] = (t, 1, opens, name)
        firsts.append(first)
    candidates = sorted({w for first in firsts for w in first})
    unknown = _hunspell(candidates, m.memo, cache) if candidates else {}
    # 'planen.' at the end of a text is 'planen' with its full stop.
    stopped = sorted({w.rstrip(".") for w in unknown if w.endswith(".")})
    if stopped:
        bare_unknown = _hunspell(stopped, m.memo, cache)
        unknown = {w: sugg for w, sugg in unknown.items() if not w.endswith(".") or w.rstrip(".") in bare_unknown}
    compounds = _compounds(unknown, m.memo, cache)  # hunspell itself accepts 'Anmälan' for 'anmälan'
    missed = [w for w in unknown if w not in compounds and not any(_distance(w, x) <= 1 for x in unknown[w])]
    for word, meant in _compound_typos(missed, m.memo, cache).items():
        unknown[word] = [meant, *(x for x in unknown[word] if x != meant)][:3]
    for doc, first in zip(documents, firsts, strict=True):
        said: set[str] = set()  # 'Province' and 'Province.' (at a sentence's end) are one word
        for word, (t, count, opens, quoted) in first.items():
            if word not in unknown or word in compounds or word.rstrip(".") in said:
                continue
            said.add(word.rstrip("."))
            severity, message = _verdict(word, unknown[word], count, opens, quoted, doc.incoming)
            yield finding(severity, "PG551", message, t.span)


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

# An address starts where its run of address characters starts: every later start in the run meets the
# same '@' (or none), so trying each of them again would only take time growing with the run's square.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


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


def _near_miss(x: str, y: str) -> bool:
    """One address mistyped from the other: the same name at a domain a letter or two off, or the reverse.

    Short names (info@, kansli@) at one domain are different mailboxes, not typos. A value
    without '@' (a mistyped `epost` in the organisation file) is no address to compare.
    """
    if "@" not in x or "@" not in y:
        return False
    (lx, dx), (ly, dy) = x.split("@", 1), y.split("@", 1)
    if lx == ly:
        return within_edits(dx, dy, 2)
    return dx == dy and min(len(lx), len(ly)) >= 8 and within_edits(lx, ly, 2)


# Near addresses compared for one address, the weightiest first: beyond them (many addresses sharing a
# third of their letters, tests/test_linear_time.py) a mistyped one may go unreported.
_MOST_COMPARED = 64


def _near_keys(keys: list[str]) -> dict[str, list[str]]:
    """For each address (lower case), the addresses that may be a letter or two off it (_near_miss): the same
    name at a domain close to its own, or a name close to its own at the same domain; at most _MOST_COMPARED
    of each, found through an index of the names and domains (papergen.rules.near_strings)."""
    by_local: dict[str, list[str]] = {}
    by_domain: dict[str, list[str]] = {}
    for key in keys:
        if "@" in key:
            local, domain = key.split("@", 1)
            by_local.setdefault(local, []).append(domain)
            if len(local) >= 8:
                by_domain.setdefault(domain, []).append(local)
    near: dict[str, list[str]] = {key: [] for key in keys}

    def compare(groups: dict[str, list[str]], address: Callable[[str, str], str]) -> None:
        """Within each group sharing one part, the other parts close to each part."""
        for shared, parts in groups.items():
            if len(parts) > 1:
                index = NearIndex(parts)
                for part in parts:
                    close = islice(index.candidates(part), _MOST_COMPARED)
                    near[address(shared, part)] += (address(shared, other) for other in close)

    compare(by_local, lambda local, domain: f"{local}@{domain}")
    compare(by_domain, lambda domain, local: f"{local}@{domain}")
    return near


def _rivals(found: list[_Address]) -> list[_Address | None]:
    """For each address, the one it differs from, or None.

    Its rival is the weightiest other address of its sender, or a letter or two off it (_near_miss), that
    weighs more than it: the organisation file's address first, then the address written most often, then
    the one written first; of one address written several times, its first weightiest occurrence. Found
    through an index, not by comparing every pair (tests/test_linear_time.py compares with that way).
    """
    count: dict[str, int] = {}
    for f in found:
        count[f.key] = count.get(f.key, 0) + 1
    first = {f.key: -i for i, f in reversed(list(enumerate(found)))}
    ranks = [(f.registered, count[f.key], first[f.key], -i) for i, f in enumerate(found)]
    rank = ranks.__getitem__

    # Per address, and per sender and address: the occurrence that outranks the others.
    best: dict[str, int] = {}
    by_sender: dict[str, dict[str, int]] = {}
    for i, f in enumerate(found):
        if f.key not in best or rank(i) > rank(best[f.key]):
            best[f.key] = i
        if f.sender is not None:
            mine = by_sender.setdefault(f.sender, {})
            if f.key not in mine or rank(i) > rank(mine[f.key]):
                mine[f.key] = i
    top = {s: sorted(mine.values(), key=rank, reverse=True)[:2] for s, mine in by_sender.items()}
    near = _near_keys(list(best))
    ordered = {key: sorted((best[k] for k in keys), key=rank, reverse=True)[:_MOST_COMPARED]
               for key, keys in near.items()}
    verdicts: dict[tuple[str, str], bool] = {}

    def near_miss(x: str, y: str) -> bool:
        if (x, y) not in verdicts:
            verdicts[(x, y)] = _near_miss(x, y)
        return verdicts[(x, y)]

    rivals: list[_Address | None] = []
    for i, f in enumerate(found):
        weight = rank(i)[:3]
        theirs = top.get(f.sender, []) if f.sender is not None else []
        mine = [j for j in theirs if found[j].key != f.key][:1]
        close = next((j for j in ordered[f.key] if rank(j)[:3] > weight and near_miss(f.key, found[j].key)), None)
        winners = [j for j in (*mine, close) if j is not None and rank(j)[:3] > weight]
        rivals.append(found[max(winners, key=rank)] if winners else None)
    return rivals


def email_addresses(m: Meeting) -> Iterator[Diagnostic]:
    """PG553: a sender written with two e-mail addresses, or an address a letter off another one.

    The organisation file's address stands for its people; otherwise the address
    written most often, and on a tie the one written first. Every other spelling is
    reported where it stands, quoting the one it differs from.
    """
    found = list(_addresses(m))
    for f, other in zip(found, _rivals(found), strict=True):
        if other is not None:
            who = f" för {f.sender}" if f.sender is not None and f.sender == other.sender else ""
            yield finding(Severity.WARNING, "PG553",
                          f"e-postadressen '{f.address}'{who} skiljer sig från '{other.address}' "
                          f"({other.span.path}:{other.span.line}); kontrollera vilken som är rätt", f.span)
