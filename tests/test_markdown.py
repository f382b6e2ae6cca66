from __future__ import annotations

from papergen.source.canonical import blocks_to_markdown
from papergen.source.markdown import Heading, ListBlock, Paragraph, Table, parse_blocks, split_sections


def test_blocks_and_sections() -> None:
    text = ("## Sammanfattning\n\nA & B <c\n\n1. ett\n   - inre\n2. två\n\n"
            "## Uppföljning\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    blocks, problems = parse_blocks(text, "x.md", 10)
    assert problems == []
    lead, sections = split_sections(blocks)
    assert lead == ()
    assert [(s.rubrik, s.line) for s in sections] == [("Sammanfattning", 10), ("Uppföljning", 18)]
    assert isinstance(sections[0].blocks[0], Paragraph)
    assert sections[0].blocks[0].inlines[0].text == "A & B <c"
    lst = sections[0].blocks[1]
    assert isinstance(lst, ListBlock) and lst.ordered and len(lst.items) == 2
    assert isinstance(lst.items[0].blocks[1], ListBlock)
    assert isinstance(sections[1].blocks[0], Table)


def test_canonical_markdown_round_trip_is_stable() -> None:
    text = "Text *em* **fet** [länk](https://x.se)\n\n1. ett\n   - inre\n2. två\n\n| A | B |\n|---|---:|\n| 1 | 2 |"
    blocks, _ = parse_blocks(text, "x.md", 1)
    once = blocks_to_markdown(blocks)
    again, _ = parse_blocks(once, "x.md", 1)
    assert blocks_to_markdown(again) == once
    assert once == text


def test_unsupported_constructs_are_errors_not_silent_loss() -> None:
    _, problems = parse_blocks("Text\n\n![karta](karta.png)\n\n<div>x</div>\n\n```\nkod\n```\n", "x.md", 5)
    assert [(p.code, p.span.line) for p in problems] == [("PG110", 7), ("PG110", 9), ("PG110", 11)]
    assert problems[0].message == ("En bild kan inte återges i Word-dokumentet; skriv det som vanlig text, "
                                   "lista eller tabell")


def test_heading_line_numbers() -> None:
    blocks, _ = parse_blocks("\n### Del\n", "x.md", 20)
    assert blocks == (Heading(3, blocks[0].inlines, 21),)
