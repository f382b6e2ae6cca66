"""Issue 16.3: YAML is bounded: alias expansion and nesting give a located error, fast and small."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import check_minimal
from test_diagnostics_input import MEETING, edit

from papergen.source.yamlmap import MAX_DEPTH, load_yaml


def billion_laughs(key: str = "lol") -> str:
    """The classic: ten levels of nine aliases each, a billion strings once expanded."""
    lines = [f'{key}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{key}{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


EXPANSION = ("YAML-värdet som börjar här växer till mer än 100 000 värden när aliasen (*namn) ersätts med det de "
             "pekar på; skriv ut värdena utan alias")
DEEP = (f"YAML-värdena är kapslade i mer än {MAX_DEPTH} nivåer; papergen läser högst {MAX_DEPTH} "
        "(en källfil behöver sällan fler än tio)")


def test_billion_laughs_is_refused_quickly_in_little_memory() -> None:
    normal = "\n".join(f"k{i}: [a, b, c]" for i in range(10)) + "\n"
    started = time.perf_counter()
    load_yaml(normal, "normal.yaml")
    baseline = time.perf_counter() - started
    tracemalloc.start()
    try:
        started = time.perf_counter()
        data, _, problems = load_yaml(billion_laughs(), "bomb.yaml")
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data is None
    assert [(d.code, d.span.line, d.message) for d in problems] == [("PG121", 6, EXPANSION)]  # type: ignore[union-attr]
    # Generous bounds: what matters is that the expansion is never made (it would take minutes and gigabytes).
    assert peak < 5_000_000
    assert seconds < max(0.5, 200 * baseline)


def test_billion_laughs_in_meeting_yaml_is_located(minimal: Path) -> None:
    path = minimal / MEETING / "meeting.yaml"
    path.write_text(path.read_text(encoding="utf-8") + billion_laughs("x"), encoding="utf-8")
    assert check_minimal(minimal) == [f"{MEETING}/meeting.yaml:17:5: error[PG121]: {EXPANSION}"]


def test_billion_laughs_in_front_matter_is_located(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/03-projekt.md", "nummer: 3\n", "nummer: 3\n" + billion_laughs("x"))
    assert check_minimal(minimal) == [f"{MEETING}/arenden/03-projekt.md:8:5: error[PG121]: {EXPANSION}"]


def test_alias_to_itself_is_refused() -> None:
    _, _, problems = load_yaml("a: &a [1, *a]\n", "x.yaml")
    assert [(d.code, d.message) for d in problems] == [
        ("PG121", "YAML-värdet som börjar här innehåller ett alias till sig självt, så det tar aldrig slut; "
                  "skriv ut värdena utan alias")]


def test_a_few_aliases_are_fine() -> None:
    data, _, problems = load_yaml("a: &a [1, 2]\nb: *a\n", "x.yaml")
    assert (data, problems) == ({"a": ["1", "2"], "b": ["1", "2"]}, [])


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1000, 5000, 100_000])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_a_located_error(levels: int, style: str) -> None:
    if style == "flow":
        text = "a: " + "[" * levels + "]" * levels + "\n"
    else:
        text = "".join("  " * i + f"k{i}:\n" for i in range(min(levels, 3000)))
    started = time.perf_counter()
    data, _, problems = load_yaml(text, "deep.yaml")
    assert time.perf_counter() - started < 5
    assert data is None
    assert [(d.code, d.message) for d in problems] == [("PG122", DEEP)]
    assert problems[0].span is not None and problems[0].span.line == (1 if style == "flow" else MAX_DEPTH + 1)


def test_nesting_at_the_limit_is_read() -> None:
    data, _, problems = load_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n", "x.yaml")
    assert problems == [] and data is not None


def test_deep_nesting_in_meeting_yaml(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats: Sessionssalen", "plats: " + "[" * 2000 + "]" * 2000)
    # Beyond libyaml's own limit (1 000 levels) the error points where libyaml stopped.
    assert check_minimal(minimal) == [f"{MEETING}/meeting.yaml:6:1007: error[PG122]: {DEEP}"]


def test_deep_nesting_in_front_matter(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/arenden/03-projekt.md", "nummer: 3\n", "nummer: 3\nx: " + "[" * 100 + "]" * 100 + "\n")
    assert check_minimal(minimal) == [f"{MEETING}/arenden/03-projekt.md:3:68: error[PG122]: {DEEP}"]
