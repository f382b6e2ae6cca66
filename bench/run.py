"""Benchmark of issue 8: papergen against its anchors, in one run, as medians.

Run: python3 bench/run.py [--runs 5] [--year-runs 3]
Measures, each in fresh processes as a user runs them:
  seed      `papergen build meeting-2020-02-14 --force` (no render cache), as run (-j: the CPUs) and with -j 1
  floor     the interpreter importing papergen's dependencies and nothing else (with pydantic's
            BaseModel, which `import pydantic` leaves unloaded; the lazy figure is printed too)
  api       the interpreter importing papergen.api
  inproc    the seed build inside one warm process (imports and interpreter start excluded), per document:
            the cost each further paper adds, which is what a year of meetings multiplies
  pandoc    pandoc converting each Markdown paper of the seed meeting to .docx, one process per document
  cold      the generated year (bench/year.py, 12 × 15 ärenden) with `build --all -j 2`, empty cache
  edit      the same after a one-ärende edit (cache warm), each run paired with a seed build
  check     `papergen check` of the year (-j: the CPUs)
  peak RSS  of the seed build, the year with -j 1 (a long batch in one process) and with -j 2
and prints each figure with the ratio to its target. Timings belong here and in
the closing note, never in tests. The runs use compiled modules even where the
environment sets PYTHONDONTWRITEBYTECODE, as an installed papergen has them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from year import generate  # noqa: E402

# What a docx+md build imports of papergen's dependencies (pikepdf only comes in for PDFs, so it is left
# out: the floor stays as low as the build's own needs). `import pydantic` alone loads almost nothing:
# pydantic 2 resolves BaseModel lazily (PEP 562), so the floor asks for it, as every user of pydantic does.
LAZY_DEPS = "import click, dateutil.easter, docxtpl, docx, jinja2, lxml.etree, markdown_it, pydantic, yaml"
DEPS = LAZY_DEPS + "; from pydantic import BaseModel"


def _papergen() -> list[str]:
    """papergen as a user's installed command runs it: the interpreter and the package, without a
    version manager's shell shim in front (pyenv's adds 0.1-0.3 s to every run here)."""
    if shutil.which("papergen") is None:
        sys.exit("papergen is not installed: python3 tools/install.py, then run this with .venv/bin/python")
    return [sys.executable, "-m", "papergen"]


def _bytecode() -> None:
    """Measure papergen as installed: with its modules compiled, as pip and a first run leave them.

    Some environments set PYTHONDONTWRITEBYTECODE (this sandbox does), which makes
    every run recompile the package (~0.3 s); the benchmark's runs do not inherit it.
    """
    import compileall

    import papergen

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(Path(papergen.__file__).parent, quiet=1)


def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _interleaved(runs: int, commands: dict[str, list[str]]) -> dict[str, float]:
    """Median wall time of each command, run in turn (a, b, c, a, b, c, …) so that a machine whose
    speed drifts during the benchmark slows them alike, and their ratios stay meaningful."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            _run(cmd, REPO)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _median(runs: int, action: Callable[[], None], before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_mb(cmd: list[str], cwd: Path) -> float:
    """Peak RSS of cmd and everything it starts, measured by a fresh wrapper process."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def _in_process(out: Path, runs: int) -> float:
    """Median time of `build meeting-2020-02-14 --force` called through the library in one process,
    after one warm-up build (imports done, templates compiled)."""
    probe = (
        "import statistics, sys, time\n"
        "from pathlib import Path\n"
        "from papergen import api\n"
        "root = Path(sys.argv[1]); out = Path(sys.argv[2]); times = []\n"
        "for i in range(int(sys.argv[3]) + 1):\n"
        "    start = time.perf_counter()\n"
        "    api.build(root, root / 'content' / 'meeting-2020-02-14', out_root=out, formats=('docx', 'md'))\n"
        "    times.append(time.perf_counter() - start)\n"
        "print(statistics.median(times[1:]))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(REPO), str(out), str(runs)], capture_output=True,
                          text=True, check=True)
    return float(done.stdout.strip())


def _line(name: str, value: float, unit: str, target: float | None = None, what: str = "") -> None:
    text = f"{name:<34} {value:8.3f} {unit}"
    if target is not None:
        verdict = "ok" if value <= target else "MISSED"
        text += f"   target ≤ {target:.3f} {unit}{what} ({value / target:.2f}× of target, {verdict})"
    print(text)  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser(description="papergen benchmark (issue 8)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year-runs", type=int, default=3)
    args = parser.parse_args()
    papergen = _papergen()
    _bytecode()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        seed_out = tmp / "seed"
        medians = _interleaved(args.runs, {
            "seed": [*papergen, "build", "meeting-2020-02-14", "--force", "--out", str(seed_out)],
            "seed_j1": [*papergen, "build", "meeting-2020-02-14", "--force", "-j", "1", "--out", str(tmp / "j1")],
            "floor": [py, "-c", DEPS],
            "lazy_floor": [py, "-c", LAZY_DEPS],
            "api": [py, "-c", "import papergen.api"],
        })
        seed, seed_j1, floor, lazy_floor, api = (medians[k] for k in ("seed", "seed_j1", "floor", "lazy_floor", "api"))
        papers = sorted((seed_out / "meeting-2020-02-14").glob("*.md"))
        inproc = _in_process(seed_out, args.runs)
        pandoc_per_doc = None
        if shutil.which("pandoc") and papers:
            def convert() -> None:
                for md in papers:
                    _run(["pandoc", str(md), "-o", str(tmp / "pandoc.docx")], REPO)
            pandoc_per_doc = _median(max(1, args.runs // 2), convert) / len(papers)

        year = tmp / "year"
        folders = generate(year)

        def clean() -> None:
            shutil.rmtree(year / "build", ignore_errors=True)

        cold = _median(args.year_runs, lambda: _run([*papergen, "build", "--all", "-j", "2"], year), before=clean)
        target_file = folders[5] / "arenden" / "05-arende.md"
        original = target_file.read_text(encoding="utf-8")
        edits = iter(range(10_000))

        def edit() -> None:
            n = next(edits)
            target_file.write_text(original.replace("## Bedömning\n\n", f"## Bedömning\n\nÄndring {n}. ", 1),
                                   encoding="utf-8")
        _run([*papergen, "build", "--all", "-j", "2"], year)  # warm
        # Each edited rebuild is paired with a seed build run right after it, so that the ratio compares
        # runs made at the same speed of the machine (it varied by tens of percent within a benchmark here).
        pairs: list[tuple[float, float]] = []
        for _ in range(args.year_runs):
            edit()
            start = time.perf_counter()
            _run([*papergen, "build", "--all", "-j", "2"], year)
            middle = time.perf_counter()
            _run([*papergen, "build", "meeting-2020-02-14", "--force", "--out", str(seed_out)], REPO)
            pairs.append((middle - start, time.perf_counter() - middle))
        incremental = statistics.median(a for a, _ in pairs)
        seed_beside = statistics.median(b for _, b in pairs)
        check = _median(args.runs, lambda: _run([*papergen, "check"], year))
        peak_seed = _peak_mb([*papergen, "build", "meeting-2020-02-14", "--force", "--out", str(seed_out)], REPO)
        peak_one = _peak_mb([*papergen, "build", folders[0].name, "--force"], year)
        peak_year_1 = _peak_mb([*papergen, "build", "--all", "--force", "-j", "1"], year)
        peak_year_2 = _peak_mb([*papergen, "build", "--all", "--force", "-j", "2"], year)
        documents = sum(1 for _ in (year / "build").rglob("*.docx"))

    print(f"papergen benchmark, {os.cpu_count()} CPUs, medians of {args.runs} (year: {args.year_runs}) runs")  # noqa: T201
    _line("import floor (dependencies)", floor, "s")
    _line("  without BaseModel (lazy)", lazy_floor, "s")
    _line("import papergen.api", api, "s")
    _line("build meeting-2020-02-14 (--force)", seed, "s", 2 * floor, " = 2× floor")
    _line("  against the lazy floor", seed, "s", 2 * lazy_floor, " = 2× lazy floor")
    _line("  in one process (-j 1)", seed_j1, "s", 2 * floor, " = 2× floor")
    per_doc = seed / max(1, len(papers))
    _line("  per document (md+docx)", per_doc, "s")
    inproc_per_doc = inproc / max(1, len(papers))
    _line("  in one warm process", inproc, "s")
    _line("  per document, warm process", inproc_per_doc, "s")
    if pandoc_per_doc is not None:
        _line("pandoc md→docx per document", pandoc_per_doc, "s")
        _line("  papergen per doc (whole run)", per_doc, "s", pandoc_per_doc / 10, " = pandoc/10")
        _line("  papergen per doc (warm)", inproc_per_doc, "s", pandoc_per_doc / 10, " = pandoc/10")
    else:
        print("pandoc: not installed, not measured")  # noqa: T201
    _line(f"year cold, -j 2 ({documents} docx)", cold, "s", 5.0)
    if pandoc_per_doc is not None and documents:
        # The same whole-run figure as above, with the start-up shared by a year of papers instead of one meeting's.
        _line("  per document (whole run)", cold / documents, "s", pandoc_per_doc / 10, " = pandoc/10")
    _line("year after one-ärende edit, -j 2", incremental, "s", 1.2 * seed_beside,
          f" = 1.2× seed build run beside it, {seed_beside:.3f} s")
    _line("check of the year", check, "s", 1.0)
    _line("peak RSS seed build", peak_seed, "MB", 200.0)
    _line("peak RSS one year meeting", peak_one, "MB", 200.0)
    _line("peak RSS year -j 1 (one process)", peak_year_1, "MB", 200.0)
    _line("peak RSS year -j 2 (per process)", peak_year_2, "MB", 200.0)
    print(f"growth over the batch: 12 meetings in one process / one meeting = {peak_year_1 / peak_one:.2f}")  # noqa: T201


if __name__ == "__main__":
    main()
