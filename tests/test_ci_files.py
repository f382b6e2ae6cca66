"""The shipped CI workflow and pre-commit hook are valid YAML and run what the README says."""

from __future__ import annotations

import yaml
from conftest import REPO


def test_workflow_parses_and_has_the_named_steps() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/papers.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # PyYAML reads the bare key `on` as the boolean True
    steps = workflow["jobs"]["papers"]["steps"]
    by_name = {s["name"]: s for s in steps}
    assert list(by_name) == ["Checkout", "Set up Python", "Install papergen", "Check papers", "Upload SARIF",
                             "Rendered diff", "Comment rendered diff", "Build papers", "Word redlines", "Upload papers",
                             "Fail on check errors"]
    assert by_name["Checkout"]["with"]["fetch-depth"] == 0
    assert by_name["Install papergen"]["run"] == "python -m pip install -e ."
    assert by_name["Check papers"]["run"] == "papergen check --format sarif > papergen.sarif"
    assert by_name["Upload SARIF"]["uses"].startswith("github/codeql-action/upload-sarif@")
    assert 'papergen diff "origin/${{ github.base_ref }}" HEAD --comment' in by_name["Rendered diff"]["run"]
    assert by_name["Comment rendered diff"]["with"]["path"] == "papergen-diff.md"
    assert "papergen redline" in by_name["Word redlines"]["run"]
    assert "redlines/" in by_name["Upload papers"]["with"]["path"]
    assert "build/" in by_name["Upload papers"]["with"]["path"]


def test_pre_commit_hook_runs_papergen_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["pass_filenames"]) for h in hooks] == [
        ("papergen-check", "papergen check", False)]
