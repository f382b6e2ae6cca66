"""Issue 16.12: mutated sources never give a traceback, every finding is located, and check and build agree.

A deterministic mutator (seeded, so a failing case is replayed by its number) takes
the shipped sources (content/organisation.yaml and meeting-2020-03-20, with its
protokoll) and the fixture project's (an ärende of each kind, a yttrande, a budget),
and per case changes one to three things in one file: deletes, duplicates or swaps
lines, changes indentation, replaces a scalar by another type, inserts random
Unicode (control characters, U+FFFE, surrogates' neighbours, CR, BOM), inserts
Markdown constructs, breaks the encoding, or truncates the file.

Written by hand rather than with hypothesis: the mutations are specific to these
sources, a case is replayed by number, and no shrinking is needed (a case changes
one file by a few edits, and the failure message prints the edits).

    PAPERGEN_FUZZ_CASES=20000 python3 -m pytest tests/test_fuzz.py -q   # the long run
    PAPERGEN_FUZZ_SEED=7 PAPERGEN_FUZZ_CASES=1 ...                        # replay one case

CI runs 2 000 cases (about 20 s of CPU time). A build is made for the cases whose
check reports no error that stops a build, when a character was inserted and for
every BUILD_EVERY-th of the others, with the render cache, so only the changed
file's papers are rendered.
"""

from __future__ import annotations

import os
import random
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import MINIMAL, REPO

from papergen import api
from papergen.diagnostics import Diagnostic, Severity

CASES = int(os.environ.get("PAPERGEN_FUZZ_CASES", "2000"))
SEED = int(os.environ.get("PAPERGEN_FUZZ_SEED", "0"))
BUILD_EVERY = int(os.environ.get("PAPERGEN_FUZZ_BUILD_EVERY", "8"))

SHIPPED = "meeting-2020-03-20"
FIXTURE = "meeting-2021-03-12"

_SCALARS = ["[]", "{}", "[a, b]", "{a: 1}", "123", "-1", "0", "1.5", "true", "no", "null", "~", '""', "''",
            "2020-13-45", "2020-02-30", "'10:00'", "25:99", "*x", "&a x", "!!python/object/apply:os.system",
            "|", ">", "x" * 300, "- a", "a: b", "'", '"', "#", "{{ 7 * 7 }}", "@", "`", "%", "? x", "&", "*"]
_CHARS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff",
          "\ufffd", "\ufeff", "\r", "\t", "\u00a0", "\u200b", "\u202e", "\u2028", "\u2029", "ä", "Å", "€", "😀",
          "\U0001d11e", "§", "–", "‑", "'", '"', ":", "-", "#", "{", "}", "[", "]", "*", "&", "!", "|", ">", "<",
          "\\", "%", "@", "`", "_", "0", " "]
_MARKDOWN = ["# Rubrik", "### Underrubrik", "####### x", "| a | b |\n|---|---|\n| 1 | 2 |", "<div>x</div>",
             "```\nkod\n```", "[länk](http://x)", "![bild](x.png)", "- punkt", "1. ett", "> citat", "---",
             "<!-- papergen: sekretess 21 kap. 7 § OSL -->", "<!-- papergen: personuppgifter -->",
             "<!-- papergen: godkänn PG521: skäl -->", "<!-- papergen: okänd -->", "<!--", "{% if x %}", "\\",
             "**fet", "&#0;", "&#27;", "&#xFFFE;", "#DIVISION/0!", "19121212-1212", "1 april", "FYLL I: x",
             "att besluta", "## Sammanfattning", "## Okänd rubrik", "Totalt 1 000 kronor"]


@dataclass
class Case:
    number: int
    file: str
    edits: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"case {self.number} (PAPERGEN_FUZZ_SEED={SEED + self.number} PAPERGEN_FUZZ_CASES=1): {self.file}: " \
               + "; ".join(self.edits)


def _mutate(rng: random.Random, text: str, edits: list[str]) -> str | bytes:
    lines = text.split("\n")
    kind = rng.choice(["delete", "duplicate", "swap", "indent", "scalar", "scalar", "char", "char", "char",
                       "markdown", "truncate", "encoding", "empty"])
    i = rng.randrange(len(lines))
    if kind == "delete":
        edits.append(f"line {i + 1} deleted")
        del lines[i]
    elif kind == "duplicate":
        edits.append(f"line {i + 1} duplicated")
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = rng.randrange(len(lines))
        edits.append(f"lines {i + 1} and {j + 1} swapped")
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        change = rng.choice([-4, -2, -1, 1, 2, 4, "\t"])
        edits.append(f"line {i + 1} indented {change!r}")
        if change == "\t":
            lines[i] = "\t" + lines[i]
        elif isinstance(change, int) and change > 0:
            lines[i] = " " * change + lines[i]
        else:
            lines[i] = lines[i][min(-int(change), len(lines[i]) - len(lines[i].lstrip(" "))):]
    elif kind == "scalar":
        keyed = [n for n, line in enumerate(lines) if ": " in line or line.rstrip().endswith(":")]
        if keyed:
            i = rng.choice(keyed)
        value = rng.choice(_SCALARS)
        edits.append(f"line {i + 1}'s value replaced by {value[:20]!r}")
        head, sep, _ = lines[i].partition(": ")
        lines[i] = f"{head}: {value}" if sep else f"{lines[i].rstrip().rstrip(':')}: {value}"
    elif kind == "char":
        where = rng.randrange(len(lines[i]) + 1)
        char = rng.choice(_CHARS) if rng.random() < 0.8 else chr(rng.randrange(0x20, 0x3000))
        edits.append(f"{char!r} inserted at {i + 1}:{where + 1}")
        lines[i] = lines[i][:where] + char + lines[i][where:]
    elif kind == "markdown":
        block = rng.choice(_MARKDOWN)
        edits.append(f"{block[:30]!r} inserted before line {i + 1}")
        lines.insert(i, block)
    elif kind == "truncate":
        cut = rng.randrange(len(text) + 1)
        edits.append(f"truncated after {cut} characters")
        return text[:cut]
    elif kind == "encoding":
        edits.append("saved as Latin-1")
        return text.encode("latin-1", errors="replace")
    else:
        edits.append("emptied")
        return ""
    return "\n".join(lines)


