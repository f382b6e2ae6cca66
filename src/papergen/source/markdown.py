"""Markdown bodies -> a small typed block tree, with located diagnostics.

markdown-it-py (CommonMark + pipe tables) does the parsing; this module keeps
only what papergen can render faithfully in Word and in the canonical text:
paragraphs, headings, emphasis, links, hard breaks, nested bullet and numbered
lists and tables. Anything else (raw HTML, images, code) is a PG110 error
rather than a silent loss. Rendering of the tree lives in papergen.render.

A block can be kept out of the public set (papergen publish) by a comment
right before it: `<!-- papergen: sekretess 21 kap. 7 § OSL -->` or
`<!-- papergen: personuppgifter -->`; the block carries the reason as `skydd`.
A marked heading protects its whole section, as a registrator reads it: every
block up to the next heading of the same or a higher level carries its reason.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from papergen.diagnostics import Diagnostic, Severity, Span


@dataclass(frozen=True, slots=True)
class Inline:
    """A run of text with its emphasis; `link` is the target of a link run."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    line_break: bool = False  # a hard line break, text is empty


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int = 0  # 1-based file line where the paragraph starts (0: not from a file)
    skydd: str | None = None  # why the block stays out of the public set ("Sekretess enligt …")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]
    line: int
    skydd: str | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[ListItem, ...]
    skydd: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[str | None, ...]
    skydd: str | None = None
    line: int = 0  # 1-based file line of the header row; body row i stands on line + 2 + i (0: not from a file)


Block = Paragraph | Heading | ListBlock | Table


@dataclass(frozen=True, slots=True)
class Section:
    """A level-2 section of a body: its heading text and blocks."""

    rubrik: str
    line: int
    blocks: tuple[Block, ...]
    skydd: str | None = None  # the heading was marked: the section, heading and all, stays out of the public set


def plain_text(inlines: tuple[Inline, ...]) -> str:
    return "".join("\n" if i.line_break else i.text for i in inlines)


# `<!-- papergen: godkänn PG512: skäl -->` accepts a finding (papergen.diagnostics.accept); it is not content.
_PAPERGEN_COMMENT = re.compile(r"^<!--\s*papergen:\s*(.*?)\s*-->$", re.S)
_PROTECTION = re.compile(r"^(sekretess|personuppgifter)\b\s*(.*)$", re.S)
_KEYWORDS = re.compile(r"^(godkänn|accept)\b")
# How a protected ärende, § or block is named in the public set; one wording everywhere.
PERSONUPPGIFTER = "Innehåller personuppgifter som inte publiceras"


def skydd(osl: str | None, personuppgifter: bool) -> str | None:
    """Why an ärende, a §, a block or a bilaga stays out of the public set, as that set says it; None: it may
    be published. One wording for every kind of marking."""
    if osl is not None:
        return f"Sekretess enligt {osl}"
    return PERSONUPPGIFTER if personuppgifter else None

_md = MarkdownIt("commonmark", {"html": True}).enable("table")


def parse_blocks(text: str, path: str, first_line: int) -> tuple[tuple[Block, ...], list[Diagnostic]]:
    """Parse a Markdown text that starts on file line `first_line` (1-based)."""
    tokens = _md.parse(text)
    parser = _BlockParser(tokens, path, first_line)
    blocks = parser.blocks(0, len(tokens))
    return tuple(blocks), parser.diagnostics


