"""The shipped CI workflows, Dependabot, pre-commit hook and .gitattributes are valid and do what the README says."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPO


def test_workflow_parses_and_has_the_named_steps() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/papers.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # PyYAML reads the bare key `on` as the boolean True
    steps = workflow["jobs"]["papers"]["steps"]
    by_name = {s["name"]: s for s in steps}
    assert list(by_name) == ["Checkout", "Set up Python", "Install papergen", "Install the Swedish spelling dictionary",
                             "Check papers", "Upload SARIF", "Code scanning unavailable", "Rendered diff",
                             "Comment rendered diff", "Rendered diff without a comment", "Build papers",
                             "Word redlines", "Upload papers", "Fail on check errors"]
    assert by_name["Checkout"]["with"]["fetch-depth"] == 0
    assert by_name["Install papergen"]["run"].splitlines()[0] == "python tools/install.py"  # the README's install
    assert "hunspell-sv" in by_name["Install the Swedish spelling dictionary"]["run"]
    assert by_name["Check papers"]["run"] == "papergen check --format sarif > papergen.sarif"
    assert by_name["Upload SARIF"]["uses"].startswith("github/codeql-action/upload-sarif@")
    assert 'papergen diff "origin/${{ github.base_ref }}" HEAD --comment' in by_name["Rendered diff"]["run"]
    assert by_name["Comment rendered diff"]["with"]["path"] == "papergen-diff.md"
    # A fork's read-only token, or a repository without code scanning: the two steps step aside with a notice.
    same_repo = "github.event.pull_request.head.repo.full_name == github.repository"
    assert same_repo in by_name["Upload SARIF"]["if"] and by_name["Upload SARIF"]["continue-on-error"] is True
    assert by_name["Code scanning unavailable"]["if"] == "always() && steps.sarif.outcome != 'success'"
    assert "::notice" in by_name["Code scanning unavailable"]["run"]
    assert by_name["Comment rendered diff"]["if"] == same_repo
    assert by_name["Rendered diff without a comment"]["if"] == same_repo.replace("==", "!=")
    assert "::notice" in by_name["Rendered diff without a comment"]["run"]
    assert "papergen redline" in by_name["Word redlines"]["run"]
    assert "redlines/" in by_name["Upload papers"]["with"]["path"]
    assert "build/" in by_name["Upload papers"]["with"]["path"]


def test_pre_commit_hook_runs_papergen_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["pass_filenames"]) for h in hooks] == [
        ("papergen-check", "papergen check", False)]


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github/workflows" / name).read_text(encoding="utf-8"))


def test_tests_workflow_runs_the_readme_on_the_lowest_and_highest_python() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    prefix = "Programming Language :: Python :: 3."
    versions = sorted((c.removeprefix("Programming Language :: Python :: ") for c in project["classifiers"]
                       if c.startswith(prefix)), key=lambda v: tuple(map(int, v.split("."))))
    assert project["requires-python"] == f">={versions[0]}"
    job = _workflow("tests.yml")["jobs"]["tests"]
    assert job["strategy"]["matrix"]["python-version"] == [versions[0], versions[-1]]
    runs = [s.get("run", "") for s in job["steps"]]
    assert "python tools/install.py" in runs
    assert ".venv/bin/python -m pytest" in runs
    assert "hunspell-sv" in "".join(runs)


def test_drift_workflow_is_weekly_and_installs_the_newest_within_the_ranges() -> None:
    workflow = _workflow("drift.yml")
    assert [s["cron"].split()[2:] for s in workflow[True]["schedule"]] == [["*", "*", "1"]]  # every Monday
    steps = {s["name"]: s for s in workflow["jobs"]["newest"]["steps"]}
    install = steps["Install the newest versions within the ranges"]["run"]
    assert "--upgrade --upgrade-strategy eager -e '.[test]'" in install
    assert "requirements-lock" not in str(steps)
    assert steps["Tests"]["run"] == ".venv/bin/python -m pytest"


def test_dependabot_updates_the_lock_weekly() -> None:
    config = yaml.safe_load((REPO / ".github/dependabot.yml").read_text(encoding="utf-8"))
    pip = [u for u in config["updates"] if u["package-ecosystem"] == "pip"]
    assert pip == [{"package-ecosystem": "pip", "directory": "/", "schedule": {"interval": "weekly"},
                    "groups": {"python": {"patterns": ["*"]}}}]


def test_gitattributes_ships_the_textconv_line_the_readme_shows() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"In `.gitattributes`[^:]*:\n\n```\n(.+)\n```", readme)
    assert shown and shown.group(1) == "*.docx diff=docx"
    lines = (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert shown.group(1) in lines


def test_ci_run_installs_from_the_lock_and_only_the_missing_system_packages() -> None:
    script = (REPO / ".ci/run").read_text(encoding="utf-8")
    # NodeSource's nodejs ships npm and conflicts with Debian's npm package: npm only where there is none.
    assert "command -v npm >/dev/null || packages+=(npm)" in script.splitlines()
    assert "python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)" in script.splitlines()
    assert re.findall(r"^(python3 tools/install.py|\.venv/bin/\S+ .*)$", script, flags=re.M) == [
        "python3 tools/install.py", ".venv/bin/papergen build meeting-2020-02-14",
        ".venv/bin/papergen build examples/region-gavleborg/content/meeting-2022-10-11", ".venv/bin/python -m pytest"]
