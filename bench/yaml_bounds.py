"""Benchmark of issue 16.3: how fast and small papergen refuses hostile YAML.

Run: python3 bench/yaml_bounds.py [--runs 5]
Measures, in this process, each as the median of the runs:
  normal       load_yaml of the shipped meeting's protokoll.yaml (the yardstick)
  laughs       the classic billion-laughs document (10 levels of 9 aliases): PG121
  laughs-fm    the same inside an ärende, `papergen check` in-process: the located PG121
  nested       100 000 '[' (libyaml's own limit is reached first): PG122
  nested-64    65 levels of block mappings, just over papergen's limit: PG122
and prints the time and the tracemalloc peak of each. Figures belong here and in
the closing note; the test (tests/test_trust_yaml.py) only asserts generous bounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from papergen import api  # noqa: E402
from papergen.source.yamlmap import MAX_DEPTH, load_yaml  # noqa: E402


def billion_laughs(key: str = "lol") -> str:
    lines = [f'{key}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{key}{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def measure(run: Callable[[], object], runs: int) -> tuple[float, int, object]:
    """Median seconds, the largest tracemalloc peak, and what the last run returned."""
    seconds: list[float] = []
    peak = 0
    result: object = None
    for _ in range(runs):
        tracemalloc.start()
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(seconds), peak, result


def codes(result: object) -> str:
    if isinstance(result, api.Report):
        return ",".join(d.code for d in result.diagnostics if d.code.startswith("PG1")) or "none"
    assert isinstance(result, tuple)
    return ",".join(d.code for d in result[2]) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    protokoll = (REPO / "content" / "meeting-2020-03-20" / "protokoll.yaml").read_text(encoding="utf-8")
    workdir = Path(tempfile.mkdtemp(prefix="papergen-bench-yaml-"))
    try:
        project = workdir / "proj"
        shutil.copytree(REPO / "tests" / "projects" / "minimal", project)
        folder = project / "content" / "meeting-2021-03-12"
        arende = folder / "arenden" / "03-projekt.md"
        arende.write_text(arende.read_text(encoding="utf-8").replace("nummer: 3\n", "nummer: 3\n" + billion_laughs("x"),
                                                                     1), encoding="utf-8")
        api.check(project, folder)  # imports and lazily built validators out of the figures
        cases: list[tuple[str, Callable[[], object]]] = [
            ("normal", lambda: load_yaml(protokoll, "protokoll.yaml")),
            ("laughs", lambda: load_yaml(billion_laughs(), "bomb.yaml")),
            ("laughs-fm", lambda: api.check(project, folder)),
            ("nested", lambda: load_yaml("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml")),
            ("nested-64", lambda: load_yaml("".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1)), "deep.yaml")),
        ]
        print(f"{'case':<12}{'median ms':>11}{'peak KiB':>11}  codes")
        for name, run in cases:
            seconds, peak, result = measure(run, runs)
            print(f"{name:<12}{seconds * 1000:>11.2f}{peak / 1024:>11.0f}  {codes(result)}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
