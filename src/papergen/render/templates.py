"""Template search path and the single Jinja environment factory.

Owns where templates come from (first hit wins: templates/<organ id>/ for one
body of the organisation, templates/<organisation>/, then templates/default/
in the project, then the defaults packaged with papergen) and the one Jinja policy (StrictUndefined, so a
missing value is an error, never an empty string; every environment is Jinja's immutable sandbox, because a
project's templates come from a repository anyone may send a pull request to, and must not reach Python's
internals or change the values they are given). What a template is given
is papergen.render.context.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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
from jinja2.sandbox import ImmutableSandboxedEnvironment

from papergen.model.reads import Reads
from papergen.model.schema import ID_PATTERN
from papergen.render.markdown import markdown_filter

# The defaults ship inside the package, so an installed papergen works anywhere.
PACKAGED = Path(__file__).resolve().parent.parent / "templates" / "default"
_ID = re.compile(ID_PATTERN)  # what an organ id may be


def slug(name: str) -> str:
    """'Region Örebro län' -> 'region-orebro-lan': the organisation's template folder."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(c if c.isalnum() else " " for c in folded.lower()).split())


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system names no file
        return False


@dataclass(frozen=True, slots=True)
class TemplatePath:
    dirs: tuple[Path, ...]
    # name -> where it was found; one build asks ~60 times. A new TemplatePath per build sees new files.
    _found: dict[str, Path | None] = field(default_factory=dict, compare=False, repr=False)
    # Notes every place a template was looked for, found or not (papergen.model.reads): one added in a
    # folder earlier in the path wins from then on.
    reads: Reads | None = field(default=None, compare=False, repr=False)

    @classmethod
    def for_project(cls, root: Path, organisation: str, organ: str | None = None,
                    reads: Reads | None = None) -> TemplatePath:
        """templates/<organ id>/ (one body's own look, when given), templates/<organisation>/, default/, packaged."""
        base = root / "templates"
        # The schema lets only a slug through as organ id; checked again here, where it becomes a path.
        own = (base / organ,) if organ and _ID.fullmatch(organ) and len(organ) <= 64 else ()
        named = (base / slug(organisation),) if slug(organisation) else ()
        return cls((*own, *named, base / "default", PACKAGED), reads=reads)

    def root_of(self, folder: Path) -> Path:
        """The folder a template found in `folder` must really lie in: the packaged defaults,
        or the project's templates/ (a link from one organ's folder to default/ is fine)."""
        return PACKAGED if folder == PACKAGED else folder.parent.resolve()

    def inside(self, folder: Path, found: Path) -> bool:
        """Whether `found` (under `folder`), links followed, stays inside its root."""
        return found.resolve().is_relative_to(self.root_of(folder))

    def resolve(self, name: str) -> Path | None:
        """The first template called `name`; a file that is a link out of its root is passed over."""
        if name not in self._found:
            self._found[name] = next((d / name for d in self.dirs if self._look(d / name) and self.inside(d, d / name)),
                                     None)
        return self._found[name]

    def _look(self, path: Path) -> bool:
        if self.reads is not None:
            self.reads.file(path)
        return _is_file(path)

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


class ConfinedLoader(FileSystemLoader):
    """Jinja's file loader (which already refuses '..' in a name), refusing also a template,
    loaded or included, that is a link out of its root (TemplatePath.inside)."""

    def __init__(self, path: TemplatePath) -> None:
        super().__init__([str(d) for d in path.dirs])
        self.path = path

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        found = Path(filename)
        folder = next((d for d in self.path.dirs if found.is_relative_to(d)), None)
        if folder is None or not self.path.inside(folder, found):
            raise TemplateNotFound(template, f"mallen '{template}' är en symbolisk länk ut ur mallmappen; "
                                             "kopiera in mallen i stället")
        return source, filename, uptodate


def environment(loader: BaseLoader, *, autoescape: bool, keep_trailing_newline: bool = True) -> Environment:
    """The one way papergen makes a Jinja environment (Markdown, HTML, Word, the preview's pages).

    Sandboxed and immutable: a template is untrusted input, it may place values and loop over them,
    never reach Python's internals or change the context. Strict: a misspelt variable is an error,
    not an empty string. Compiled templates are kept in the bytecode cache between runs.
    """
    return ImmutableSandboxedEnvironment(loader=loader, undefined=StrictUndefined, autoescape=autoescape,
                                         keep_trailing_newline=keep_trailing_newline,
                                         bytecode_cache=bytecode_cache())


def text_environment(path: TemplatePath) -> Environment:
    """Environment for the canonical Markdown: no HTML escaping (Markdown, not HTML: "&" must stay "&")."""
    env = environment(ConfinedLoader(path), autoescape=False)
    env.filters["markdown"] = markdown_filter
    return env


class WordParts(BaseLoader):
    """The Jinja source of each part of a .docx template, by a name made of its checksum
    (papergen.render.docx.template): loading them by name lets the bytecode cache keep them.

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
    .docx template once with it (papergen.render.docx.template); between runs the bytecode
    cache keeps the compiled parts.
    """
    return environment(WordParts(), autoescape=True, keep_trailing_newline=False)


@cache
def template_label(template: Path, root: Path) -> str:
    """A project template by its path in the project; a packaged one as papergen:<path>."""
    if template.is_relative_to(root):
        return template.relative_to(root).as_posix()
    if template.is_relative_to(PACKAGED.parent):
        return "papergen:" + template.relative_to(PACKAGED.parent).as_posix()
    return template.as_posix()
