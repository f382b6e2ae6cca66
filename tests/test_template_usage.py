"""Template resolution: an override wins for its document, the others still come from the default."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from papergen import api
from papergen.cli import main
from papergen.publish import publish
from papergen.render.template_usage import templates_in_use
from papergen.render.templates import PACKAGED

MEETING = "meeting-2021-03-12"


def _override(root: Path, folder: str, name: str, marker: str) -> None:
    target = root / "templates" / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(marker + "\n\n" + (PACKAGED / name).read_text(encoding="utf-8"), encoding="utf-8")


def test_organisation_override_wins_for_one_document(minimal: Path) -> None:
    _override(minimal, "testkommunen", "kallelse.md.j2", "EGEN KALLELSE")
    uses = {u.output: u for u in templates_in_use(minimal, minimal / "content" / MEETING)}
    assert uses["kallelse.md"].label == "templates/testkommunen/kallelse.md.j2"
    assert uses["kallelse.md"].origin.startswith("organisationen")
    assert all(u.label is not None and u.label.startswith("papergen:default/") and u.origin.startswith("papergen")
               for name, u in uses.items() if name != "kallelse.md")
    report = api.build(minimal, minimal / "content" / MEETING, formats=("md",))
    build = minimal / "build" / MEETING
    assert report.written and (build / "kallelse.md").read_text(encoding="utf-8").startswith("EGEN KALLELSE")
    assert "EGEN" not in (build / "pm-01.md").read_text(encoding="utf-8")


def test_organ_folder_wins_over_organisation_and_project_default(minimal: Path) -> None:
    _override(minimal, "default", "pm.md.j2", "PROJEKTETS PM")
    _override(minimal, "testkommunen", "pm.md.j2", "ORGANISATIONENS PM")
    _override(minimal, "kommunstyrelsen", "pm.md.j2", "STYRELSENS PM")
    _override(minimal, "default", "remissvar.md.j2", "PROJEKTETS REMISSVAR")
    uses = {u.output: u for u in templates_in_use(minimal, minimal / "content" / MEETING, ("md",))}
    assert uses["pm-01.md"].label == "templates/kommunstyrelsen/pm.md.j2"
    assert uses["remissvar-02.md"].origin.startswith("projektets standard")
    api.build(minimal, minimal / "content" / MEETING, formats=("md",))
    assert (minimal / "build" / MEETING / "pm-01.md").read_text(encoding="utf-8").startswith("STYRELSENS PM")


def test_publish_uses_the_bodys_own_templates_in_both_sets(minimal: Path) -> None:
    _override(minimal, "kommunstyrelsen", "pm.md.j2", "STYRELSENS PM")
    report = publish(minimal, minimal / "content" / MEETING, formats=("md",))
    assert not report.blocked, report.diagnostics
    for folder in ("publik", "intern"):
        assert (minimal / "build" / MEETING / folder / "pm-01.md").read_text(encoding="utf-8").startswith(
            "STYRELSENS PM")


def test_cli_lists_every_output(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _override(minimal, "testkommunen", "kallelse.md.j2", "EGEN KALLELSE")
    monkeypatch.chdir(minimal)
    result = CliRunner().invoke(main, ["templates", MEETING])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 8  # kallelse, pm-01, budget-03, remissvar-02 in docx and md
    assert any(line.startswith("kallelse.md ") and "templates/testkommunen/kallelse.md.j2" in line for line in lines)
    assert CliRunner().invoke(main, ["templates", "meeting-2099-01-01"]).exit_code == 2


def test_cache_sees_a_new_override(minimal: Path, tmp_path: Path) -> None:
    folder = minimal / "content" / MEETING
    api.build(minimal, folder, formats=("md",), use_cache=True)
    _override(minimal, "testkommunen", "kallelse.md.j2", "EGEN KALLELSE")
    report = api.build(minimal, folder, formats=("md",), use_cache=True)
    assert report.rendered == ["kallelse.md"]
    shutil.rmtree(minimal / "templates")
    back = api.build(minimal, folder, formats=("md",), use_cache=True)
    assert back.rendered == [] and back.reused == 4  # the first build's kallelse is still in the cache
    assert not (minimal / "build" / MEETING / "kallelse.md").read_text(encoding="utf-8").startswith("EGEN")
