"""render.html_parts: the HTML step in parts, remembered by the run, gives the bytes of the plain way.

The plain way is render.html.markdown_to_html over the whole paper; these tests compare the two on every
paper of the shipped meeting, on a warm run after an edit (`papergen serve`), and on the Markdown where
cutting would change the parse, which must go the plain way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from papergen import api
from papergen.model.memo import RunMemo
from papergen.render.html import markdown_to_html
from papergen.render.html_parts import parts, remembered_html

MEETING = REPO / "content" / "meeting-2020-02-14"


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The canonical Markdown of every paper of the shipped meeting."""
    out = tmp_path_factory.mktemp("md")
    report = api.build(REPO, MEETING, out_root=out, formats=("md",))
    assert not report.blocked
    found = {p.name: p.read_text(encoding="utf-8") for p in sorted((out / MEETING.name).glob("*.md"))}
    assert len(found) > 20
    return found


def test_every_shipped_paper_is_the_same_html_in_parts(papers: dict[str, str]) -> None:
    html = remembered_html(RunMemo())
    for name, text in papers.items():
        assert str(html(text)) == str(markdown_to_html(text)), name


def test_the_kallelse_and_protokoll_are_cut_into_parts(papers: dict[str, str]) -> None:
    for name in ("kallelse.md", "protokoll.md"):
        cut = parts(papers[name])
        assert cut is not None and len(cut) > 10, name
        assert "".join(cut) == papers[name]


def test_a_warm_run_after_an_edit_gives_the_plain_html(papers: dict[str, str]) -> None:
    first = RunMemo()
    for text in papers.values():
        remembered_html(first)(text)
    second = first.carried()
    assert second.html_parts == {} and second.html_parts_before is first.html_parts
    html = remembered_html(second)
    for name, text in papers.items():
        edited = text.replace("\n\n## ", "\n\n## Ändrad rubrik – ", 1).replace("att ", "att inte ", 1)
        assert str(html(edited)) == str(markdown_to_html(edited)), name
        assert str(html(text)) == str(markdown_to_html(text)), name
    # The third run keeps only what the second used: the memo does not grow with every save.
    assert set(second.carried().html_parts_before) == set(second.html_parts)


@pytest.mark.parametrize("text", [
    # Two `#` parts (the kallelse): the second moves down a level, across the cut.
    "# Kallelse\n\nRegion X\n\n- Tid: 9\n\n# Föredragningslista\n\n## 1. Ärende\n\nText.\n",
    # A jump in levels right after a cut; a table's caption from the heading before the cut.
    "# A\n\n### B\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## C\n\n| x |\n|---|\n| 1 |\n\n#### D\n",
    # A table without a heading before it is numbered across the parts.
    "| a |\n|---|\n| 1 |\n\n# Rubrik\n\n| b |\n|---|\n| 2 |\n",
    # The banner of a constructed paper stands only first.
    "> Konstruerat exempel – inte ett riktigt ärende\n\n# A\n\n> Konstruerat exempel – citat\n",
    # A heading right after a list, a quote or a paragraph (no blank line) is no cut.
    "# A\n\n- ett\n- två\n## B\n\n> citat\n# C\n\ntext\n## D\n",
    # Att-satser and dates in each part.
    "# A\n\natt bevilja 2020-02-14\natt avslå\n\n## B\n\natt godkänna 2021-01-01\n",
    # Empty headings and a last heading without text.
    "# A\n\n##\n\n###   \n\n#",
])
def test_cut_texts_give_the_plain_html(text: str) -> None:
    assert parts(text) is not None
    assert str(remembered_html(RunMemo())(text)) == str(markdown_to_html(text))


@pytest.mark.parametrize("text", [
    "# A\n\n```\n\n# inte en rubrik\n```\n",  # blank lines do not end a fenced block
    "# A\n\n~~~\n\n## inte heller\n~~~\n",
    "# A\n\n[länk][x]\n\n## B\n\n[x]: https://example.se\n",  # a reference reaches across the text
    "# A\r\n\r\n## B\r\n",
])
def test_what_only_parses_whole_goes_the_plain_way(text: str) -> None:
    assert parts(text) is None
    assert str(remembered_html(RunMemo())(text)) == str(markdown_to_html(text))
