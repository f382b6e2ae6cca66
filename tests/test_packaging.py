"""The package as pip sees it: its metadata, and a wheel built without touching build/, where the papers go."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.mark.skipif(importlib.util.find_spec("setuptools") is None,
                    reason="the build backend (setuptools, in requirements-lock.txt) is not installed")
def test_pip_wheel_leaves_build_alone_and_carries_the_metadata(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, clone / name)
    shutil.copytree(REPO / "src", clone / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    papers = clone / "build" / "meeting-2020-02-14"
    papers.mkdir(parents=True)
    (papers / "kallelse.md").write_text("# Kallelse\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path / "dist"), str(clone)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(clone).as_posix() for p in (clone / "build").rglob("*")) == [
        "build/meeting-2020-02-14", "build/meeting-2020-02-14/kallelse.md"]
    [wheel] = (tmp_path / "dist").glob("papergen-*.whl")
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode("utf-8")
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in z.namelist())
    headers = [line for line in metadata.splitlines() if ": " in line and not line.startswith(" ")]
    assert "License-Expression: EUPL-1.2" in headers
    assert "Requires-Python: >=3.11" in headers
    assert "Classifier: Programming Language :: Python :: 3.11" in headers
    assert any(h.startswith("Project-URL: Source, ") for h in headers)
