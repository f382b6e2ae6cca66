"""Shared fixtures: the repository's own project and a small fixture project to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papergen import api
from papergen.diagnostics import SourceLines, format_diagnostic

REPO = Path(__file__).resolve().parents[1]
MINIMAL = Path(__file__).resolve().parent / "projects" / "minimal"
collect_ignore = ["projects"]


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of tests/projects/minimal (Testkommunen, meeting 2021-03-12)."""
    target = tmp_path / "proj"
    shutil.copytree(MINIMAL, target)
    return target


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in root/rel, which must hold it."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def diagnostics_text(report: api.Report) -> list[str]:
    """The report's diagnostics as the CLI prints their first line."""
    return [format_diagnostic(d).splitlines()[0] for d in report.diagnostics]


def check_minimal(root: Path, meeting: str = "meeting-2021-03-12") -> list[str]:
    return diagnostics_text(api.check(root, root / "content" / meeting))


def rendered(report: api.Report) -> str:
    return "\n".join(format_diagnostic(d, SourceLines(report.root)) for d in report.diagnostics)
