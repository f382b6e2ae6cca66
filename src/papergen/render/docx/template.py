"""A .docx template, prepared once per process for many renders.

Owns what does not change between two renders of one template: every part of
its package (each compressed once), the Jinja source of the main document,
header, footer and footnote parts after docxtpl's own preprocessing
(DocxTemplate.patch_xml, which turns `{%p …%}`, `{{p …}}` and a tag split
over several runs into plain Jinja), each compiled once, the core properties
docxtpl renders, the style names and the numbering and relationships parts
that a render adds lists and hyperlinks to.

Loading opens the template with python-docx and saves it once, unrendered:
the parts a render leaves alone are then exactly what python-docx wrote when
it saved every render (parts reachable from the package relationships, XML
re-serialised, [Content_Types].xml rebuilt), without paying for it per paper.
The cache holds a few templates (keyed on path, content hash and Jinja
environment), so a long batch stays flat in memory.
"""

from __future__ import annotations

import functools
import hashlib
import io
import marshal
import os
import re
import tempfile
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, TemplateError
from lxml import etree

from papergen.render.docx.package import ZipPart
from papergen.render.docx.wordml import Styles
from papergen.render.templates import WordParts

# python-docx's parser settings: blank text between elements is dropped when a part is read.
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

# The core properties docxtpl renders as templates (the others it cannot write back as text).
CORE_PROPERTIES = ("creator", "description", "identifier", "language", "subject", "title")
_DC = "http://purl.org/dc/elements/1.1/"

_EMPTY_NUMBERING = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                    b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@functools.cache
def _docxtpl() -> Any:
    """docxtpl, for its text transformations (patch_xml, resolve_listing, fix_tables); never opens a file.

    Imported when first needed: a build whose templates were prepared by an
    earlier run and whose tables need no fix-up never loads docxtpl and
    python-docx (~0.15 s of every run).
    """
    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO())

_CACHE_SIZE = 16  # prepared templates a run keeps in memory


def load(path: Path, env: Environment,
         prepared: OrderedDict[tuple[str, bytes, Environment], WordTemplate] | None = None) -> WordTemplate:
    """The prepared template at `path` for `env`: from `prepared` (the run's, least recently used first)
    when its bytes are unchanged, else from the disk copy an earlier run made, else prepared now.

    The key holds the environment itself (not its id), so a template is never handed to another one.
    """
    data = path.read_bytes()
    key = (str(path), hashlib.sha256(data).digest(), env)
    found = prepared.get(key) if prepared is not None else None
    if found is not None:
        prepared.move_to_end(key)  # type: ignore[union-attr]
        return found
    template = _from_disk(data, env)
    if template is None:
        template = WordTemplate.prepare(data, env)
        _to_disk(data, template)
    if prepared is not None:
        prepared[key] = template
        while len(prepared) > _CACHE_SIZE:
            prepared.popitem(last=False)
    return template


def _disk_path(data: bytes) -> Path | None:
    """Where a prepared template is kept between runs: beside Jinja's compiled templates (a folder
    Jinja has checked is the user's own), named by the template's bytes and papergen's code."""
    from papergen.render.fingerprint import papergen_fingerprint
    from papergen.render.templates import bytecode_cache

    store = bytecode_cache()
    folder = getattr(store, "directory", None)
    if folder is None:
        return None
    digest = hashlib.sha256(papergen_fingerprint().encode() + b"\0" + data).hexdigest()
    return Path(folder) / f"papergen-word-{digest}.marshal"


def _from_disk(data: bytes, env: Environment) -> WordTemplate | None:
    """The template as an earlier run prepared it (opening and saving it with python-docx, compressing
    every part and docxtpl's preprocessing cost ~50 ms a template, a fifth of a meeting's build)."""
    path = _disk_path(data)
    if path is None:
        return None
    try:
        snapshot = marshal.loads(path.read_bytes())
        return WordTemplate.restore(snapshot, env)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None  # none yet, or unreadable: prepared again and rewritten


def _to_disk(data: bytes, template: WordTemplate) -> None:
    path = _disk_path(data)
    if path is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-papergen-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(template.snapshot()))
        os.replace(tmp, path)  # whole or not at all, also with builds running side by side
    except OSError:
        pass  # a cache that cannot be written only costs time


def compile_part(env: Environment, source: str) -> Template:
    """A part's Jinja source compiled, through the environment's bytecode cache when it has one.

    The name is the source's checksum, so one name always means one source; an
    environment without the part loader (a test's own) compiles from the string.
    """
    loader = env.loader
    if not isinstance(loader, WordParts):
        return env.from_string(source)
    name = "word-part-" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    loader.sources[name] = source
    try:
        return env.get_template(name)
    finally:
        del loader.sources[name]  # the compiled template is kept by the caller; the source need not be


