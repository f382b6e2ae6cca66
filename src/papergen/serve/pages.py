"""What the preview adds to a built page: the findings beside it, the stop banner, downloads, live reload.

Owns only the additions; the page itself is the build's HTML, unchanged
(papergen.render.html owns it). The additions are package templates
(serve/templates/, autoescaped in a sandbox) put in at the page's landmarks:
the style before </head>, the banner at the top of <main>, the aside after
</main>, the script before </body>; a page without a landmark gets the part
at the end of the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemLoader

from papergen.diagnostics import Diagnostic, Severity, SourceLines
from papergen.render.templates import environment

_ENV = environment(FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True)
_LABELS = {Severity.ERROR: "fel", Severity.WARNING: "varning", Severity.INFO: "notering"}


@dataclass(frozen=True)
class Finding:
    """A diagnostic as the page shows it: where (file:line:col), what, and the source line."""

    where: str
    severity: str  # error, warning, info (the CSS class)
    label: str  # fel, varning, notering
    code: str
    message: str
    line: str = ""  # the source line it points at, when known

    @classmethod
    def of(cls, d: Diagnostic, lines: SourceLines | None = None) -> Finding:
        """`lines`: show the source line too (the stop banner, where the writer must find the fault)."""
        where, line = "", ""
        if d.span is not None:
            where = f"{d.span.path}:{d.span.line}:{d.span.column}"
            line = (lines.line(d.span.path, d.span.line) or "").strip() if lines is not None else ""
        return cls(where or "(hela sammanträdet)", d.severity.value, _LABELS[d.severity], d.code, d.message, line)


@dataclass(frozen=True)
class PageParts:
    page: str  # the page's own URL path, which the live-reload script watches for
    meeting: str
    findings: list[Finding] = field(default_factory=list)
    broken: list[Finding] = field(default_factory=list)  # what stopped the last build
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (label, relative href)


def _insert(html: str, marker: str, part: str, *, before: bool) -> str:
    at = html.find(marker)
    if at < 0:
        end = html.rfind("</body>")
        return html[:end] + part + html[end:] if end >= 0 else html + part
    at = at if before else at + len(marker)
    return html[:at] + part + html[at:]


def decorate(page: bytes, parts: PageParts) -> bytes:
    """The built page with the preview's parts; an empty page (nothing built yet) gets a frame of its own."""
    html = page.decode("utf-8") if page else _ENV.get_template("empty.html.j2").render(meeting=parts.meeting)
    html = _insert(html, "</head>", _ENV.get_template("head.html.j2").render(), before=True)
    html = html.replace("<body>", '<body class="pg-serve">', 1)
    if parts.broken:
        banner = _ENV.get_template("broken.html.j2").render(broken=parts.broken, shown=bool(page))
        html = _insert(html, '<main id="innehall">', "\n" + banner, before=False)
    aside = _ENV.get_template("aside.html.j2").render(findings=parts.findings, downloads=parts.downloads,
                                                     stale=bool(parts.broken))
    html = _insert(html, "</main>", "\n" + aside, before=False)
    html = _insert(html, "</body>", _ENV.get_template("script.html.j2").render(page=parts.page), before=True)
    return html.encode("utf-8")


def home_page(meetings: list[tuple[str, str]]) -> bytes:
    """The list of served meetings, each with a one-line state."""
    return _ENV.get_template("home.html.j2").render(meetings=meetings).encode("utf-8")
