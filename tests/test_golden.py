"""Golden canonical Markdown of the shipped meeting: detects change, reviewed by a person.

Refresh after an intended change with
    PAPERGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from conftest import REPO

from papergen import api

GOLDEN = Path(__file__).parent / "golden" / "meeting-2020-02-14"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("golden")
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=out, formats=("md",))
    assert not report.blocked
    return {p.name: p.read_text(encoding="utf-8") for p in report.written}


def test_golden_markdown(built: dict[str, str]) -> None:
    if os.environ.get("PAPERGEN_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob("*.md"):
            old.unlink()
        for name, text in built.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(GOLDEN.glob("*.md"))}
    assert sorted(built) == sorted(expected), "documents added or removed"
    diffs = []
    for name in sorted(built):
        diffs += difflib.unified_diff(expected[name].splitlines(), built[name].splitlines(),
                                      f"golden/{name}", f"built/{name}", lineterm="")
    assert not diffs, "\n".join(diffs)