def _located(d: Diagnostic, root: Path) -> bool:
    span = d.span
    if span is None or not span.path or span.line < 1 or span.column < 1:
        return False
    path = root / span.path
    if not path.is_file():
        return False
    return span.line <= path.read_bytes().count(b"\n") + 2


def _errors(report: api.Report) -> set[tuple[str, str, int, int, str]]:
    return {(d.code, d.span.path if d.span else "", d.span.line if d.span else 0, d.span.column if d.span else 0,
             d.message) for d in report.diagnostics if d.severity is Severity.ERROR}


def _problems(root: Path, folder: Path, case: Case, checked: api.Report, build_now: bool, out: Path) -> list[str]:
    """An unlocated finding, or a build that raises or reports an error check did not."""
    problems = [f"{case}: not located: {d.code} {d.message} at {d.span}"
                for d in checked.diagnostics if not _located(d, root)]
    if build_now:
        try:
            built = api.build(root, folder, out_root=out, formats=("md", "docx", "html"), use_cache=True)
        except Exception:  # noqa: BLE001 - the point: any traceback is a papergen bug
            return [*problems, f"{case}: build raised\n{traceback.format_exc()}"]
        surprise = _errors(built) - _errors(checked)
        if surprise:
            problems.append(f"{case}: build reports errors check did not: {sorted(surprise)}")
    return problems


def _blocks_build(report: api.Report) -> bool:
    """Errors of the read stage stop a build; content findings do not (api.build)."""
    return any(d.severity is Severity.ERROR and d.code < "PG300" and d.code.startswith(("PG1", "PG2"))
               for d in report.diagnostics)


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    base = tmp_path_factory.mktemp("fuzz")
    shipped = base / "shipped"
    (shipped / "content").mkdir(parents=True)
    shutil.copy(REPO / "content" / "organisation.yaml", shipped / "content")
    shutil.copy(REPO / "content" / "ordlista.txt", shipped / "content")
    shutil.copytree(REPO / "content" / SHIPPED, shipped / "content" / SHIPPED)
    fixture = base / "fixture"
    shutil.copytree(MINIMAL, fixture)
    return [(shipped, shipped / "content" / SHIPPED), (fixture, fixture / "content" / FIXTURE)]


def test_mutated_sources_never_crash_and_check_agrees_with_build(projects: list[tuple[Path, Path]],
                                                                 tmp_path: Path) -> None:
    files = [(root, folder, p) for root, folder in projects
             for p in sorted((root / "content").rglob("*")) if p.suffix in (".yaml", ".md")]
    originals = {p: p.read_bytes() for _, _, p in files}
    for root, folder in projects:  # the unchanged sources are clean, and their papers are in the cache
        report = api.build(root, folder, out_root=tmp_path / root.name, formats=("md", "docx", "html"),
                           use_cache=True)
        assert not report.blocked and not _errors(report), report.diagnostics
    problems: list[str] = []
    accepted = built = 0
    for number in range(CASES):
        rng = random.Random(SEED + number)
        root, folder, path = rng.choice(files)
        case = Case(number, path.relative_to(root).as_posix())
        data: str | bytes = originals[path].decode("utf-8")
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            data = _mutate(rng, data, case.edits) if isinstance(data, str) else data
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", errors="surrogatepass"))
        try:
            checked = api.check(root, folder)
        except Exception:  # noqa: BLE001 - the point: any traceback is a papergen bug
            problems.append(f"{case}: check raised\n{traceback.format_exc()}")
        else:
            clean = not _blocks_build(checked)
            accepted += clean
            # Characters are what a renderer trips over: such cases are always built.
            build_now = clean and (accepted % BUILD_EVERY == 1 or any(" inserted at " in e for e in case.edits))
            built += build_now
            problems += _problems(root, folder, case, checked, build_now, tmp_path / root.name)
        finally:
            path.write_bytes(originals[path])
        if len(problems) >= 10:
            break
    print(f"fuzz: {CASES} cases, {accepted} accepted by check, {built} built")
    assert not problems, "\n\n".join(problems)
