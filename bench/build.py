"""Benchmark: wall time and peak memory of `papergen build meeting-2020-02-14`.

Run: python3 bench/build.py [--runs 7]
Prints the median, min and max wall time of the CLI as a user runs it (a new
process each time, so start-up is included) and the peak resident memory.
Targets (anchors for later issues): median under 5 s, peak under 300 MB on
the 2-core reference machine. Figures go in the closing note, not in tests.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--meeting", default="meeting-2020-02-14")
    args = parser.parse_args()
    papergen = shutil.which("papergen")
    if papergen is None:
        sys.exit("papergen is not installed: python3 tools/install.py, then run this with .venv/bin/python")
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([papergen, "build", args.meeting, "--out", out], cwd=REPO, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"papergen build {args.meeting}: {args.runs} runs, "  # noqa: T201
          f"median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}), peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
