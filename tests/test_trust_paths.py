"""Issue 16.1: every name that becomes part of a path is a slug, and every path stays inside its root."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import check_minimal, rendered
from test_diagnostics_input import MEETING, edit

from papergen import api
from papergen.render.templates import TemplatePath


def test_organ_id_that_climbs_out_of_templates_is_refused(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "id: kommunstyrelsen", "id: ../../../../tmp/x")
    edit(minimal, f"{MEETING}/meeting.yaml", "organ: kommunstyrelsen", "organ: ../../../../tmp/x")
    # The organisation cannot be read, so the meeting is not checked against it.
    assert check_minimal(minimal) == [
        "content/organisation.yaml:8:9: error[PG105]: 'id' ska vara ett id av små bokstäver a–z, siffror och "
        "bindestreck, t.ex. 'regional-tillvaxtnamnd', inte '../../../../tmp/x'"]


def test_meeting_organ_that_climbs_out_of_templates_is_refused(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "organ: kommunstyrelsen", "organ: ../../../../tmp/x")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:1:8: error[PG105]: 'organ' ska vara ett id av små bokstäver a–z, siffror och "
        "bindestreck, t.ex. 'regional-tillvaxtnamnd', inte '../../../../tmp/x'"]


def test_organ_id_with_capitals_or_spaces_is_refused(minimal: Path) -> None:
    edit(minimal, "content/organisation.yaml", "id: kommunstyrelsen", "id: Kommun styrelsen")
    assert check_minimal(minimal)[-1] == (
        "content/organisation.yaml:8:9: error[PG105]: 'id' ska vara ett id av små bokstäver a–z, siffror och "
        "bindestreck, t.ex. 'regional-tillvaxtnamnd', inte 'Kommun styrelsen'")


def test_organ_id_longer_than_64_characters(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "organ: kommunstyrelsen", "organ: " + "k" * 300)
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:1:8: error[PG105]: 'organ' får vara högst 64 tecken, men har 300"]


def test_template_folders_are_only_slugs(tmp_path: Path) -> None:
    path = TemplatePath.for_project(tmp_path, "!!!", "../x")
    assert [d.relative_to(tmp_path).as_posix() for d in path.dirs[:-1]] == ["templates/default"]


def test_template_that_links_out_of_templates_is_passed_over(minimal: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "kallelse.md.j2").write_text("stolen\n", encoding="utf-8")
    own = minimal / "templates" / "default"
    own.mkdir(parents=True)
    (own / "kallelse.md.j2").symlink_to(outside / "kallelse.md.j2")
    path = TemplatePath.for_project(minimal, "Testkommunen", "kommunstyrelsen")
    found = path.resolve("kallelse.md.j2")
    assert found is not None and found.is_relative_to(Path(__file__).resolve().parents[1] / "src")


def test_included_template_that_links_out_is_an_error(minimal: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("hemligt\n", encoding="utf-8")
    own = minimal / "templates" / "default"
    own.mkdir(parents=True)
    (own / "secret.j2").symlink_to(tmp_path / "secret.txt")
    (own / "kallelse.md.j2").write_text("{% include 'secret.j2' %}\n", encoding="utf-8")
    report = api.build(minimal, minimal / "content" / "meeting-2021-03-12", out_root=tmp_path / "out",
                       formats=("md",))
    assert report.blocked
    problems = [d for d in report.diagnostics if d.code == "PG302"]
    assert [d.message for d in problems] == [
        "kallelse.md: fel i mallen: mallen 'secret.j2' är en symbolisk länk ut ur mallmappen; "
        "kopiera in mallen i stället"]
    assert not any("hemligt" in p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.md"))


def _link_out(source: Path, outside: Path, text: str | None = None) -> Path:
    """Move a source out of the project (or write `text` there) and leave a symbolic link in its place."""
    outside.write_text(source.read_text(encoding="utf-8") if text is None else text, encoding="utf-8")
    source.unlink()
    source.symlink_to(outside)
    return outside


def test_arende_that_is_a_symlink_out_of_the_project_is_not_read(minimal: Path, tmp_path: Path) -> None:
    outside = _link_out(minimal / MEETING / "arenden" / "03-projekt.md", tmp_path / "utanfor.md")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/03-projekt.md:1:1: error[PG120]: '{MEETING}/arenden/03-projekt.md' är en symbolisk "
        f"länk till '{outside.resolve().as_posix()}', som ligger utanför projektet; papergen läser bara filer i "
        "projektet: kopiera in filen i stället för att länka"]


def test_symlink_inside_the_project_is_read(minimal: Path) -> None:
    target = minimal / MEETING / "arenden" / "03-projekt.md"
    kept = minimal / "content" / "03-projekt.md"
    os.replace(target, kept)
    target.symlink_to(kept)
    assert check_minimal(minimal) == []


def test_reference_through_a_symlink_out_of_the_meeting_is_refused(minimal: Path, tmp_path: Path) -> None:
    _link_out(minimal / MEETING / "yttranden" / "02-regional-plan.md", tmp_path / "plan.md")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:19:11: error[PG207]: 'yttranden/02-regional-plan.md' ligger utanför "
        "sammanträdets mapp content/meeting-2021-03-12/; lägg filen i mappen och hänvisa relativt till den"]


def test_reference_with_characters_outside_the_pattern(minimal: Path) -> None:
    os.replace(minimal / MEETING / "yttranden" / "02-regional-plan.md",
               minimal / MEETING / "yttranden" / "02 regional plan.md")
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "yttrande: yttranden/02-regional-plan.md",
         "yttrande: yttranden/02 regional plan.md")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:19:11: error[PG119]: 'yttranden/02 regional plan.md' är ingen tillåten "
        "sökväg: varje del får bara innehålla a–z, A–Z, 0–9, '-', '_' och '.', högst 100 tecken, skilda med '/', "
        "t.ex. 'yttranden/05-remiss-plan.md'"]


def test_reference_too_long_for_the_file_system(minimal: Path) -> None:
    # Found by the fuzz test: the file system's "name too long" was a traceback.
    edit(minimal, f"{MEETING}/arenden/02-remiss.md", "yttrande: yttranden/02-regional-plan.md", "yttrande: " + "x" * 300)
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/02-remiss.md:19:11: error[PG119]: '{'x' * 300}' är ingen tillåten sökväg: varje del får "
        "bara innehålla a–z, A–Z, 0–9, '-', '_' och '.', högst 100 tecken, skilda med '/', "
        "t.ex. 'yttranden/05-remiss-plan.md'"]


def test_arende_file_name_outside_the_pattern(minimal: Path) -> None:
    os.replace(minimal / MEETING / "arenden" / "03-projekt.md", minimal / MEETING / "arenden" / "03 projekt.md")
    assert check_minimal(minimal) == [
        f"{MEETING}/arenden/03 projekt.md:1:1: error[PG119]: filnamnet '03 projekt.md' får bara innehålla a–z, "
        "A–Z, 0–9, '-', '_' och '.', högst 100 tecken, och ska börja med en bokstav eller siffra, "
        "t.ex. '05-remiss-plan.md'"]


def test_link_out_of_the_project_is_not_shown_under_its_diagnostic(minimal: Path, tmp_path: Path) -> None:
    _link_out(minimal / MEETING / "arenden" / "03-projekt.md", tmp_path / "hemlig.md", "hemlig rad\n")
    shown = rendered(api.check(minimal, minimal / MEETING))
    assert "PG120" in shown and "hemlig rad" not in shown
