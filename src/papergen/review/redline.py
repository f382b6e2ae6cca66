"""Word redline: the head document with every change against base as a Word tracked change.

Paragraphs of the body (table cells included, so tables stay intact) are
aligned on their text; a changed paragraph is rebuilt run by run from a word
diff, an added one is marked inserted and a removed one is put back as
deleted. Only word/document.xml changes; everything else is the head package.
Same input, same bytes: the ids count from 1 and each change is dated from the
input, never the clock: with two git revisions, the head commit's date (when the
change was recorded; the papers' own dates are the meeting day in both revisions,
which says nothing about when a text changed); with two Word files, the head
document's own date (docProps/core.xml, which papergen takes from the paper's
source: the meeting day or SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from papergen.render.docx.package import normalise_docx
from papergen.review.gitrev import commit_time, resolve, toplevel, worktree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
AUTHOR = "papergen"
DEFAULT_DATE = "1980-01-01T00:00:00Z"  # only for a head Word file that has no date of its own
DOCUMENT = "word/document.xml"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, RUN, T, DEL_TEXT, PPR, RPR = _w("p"), _w("r"), _w("t"), _w("delText"), _w("pPr"), _w("rPr")
INS, DEL, HYPERLINK, TAB, BR, CR = _w("ins"), _w("del"), _w("hyperlink"), _w("tab"), _w("br"), _w("cr")
# Containers a body paragraph may sit in; a paragraph inside anything else (a text box) belongs to its run.
_BLOCK_CONTAINERS = {_w("body"), _w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("sdtContent"), _w("customXml")}
_SIMPLE_RUN_CHILDREN = {RPR, T, TAB, BR, CR}
# Words, the whitespace between them, and punctuation on its own, so "samt," → "samt" is one changed word.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
_PLACED = "papergen-placed"  # temporary marker attribute, removed before saving
# Paragraphs at least this similar in a replaced block are one changed paragraph, not a delete plus an insert.
_PAIR_RATIO = 0.5


class RedlineError(ValueError):
    """A user mistake (not a Word file, unknown revision, no such meeting); the message is in Swedish."""


class BuildStopped(RedlineError):
    """One revision's papers could not be built, so there is nothing to compare."""


@dataclass
class _Marker:
    """Makes the w:ins/w:del elements; ids are assigned in document order at the end."""

    date: str

    def make(self, tag: str) -> etree._Element:
        el = etree.Element(tag)
        el.set(_w("id"), "0")
        el.set(_w("author"), AUTHOR)
        el.set(_w("date"), self.date)
        return el


@dataclass
class _Char:
    ch: str
    style: int  # index into _Para.styles
    special: etree._Element | None  # w:tab / w:br / w:cr; None for text


@dataclass
class _Para:
    """A paragraph flattened to characters, when it holds nothing but plain runs (and hyperlinks)."""

    chars: list[_Char]
    styles: list[tuple[etree._Element | None, etree._Element | None]]  # (rPr, hyperlink container)


