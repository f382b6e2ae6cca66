"""--format html: every paper as a standalone accessible page, the meeting's index and the index of meetings."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO

from papergen import api
from papergen.render.html import markdown_to_html


class _Page(HTMLParser):
    """What the accessibility checks need from a page: lang, title, headings, tables, links."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.headings: list[int] = []
        self.th_scopes: list[str | None] = []
        self.tables = 0
        self.captions = 0
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.stylesheets: list[str | None] = []
        self.css = ""
        self._in_title = False
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a and a["id"]:
            self.ids.add(a["id"])
        if tag == "title":
            self._in_title = True
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "th":
            self.th_scopes.append(a.get("scope"))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "a":
            self.links.append(a.get("href") or "")
        if tag == "style":
            self.stylesheets.append(a.get("media"))
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_style:
            self.css += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=out, formats=("md", "html"))
    assert not report.blocked
    return out


def test_every_paper_is_an_accessible_page(built: Path) -> None:
    folder = built / "meeting-2020-02-14"
    pages = sorted(folder.glob("*.html"))
    assert len(pages) == 32  # 31 papers (with the 2 budget bilagor and 3 delegationsbeslut) and the index
    for path in pages:
        page = _parse(path)
        assert page.lang == "sv", path.name
        assert page.title.strip(), path.name
        assert page.headings.count(1) == 1, f"{path.name}: {page.headings}"
        assert page.headings[0] == 1, path.name
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{path.name}: heading jumps from h{before} to h{after}"
        assert all(scope in ("col", "row") for scope in page.th_scopes), path.name
        assert page.captions == page.tables, path.name
        # Skip link to the main content, and the papers' stylesheet with its print rules for A4.
        assert page.links and page.links[0] == "#innehall" and "innehall" in page.ids, path.name
        assert "@media print {" in page.css and "@page { size: A4; margin: 2.5cm 2.5cm 2cm 2.5cm; }" in page.css, \
            path.name
    protokoll = _parse(folder / "protokoll.html")
    assert protokoll.tables >= 1 and "col" in protokoll.th_scopes  # the omröstning in § 7


def test_kallelse_keeps_its_lists_and_att_satser(built: Path) -> None:
    text = (built / "meeting-2020-02-14" / "kallelse.html").read_text(encoding="utf-8")
    assert "<h1>Kallelse</h1>" in text and "<h2>Föredragningslista</h2>" in text
    assert "<li>Irén Lejegren (S), ordförande</li>" in text
    # One att-sats per line, as in the canonical text; each its own block with "att" apart (hanging, as in Word).
    assert ('samt</span><br />\n<span class="att-sats"><span class="att">att</span> överlämna den') in text


def test_meeting_index_links_every_paper_and_the_anslag(built: Path) -> None:
    folder = built / "meeting-2020-02-14"
    index = (folder / "index.html").read_text(encoding="utf-8")
    page = _parse(folder / "index.html")
    papers = {p.name for p in folder.glob("*.html")} - {"index.html"}
    assert papers <= set(page.links)
    assert "Handlingar per ärende" in index and "Ärende 5" in index
    assert "Anslaget från 2020-02-2" in index
    top = _parse(built / "index.html")
    assert "meeting-2020-02-14/index.html" in top.links and top.lang == "sv"


def test_meetings_index_is_newest_first(tmp_path: Path) -> None:
    for meeting in ("meeting-2020-02-14", "meeting-2020-03-20"):
        assert not api.build(REPO, REPO / "content" / meeting, out_root=tmp_path, formats=("html",)).blocked
    links = [h for h in _parse(tmp_path / "index.html").links if h.startswith("meeting-")]
    assert links == ["meeting-2020-03-20/index.html", "meeting-2020-02-14/index.html"]


def test_text_is_escaped_and_headings_do_not_jump() -> None:
    source = "# A\n\n#### <script>x</script> & co\n\n# B\n\n## C\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    out = str(markdown_to_html(source))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<h2>&lt;script" in out and "<h2>B</h2>" in out and "<h3>C</h3>" in out
    assert '<th scope="col">a</th>' in out and "<caption>C</caption>" in out


# --- the papers' look: papers.css, overridable like every template -------------------------------------------


def test_pages_carry_the_papers_stylesheet_after_the_word_template(built: Path) -> None:
    css = (REPO / "src" / "papergen" / "templates" / "default" / "papers.css").read_text(encoding="utf-8")
    for path in sorted((built / "meeting-2020-02-14").glob("*.html")):
        assert _parse(path).css.startswith(f"\n{css}"), path.name  # inline: every page stands alone
    # Arial 11 pt and the Word headings; the paper's head and its facts are named for the stylesheet.
    assert "font-family: Arial, Helvetica, sans-serif; font-size: 11pt;" in css and "Times" not in css
    pm = (built / "meeting-2020-02-14" / "pm-03.html").read_text(encoding="utf-8")
    assert '<p class="organisation">Region Örebro län</p>\n<ul class="uppgifter">' in pm
    # Dates stay whole on a line but keep their plain hyphens, so a search for the date finds it.
    assert '<li>Sammanträdesdatum: <span class="datum">2020-02-14</span></li>' in pm


def test_konstruerat_banner_is_marked_and_never_hidden(built: Path) -> None:
    page = (built / "meeting-2020-02-14" / "protokoll.html").read_text(encoding="utf-8")
    assert '<blockquote class="konstruerat">\n<p>Konstruerat exempel – inte ett verkligt protokoll</p>' in page
    assert '@top-center { content: "Konstruerat exempel – inte ett verkligt protokoll";' in page  # every page
    css = _parse(built / "meeting-2020-02-14" / "protokoll.html").css
    hidden = [rule for rule in css.split("}") if "display: none" in rule]
    assert hidden and not any("konstruerat" in rule or "blockquote" in rule for rule in hidden)


def test_an_organisation_overrides_papers_css(minimal: Path) -> None:
    own = minimal / "templates" / "testkommunen"
    own.mkdir(parents=True)
    # Text from the project cannot end the <style> element: "</" is written "<\/", the same in CSS.
    (own / "papers.css").write_text('body { font-family: "Verdana"; }\n/* </style><script>x</script> */\n',
                                    encoding="utf-8")
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("html",), use_cache=True)
    assert not report.blocked
    page = (minimal / "build" / "meeting-2021-03-12" / "pm-01.html").read_text(encoding="utf-8")
    assert '<style>\nbody { font-family: "Verdana"; }\n/* <\\/style><script>x<\\/script> */\n</style>' in page
    assert "<script>" not in page.replace("<\\/style><script>", "")
    # The build cache knows the stylesheet: a changed papers.css gives changed pages.
    (own / "papers.css").write_text("body { font-family: Georgia; }\n", encoding="utf-8")
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("html",), use_cache=True)
    assert not report.blocked
    page = (minimal / "build" / "meeting-2021-03-12" / "pm-01.html").read_text(encoding="utf-8")
    assert "<style>\nbody { font-family: Georgia; }\n</style>" in page


def test_a_papers_css_that_is_not_utf8_is_located_and_nothing_is_written(minimal: Path) -> None:
    own = minimal / "templates" / "testkommunen"
    own.mkdir(parents=True)
    (own / "papers.css").write_bytes(b"body {}\nh1 { content: '\xff'; }\n")
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", formats=("html",))
    assert report.blocked and not report.written
    assert [(d.code, d.message, d.span.path, d.span.line, d.span.column) for d in report.diagnostics
            if d.code == "PG100"] == [("PG100", "filen är inte UTF-8 (byte 23); spara den som UTF-8",
                                       "templates/testkommunen/papers.css", 2, 16)]
