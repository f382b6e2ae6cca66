"""What makes `papergen check` fast must not change what it finds.

The spelling cache (build/.cache/stavning.json), the source map built only
when a location is asked for, the cheap tests before slow case-insensitive
patterns, and a check path that never imports the rendering stack.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import REPO, check_minimal
from test_diagnostics_input import MEETING, edit

from papergen.rules import dates, personal, text
from papergen.rules.base import _CASE_ODDITIES, might_contain
from papergen.source.yamlmap import SourceMap, _Builder, load_yaml

PROJ = f"{MEETING}/arenden/03-projekt.md"


# --- the spelling cache ---------------------------------------------------------------------------

class FakeHunspell:
    """Stands in for `hunspell -a`: 'Projekkt' and 'Testkommunen' are not Swedish, the rest is."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def __call__(self, words: list[str]) -> dict[str, list[str]]:
        self.asked.append(list(words))
        return {w: (["Projekt"] if w == "Projekkt" else []) for w in words if w in ("Projekkt", "Testkommunen")}


def _fresh_process(monkeypatch: pytest.MonkeyPatch, hunspell: object) -> None:
    """As a new `papergen check` would start: nothing judged yet. Each check is its own run and owns
    its memo (papergen.model.memo), so there is nothing to reset; only the hunspell program is replaced."""
    monkeypatch.setattr(text, "_run_hunspell", hunspell)


