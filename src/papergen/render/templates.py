"""Template search path and the single Jinja environment factory.

Owns where templates come from (first hit wins: templates/<organ id>/ for one
body of the organisation, templates/<organisation>/, then templates/default/
in the project, then the defaults packaged with papergen) and the one Jinja policy (StrictUndefined, so a
missing value is an error, never an empty string). What a template is given
is papergen.render.context.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
)

from papergen.reads import Reads
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
    # name -> where it was found; one build asks ~60 times. A new TemplatePath per build sees new files.
    _found: dict[str, Path | None] = field(default_factory=dict, compare=False, repr=False)
    # Notes every place a template was looked for, found or not (papergen.reads): one added in a
    # folder earlier in the path wins from then on.
    reads: Reads | None = field(default=None, compare=False, repr=False)

    @classmethod
    def for_project(cls, root: Path, organisation: str, organ: str | None = None,
                    reads: Reads | None = None) -> TemplatePath:
        """templates/<organ id>/ (one body's own look, when given), templates/<organisation>/, default/, packaged."""
        base = root / "templates"
        own = (base / organ,) if organ else ()
        return cls((*own, base / slug(organisation), base / "default", PACKAGED), reads=reads)

    def resolve(self, name: str) -> Path | None:
        if name not in self._found:
            self._found[name] = next((d / name for d in self.dirs if self._look(d / name)), None)
        return self._found[name]

    def _look(self, path: Path) -> bool:
        if self.reads is not None:
            self.reads.file(path)
        return path.is_file()

    def searched(self) -> str:
        return ", ".join(f"{d.as_posix()}/" for d in self.dirs)


@cache
def bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs (Jinja's own cache, in the user's temporary folder).

    Compiling the templates was a fifth of a meeting's build; an entry is keyed on
    the template's name and the checksum of its source, so an edited template is
    compiled again and a stale entry is never used. Without a usable temporary
    folder there is no cache, only slower builds.
    """
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # Jinja refuses a temporary folder it cannot use safely
        return None


def text_environment(path: TemplatePath) -> Environment:
    """Environment for the canonical Markdown: no HTML escaping, strict variables."""
    env = Environment(
        loader=FileSystemLoader([str(d) for d in path.dirs]),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: "&" must stay "&"
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
    )
    env.filters["markdown"] = markdown_filter
    return env


class WordParts(BaseLoader):
    """The Jinja source of each part of a .docx template, by a name made of its checksum
    (papergen.render.docx_template): loading them by name lets the bytecode cache keep them.

    Each environment has its own; a source is held only while its part is compiled.
    """

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, None]:
        source = self.sources.get(template)
        if source is None:
            raise TemplateNotFound(template)
        return source, None, None  # as FunctionLoader gave it: no file, never stale (the name is its checksum)


def docx_environment() -> Environment:
    """Environment Word XML is rendered with: escaping on, strict variables.

    A run makes one (papergen.api keeps it in the run's memo) and compiles each part of a
    .docx template once with it (papergen.render.docx_template); between runs the bytecode
    cache keeps the compiled parts.
    """
    return Environment(loader=WordParts(), undefined=StrictUndefined, autoescape=True,
                       bytecode_cache=bytecode_cache())
