"""HTML backend: each paper as a standalone accessible page, and the index pages of a build.

Owns the HTML of a paper: the page (`<kind>.html.j2`, extending
`_page.html.j2`, autoescaped) and its body, which is the paper's canonical
Markdown (rendered from the same context by `<kind>.md.j2`) turned into HTML
with accessible structure: exactly one h1 and heading levels without jumps,
lists as lists, one line per att-sats kept as line breaks, tables with a
caption and `th scope`. Using the canonical text means the web page never says
something the reviewed Markdown does not.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from papergen.model.core import Arende, Project, Sammantrade
from papergen.render.context_protokoll import anslagsbevis_ctx
from papergen.render.output import Output
from papergen.render.plan import PlannedDocument
from papergen.render.templates import ConfinedLoader, TemplatePath, environment

INDEX = "index.html"
_MEETING_DIR = re.compile(r"^meeting-(\d{4}-\d{2}-\d{2})")


STYLESHEET = "papers.css"


def html_environment(path: TemplatePath,
                     canonical_html: Callable[[str], Markup] | None = None) -> Environment:
    """Environment for the web pages: HTML escaping on, strict variables, the papers' stylesheet.

    `canonical_html` turns a paper's Markdown into its HTML body: markdown_to_html, or the same in parts
    kept in the run's memo (render.html_parts.remembered_html: the same bytes, faster when a run renders
    the same texts again, as `papergen serve` does).
    """
    env = environment(ConfinedLoader(path), autoescape=True)
    env.filters["canonical_html"] = canonical_html or markdown_to_html
    env.globals["stylesheet"] = stylesheet(path)
    return env


def stylesheet(path: TemplatePath) -> Markup:
    """papers.css from the template search path (an organisation's own first), for a <style> element.

    The file is CSS, not a Jinja template: its braces are its own. It is text from the project, so it
    cannot end the <style> element early: "</" is written "<\\/", which CSS reads as the same two
    characters, so every character keeps its meaning.
    """
    found = path.resolve(STYLESHEET)
    # A file that is not UTF-8 is reported by stylesheet_problem and stops the build; never a traceback here.
    css = found.read_bytes().decode("utf-8", errors="replace") if found is not None else ""
    return Markup(css.replace("</", "<\\/"))


def stylesheet_problem(path: TemplatePath) -> tuple[Path, int, int, str] | None:
    """Where papers.css cannot be read as UTF-8: the file, line, column and a Swedish message."""
    found = path.resolve(STYLESHEET)
    if found is None:
        return None
    data = found.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return found, line, column, f"filen är inte UTF-8 (byte {exc.start}); spara den som UTF-8"
    return None


def _parser() -> MarkdownIt:
    # html=False: text in the sources is text, never markup; breaks=True: a line per att-sats stays a line.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in (token.children or []) if c.type in ("text", "code_inline"))


@dataclass(frozen=True, slots=True)
class BodyState:
    """What turning a paper's Markdown into HTML knows at a point of it: the headings so far, the paper's
    head, the tables. The whole paper starts with BodyState(); render.html_parts goes on from part to part."""

    first: bool = True  # at the paper's start: its first token may be the banner of a constructed paper
    seen_h1: bool = False
    shift: int = 0  # how far the headings move down (the kallelse's second `#` part)
    previous: int = 0  # the level of the heading before
    head_done: bool = False  # the paper's first h1 was met (its head is marked after it)
    heading: str = ""  # the text of the heading before: a table's caption
    tables: int = 0


def _levels(tokens: list[Token], state: BodyState) -> BodyState:
    """One h1, and every heading at most one level below the one before it (WCAG 1.3.1).

    The canonical Markdown of a kallelse has two `#` parts (Kallelse,
    Föredragningslista); the second and what it holds move one level down.
    """
    seen_h1, shift, previous = state.seen_h1, state.shift, state.previous
    open_tags: list[Token] = []
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1:
                shift = 1 if seen_h1 else 0
                seen_h1 = True
            previous = min(level + shift, previous + 1 if previous else 1, 6)
            token.tag = f"h{previous}"
            open_tags.append(token)
        elif token.type == "heading_close":
            token.tag = open_tags.pop().tag
    return replace(state, seen_h1=seen_h1, shift=shift, previous=previous)


_BREAKS = ("softbreak", "hardbreak")


def _att_satser(inline: Token) -> bool:
    """A paragraph of att-satser (every line 'att …') as one block per att-sats with 'att' apart.

    The Word paper hangs "att" in the margin of its clause (the Att-sats style); papers.css does the same
    with these two classes. The text is unchanged: 'att', a space, the clause.
    """
    lines: list[list[Token]] = [[]]
    for child in inline.children or []:
        if child.type in _BREAKS:
            lines.append([])
        else:
            lines[-1].append(child)
    if not all(line and line[0].type == "text" and line[0].content.startswith("att ") for line in lines):
        return False
    children: list[Token] = []
    for n, line in enumerate(lines):
        opening = Token("html_inline", "", 0)
        opening.content = '<span class="att-sats"><span class="att">att</span> '
        rest = line[0].copy(content=line[0].content[len("att "):])
        closing = Token("html_inline", "", 0)
        # The line break stays for a reader without the stylesheet; papers.css hides it (the blocks break).
        closing.content = "</span>" if n == len(lines) - 1 else "</span><br />\n"
        children += [opening, rest, *line[1:], closing]
    inline.children = children
    return True


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _whole_dates(inline: Token) -> None:
    """Each ISO date in a <span class="datum">, which papers.css keeps on one line.

    The text keeps its plain hyphens, so a search for "2020-02-14" finds it; only the line break
    inside a date goes (as Word's papers keep a date whole).
    """
    children: list[Token] = []
    for child in inline.children or []:
        if child.type != "text" or not _DATE.search(child.content):
            children.append(child)
            continue
        at = 0
        for match in _DATE.finditer(child.content):
            if match.start() > at:
                children.append(child.copy(content=child.content[at:match.start()]))
            opening, closing = Token("html_inline", "", 0), Token("html_inline", "", 0)
            opening.content, closing.content = '<span class="datum">', "</span>"
            children += [opening, child.copy(content=match.group()), closing]
            at = match.end()
        if at < len(child.content):
            children.append(child.copy(content=child.content[at:]))
    inline.children = children


def _classes(tokens: list[Token], state: BodyState) -> BodyState:
    """Name the parts of a paper papers.css styles after the Word paper.

    The banner of a constructed paper (a first blockquote 'Konstruerat exempel – …'), the paper's head
    (the organisation line and the list of facts straight after the first h1) and paragraphs of att-satser.
    """
    if state.first and tokens and tokens[0].type == "blockquote_open":
        quoted = next((t for t in tokens if t.type == "inline"), None)
        if quoted is not None and quoted.content.startswith("Konstruerat exempel"):
            tokens[0].attrSet("class", "konstruerat")
    head = None if state.head_done else \
        next((i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"), None)
    if head is not None:
        state = replace(state, head_done=True)
        after = head + 3  # heading_open, inline, heading_close
        if after < len(tokens) and tokens[after].type == "paragraph_open":
            tokens[after].attrSet("class", "organisation")
            after += 3
        if after < len(tokens) and tokens[after].type == "bullet_list_open":
            tokens[after].attrSet("class", "uppgifter")
    for i, token in enumerate(tokens[:-1]):
        if token.type == "paragraph_open" and tokens[i + 1].type == "inline" and _att_satser(tokens[i + 1]):
            token.attrSet("class", "att-satser")
    for token in tokens:
        if token.type == "inline":
            _whole_dates(token)
    return replace(state, first=False)


def _tables(tokens: list[Token], state: BodyState) -> tuple[list[Token], BodyState]:
    """Each table with a caption (the heading it stands under) and `th scope`."""
    out: list[Token] = []
    heading, tables = state.heading, state.tables
    opened: Token | None = None
    for token in tokens:
        if token.type == "heading_open":
            opened = token
        elif token.type == "inline" and opened is not None:
            heading = _inline_text(token)
            opened = None
        if token.type == "th_open":
            token.attrSet("scope", "col")
        out.append(token)
        if token.type == "table_open":
            tables += 1
            # A caption names the table for screen readers: the heading it stands under.
            caption = Token("html_block", "", 0)
            caption.content = f"<caption>{html.escape(heading or f'Tabell {tables}')}</caption>\n"
            out.append(caption)
    return out, replace(state, heading=heading, tables=tables)


def body_html(text: str, state: BodyState) -> tuple[str, BodyState]:
    """Markdown as accessible HTML, going on from `state` (BodyState() at a paper's start), and the state after."""
    md = _parser()
    tokens = md.parse(text)
    state = _levels(tokens, state)
    state = _classes(tokens, state)
    out, state = _tables(tokens, state)
    return md.renderer.render(out, md.options, {}), state


def markdown_to_html(text: str) -> Markup:
    """The canonical Markdown of a paper as accessible HTML."""
    return Markup(body_html(text, BodyState())[0])


@dataclass(frozen=True, slots=True)
class IndexEntry:
    href: str
    title: str
    group: str  # "kallelse", "handlingar", "protokoll"
    arende: int | None = None


def meeting_index(env: Environment, *, title: str, organisation: str, organ: str, datum: str,
                  entries: list[IndexEntry], anslag: tuple[str, str] | None,
                  all_meetings: str | None = "../index.html") -> bytes:
    """build/<meeting>/index.html: kallelse, handlingar per ärende, protokoll (and its anslag).

    all_meetings is the link to the index of every meeting; None where there is none to link to
    (publik/ and intern/ of a publish, which go elsewhere as they are).
    """
    handlingar: dict[int, list[IndexEntry]] = {}
    for e in entries:
        if e.group == "handlingar" and e.arende is not None:
            handlingar.setdefault(e.arende, []).append(e)
    page = env.get_template("_meeting_index.html.j2").render(
        title=title, organisation=organisation, organ=organ, datum=datum,
        kallelse=[e for e in entries if e.group == "kallelse"],
        handlingar=sorted(handlingar.items()), protokoll=[e for e in entries if e.group == "protokoll"],
        anslag=anslag, all_meetings=all_meetings)
    return page.encode("utf-8")


def write_meetings_index(env: Environment, out_root: Path, organisation: str) -> Path | None:
    """<out>/index.html: every built meeting with an index page, newest first.

    Written after a meeting's own atomic swap, from what is on disk, so it
    lists meetings built earlier too.
    """
    meetings = []
    for folder in out_root.iterdir() if out_root.is_dir() else ():
        match = _MEETING_DIR.match(folder.name)
        page = folder / INDEX
        if match and page.is_file():
            found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), flags=re.S)
            meetings.append({"href": f"{folder.name}/{INDEX}", "datum": match.group(1),
                             "title": html.unescape(found.group(1)) if found else folder.name})
    target = out_root / INDEX
    if not meetings:
        # No meeting page left to list (a later build or publish without html replaced them): no page of dead links.
        target.unlink(missing_ok=True)
        return None
    meetings.sort(key=lambda m: (m["datum"], m["href"]), reverse=True)
    data = env.get_template("_meetings_index.html.j2").render(
        title=f"Sammanträden – {organisation}", organisation=organisation, meetings=meetings).encode("utf-8")
    tmp = target.with_name(f".{INDEX}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)  # atomic, like the meeting folder
    return target


# The banner the Markdown templates put first on a constructed paper (papergen.render.context.konstruerat).
_KONSTRUERAT = re.compile(r"\A> (Konstruerat exempel – [^\n]*)\n")


def render_paper(env: Environment, name: str, canonical: str, title: str, organisation: str) -> bytes:
    """One paper's page from `<kind>.html.j2` and the paper's canonical Markdown."""
    banner = _KONSTRUERAT.match(canonical)
    return env.get_template(name).render(canonical=canonical, title=title, organisation=organisation,
                                         konstruerat=banner.group(1) if banner else "").encode("utf-8")


def index_entries(docs: list[PlannedDocument]) -> list[IndexEntry]:
    """What the meeting's index links to, by the plan of the build."""
    entries = []
    for doc in docs:
        if doc.kind.name == "kallelse":
            entries.append(IndexEntry(f"{doc.name}.html", doc.title, "kallelse"))
        elif doc.kind.scope == "arende" and isinstance(doc.subject, Arende):
            entries.append(IndexEntry(f"{doc.name}.html", doc.title, "handlingar", doc.subject.data.nummer))
        else:
            entries.append(IndexEntry(f"{doc.name}.html", doc.title, "protokoll"))
    return entries


def meeting_index_output(env: Environment, project: Project, meeting: Sammantrade,
                         docs: list[PlannedDocument], sources: tuple[str, ...],
                         all_meetings: str | None = "../index.html") -> Output:
    """index.html of the meeting, as an Output so it joins the meeting's atomic write."""
    anslag = None
    if meeting.protokoll is not None:
        # The justering's anslag: the first of the anslagsbevis (an omedelbart justerad § has its own after it).
        first = anslagsbevis_ctx(project, meeting)["anslag"][0]
        anslag = (first["uppsatt"], first["nedtas"])
    datum = meeting.data.datum.isoformat()
    data = meeting_index(env, title=f"Sammanträde {meeting.organ.namn} {datum}",
                         organisation=project.organisation.namn, organ=meeting.organ.namn, datum=datum,
                         entries=index_entries(docs), anslag=anslag, all_meetings=all_meetings)
    return Output("index", "html", INDEX, data, sources)