def redline_docx(base: bytes, head: bytes, *, date: str | None = None) -> bytes:
    """The head document with its changes against base as tracked changes by "papergen".

    Each change carries `date` (ISO 8601, UTC); without one, the head document's own date.
    """
    if date is None:
        modified = _core_modified(head)
        date = _iso(modified) if modified is not None else DEFAULT_DATE
    base_root = _document(base, "BASE")
    head_root = _document(head, "HEAD")
    base_paras = list(_body_paragraphs(base_root))
    head_paras = list(_body_paragraphs(head_root))
    marker = _Marker(date)
    _apply(base_paras, head_paras, marker)
    _number(head_root)
    xml = etree.tostring(head_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return normalise_docx(_replace_part(head, DOCUMENT, xml), _core_modified(head))


def _document(data: bytes, label: str) -> etree._Element:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read(DOCUMENT)
        return etree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise RedlineError(f"{label} är inte ett Word-dokument (.docx)") from exc


def _body_paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    for p in root.iter(P):
        parent = p.getparent()
        chain_ok = True
        while parent is not None and parent.tag != _w("body"):
            if parent.tag not in _BLOCK_CONTAINERS:
                chain_ok = False
                break
            parent = parent.getparent()
        if chain_ok and parent is not None:
            yield p


def _own_runs(p: etree._Element) -> list[etree._Element]:
    """The runs of this paragraph, not those of a paragraph nested in a text box."""
    return [r for r in p.iter(RUN) if next(r.iterancestors(P)) is p]


def _text(p: etree._Element) -> str:
    out: list[str] = []
    for r in _own_runs(p):
        for child in r:
            if child.tag in (T, DEL_TEXT):
                out.append(child.text or "")
            elif child.tag == TAB:
                out.append("\t")
            elif child.tag in (BR, CR):
                out.append("\n")
    return "".join(out)


def _apply(base: list[etree._Element], head: list[etree._Element], marker: _Marker) -> None:
    base_text = [_text(p) for p in base]
    head_text = [_text(p) for p in head]
    matcher = difflib.SequenceMatcher(None, base_text, head_text, autojunk=False)
    pending: list[etree._Element] = []  # base paragraphs to put back as deleted before the next head one

    def flush(before: int) -> None:
        for old in pending:
            _place_deleted(_deleted_paragraph(old, marker), head, before, old)
        pending.clear()

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for i, j in _pair(base_text, head_text, i1, i2, j1, j2):
            if j is None:
                pending.append(base[i])
                continue
            flush(j)
            if i is None:
                _mark_inserted(head[j], marker)
            else:
                _rebuild_changed(base[i], head[j], marker)
    flush(len(head))


def _pair(base: list[str], head: list[str], i1: int, i2: int, j1: int,
          j2: int) -> Iterator[tuple[int | None, int | None]]:
    """Pairs within a replaced block, in order: (i, j) changed, (i, None) deleted, (None, j) inserted."""
    j = j1
    for i in range(i1, i2):
        match = next((k for k in range(j, j2)
                      if difflib.SequenceMatcher(None, base[i], head[k], autojunk=False).ratio() >= _PAIR_RATIO),
                     None)
        if match is None:
            yield i, None
            continue
        for k in range(j, match):
            yield None, k
        yield i, match
        j = match + 1
    for k in range(j, j2):
        yield None, k


def _place_deleted(new: etree._Element, head: list[etree._Element], before: int, old: etree._Element) -> None:
    """Before the next head paragraph; after the previous one when only that shares the old one's container.

    Why: a paragraph deleted just before a table should not land in its first cell.
    """
    if not head:
        raise RedlineError("dokumentet har inga stycken")
    fits_next = before < len(head) and head[before].getparent().tag == old.getparent().tag
    if fits_next or before == 0:
        head[min(before, len(head) - 1)].addprevious(new)
        return
    anchor = head[before - 1]
    # Behind the deleted paragraphs already placed after the same anchor, to keep their order.
    while (nxt := anchor.getnext()) is not None and nxt.get(_PLACED) == "1":
        anchor = nxt
    new.set(_PLACED, "1")
    anchor.addnext(new)


# --- paragraph marks and whole paragraphs -----------------------------------------------------------------------


def _mark_paragraph(p: etree._Element, tag: str, marker: _Marker) -> None:
    """<w:pPr><w:rPr><w:ins/></w:rPr></w:pPr>: the paragraph mark itself is inserted or deleted."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        # rPr comes before sectPr and pPrChange in CT_PPr.
        later = [c for c in ppr if c.tag in (_w("sectPr"), _w("pPrChange"))]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, marker.make(tag))  # ins/del come first in CT_ParaRPr


def _wrap_runs(p: etree._Element, tag: str, marker: _Marker) -> None:
    for r in _own_runs(p):
        if r.getparent().tag in (INS, DEL):
            continue
        wrapper = marker.make(tag)
        r.addprevious(wrapper)
        wrapper.append(r)


def _mark_inserted(p: etree._Element, marker: _Marker) -> None:
    _wrap_runs(p, INS, marker)
    _mark_paragraph(p, INS, marker)


def _deleted_paragraph(old: etree._Element, marker: _Marker) -> etree._Element:
    """A copy of a base paragraph, cut loose from the base package, with all of it deleted."""
    p = copy.deepcopy(old)
    # Hyperlinks, images and bookmarks point into the base package or must be unique: keep only the text.
    for link in list(p.iter(HYPERLINK)):
        for child in list(link):
            link.addprevious(child)
        link.getparent().remove(link)
    for el in list(p.iter(_w("bookmarkStart"), _w("bookmarkEnd"), _w("sectPr"))):
        el.getparent().remove(el)
    for el in list(p.iter()):
        if el.getparent() is not None and any(k.startswith(f"{{{R_NS}}}") for k in el.attrib):
            run = next(el.iterancestors(RUN), None)  # an image: drop its whole run
            target = run if run is not None else el
            if target.getparent() is not None:
                target.getparent().remove(target)
    for t in p.iter(T):
        t.tag = DEL_TEXT
    for instr in p.iter(_w("instrText")):
        instr.tag = _w("delInstrText")
    _wrap_runs(p, DEL, marker)
    _mark_paragraph(p, DEL, marker)
    return p


# --- word level ---------------------------------------------------------------------------------------------------


def _flatten(p: etree._Element) -> _Para | None:
    """The paragraph as characters with their run properties, or None when it holds more than plain runs."""
    chars: list[_Char] = []
    styles: list[tuple[etree._Element | None, etree._Element | None]] = []

    def add_run(r: etree._Element, container: etree._Element | None) -> bool:
        if any(c.tag not in _SIMPLE_RUN_CHILDREN for c in r):
            return False
        styles.append((r.find(RPR), container))
        style = len(styles) - 1
        for c in r:
            if c.tag == T:
                chars.extend(_Char(ch, style, None) for ch in c.text or "")
            elif c.tag == TAB:
                chars.append(_Char("\t", style, c))
            elif c.tag in (BR, CR):
                chars.append(_Char("\n", style, c))
        return True

    for child in p:
        if child.tag == PPR:
            continue
        if child.tag == RUN:
            if not add_run(child, None):
                return None
        elif child.tag == HYPERLINK and all(c.tag == RUN for c in child):
            if not all(add_run(r, child) for r in child):
                return None
        else:
            return None
    return _Para(chars, styles)


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _word_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Token opcodes, with whitespace that only separates two changes folded into the change.

    Why: "att ge X" → "att ta Y" reads better as one deleted and one inserted phrase than as
    alternating single words.
    """
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged: list[tuple[str, int, int, int, int]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        glue = (tag == "equal" and 0 < k < len(ops) - 1 and all(not t.strip() for t in a[i1:i2]))
        if tag != "equal" or glue:
            if merged and merged[-1][0] == "replace" and merged[-1][2] == i1 and merged[-1][4] == j1:
                _, mi1, _, mj1, _ = merged[-1]
                merged[-1] = ("replace", mi1, i2, mj1, j2)
                continue
            merged.append(("replace", i1, i2, j1, j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _rebuild_changed(old: etree._Element, new: etree._Element, marker: _Marker) -> None:
    base, head = _flatten(old), _flatten(new)
    if base is None or head is None:
        # Fields, images, bookmarks: not split safely by words; show the paragraph as replaced.
        new.addprevious(_deleted_paragraph(old, marker))
        _mark_inserted(new, marker)
        return
    btext = "".join(c.ch for c in base.chars)
    htext = "".join(c.ch for c in head.chars)
    bspans, hspans = _tokens(btext), _tokens(htext)
    btok = [btext[s:e] for s, e in bspans]
    htok = [htext[s:e] for s, e in hspans]

    def chars(spans: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
        if lo == hi:
            return (spans[lo][0], spans[lo][0]) if lo < len(spans) else (0, 0)
        return spans[lo][0], spans[hi - 1][1]

    out: list[etree._Element] = []
    for tag, i1, i2, j1, j2 in _word_opcodes(btok, htok):
        if tag == "equal":
            out += _emit(head, *chars(hspans, j1, j2), None, marker, own_links=True)
            continue
        if i2 > i1:
            out += _emit(base, *chars(bspans, i1, i2), DEL, marker, own_links=False)
        if j2 > j1:
            out += _emit(head, *chars(hspans, j1, j2), INS, marker, own_links=True)
    for child in list(new):
        if child.tag != PPR:
            new.remove(child)
    new.extend(_join_links(out))


def _emit(para: _Para, lo: int, hi: int, change: str | None, marker: _Marker,
          own_links: bool) -> list[tuple[etree._Element, etree._Element | None]]:
    """Runs for characters lo..hi, one per stretch of equal properties, wrapped in w:ins/w:del, with their link."""
    out: list[tuple[etree._Element, etree._Element | None]] = []
    k = lo
    while k < hi:
        style = para.chars[k].style
        end = k
        while end < hi and para.chars[end].style == style:
            end += 1
        rpr, link = para.styles[style]
        run = etree.Element(RUN)
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        text: list[str] = []
        for c in [*para.chars[k:end], None]:
            if c is not None and c.special is None:
                text.append(c.ch)
                continue
            if text:
                t = etree.SubElement(run, DEL_TEXT if change == DEL else T)
                t.text = "".join(text)
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                text.clear()
            if c is not None:
                run.append(copy.deepcopy(c.special))
        item = run
        if change is not None:
            item = marker.make(change)
            item.append(run)
        # A base hyperlink's r:id means nothing in the head package: deleted link text stays plain.
        out.append((item, link if own_links else None))
        k = end
    return out


def _join_links(items: list[tuple[etree._Element, etree._Element | None]]) -> list[etree._Element]:
    """Consecutive pieces of one head hyperlink go back into one w:hyperlink (w:ins may sit inside it)."""
    out: list[etree._Element] = []
    source: etree._Element | None = None
    wrapper: etree._Element | None = None
    for item, link in items:
        if link is None:
            out.append(item)
            source = wrapper = None
            continue
        if link is not source or wrapper is None:
            wrapper = etree.Element(HYPERLINK, attrib=dict(link.attrib))
            source = link
            out.append(wrapper)
        wrapper.append(item)
    return out


# --- ids and package ------------------------------------------------------------------------------------------------


def _number(root: etree._Element) -> None:
    """w:id from 1 in document order, skipping ids bookmarks or comments already use (they share the space)."""
    for el in root.iter():
        el.attrib.pop(_PLACED, None)
    taken = {el.get(_w("id")) for el in root.iter() if el.tag not in (INS, DEL) and el.get(_w("id")) is not None}
    next_id = 1
    for el in root.iter(INS, DEL):
        if el.get(_w("author")) != AUTHOR or el.get(_w("id")) != "0":
            continue
        while str(next_id) in taken:
            next_id += 1
        el.set(_w("id"), str(next_id))
        next_id += 1


def _replace_part(package: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info.filename))
    return out.getvalue()


def _core_modified(package: bytes) -> dt.datetime | None:
    """The head's own core date, so normalising keeps it instead of stamping a default."""
    try:
        core = zipfile.ZipFile(io.BytesIO(package)).read("docProps/core.xml").decode("utf-8")
    except KeyError:
        return None
    m = re.search(r"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>", core)
    if not m:
        return None
    try:
        return dt.datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
    except ValueError:
        return None


def _iso(when: dt.datetime) -> str:
    """A w:date value: UTC, whole seconds, 'Z' (as Word writes it)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- two git revisions of a meeting -------------------------------------------------------------------------------


@dataclass
class RevisionRedline:
    written: list[Path] = field(default_factory=list)  # one redline per document whose bytes differ
    added: list[str] = field(default_factory=list)  # documents only in head (no base to compare with)
    removed: list[str] = field(default_factory=list)  # documents only in base


def _build_docx(project: Path, meeting_rel: Path, revision: str, out: Path) -> dict[str, bytes]:
    from papergen.build import pipeline  # here, not at the top: the Word-file redline needs no build pipeline

    folder = project / meeting_rel
    if not (folder / "meeting.yaml").is_file():
        raise RedlineError(f"sammanträdet '{meeting_rel.as_posix()}' finns inte i revision {revision}")
    report = pipeline.build(project, folder, out_root=out, formats=("docx",))
    if report.blocked or not report.written:
        raise BuildStopped(f"papperen i revision {revision} kunde inte byggas ({report.errors} fel); "
                           f"kör `papergen check` i den revisionen")
    return {p.name: p.read_bytes() for p in report.written if p.suffix == ".docx"}


def redline_files(base: Path, head: Path, out: Path, *, date: str = DEFAULT_DATE) -> Path:
    """Write the redline from the .docx file `base` to `head` as `out`; a RedlineError says what is wrong."""
    for path in (base, head):
        if not path.is_file():
            raise RedlineError(f"filen finns inte: {path}")
    if out.is_dir():
        raise RedlineError(f"{out} är en mapp; ange en .docx-fil med -o")
    try:
        data = redline_docx(base.read_bytes(), head.read_bytes(), date=date)
    except RedlineError as exc:
        raise RedlineError(f"{exc} (BASE {base}, HEAD {head})") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def redline_revisions(root: Path, folder: Path, base: str, head: str, out_dir: Path, *,
                      date: str | None = None) -> RevisionRedline:
    """Build the meeting at two git revisions and write a redline per Word document that differs.

    Each change is dated `date`, or else the head commit's committer date.
    """
    if out_dir.is_file():
        raise RedlineError(f"{out_dir} är en fil; med git-revisioner är -o en mapp")
    top = toplevel(root)
    prefix = root.resolve().relative_to(top.resolve())
    meeting_rel = folder.resolve().relative_to(root.resolve())
    commits = [resolve(root, rev) for rev in (base, head)]
    if date is None:
        date = _iso(commit_time(root, commits[1]))
    built: list[dict[str, bytes]] = []
    with tempfile.TemporaryDirectory(prefix="papergen-redline-out-") as tmp:
        for side, rev, commit in zip(("base", "head"), (base, head), commits, strict=True):
            with worktree(top, commit) as tree:
                built.append(_build_docx(tree / prefix, meeting_rel, rev, Path(tmp) / side))
    old, new = built
    result = RevisionRedline(added=sorted(set(new) - set(old)), removed=sorted(set(old) - set(new)))
    changed = sorted(n for n in set(old) & set(new) if old[n] != new[n])
    if changed:
        out_dir.mkdir(parents=True, exist_ok=True)
    for name in changed:
        target = out_dir / name
        target.write_bytes(redline_docx(old[name], new[name], date=date))
        result.written.append(target)
    return result
