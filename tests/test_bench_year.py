"""The benchmark's year generator is deterministic: same seed, same files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _generator():  # bench/ is not a package; load the script as a module
    spec = importlib.util.spec_from_file_location("bench_year", REPO / "bench" / "year.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_files(tmp_path: Path) -> None:
    year = _generator()
    first = year.generate(tmp_path / "a", seed=7, meetings=3, arenden=15)
    year.generate(tmp_path / "b", seed=7, meetings=3, arenden=15)
    year.generate(tmp_path / "c", seed=8, meetings=3, arenden=15)
    assert len(first) == 3 and len(list(first[0].glob("arenden/*.md"))) == 15
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_generated_meetings_check_clean(tmp_path: Path) -> None:
    from papergen import api
    folders = _generator().generate(tmp_path / "y", seed=1, meetings=2, arenden=15)
    for folder in folders:
        report = api.check(tmp_path / "y", folder)
        assert report.errors == 0, [d.message for d in report.diagnostics]
