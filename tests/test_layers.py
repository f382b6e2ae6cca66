"""Imports point down: the import-linter contracts in pyproject.toml hold (issue 17).

The contracts enforced now cover what the current layout keeps; the full layering
(cli -> api -> build|publish|review -> render -> rules -> model -> source -> diagnostics)
is drafted beside them, commented out until the phase-2 moves (docs/architecture.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(REPO)  # import-linter finds the package from the working folder
    assert lint_imports(config_filename=os.fspath(REPO / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_a_broken_contract_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: the rules do import render today (a phase-2 move), so a contract
    forbidding it is broken."""
    from importlinter.cli import lint_imports

    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "papergen"\n\n[[tool.importlinter.contracts]]\n'
                      'name = "rules below render"\ntype = "forbidden"\nsource_modules = ["papergen.rules"]\n'
                      'forbidden_modules = ["papergen.render"]\n', encoding="utf-8")
    monkeypatch.chdir(REPO)
    assert lint_imports(config_filename=os.fspath(config), no_cache=True, no_logo=True) == 1
