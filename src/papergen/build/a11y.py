"""Accessibility of the built files (PG701–PG706): what DOS-lagen (WCAG 2.1 AA) asks of a published paper.

Checks the rendered Word and HTML files before they are written, so a
template change that breaks the structure (a heading level skipped, a table
without a header row, an image without alternative text, no language or
title) is reported by the build that introduces it. The messages name the
output file; a template is where the fix usually goes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import PurePosixPath

from papergen.build.cache import RenderCache
from papergen.diagnostics import Diagnostic, Severity
from papergen.render.output import Output
from papergen.rules.accessibility import VAGUE_LINK_TEXTS

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:Heading|Rubrik)\s?(\d)$")
_FILE_NAME = re.compile(r"^[\w.-]+\.(?:png|jpe?g|gif|svg|emf|wmf|bmp|tiff?)$", re.I)
_BLACK = frozenset({"auto", "000000"})
_EMPHASIS_TAGS = frozenset({"strong", "b", "em", "i", "u", "mark", "a", "h1", "h2", "h3", "h4", "h5", "h6"})
_HARD_SPACES = re.compile("\u00a0{3,}")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


Problem = tuple[str, str]  # (code, message without the file's name): what a file's bytes alone decide


def _heading_jumps(levels: list[int]) -> Iterator[tuple[int, int]]:
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            yield before, after


def _alt_problems(alts: list[tuple[str, str]]) -> Iterator[str]:
    """(image source, alt text) pairs -> what is wrong: empty, a file name, one text for different images."""
    seen: dict[str, str] = {}
    for src, alt in alts:
        text = alt.strip()
        if not text:
            yield f"bilden {src} saknar alternativtext"
        elif _FILE_NAME.match(text):
            yield f"bilden {src} har filnamnet '{text}' som alternativtext"
        elif text in seen and seen[text] != src:
            yield f"bilderna {seen[text]} och {src} har samma alternativtext '{text}'"
        seen.setdefault(text, src)


def _bold(node: object) -> bool:
    runs = [r for r in node.iter(f"{_W}r") if "".join(r.itertext()).strip()]  # type: ignore[attr-defined]
    return bool(runs) and all(r.find(f"{_W}rPr/{_W}b") is not None for r in runs)


def _looks_like_header(row: object) -> bool:
    """All bold, over rows that are not: a header row. A bold first column (label | value) is not one."""
    rows = row.getparent().findall(f"{_W}tr")  # type: ignore[attr-defined]
    if len(rows) < 2 or not _bold(row):
        return False
    below = rows[1].find(f"{_W}tc")
    return below is not None and not _bold(below)


# --- Word -----------------------------------------------------------------------------------------

# A template's styles.xml (~350 kB) is the same in every paper made from it: its verdict is kept
# per process by the zip entry's CRC-32 and sizes, instead of inflating and searching it per paper.
_STYLES_VERDICTS: dict[tuple[int, int, int], bool] = {}


def _swedish_styles(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    key = (info.CRC, info.file_size, info.compress_size)
    verdict = _STYLES_VERDICTS.get(key)
    if verdict is None:
        styles = z.read(info).decode("utf-8")
        verdict = _STYLES_VERDICTS[key] = re.search(r'<w:lang [^>]*w:val="sv', styles) is not None
    return verdict


def _docx(data: bytes) -> Iterator[Problem]:
    from lxml import etree  # python-docx's XML library, already a dependency

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        body = etree.fromstring(z.read("word/document.xml"))
        core = z.read("docProps/core.xml").decode("utf-8") if "docProps/core.xml" in names else ""
        swedish = "word/styles.xml" in names and _swedish_styles(z, z.getinfo("word/styles.xml"))
    if not re.search(r"<dc:title>[^<]+</dc:title>", core):
        yield ("PG704", "dokumentet saknar titel (dc:title i dokumentegenskaperna)")
    if not swedish:
        yield ("PG704", "dokumentets språk är inte svenska (w:lang i formatmallarna)")
    levels = []
    for style in body.iter(f"{_W}pStyle"):
        match = _HEADING_STYLE.match(style.get(f"{_W}val") or "")
        if match:
            levels.append(int(match.group(1)))
    for before, after in _heading_jumps(levels):
        yield ("PG701", f"rubriknivå {after} direkt efter nivå {before}; en nivå hoppas över")
    for n, table in enumerate(body.iter(f"{_W}tbl"), start=1):
        first = table.find(f"{_W}tr")
        # A first row set in bold is a header a reader sees; unmarked, a screen reader does not.
        # Layout tables (signatures, the anslag) have no such row and need none.
        if first is not None and first.find(f"{_W}trPr/{_W}tblHeader") is None and _looks_like_header(first):
            yield ("PG702", f"tabell {n}: första raden ser ut som en rubrikrad men är inte "
                                         "markerad som det (Upprepa som rubrikrad i Word)")
    drawings = [(str(d.get("name") or d.get("id")), d.get("descr") or "")
                for d in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    for problem in _alt_problems(drawings):
        yield ("PG703", problem)
    yield from _docx_colour_and_layout(body)


def _docx_colour_and_layout(body: object) -> Iterator[Problem]:
    """PG706: meaning carried only by a colour, or columns laid out with tabs (read as one line)."""
    ns = {"w": _W[1:-1]}
    # XPath picks the few candidates; walking every paragraph and run in Python cost 1 ms per paper.
    for p in body.xpath(".//w:p[count(.//w:r/w:tab) >= 2]", namespaces=ns):  # type: ignore[attr-defined]
        segments, current = [], ""
        for node in p.iter(f"{_W}t", f"{_W}tab"):
            if node.tag == f"{_W}tab" and node.getparent().tag == f"{_W}r":
                segments.append(current)
                current = ""
            elif node.tag == f"{_W}t":
                current += node.text or ""
        segments.append(current)
        if sum(1 for s in segments if s.strip()) >= 3:
            yield ("PG706", f"stycket '{_quote(' '.join(segments))}' ställer upp text i kolumner med "
                                         "tabbar; en skärmläsare läser det som en rad – använd en tabell")
    for run in body.xpath(".//w:r[w:rPr/w:color]", namespaces=ns):  # type: ignore[attr-defined]
        color = run.find(f"{_W}rPr/{_W}color")
        text = "".join(t.text or "" for t in run.iter(f"{_W}t"))
        if color is None or (color.get(f"{_W}val") or "auto") in _BLACK or not text.strip():
            continue
        if run.getparent().tag == f"{_W}hyperlink":
            continue  # a link is underlined and announced as a link
        rpr = run.find(f"{_W}rPr")
        if any(rpr.find(f"{_W}{tag}") is not None for tag in ("b", "i", "u", "highlight")):
            continue
        yield ("PG706", f"texten '{_quote(text)}' skiljs ut bara med färgen #{color.get(f'{_W}val')}; "
                                     "lägg till fetstil, kursiv eller ord som säger detsamma")


# --- HTML -----------------------------------------------------------------------------------------

class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.levels: list[int] = []
        self.tables: list[bool] = []  # per table: has a th
        self.images: list[tuple[str, str | None]] = []
        self.links: list[str] = []
        self.colour_only: list[str] = []  # text whose only mark is a colour in style=""
        self.hard_spaces: list[str] = []  # text laid out with runs of non-breaking spaces
        self._coloured: list[int] = []  # depth in _in of each element coloured by style=""
        self._in: list[str] = []
        self._link_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        elif tag == "table":
            self.tables.append(False)
        elif tag == "th" and self.tables:
            self.tables[-1] = True
        elif tag == "img":
            self.images.append((a.get("src") or "?", a.get("alt")))
        elif tag == "a":
            self._link_text = []
        if re.search(r"(?:^|;)\s*color\s*:", a.get("style") or "") or (tag == "font" and a.get("color")):
            self._coloured.append(len(self._in))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link_text is not None:
            self.links.append(" ".join("".join(self._link_text).split()))
            self._link_text = None
        if self._in and self._in[-1] == tag:
            self._in.pop()
            if self._coloured and self._coloured[-1] >= len(self._in):
                self._coloured.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data
        if self._link_text is not None:
            self._link_text.append(data)
        if data.strip() and self._coloured and not _EMPHASIS_TAGS.intersection(self._in[self._coloured[-1]:]):
            self.colour_only.append(data)
        if _HARD_SPACES.search(data) and self._in and self._in[-1] not in ("style", "script"):
            self.hard_spaces.append(data)


def _html(data: bytes) -> Iterator[Problem]:
    page = _Structure()
    page.feed(data.decode("utf-8"))
    if not page.lang.startswith("sv"):
        yield ("PG704", f"sidans språk är '{page.lang}', inte svenska (lang=\"sv\")")
    if not page.title.strip():
        yield ("PG704", "sidan saknar titel (<title>)")
    if page.levels.count(1) != 1:
        yield ("PG701", f"sidan har {page.levels.count(1)} rubriker på nivå 1; den ska ha en")
    for before, after in _heading_jumps(page.levels):
        yield ("PG701", f"rubriknivå {after} direkt efter nivå {before}; en nivå hoppas över")
    for n, has_header in enumerate(page.tables, start=1):
        if not has_header:
            yield ("PG702", f"tabell {n} har inga rubrikceller (th)")
    missing = [(src, alt or "") for src, alt in page.images]
    for problem in _alt_problems(missing):
        yield ("PG703", problem)
    for text in page.links:
        if not text or text.lower().rstrip(".") in VAGUE_LINK_TEXTS:
            yield ("PG705", f"länktexten '{text}' säger inte vart länken går")
    for text in page.colour_only:
        yield ("PG706", f"texten '{_quote(text)}' skiljs ut bara med färg (style=\"color\"); "
                                     "lägg till fetstil, kursiv eller ord som säger detsamma")
    for text in page.hard_spaces:
        yield ("PG706", f"texten '{_quote(text)}' ställs upp med hårda mellanslag; en skärmläsare "
                                     "läser det som en rad – använd en tabell eller en lista")


def check_outputs(outputs: list[Output], cache: RenderCache | None = None) -> list[Diagnostic]:
    """PG701–PG706 over every Word and HTML output of a build.

    What is found depends only on a file's bytes, so with a cache the findings
    of an unchanged paper are looked up by its hash instead of parsing it again.
    """
    found: list[Diagnostic] = []
    for output in outputs:
        suffix = PurePosixPath(output.relpath).suffix
        check = {".docx": _docx, ".html": _html}.get(suffix)
        if check is None:
            continue
        key = cache.key("a11y", (suffix, hashlib.sha256(output.data).hexdigest()), ()) if cache else None
        cached = cache.get(key) if cache is not None and key is not None else None
        if cached is not None:
            problems = [(code, message) for code, message in json.loads(cached)]
        else:
            problems = list(check(output.data))
            if cache is not None and key is not None:
                cache.put(key, json.dumps(problems, ensure_ascii=False).encode("utf-8"))
        found += [Diagnostic(Severity.WARNING, code, f"{output.relpath}: {message}") for code, message in problems]
    return found
