"""Template search path and the single Jinja environment factory.

Owns where templates come from (first hit wins: templates/<organ id>/ for one
body of the organisation, templates/<organisation>/, then templates/default/
in the project, then the defaults packaged with papergen) and the one Jinja policy (StrictUndefined, so a
missing value is an error, never an empty string). What a template is given
is papergen.render.context.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from papergen.render.text import markdown_filter

# The defaults ship inside the package, so an installed papergen works anywhere.
PACKAGED = Path(__file__).resolve().parent.parent / "templates" / "default"


def slug(name: str) -> str:
    """'Region Örebro län' -> 'region-orebro-lan': the organisation's template folder."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(c if c.isalnum() else " " for c in folded.lower()).split())


@dataclass(frozen=True, slots=True)
class TemplatePath:
    dirs: tuple[Path, ...]

    @classmethod
    def for_project(cls, root: Path, organisation: str, organ: str | None = None) -> TemplatePath:
        """templates/<organ id>/ (one body's own look, when given), templates/<organisation>/, default/, packaged."""
        base = root / "templates"
        own = (base / organ,) if organ else ()
        return cls((*own, base / slug(organisation), base / "default", PACKAGED))

    def resolve(self, name: str) -> Path | None:
        for d in self.dirs:
            candidate = d / name
            if candidate.is_file():
                return candidate
        return None

    def searched(self) -> str:
        return ", ".join(f"{d.as_posix()}/" for d in self.dirs)


def text_environment(path: TemplatePath) -> Environment:
    """Environment for the canonical Markdown: no HTML escaping, strict variables."""
    env = Environment(
        loader=FileSystemLoader([str(d) for d in path.dirs]),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: "&" must stay "&"
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown_filter
    return env


class _CompileOnce(Environment):
    """docxtpl compiles each XML part with from_string on every render; the parts of one .docx
    template are the same text each time, so each is compiled once per process (bounded, so a
    long batch stays flat in memory)."""

    _LIMIT = 256

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        found = self._compiled.get(source)
        if found is None:
            if len(self._compiled) >= self._LIMIT:
                self._compiled.clear()
            found = self._compiled[source] = super().from_string(source)
        return found


@cache
def docx_environment() -> Environment:
    """Environment docxtpl renders Word XML with: escaping on, strict variables; one per process."""
    return _CompileOnce(undefined=StrictUndefined, autoescape=True)
