"""The README's code table stays in step with the codes papergen can emit."""

from __future__ import annotations

import re

from conftest import REPO

from papergen.diagnostics import CODES


def test_readme_documents_every_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (PG\d{3}) \|", readme, flags=re.M))
    assert documented == set(CODES)