def fix_tables(body: str) -> etree._Element:
    """docxtpl's fix_tables: the rendered body parsed leniently, table grids fitted to the cells.

    Parsed here as docxtpl parses it; docxtpl is asked only when a table's grid
    does not fit its cells (a `{%tc %}` loop), the one case where it changes the tree.
    """
    tree: etree._Element = etree.fromstring(body, etree.XMLParser(recover=True))
    if any(_grid_misfits(t) for t in tree.iter(f"{_W}tbl")):
        tree = _docxtpl().fix_tables(body)
    return tree


def _grid_misfits(table: etree._Element) -> bool:
    """docxtpl's fix_tables would change this table: a row has more cells than the grid has
    columns, or no row fills the grid (counting merged cells by their gridSpan), or there is
    no grid at all. Rows are counted as docxtpl counts them, nested tables' included."""
    grid = table.find(f"{_W}tblGrid")
    if grid is None:
        return True
    columns = len(grid.findall(f"{_W}gridCol"))
    widest = 0
    for row in table.iter(f"{_W}tr"):
        cells = row.findall(f"{_W}tc")
        if len(cells) > columns:
            return True
        spans = 0
        for cell in cells:
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            spans += int(span.get(f"{_W}val")) if span is not None else 1
        widest = max(widest, spans)
    return widest < columns


# The body's words for its papers ("Kallelse", "Dagordning") stood as literal text in the templates
# until they became data (papergen.model.praxis). docxtpl marks every w:t holding a tag space-preserving;
# these never have spaces at their ends, so they keep the literal text's plain w:t and a paper in
# the default words stays byte for byte what it was.
_WORDING = re.compile(r'<w:t xml:space="preserve">(\{\{ (?:titel|lista) \}\})</w:t>')


@dataclass(slots=True)
class JinjaPart:
    """One XML part as docxtpl hands it to Jinja, compiled on first use (as docxtpl did, so a
    syntax error is raised by the render that reaches it)."""

    name: str  # zip entry name
    source: str
    _compiled: Template | None = field(default=None, repr=False)

    @classmethod
    def of(cls, name: str, xml: str) -> JinjaPart:
        # docxtpl puts each paragraph on its own line, so Jinja's line numbers point at paragraphs.
        patched = _WORDING.sub(r"<w:t>\1</w:t>", _docxtpl().patch_xml(xml))
        return cls(name, re.sub(r"<w:p([ >])", r"\n<w:p\1", patched))

    def render(self, env: Environment, context: dict[str, Any]) -> str:
        """docxtpl's render_xml_part: Jinja, then its fix-ups of the output, errors with docx_context."""
        try:
            if self._compiled is None:
                self._compiled = compile_part(env, self.source)
            xml = self._compiled.render(context)
        except TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:
                start = max(exc.lineno - 4, 0)  # type: ignore[attr-defined]
                exc.docx_context = [re.sub(r"<[^>]+>", "", line)  # type: ignore[attr-defined]
                                    for line in self.source.splitlines()[start:start + 7]]
            raise
        # Undo of()'s line breaks; two replaces, as a regex with a group reference cost ~0.1 ms a part.
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(c in xml for c in "\t\a\n\f"):  # resolve_listing changes nothing without them
            xml = _docxtpl().resolve_listing(xml)
        return xml