def split_sections(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """Blocks before the first `##` heading, and one Section per `##` heading."""
    lead: list[Block] = []
    sections: list[Section] = []
    current: tuple[Heading, list[Block]] | None = None

    def section(heading: Heading, blocks: list[Block]) -> Section:
        return Section(plain_text(heading.inlines).strip(), heading.line, tuple(blocks), heading.skydd)

    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            if current:
                sections.append(section(*current))
            current = (block, [])
        elif current:
            current[1].append(block)
        else:
            lead.append(block)
    if current:
        sections.append(section(*current))
    return tuple(lead), tuple(sections)


def _protect_sections(blocks: list[Block]) -> list[Block]:
    """A marked heading protects its section: each block up to the next heading of its level or higher
    carries the heading's reason (a block marked on its own keeps its own)."""
    marked: Heading | None = None
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and (marked is None or block.level <= marked.level):
            marked = block if block.skydd is not None else None
        elif marked is not None and block.skydd is None:
            block = dataclasses.replace(block, skydd=marked.skydd)
        out.append(block)
    return out


class _BlockParser:
    def __init__(self, tokens: list[Token], path: str, first_line: int) -> None:
        self.tokens = tokens
        self.path = path
        self.first_line = first_line
        self.diagnostics: list[Diagnostic] = []
        self.pending: tuple[str, int] | None = None  # a protection marker (reason, token index) waiting for its block

    def _span(self, token: Token) -> Span:
        line = self.first_line + (token.map[0] if token.map else 0)
        return Span(self.path, line, 1)

    def _unsupported(self, token: Token, what: str) -> None:
        self.diagnostics.append(Diagnostic(
            Severity.ERROR, "PG110",
            f"{what} kan inte återges i Word-dokumentet; skriv det som vanlig text, lista eller tabell",
            self._span(token)))

    def _close(self, start: int) -> int:
        """Index of the token closing the one opened at `start`."""
        depth = 0
        for i in range(start, len(self.tokens)):
            depth += self.tokens[i].nesting
            if depth == 0:
                return i
        raise AssertionError("unbalanced markdown-it token stream")

    def blocks(self, start: int, end: int) -> list[Block]:
        out: list[Block] = []
        i = start
        while i < end:
            tok = self.tokens[i]
            before = len(out)
            marker = None
            if self.pending is not None and tok.type != "html_block":
                marker, self.pending = self.pending, None  # a list or table takes it whole, not its first item
            if tok.type == "paragraph_open":
                out.append(Paragraph(self.inlines(self.tokens[i + 1]), self._span(tok).line))
                i = self._close(i) + 1
            elif tok.type == "heading_open":
                level = int(tok.tag[1])
                line = self._span(tok).line
                out.append(Heading(level, self.inlines(self.tokens[i + 1]), line))
                i = self._close(i) + 1
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                close = self._close(i)
                start_no = int(tok.attrGet("start") or 1)
                out.append(ListBlock(tok.type == "ordered_list_open", start_no, tuple(self.items(i + 1, close))))
                i = close + 1
            elif tok.type == "table_open":
                close = self._close(i)
                out.append(self.table(i, close))
                i = close + 1
            elif tok.type == "html_block" and (comment := _PAPERGEN_COMMENT.match(tok.content.strip())):
                self.comment(comment.group(1), i)  # a marker for papergen, not content
                i += 1
            elif tok.type in ("html_block",):
                self._unsupported(tok, "HTML")
                i += 1
            elif tok.type in ("fence", "code_block"):
                self._unsupported(tok, "Ett kodblock (eller text indragen med fyra mellanslag)")
                i += 1
            elif tok.type == "blockquote_open":
                self._unsupported(tok, "Ett citatblock ('>')")
                i = self._close(i) + 1
            elif tok.type == "hr":
                self._unsupported(tok, "En skiljelinje ('---' eller '***')")
                i += 1
            else:
                raise AssertionError(f"unexpected markdown token {tok.type}")
            if marker is not None:
                if len(out) > before:  # the block right after the marker is the one it protects
                    out[-1] = dataclasses.replace(out[-1], skydd=marker[0])
                else:
                    self._dangling(marker[1])
        if self.pending is not None and start <= self.pending[1] < end:
            self._dangling(self.pending[1])  # the last thing in the text or in a list item
            self.pending = None
        return _protect_sections(out)

    def comment(self, text: str, index: int) -> None:
        tok = self.tokens[index]
        protection = _PROTECTION.match(text)
        if self.pending is not None:
            self._dangling(self.pending[1])  # two markers in a row: the first protects nothing
            self.pending = None
        if protection is None:
            if not _KEYWORDS.match(text):
                self.diagnostics.append(Diagnostic(
                    Severity.ERROR, "PG116",
                    f"okänd markering 'papergen: {text}'; väntade 'papergen: sekretess <lagrum i OSL>', "
                    f"'papergen: personuppgifter' eller 'papergen: godkänn PGnnn: skäl'", self._span(tok)))
            return
        word, rest = protection.group(1), protection.group(2).strip()
        if word == "sekretess" and not rest:
            self.diagnostics.append(Diagnostic(
                Severity.ERROR, "PG117",
                "'papergen: sekretess' anger inget lagrum; skriv bestämmelsen i offentlighets- och "
                "sekretesslagen, t.ex. 'papergen: sekretess 21 kap. 7 § OSL'", self._span(tok)))
            return
        if word == "personuppgifter" and rest:
            self.diagnostics.append(Diagnostic(
                Severity.ERROR, "PG117",
                f"'papergen: personuppgifter' tar inget lagrum, men här står '{rest}'; skriv "
                f"'papergen: sekretess {rest}' om uppgiften är sekretessbelagd", self._span(tok)))
            return
        self.pending = (skydd(rest if word == "sekretess" else None, word == "personuppgifter") or "", index)

    def _dangling(self, index: int) -> None:
        tok = self.tokens[index]
        self.diagnostics.append(Diagnostic(
            Severity.ERROR, "PG118",
            "markeringen står inte direkt före något stycke, någon lista eller tabell och skyddar därför "
            "ingenting; flytta den till raden före texten som inte ska publiceras", self._span(tok)))

    def items(self, start: int, end: int) -> list[ListItem]:
        items: list[ListItem] = []
        i = start
        while i < end:
            close = self._close(i)
            items.append(ListItem(tuple(self.blocks(i + 1, close))))
            i = close + 1
        return items

    def table(self, start: int, end: int) -> Table:
        header: list[tuple[Inline, ...]] = []
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        align: list[str | None] = []
        row: list[tuple[Inline, ...]] = []
        in_head = False
        for tok in self.tokens[start:end]:
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type in ("th_open", "td_open"):
                style = tok.attrGet("style") or ""
                if in_head:
                    align.append(str(style).removeprefix("text-align:") or None)
            elif tok.type == "inline":
                row.append(self.inlines(tok))
            elif tok.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
        return Table(tuple(header), tuple(rows), tuple(align), line=self._span(self.tokens[start]).line)

    def inlines(self, token: Token) -> tuple[Inline, ...]:
        out: list[Inline] = []
        bold = italic = False
        link: str | None = None
        for child in token.children or []:
            t = child.type
            if t == "text":
                out.append(Inline(child.content, bold, italic, link))
            elif t == "softbreak":
                out.append(Inline(" ", bold, italic, link))
            elif t == "hardbreak":
                out.append(Inline("", line_break=True))
            elif t == "strong_open":
                bold = True
            elif t == "strong_close":
                bold = False
            elif t == "em_open":
                italic = True
            elif t == "em_close":
                italic = False
            elif t == "link_open":
                link = str(child.attrGet("href"))
            elif t == "link_close":
                link = None
            elif t == "code_inline":
                out.append(Inline(child.content, bold, italic, link))
            elif t == "html_inline":
                self._unsupported(token, f"HTML ({child.content})")
            elif t == "image":
                self._unsupported(token, "En bild")
            else:
                raise AssertionError(f"unexpected inline token {t}")
        return tuple(_merge(out))


def _merge(inlines: list[Inline]) -> list[Inline]:
    """Join neighbouring runs with the same formatting, so output is stable and compact."""
    merged: list[Inline] = []
    for run in inlines:
        prev = merged[-1] if merged else None
        if (prev and not run.line_break and not prev.line_break and (prev.bold, prev.italic, prev.link)
                == (run.bold, run.italic, run.link)):
            merged[-1] = Inline(prev.text + run.text, run.bold, run.italic, run.link)
        else:
            merged.append(run)
    return merged
