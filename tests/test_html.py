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
        self._in_title = False

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

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


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
        # Skip link to the main content, and a stylesheet for print.
        assert page.links and page.links[0] == "#innehall" and "innehall" in page.ids, path.name
        assert "print" in page.stylesheets, path.name
    protokoll = _parse(folder / "protokoll.html")
    assert protokoll.tables >= 1 and "col" in protokoll.th_scopes  # the omröstning in § 7


def test_kallelse_keeps_its_lists_and_att_satser(built: Path) -> None:
    text = (built / "meeting-2020-02-14" / "kallelse.html").read_text(encoding="utf-8")
    assert "<h1>Kallelse</h1>" in text and "<h2>Föredragningslista</h2>" in text
    assert "<li>Irén Lejegren (S), ordförande</li>" in text
    assert "samt<br />\natt överlämna den" in text  # one att-sats per line, as in the canonical text


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