@dataclass(slots=True)
class WordTemplate:
    """What every render of one template starts from; nothing in it changes after prepare()."""

    env: Environment
    parts: dict[str, ZipPart]  # every part of the package, compressed
    document: str  # main document part name
    document_shell: bytes  # the main document part with an empty w:body
    body: JinjaPart
    headers_footers: list[JinjaPart]  # headers, then footers, in relationship order
    footnotes: list[JinjaPart]  # from the raw part; docxtpl renders these once per section
    core: str  # core properties part name
    core_xml: bytes
    core_templates: dict[str, Template | None]  # property -> its compiled text (None until used)
    numbering: str
    numbering_xml: bytes
    rels: str  # the main document's relationships part
    rels_xml: bytes
    styles: Styles

    @classmethod
    def prepare(cls, data: bytes, env: Environment) -> WordTemplate:
        import docx
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docxtpl import DocxTemplate

        document = docx.Document(io.BytesIO(data))
        main = document.part
        # Every render made these exist: docxtpl reads the core properties (python-docx adds a default
        # part when there is none) and papergen's lists need a numbering part.
        core_part = main.package._core_properties_part  # creates python-docx's default when missing
        try:
            numbering_part = main.part_related_by(RT.NUMBERING)
        except KeyError:
            numbering_part = Part(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, _EMPTY_NUMBERING, main.package)
            main.relate_to(numbering_part, RT.NUMBERING)
        headers = [rel.target_part.partname for rel in main.rels.values()
                   if rel.reltype == DocxTemplate.HEADER_URI and rel.target_part.blob]
        footers = [rel.target_part.partname for rel in main.rels.values()
                   if rel.reltype == DocxTemplate.FOOTER_URI and rel.target_part.blob]
        footnotes = [p.partname for p in main.package.iter_parts() if p.content_type == CT.WML_FOOTNOTES]
        try:
            styles: str | None = main.part_related_by(RT.STYLES).partname
        except KeyError:
            styles = None
        buffer = io.BytesIO()
        document.save(buffer)
        with zipfile.ZipFile(buffer) as package:
            raw = {name: package.read(name) for name in package.namelist()}

        def name(partname: str) -> str:
            return partname.lstrip("/")

        def xml_of(partname: str) -> str:
            return etree.tostring(etree.fromstring(raw[name(partname)], PARSER), encoding="unicode")

        doc_name = name(main.partname)
        root = etree.fromstring(raw[doc_name], PARSER)
        body = root.find(f"{{{docx.oxml.ns.nsmap['w']}}}body")
        assert body is not None, "a Word document has a w:body"
        body_xml = etree.tostring(body, encoding="unicode")
        body.clear()
        core_name = name(core_part.partname)
        rels_name = name(main.partname.rels_uri)
        return cls(
            env=env,
            parts={n: ZipPart.of(n, b) for n, b in raw.items() if n not in (doc_name, core_name)},
            document=doc_name,
            document_shell=etree.tostring(root, encoding="UTF-8", standalone=True),
            body=JinjaPart.of(doc_name, body_xml),
            headers_footers=[JinjaPart.of(name(p), xml_of(p)) for p in (*headers, *footers)],
            footnotes=[JinjaPart.of(name(p), raw[name(p)].decode("utf-8")) for p in footnotes],
            core=core_name,
            core_xml=raw[core_name],
            core_templates=dict.fromkeys(CORE_PROPERTIES),
            numbering=name(numbering_part.partname),
            numbering_xml=raw[name(numbering_part.partname)],
            rels=rels_name,
            rels_xml=raw[rels_name],
            styles=Styles(raw[name(styles)] if styles is not None else None),
        )

    def snapshot(self) -> dict[str, Any]:
        """Everything prepare() worked out, as plain values (marshal can store them, and load no code)."""
        return {
            "parts": {n: (p.crc, p.size, p.deflated) for n, p in self.parts.items()},
            "document": self.document, "document_shell": self.document_shell, "body": self.body.source,
            "headers_footers": [(p.name, p.source) for p in self.headers_footers],
            "footnotes": [(p.name, p.source) for p in self.footnotes],
            "core": self.core, "core_xml": self.core_xml, "numbering": self.numbering,
            "numbering_xml": self.numbering_xml, "rels": self.rels, "rels_xml": self.rels_xml,
            "styles_xml": self.styles.source, "styles": self.styles.state(),
        }

    @classmethod
    def restore(cls, s: dict[str, Any], env: Environment) -> WordTemplate:
        return cls(
            env=env,
            parts={n: ZipPart(n, crc, size, deflated) for n, (crc, size, deflated) in s["parts"].items()},
            document=s["document"], document_shell=s["document_shell"], body=JinjaPart(s["document"], s["body"]),
            headers_footers=[JinjaPart(n, src) for n, src in s["headers_footers"]],
            footnotes=[JinjaPart(n, src) for n, src in s["footnotes"]],
            core=s["core"], core_xml=s["core_xml"], core_templates=dict.fromkeys(CORE_PROPERTIES),
            numbering=s["numbering"], numbering_xml=s["numbering_xml"], rels=s["rels"], rels_xml=s["rels_xml"],
            styles=Styles.restored(s["styles_xml"], tuple(s["styles"])),
        )

    def core_properties(self, context: dict[str, Any]) -> bytes:
        """docxtpl's render_properties: each text property of the template rendered with Jinja."""
        root = etree.fromstring(self.core_xml, PARSER)
        for prop in CORE_PROPERTIES:
            tag = f"{{{_DC}}}{prop}"
            element = root.find(tag)
            compiled = self.core_templates[prop]
            if compiled is None:
                initial = element.text or "" if element is not None else ""
                compiled = self.core_templates[prop] = compile_part(self.env, initial)
            value = str(compiled.render(context))
            if len(value) > 255:  # python-docx's limit for a core property
                raise ValueError(f"exceeded 255 char limit for property, got:\n\n'{value}'")
            if element is None:
                element = etree.SubElement(root, tag)
            element.text = value
        return etree.tostring(root, encoding="UTF-8", standalone=True)
