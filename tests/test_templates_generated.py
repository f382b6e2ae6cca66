"""The committed default Word templates are exactly what tools/make_templates.py makes.

The generator is the source of truth for papergen's own defaults (it is reviewable Python,
and each paper's structure there sits beside its *.md.j2); an organisation that restyles
its papers in Word does so in templates/<organisation>/, never in the packaged defaults.
This test is what keeps the two from drifting: change the generator, run
`python tools/make_templates.py`, and commit both.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEFAULTS = REPO / "src" / "papergen" / "templates" / "default"


def _generator():  # noqa: ANN202 - the tool is a script, not part of the package
    spec = importlib.util.spec_from_file_location("make_templates", REPO / "tools" / "make_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATED = _generator().generated()


def test_the_generator_makes_every_committed_word_template_and_no_other() -> None:
    assert sorted(GENERATED) == sorted(p.name for p in DEFAULTS.glob("*.docx"))


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_regenerating_gives_the_committed_bytes(name: str) -> None:
    assert GENERATED[name] == (DEFAULTS / name).read_bytes(), (
        f"{name} differs from what tools/make_templates.py makes: run `python tools/make_templates.py` and commit")
