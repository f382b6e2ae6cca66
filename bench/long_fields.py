"""Figures of issue 16.6: `papergen check` with one text field holding 10 000 and 100 000 characters.

Run: python3 bench/long_fields.py [--runs 3]
For each text field of tests/test_linear_time.py (the minimal fixture with a protokoll), prints the
check of the unchanged project, the check with a 10 000- and a 100 000-character value (running text,
one endless word, digit groups without a unit, a list of dates waiting for its year), and the ratio
of the two: linear rules keep it near ten or below; last, a PM paragraph of e-mail addresses only.
The test asserts the ratio; the seconds belong here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_linear_time import FIELDS, addresses_value, long_value, project_with, seconds_to_check  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="checks per figure; the fastest counts")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        normal = seconds_to_check(project_with(folder / "normal", None, ""), runs)
        print(f"{'fält':32} {'10 000 tecken':>14} {'100 000 tecken':>15} {'kvot':>6}   (normal check {normal * 1000:.0f} ms)")
        for i, field in enumerate(sorted(FIELDS)):
            short = seconds_to_check(project_with(folder / f"short-{i}", field, long_value(10_000)), runs)
            long = seconds_to_check(project_with(folder / f"long-{i}", field, long_value(100_000)), runs)
            print(f"{field:32} {short * 1000:11.0f} ms {long * 1000:12.0f} ms {long / short:6.1f}", flush=True)
        # A PM paragraph of e-mail addresses only (PG553 compares them with each other).
        short = seconds_to_check(project_with(folder / "short-e", "PM-stycke", addresses_value(10_000)), runs)
        long = seconds_to_check(project_with(folder / "long-e", "PM-stycke", addresses_value(100_000)), runs)
        print(f"{'PM-stycke, bara e-postadresser':32} {short * 1000:11.0f} ms {long * 1000:12.0f} ms "
              f"{long / short:6.1f}", flush=True)


if __name__ == "__main__":
    main()
