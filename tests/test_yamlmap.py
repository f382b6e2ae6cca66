"""YAML loading policy: no YAML 1.1 typing, duplicate keys found, errors located."""

from __future__ import annotations

from papergen.diagnostics import Span
from papergen.source.yamlmap import load_yaml


def test_time_stays_text_not_sexagesimal() -> None:
    # PyYAML's safe_load reads `tid: 10:00` as 600; a meeting file hits this on day one.
    data, _, problems = load_yaml("tid: 10:00\n", "m.yaml")
    assert data == {"tid": "10:00"} and problems == []


def test_scalars_are_strings_except_true_false_and_empty() -> None:
    data, _, _ = load_yaml("a: no\nb: true\nc:\nd: ~\ne: 2020-02-14\nf: 007\n", "m.yaml")
    assert data == {"a": "no", "b": True, "c": None, "d": None, "e": "2020-02-14", "f": "007"}


def test_quoted_true_stays_text() -> None:
    data, _, _ = load_yaml('a: "true"\n', "m.yaml")
    assert data == {"a": "true"}


def test_duplicate_key_is_reported_at_the_second_occurrence() -> None:
    data, _, problems = load_yaml("plats: A\ntid: x\nplats: B\n", "m.yaml")
    assert data == {"plats": "A", "tid": "x"}
    assert [(p.code, p.message, p.span.line, p.span.column) for p in problems] == [
        ("PG106", "nyckeln 'plats' förekommer två gånger; den första finns på rad 1", 3, 1)]


def test_syntax_error_is_located_and_swedish() -> None:
    data, _, problems = load_yaml("plats: Rum\nnoter: [a, b\n", "m.yaml")
    assert data is None
    assert len(problems) == 1 and problems[0].code == "PG101"
    assert problems[0].span == Span("m.yaml", 3, 1)
    assert problems[0].message.startswith("YAML kan inte läsas: ")


def test_colon_in_plain_text_gets_a_hint() -> None:
    _, _, problems = load_yaml("rubrik: Remiss: plan\n", "m.yaml")
    assert problems[0].message == ("YAML kan inte läsas: kolon på fel ställe "
                                   "(sätt citattecken runt texten om den innehåller ': ')")
    assert (problems[0].span.line, problems[0].span.column) == (1, 15)


def test_line_offset_moves_spans_for_front_matter() -> None:
    _, smap, _ = load_yaml("nummer: 3\n", "a.md", line_offset=1)
    assert smap.value_span(("nummer",)).line == 2
