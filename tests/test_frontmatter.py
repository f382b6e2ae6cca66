from __future__ import annotations

from papergen.source.frontmatter import split_front_matter


def test_split_keeps_offsets() -> None:
    split, problems = split_front_matter("---\na: 1\nb: 2\n---\n## Sammanfattning\n", "x.md")
    assert problems == [] and split is not None
    assert split.front == "a: 1\nb: 2\n"
    assert split.front_offset == 1
    assert split.body_line == 5
    assert split.body == "## Sammanfattning\n"


def test_unclosed_front_matter() -> None:
    split, problems = split_front_matter("---\na: 1\n## Sammanfattning\n", "x.md")
    assert split is None
    assert [(p.code, p.message) for p in problems] == [
        ("PG102", "front matter avslutas inte: raden '---' efter YAML-blocket saknas")]


def test_missing_front_matter() -> None:
    _, problems = split_front_matter("## Sammanfattning\n", "x.md")
    assert problems[0].code == "PG102"
    assert problems[0].message.startswith("front matter saknas")