@pytest.fixture
def spelled(minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal project with a misspelt title, a word list and a (fake) hunspell program."""
    program = tmp_path / "bin" / "hunspell"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 1\n")
    program.chmod(0o755)
    monkeypatch.setattr(text.shutil, "which", lambda name: str(program))
    (minimal / "content" / "ordlista.txt").write_text("Regionen\n", encoding="utf-8")
    arende = minimal / PROJ
    arende.write_text(arende.read_text(encoding="utf-8").replace("rubrik: ", "rubrik: Projekkt ", 1), encoding="utf-8")
    return minimal


def _spelling(root: Path) -> list[str]:
    return [line for line in check_minimal(root) if "[PG551]" in line]


def test_cached_verdicts_are_reused_without_starting_hunspell(spelled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = FakeHunspell()
    _fresh_process(monkeypatch, first)
    found = _spelling(spelled)
    assert any("'Projekkt'" in line and "menade du 'Projekt'?" in line for line in found)
    assert first.asked and "Projekkt" in first.asked[0]
    cache = spelled / text.SPELLING_CACHE
    assert json.loads(cache.read_text(encoding="utf-8"))["ord"]["Projekkt"] == ["Projekt"]

    def no_hunspell(*args: object, **kwargs: object) -> None:
        raise AssertionError("hunspell was started although every word was in the cache")

    _fresh_process(monkeypatch, no_hunspell)
    monkeypatch.setattr(text.subprocess, "Popen", no_hunspell)
    monkeypatch.setattr(text.subprocess, "run", no_hunspell)
    assert _spelling(spelled) == found


def test_a_changed_word_list_empties_the_cache(spelled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh_process(monkeypatch, FakeHunspell())
    found = _spelling(spelled)
    cache = spelled / text.SPELLING_CACHE
    key = json.loads(cache.read_text(encoding="utf-8"))["nyckel"]

    (spelled / "content" / "ordlista.txt").write_text("Regionen\nTestkommunen\n", encoding="utf-8")
    again = FakeHunspell()
    _fresh_process(monkeypatch, again)
    assert _spelling(spelled) == [line for line in found if "'Testkommunen'" not in line]
    assert again.asked, "the verdicts kept under the old word list must not be reused"
    assert json.loads(cache.read_text(encoding="utf-8"))["nyckel"] != key


def test_a_broken_or_deleted_cache_only_asks_hunspell_again(spelled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh_process(monkeypatch, FakeHunspell())
    found = _spelling(spelled)
    cache = spelled / text.SPELLING_CACHE
    for damage in ('{"nyckel": "x", "ord": {"Projekkt": 3}}', "{not json", None):
        if damage is None:
            cache.unlink()
        else:
            cache.write_text(damage, encoding="utf-8")
        again = FakeHunspell()
        _fresh_process(monkeypatch, again)
        assert _spelling(spelled) == found
        assert again.asked
        assert "Projekkt" in json.loads(cache.read_text(encoding="utf-8"))["ord"]


def test_an_unwritable_cache_changes_nothing(spelled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (spelled / "build").write_text("a file where the build folder would be", encoding="utf-8")
    _fresh_process(monkeypatch, FakeHunspell())
    assert any("'Projekkt'" in line for line in _spelling(spelled))


# --- the source map, built when first asked -------------------------------------------------------

DEEP = textwrap.dedent("""\
    paragrafer:
      - arende: 1
        beslut: enligt_forslaget
      - arende: 2
        yrkanden:
          - namn: Anna Andersson
            text: "Avslag: hela förslaget"
          - {namn: Bo Berg, bifall: forslaget}
        omrostning:
          roster:
            ja: [Anna Andersson,
                 Bo Berg]
            nej: []
    noter: |
      en rad
      två rader
    tomt:
    citerat: 'true'
    """)


def test_deferred_map_has_every_span_the_eager_one_had() -> None:
    data, smap, problems = load_yaml(DEEP, "p.yaml", line_offset=3)
    assert problems == []
    eager = _Builder("p.yaml", 3)
    assert eager.build(yaml.compose(DEEP, Loader=yaml.SafeLoader), ()) == data  # the map as it was always built
    assert smap.values == eager.map.values and smap.keys == eager.map.keys and smap.plain == eager.map.plain
    span = smap.value_span(("paragrafer", 1, "omrostning", "roster", "ja", 1))
    assert (span.line, span.column) == (12 + 3, 14)
    assert smap.key_span(("paragrafer", 1, "yrkanden", 1, "bifall")).line == 8 + 3
    assert smap.is_plain(("tomt",)) and not smap.is_plain(("citerat",))


def test_deferred_map_is_built_only_when_asked() -> None:
    _, smap, _ = load_yaml(DEEP, "p.yaml")
    assert "deferred" in repr(smap)
    smap.value_span(("noter",))
    assert "deferred" not in repr(smap)
    assert SourceMap("x.yaml").value_span(("a", 1)).line == 1


def test_a_finding_deep_in_a_file_keeps_its_line_and_column(minimal: Path) -> None:
    # A villkor under forslag_till_beslut: its span comes from the deferred map, built for this finding.
    source = (minimal / PROJ).read_text(encoding="utf-8")
    villkor = re.search(r"villkor:\n\s*- (.+)\n", source)
    assert villkor is not None
    edit(minimal, PROJ, villkor.group(1), villkor.group(1).replace("förutsättning", "f¤rutsättning"))
    line = source[:villkor.start(1)].count("\n") + 1
    column = villkor.start(1) - source.rfind("\n", 0, villkor.start(1))
    assert (line, column) == (14, 7)
    assert [x.split(": ")[0] for x in check_minimal(minimal) if "[PG552]" in x] == [f"{PROJ}:{line}:{column}"]


# --- cheap tests before slow patterns -------------------------------------------------------------

def _alternatives(pattern: str) -> list[str]:
    """The words of a pattern's alternations, e.g. 'sjukskriv' from 'sjukskriv\\w*|…'."""
    return [w for w in re.findall(r"[a-zåäö][a-zåäö ]*[a-zåäö]", pattern.replace(r"\w", "").replace(r"\s", " "))
            if w not in ("har", "hade", "av", "i", "b")]


@pytest.mark.parametrize(("words", "stems"), [
    (_alternatives(dates._DECIDED_ACTIVE) + _alternatives(dates._DECIDED_PASSIVE), dates._DECIDED_STEMS),
    (_alternatives(personal._HEALTH.pattern), personal._HEALTH_STEMS),
])
def test_every_alternative_contains_a_stem(words: list[str], stems: tuple[str, ...]) -> None:
    assert len(words) > 10
    assert [w for w in words if not any(s in w for s in stems)] == []


def test_case_oddities_are_all_the_letters_str_lower_misses() -> None:
    """Every character re.IGNORECASE matches to a stem's letter lowers to that letter, or is listed."""
    letters = sorted({c for s in (*dates._DECIDED_STEMS, *personal._HEALTH_STEMS) for c in s if c != " "})
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    odd = {m.group(0) for letter in letters for m in re.finditer(re.escape(letter), everything, re.IGNORECASE)
           if m.group(0).lower() != letter}
    assert odd <= set(_CASE_ODDITIES)


def test_a_letter_is_never_a_digit() -> None:
    """The spelling rule's word split takes an all-letter token as it is, without looking for digits."""
    assert [hex(c) for c in range(sys.maxunicode + 1) if chr(c).isalpha() and chr(c).isdigit()] == []


@pytest.mark.parametrize("sentence", [
    "Patienten var SJUKSKRIVEN i maj.", "Hon hade en ſjukdom.", "DİAGNOSEN kom sent.", "Inget här.",
    "Nämnden har i dag BESLUTAT att anta planen.", "Planen antogs av nämnden.",
])
def test_the_cheap_test_never_says_no_where_the_pattern_matches(sentence: str) -> None:
    decided = re.compile(dates._DECIDED_ACTIVE + "|" + dates._DECIDED_PASSIVE, re.IGNORECASE)
    if personal._HEALTH.search(sentence):
        assert might_contain(sentence, personal._HEALTH_STEMS)
    if decided.search(sentence):
        assert might_contain(sentence, dates._DECIDED_STEMS)


# --- the check path -------------------------------------------------------------------------------

RENDERING = ("docxtpl", "docx", "lxml", "jinja2")


def test_check_does_not_import_the_rendering_stack() -> None:
    program = textwrap.dedent(f"""\
        import sys
        from pathlib import Path
        from papergen import api
        root = Path({str(REPO)!r})
        for folder in sorted((root / "content").glob("meeting-*")):
            api.check(root, folder)
        loaded = [m for m in {RENDERING!r} if m in sys.modules]
        assert not loaded, loaded
        sys.argv = ["papergen", "check", "--format", "json"]
        from papergen.cli import main
        try:
            main()
        except SystemExit:
            pass
        loaded = [m for m in {RENDERING!r} + ("papergen.review.redline", "papergen.publish", "papergen.render.docx.render")
                  if m in sys.modules]
        assert not loaded, loaded
        """)
    result = subprocess.run([sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_command_is_listed_although_loaded_only_when_run() -> None:
    from click.testing import CliRunner

    from papergen.cli import main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^  (\w+)\s", result.output.split("Commands:")[1], re.MULTILINE)
    assert listed == ["build", "check", "diff", "new", "publish", "redline", "schema", "serve", "templates",
                      "textconv"]
