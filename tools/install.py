"""Install papergen into .venv/ from requirements-lock.txt: the README's first command, the same on every system.

Debian's and Ubuntu's own python3 refuse `pip install` outside a virtual environment (PEP 668), pyenv's and
macOS's would mix papergen's pins with whatever else is installed, and Windows has no `python3 -m pip` on PATH
by default; a virtual environment in the clone is the one place that behaves the same everywhere. This is
glue over the standard library's venv and pip, nothing more:

    python3 -m venv .venv
    .venv/bin/python -m pip install --require-hashes -r requirements-lock.txt
    .venv/bin/python -m pip install --no-deps --no-build-isolation -e .

(the lock holds every dependency and the build backend, so the last step fetches nothing).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / ".venv"
LOWEST = (3, 11)  # pyproject.toml requires-python


def venv_python(target: Path) -> Path:
    return target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def main() -> int:
    if sys.version_info < LOWEST:
        print(f"papergen needs Python {LOWEST[0]}.{LOWEST[1]} or newer; this is {sys.version.split()[0]}.",  # noqa: T201
              file=sys.stderr)
        return 1
    python = venv_python(TARGET)
    if not python.exists():
        try:
            import ensurepip  # noqa: F401  (Debian ships it apart, in python3-venv)
        except ImportError:
            print("The virtual environment needs Python's venv with pip: on Debian and Ubuntu "  # noqa: T201
                  "'apt-get install python3-venv', then run this again.", file=sys.stderr)
            return 1
        venv.EnvBuilder(with_pip=True).create(TARGET)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / "requirements-lock.txt")], check=True)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    run = TARGET / ("Scripts\\papergen" if os.name == "nt" else "bin/papergen")
    print(f"papergen installed in {TARGET.name}{os.sep}: run it as {run.relative_to(ROOT)}, "  # noqa: T201
          f"or activate the environment first.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
