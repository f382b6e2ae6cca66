"""Declared = imported: every module papergen imports is a declared dependency, and nothing declared is unused.

deptry reads the imports of src/ and the dependencies of pyproject.toml (the `test` extra counts as the tests'
own). The last two tests prove the check can fail: a pyproject without lxml, and one with a dependency
papergen never imports.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import REPO

PYPROJECT = REPO / "pyproject.toml"


def _deptry(config: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """(code, module) of every finding deptry makes about src/ with the dependencies in `config`."""
    report = tmp_path / "deptry.json"
    command = [sys.executable, "-m", "deptry", "src", "--config", str(config), "--json-output", str(report)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return sorted({(v["error"]["code"], v["module"]) for v in json.loads(report.read_text(encoding="utf-8"))})


def _pyproject_with(tmp_path: Path, old: str, new: str) -> Path:
    text = PYPROJECT.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "pyproject.toml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return changed


def test_papergen_declares_exactly_what_it_imports(tmp_path: Path) -> None:
    assert _deptry(PYPROJECT, tmp_path) == []


def test_lxml_and_markupsafe_are_declared_and_docxcompose_is_not() -> None:
    declared = {d.split(">")[0].split("<")[0].split("=")[0].strip().lower()
                for d in tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]}
    assert {"lxml", "markupsafe"} <= declared
    assert "docxcompose" not in declared


def test_an_imported_module_left_undeclared_fails(tmp_path: Path) -> None:
    config = _pyproject_with(tmp_path, '    "lxml>=', '    # "lxml>=')
    assert _deptry(config, tmp_path) == [("DEP003", "lxml")]  # installed (python-docx needs it) but not declared


def test_a_declared_dependency_never_imported_fails(tmp_path: Path) -> None:
    config = _pyproject_with(tmp_path, "dependencies = [\n", 'dependencies = [\n    "requests>=2",\n')
    assert _deptry(config, tmp_path) == [("DEP002", "requests")]
