"""The Word backend on its own: templates prepared once, parts written as WordprocessingML, the zip.

The templates here are made with python-docx in the test, so each case says
what it has: restyled styles, tags split over runs, a row loop, a template
without a numbering part. docxtpl's own render of the same template is the
oracle for everything that is not a Rich value.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import docx
import jinja2
import pytest
from docxtpl import DocxTemplate
from jinja2 import Environment
from lxml import etree

from papergen.model.format import typografi
from papergen.render.context import Rich
from papergen.render.docx import template as docx_template
from papergen.render.docx.package import ZipPart, normalise_docx, write_zip
from papergen.render.docx.render import render_docx
from papergen.render.templates import docx_environment
from papergen.source.markdown import parse_blocks

STAMP = dt.datetime(2021, 3, 12, 9, 0, tzinfo=dt.UTC)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKDOWN = ("## Bakgrund\n\nA & B <c [länk](https://example.org/?a=1&b=2) och [igen](https://example.org/?a=1&b=2).\n\n"
            "1. ett\n   - inre\n2. två\n\n- punkt\n\n| Post | Belopp |\n|---|---:|\n| Personal | 10 kr |\n")


def rich(text: str = MARKDOWN) -> Rich:
    blocks, problems = parse_blocks(text, "x.md", 1)
    assert problems == []
    return Rich(blocks)


def make_template(path: Path, *, restyle: bool = False, split_tag: bool = False) -> Path:
    """A template with a body Rich value, a header, a row loop and a templated core title."""
    d = docx.Document()
    d.add_paragraph("Rubrik: {{ rubrik }}")
    if split_tag:  # as Word saves a tag typed in two goes: the tag spread over runs
        p = d.add_paragraph()
        p.add_run("{{ ru")
        p.add_run("brik }}")
    d.add_paragraph("{%p if visa %}")
    d.add_paragraph("Visas: {{ rubrik }}")
    d.add_paragraph("{%p endif %}")
    d.add_paragraph("{{p text }}")
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for rad in rader %}"
    table.cell(1, 0).text = "{{ rad.namn }}"
    table.cell(1, 1).text = "{{ rad.belopp }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    d.sections[0].header.paragraphs[0].text = "Dnr {{ dnr }}"
    d.core_properties.title = "{{ rubrik }}"
    if restyle:  # as a Swedish Word saves them: built-in names, own ids; no List Paragraph at all
        d.styles["Heading 2"].style_id = "Rubrik2"
        d.styles["Table Grid"].style_id = "Tabellrutnt"
        d.styles["List Paragraph"].delete()
    d.save(str(path))
    return path


def context(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"rubrik": "Budget 2021 – 10 kr", "visa": True, "text": rich(), "dnr": "RS 2021/1",
                            "rader": [{"namn": "A & B", "belopp": "1 000 kr"}, {"namn": "C", "belopp": "2 kr"}]}
    return base | over


def typografi_all(value: Any) -> Any:
    """Every string as the backend places it in Word."""
    if isinstance(value, str):
        return typografi(value)
    if isinstance(value, dict):
        return {k: typografi_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typografi_all(v) for v in value]
    return value


def render(template: Path, ctx: dict[str, Any] | None = None, *, env: Environment | None = None,
           prepared: OrderedDict[Any, Any] | None = None) -> bytes:
    """A render as a run makes it: with the run's environment and prepared templates when given,
    else as a new run (nothing in memory; only the copies on disk)."""
    return render_docx(template, ctx or context(), env or docx_environment(), title="Titel & mer", stamp=STAMP,
                       prepared=prepared)


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def body(data: bytes) -> etree._Element:
    return etree.fromstring(parts(data)["word/document.xml"])


def test_the_same_render_twice_and_from_a_cold_cache_is_the_same_bytes(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx")
    env, prepared = docx_environment(), OrderedDict()
    first = render(template, env=env, prepared=prepared)
    assert render(template, env=env, prepared=prepared) == first
    assert len(prepared) == 1  # the run kept it
    assert render(template) == first  # another run, with nothing in memory


def test_without_rich_values_it_is_what_docxtpl_made(tmp_path: Path) -> None:
    """docxtpl's render and python-docx's save, normalised, is the oracle: every part equal."""
    template = make_template(tmp_path / "t.docx", split_tag=True)
    ctx = context(text="")
    tpl = DocxTemplate(str(template))
    tpl.render(typografi_all(ctx), jinja_env=docx_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    expected = normalise_docx(buffer.getvalue(), STAMP, "Titel & mer")
    assert parts(render(template, ctx)) == parts(expected)
    assert render(template, ctx) == expected


def test_a_column_loop_gets_its_grid_fitted_as_docxtpl_fits_it(tmp_path: Path) -> None:
    """{%tc %} makes more cells than the grid has columns: the one case docxtpl's fix_tables is asked."""
    d = docx.Document()
    table = d.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "{%tc for k in kolumner %}"
    table.cell(0, 1).text = "{{ k }}"
    table.cell(0, 2).text = "{%tc endfor %}"
    template = tmp_path / "kolumner.docx"
    d.save(str(template))
    ctx = {"kolumner": ["A", "B", "C", "D"]}
    tpl = DocxTemplate(str(template))
    tpl.render(ctx, jinja_env=docx_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    expected = normalise_docx(buffer.getvalue(), STAMP, "Titel & mer")
    assert render(template, ctx) == expected
    assert len(body(expected).findall(f".//{W}gridCol")) == 4


def test_a_warm_build_does_not_load_docxtpl(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = ("import sys\nfrom pathlib import Path\nfrom papergen import api\n"
             "root = Path(sys.argv[1])\n"
             "api.build(root, root / 'content' / 'meeting-2020-03-20', out_root=Path(sys.argv[2]), formats=('docx',))\n"
             "print(sorted(m for m in ('docxtpl', 'docx') if m in sys.modules))\n")
    repo = Path(__file__).resolve().parents[1]
    runs = [subprocess.run([sys.executable, "-c", probe, str(repo), str(tmp_path / str(i))], capture_output=True,
                           text=True, check=True).stdout.strip() for i in range(2)]
    assert runs[1] == "[]"  # the templates were prepared by the first run; no table needed docxtpl's fix-up


def test_rich_values_become_word_constructs(tmp_path: Path) -> None:
    data = render(make_template(tmp_path / "t.docx"))
    root = body(data)
    styles = root.xpath("//w:pStyle/@w:val", namespaces={"w": W[1:-1]})
    assert "Heading2" in styles and "ListParagraph" in styles
    assert root.xpath("//w:tbl/w:tblPr/w:tblStyle/@w:val", namespaces={"w": W[1:-1]}) == ["TableGrid"]
    # The header row repeats (w:tblHeader, on without a value: the SDK's schema allows no val="true")
    assert len(root.xpath("//w:tr/w:trPr/w:tblHeader", namespaces={"w": W[1:-1]})) == 1
    text = "".join(root.itertext())
    assert "A & B <c" in text and "10\u00a0kr" in text  # escaped as XML, typografi applied
    links = root.findall(f".//{W}hyperlink")
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    assert len(links) == 2 and links[0].get(rel) == links[1].get(rel)  # one URL, one relationship
    rels = etree.fromstring(parts(data)["word/_rels/document.xml.rels"])
    ids = [r.get("Id") for r in rels]
    assert len(ids) == len(set(ids))
    (hyperlink,) = [r for r in rels if r.get("Id") == links[0].get(rel)]
    assert hyperlink.get("Target") == "https://example.org/?a=1&b=2" and hyperlink.get("TargetMode") == "External"


def test_each_list_restarts_and_numbering_keeps_schema_order(tmp_path: Path) -> None:
    data = render(make_template(tmp_path / "t.docx"))
    numbering = etree.fromstring(parts(data)["word/numbering.xml"])
    tags = [etree.QName(child).localname for child in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")
    num_ids = body(data).xpath("//w:numPr/w:numId/@w:val", namespaces={"w": W[1:-1]})
    assert len(set(num_ids)) == 3  # "1. ett", its inner list, "- punkt": three lists, three w:num


def test_a_restyled_template_gets_its_own_style_ids(tmp_path: Path) -> None:
    data = render(make_template(tmp_path / "t.docx", restyle=True))
    root = body(data)
    ns = {"w": W[1:-1]}
    assert "Rubrik2" in root.xpath("//w:pStyle/@w:val", namespaces=ns)
    assert root.xpath("//w:tbl/w:tblPr/w:tblStyle/@w:val", namespaces=ns) == ["Tabellrutnt"]
    # No List Paragraph in this template: the items are numbered all the same, in Normal.
    assert "ListParagraph" not in root.xpath("//w:pStyle/@w:val", namespaces=ns)
    assert len(root.xpath("//w:numPr", namespaces=ns)) == 4
    defined = set(etree.fromstring(parts(data)["word/styles.xml"]).xpath("//w:style/@w:styleId", namespaces=ns))
    assert set(root.xpath("//w:pStyle/@w:val | //w:tblStyle/@w:val", namespaces=ns)) <= defined


def test_a_template_without_numbering_part_gets_one(tmp_path: Path) -> None:
    source = parts(make_template(tmp_path / "t.docx").read_bytes())
    del source["word/numbering.xml"]
    source["word/_rels/document.xml.rels"] = re.sub(rb'<Relationship [^>]*Target="numbering.xml"/>', b"",
                                                    source["word/_rels/document.xml.rels"])
    source["[Content_Types].xml"] = re.sub(rb'<Override PartName="/word/numbering.xml"[^>]*/>', b"",
                                           source["[Content_Types].xml"])
    template = tmp_path / "utan-numrering.docx"
    template.write_bytes(write_zip(ZipPart.of(n, b) for n, b in source.items()))
    out = parts(render(template))
    numbering = etree.fromstring(out["word/numbering.xml"])
    assert len(numbering.findall(f"{W}num")) == 3
    assert b"numbering.xml" in out["word/_rels/document.xml.rels"]
    assert b"/word/numbering.xml" in out["[Content_Types].xml"]


def test_header_and_core_properties_are_rendered(tmp_path: Path) -> None:
    out = parts(render(make_template(tmp_path / "t.docx")))
    header = next(v for k, v in out.items() if k.startswith("word/header"))
    assert b"Dnr RS 2021/1" in header
    core = out["docProps/core.xml"].decode()
    assert "<dc:title>Titel &amp; mer</dc:title>" in core
    assert "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2021-03-12T09:00:00Z</dcterms:modified>" in core


def test_jinja_errors_propagate_with_the_template_text_around_them(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx")
    for missing in ("rubrik", "dnr"):  # in the body, in the header
        with pytest.raises(jinja2.UndefinedError, match=missing):
            render(template, {k: v for k, v in context().items() if k != missing})

    broken = tmp_path / "trasig.docx"
    d = docx.Document()
    d.add_paragraph("Före")
    d.add_paragraph("{% if %}")
    d.save(str(broken))
    for _ in range(2):  # a template that does not compile fails every time, not once
        with pytest.raises(jinja2.TemplateSyntaxError) as caught:
            render(broken)
        assert "{% if %}" in list(caught.value.docx_context)  # type: ignore[attr-defined]


def test_a_changed_template_at_the_same_path_is_prepared_again(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx")
    before = body(render(template))
    d = docx.Document(str(template))
    d.add_paragraph("Ny rad {{ dnr }}")
    d.save(str(template))
    after = body(render(template))
    assert "Ny rad RS 2021/1" in "".join(after.itertext())
    assert "Ny rad" not in "".join(before.itertext())


def test_the_template_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_template, "_CACHE_SIZE", 3)
    template = make_template(tmp_path / "t.docx")
    env, prepared = docx_environment(), OrderedDict()
    first = render(template, env=env, prepared=prepared)
    for i in range(5):
        copy = tmp_path / f"kopia-{i}.docx"
        copy.write_bytes(template.read_bytes())
        assert render(copy, env=env, prepared=prepared) == first
    assert len(prepared) == 3
    assert render(template, env=env, prepared=prepared) == first  # evicted, prepared again, the same bytes


def test_memory_stays_flat_over_many_renders(tmp_path: Path) -> None:
    import tracemalloc

    template = make_template(tmp_path / "t.docx")
    for _ in range(5):
        render(template)
    tracemalloc.start()
    try:
        for _ in range(10):
            render(template)
        first, _ = tracemalloc.get_traced_memory()
        for _ in range(50):
            render(template)
        second, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert second - first < 256 * 1024


def test_zip_is_readable_with_correct_crcs_and_what_zipfile_writes() -> None:
    entries = {"word/document.xml": b"<w:document/>" * 100, "[Content_Types].xml": b"<Types/>",
               "customXml/\u00e4ndrad.xml": "åäö".encode(), "docProps/tom.xml": b""}
    data = write_zip(ZipPart.of(n, b) for n, b in entries.items())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every CRC checks out
        assert z.namelist() == ["[Content_Types].xml", "customXml/\u00e4ndrad.xml", "docProps/tom.xml",
                                "word/document.xml"]
        assert {n: z.read(n) for n in z.namelist()} == entries
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(entries, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, entries[name], compresslevel=6)
    assert data == expected.getvalue()


def test_word_parts_are_compiled_once_across_runs_through_the_bytecode_cache() -> None:
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket

    from papergen.render.docx.template import compile_part
    from papergen.render.templates import WordParts

    class Memory(BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}
            self.written = 0

        def load_bytecode(self, bucket: Bucket) -> None:
            if bucket.key in self.store:
                bucket.bytecode_from_string(self.store[bucket.key])

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()
            self.written += 1

    memory = Memory()

    loaders: list[WordParts] = []

    def env() -> Environment:  # a fresh process: a new environment, the same cache on disk
        loaders.append(WordParts())
        return Environment(loader=loaders[-1], bytecode_cache=memory)

    assert compile_part(env(), "<w:t>{{ a }}</w:t>").render(a="x") == "<w:t>x</w:t>"
    assert compile_part(env(), "<w:t>{{ a }}</w:t>").render(a="y") == "<w:t>y</w:t>"
    assert memory.written == 1  # the second run loaded the compiled code
    assert compile_part(env(), "<w:t>{{ a }}!</w:t>").render(a="z") == "<w:t>z!</w:t>"
    assert memory.written == 2  # another source is compiled, never confused with the first
    assert all(loader.sources == {} for loader in loaders)  # a part's source is held only while compiled


def test_a_template_prepared_by_an_earlier_run_renders_the_same_bytes(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    template = make_template(tmp_path / "t.docx")
    path = docx_template._disk_path(template.read_bytes())
    assert path is not None
    path.unlink(missing_ok=True)
    first = render(template)  # prepared with python-docx, and kept on disk
    assert path.is_file()
    # render() is a new run each time: only the disk copy is left
    monkeypatch.setattr(docx_template.WordTemplate, "prepare", lambda *a: pytest.fail("prepared again"))
    assert render(template) == first
    path.write_bytes(b"not marshal")  # a damaged copy is prepared again, never trusted
    monkeypatch.undo()
    assert render(template) == first
