"""Imports point down: the import-linter contracts in pyproject.toml hold (issue 17).

cli -> serve -> api -> publish|review -> build -> render -> rules -> project -> model -> source
-> diagnostics (docs/architecture.md), the CLI reaching the library through papergen.api, and a
run's memo and dependency record importing nothing of papergen. Every Jinja environment comes
from the one sandboxed factory, papergen.render.templates.environment.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "papergen"


def test_the_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(REPO)  # import-linter finds the package from the working folder
    assert lint_imports(config_filename=os.fspath(REPO / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_a_broken_contract_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: the API imports the pipeline (papergen.build), so a contract forbidding it is broken."""
    from importlinter.cli import lint_imports

    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "papergen"\n\n[[tool.importlinter.contracts]]\n'
                      'name = "api without the pipeline"\ntype = "forbidden"\nsource_modules = ["papergen.api"]\n'
                      'forbidden_modules = ["papergen.build"]\n', encoding="utf-8")
    monkeypatch.chdir(REPO)
    assert lint_imports(config_filename=os.fspath(config), no_cache=True, no_logo=True) == 1


def _environments_made(path: Path) -> list[tuple[str, int]]:
    """Calls of anything named *Environment in a module: (name, line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name.endswith("Environment"):
                found.append((name, node.lineno))
    return found


def test_every_jinja_environment_comes_from_the_one_sandboxed_factory() -> None:
    made = {path.relative_to(SRC).as_posix(): calls for path in sorted(SRC.rglob("*.py"))
            if (calls := _environments_made(path))}
    assert {path: [name for name, _ in calls] for path, calls in made.items()} == \
        {"render/templates.py": ["ImmutableSandboxedEnvironment"]}


def test_the_factory_sandboxes_a_template_reaching_for_internals() -> None:
    from jinja2 import DictLoader
    from jinja2.sandbox import SecurityError

    from papergen.render.templates import environment

    env = environment(DictLoader({"t": "{{ x.__class__.__mro__ }}", "u": "{% set _ = l.append(1) %}"}),
                      autoescape=True)
    with pytest.raises(SecurityError):
        env.get_template("t").render(x=1)
    with pytest.raises(SecurityError):  # immutable: a template cannot change the context either
        env.get_template("u").render(l=[])
