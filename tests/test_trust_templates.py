"""Issue 16.2: templates run in Jinja's sandbox, and content is never a template."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import diagnostics_text
from jinja2.sandbox import ImmutableSandboxedEnvironment
from test_diagnostics_input import MEETING

from papergen import api
from papergen.render.html import html_environment
from papergen.render.templates import TemplatePath, docx_environment, text_environment

PAYLOAD = "{{ cycler.__init__.__globals__.os.getcwd() }}"


def _build(root: Path, out: Path, formats: tuple[str, ...] = ("md",)) -> api.Report:
    return api.build(root, root / MEETING, out_root=out, formats=formats)


def test_every_environment_is_sandboxed(tmp_path: Path) -> None:
    path = TemplatePath.for_project(tmp_path, "Testkommunen")
    for env in (text_environment(path), html_environment(path), docx_environment()):
        assert isinstance(env, ImmutableSandboxedEnvironment)


def test_template_reaching_python_internals_is_pg303_and_not_run(minimal: Path, tmp_path: Path) -> None:
    own = minimal / "templates" / "default"
    own.mkdir(parents=True)
    (own / "kallelse.md.j2").write_text(f"# Kallelse\n\n{PAYLOAD}\n", encoding="utf-8")
    report = _build(minimal, tmp_path / "out")
    assert report.blocked
    assert [line for line in diagnostics_text(report) if "PG303" in line] == [
        "templates/default/kallelse.md.j2:3:1: error[PG303]: kallelse.md: mallen försöker nå attributet "
        "'__init__', som en mall inte får använda; en mall får bara placera ut värden och loopa över dem"]
    assert not (tmp_path / "out" / MEETING.split("/")[-1]).exists()


def test_template_cannot_change_what_it_is_given(minimal: Path, tmp_path: Path) -> None:
    own = minimal / "templates" / "default"
    own.mkdir(parents=True)
    (own / "kallelse.md.j2").write_text("{{ arenden.append(1) }}\n", encoding="utf-8")
    report = _build(minimal, tmp_path / "out")
    assert [d.code for d in report.diagnostics if d.code.startswith("PG3")] == ["PG303"]


@pytest.mark.parametrize("text", ["{{ 7 * 7 }}", "{% if true %}ja{% endif %}", PAYLOAD])
def test_content_is_never_a_template(minimal: Path, tmp_path: Path, text: str) -> None:
    # In a YAML text (the ärende's title) and in Markdown (a paragraph of the PM).
    path = minimal / MEETING / "arenden" / "01-budget.md"
    source = path.read_text(encoding="utf-8").replace("rubrik: Budget 2022", f"rubrik: Budget '{text}'")
    path.write_text(source + f"\nStycke med {text} i.\n", encoding="utf-8")
    report = _build(minimal, tmp_path / "out", ("md", "docx", "html"))
    assert not report.blocked, diagnostics_text(report)
    kallelse = (tmp_path / "out" / "meeting-2021-03-12" / "kallelse.md").read_text(encoding="utf-8")
    pm = (tmp_path / "out" / "meeting-2021-03-12" / "pm-01.md").read_text(encoding="utf-8")
    assert f"Budget '{text}' för" in kallelse
    # In the paragraph, Markdown itself reads '__init__' as bold; the braces stay text.
    assert f"Stycke med {text[:3]}" in pm
    assert "49" not in kallelse + pm and "Stycke med ja" not in pm and str(Path.cwd()) not in kallelse + pm
