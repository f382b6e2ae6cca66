"""`papergen new`: scaffolded sources pass check with no errors, and carry over only what recurs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from papergen import api
from papergen.cli import main
from papergen.diagnostics import Severity
from papergen.project_new import ScaffoldError, new_arende, new_meeting

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    return root


def _errors(root: Path, folder: Path) -> list[str]:
    report = api.check(root, folder)
    return [d.message for d in report.diagnostics if d.severity is Severity.ERROR]


def _codes(root: Path, folder: Path) -> set[str]:
    return {d.code for d in api.check(root, folder).diagnostics}


def test_new_meeting_from_the_last_meeting(project: Path) -> None:
    made = new_meeting(project, dt.date(2020, 4, 17))
    assert made.source == "meeting-2020-03-20"
    # The nämnd's standing items (organisation.yaml), also those the last meeting did not have.
    assert [p.name for p in made.files] == ["meeting.yaml", "01-protokollsjustering.md", "02-information.md",
                                            "03-anmalningsarenden.md", "04-presentationer.md"]
    meeting = (made.folder / "meeting.yaml").read_text(encoding="utf-8")
    assert "datum: 2020-04-17" in meeting and "senast: 2020-04-24" in meeting  # a week after, as last time
    assert "justerare: \"Bo Rudolfsson\"" in meeting
    justering = (made.folder / "arenden" / "01-protokollsjustering.md").read_text(encoding="utf-8")
    assert justering == (
        '---\nnummer: 1\nrubrik: "Protokollsjustering"\ntyp: beslut\nforedragande: []\nforslag_till_beslut:\n'
        '  inledning: "Regional tillväxtnämnd beslutar"\n  att_satser:\n'
        '    - "jämte ordföranden justera dagens protokoll utse Bo Rudolfsson (KD) med Kenneth Lantz (V) '
        'som ersättare."\n'
        '  efterskrift:\n    - "Protokollet ska vara justerat senast den 24 april 2020."\n---\n')
    assert not (made.folder / "protokoll.yaml").exists()
    assert _errors(project, made.folder) == []
    assert _codes(project, made.folder) <= {"PG115"}


def test_new_meeting_from_a_chosen_meeting_and_new_arende(project: Path) -> None:
    made = new_meeting(project, dt.date(2020, 4, 17), source=project / "content" / "meeting-2020-02-14")
    assert [p.name for p in made.files][1:] == ["01-protokollsjustering.md", "02-information.md",
                                               "03-anmalningsarenden.md", "04-presentationer.md"]
    anmalan = (made.folder / "arenden" / "03-anmalningsarenden.md").read_text(encoding="utf-8")
    assert "godkänna redovisningen." in anmalan and "19RS" not in anmalan  # förslag recurs, diarienummer not
    path = new_arende(project, made.folder, "Ny väg Örebro–Hallsberg")
    assert path.name == "05-ny-vag-orebro-hallsberg.md"
    assert new_arende(project, made.folder, "Information om läget", typ="information").name.startswith("06-")
    assert _errors(project, made.folder) == []
    assert _codes(project, made.folder) <= {"PG115"}
    report = api.build(project, made.folder, formats=("md",))
    assert report.written


def test_new_arende_in_a_shipped_meeting_gives_only_warnings(project: Path) -> None:
    folder = project / "content" / "meeting-2020-03-20"
    before = {d.code for d in api.check(project, folder).diagnostics if d.severity is Severity.ERROR}
    path = new_arende(project, folder, "Budget 2021")
    assert path.name == "04-budget-2021.md"
    after = api.check(project, folder).diagnostics
    new = [d for d in after if d.span is not None and d.span.path.endswith(path.name)]
    assert new and {d.code for d in new} == {"PG115"}
    assert {d.code for d in after if d.severity is Severity.ERROR} - before <= {"PG601"}  # no § for it yet


def test_user_mistakes(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="finns redan"):
        new_meeting(project, dt.date(2020, 3, 20))
    with pytest.raises(ScaffoldError, match="inget tidigare sammanträde"):
        new_meeting(project, dt.date(2019, 1, 1))
    with pytest.raises(ScaffoldError, match="tom"):
        new_arende(project, project / "content" / "meeting-2020-03-20", "  ")


def test_cli(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["new", "meeting", "2020-04-17"])
    assert result.exit_code == 0, result.output
    assert "skrev content/meeting-2020-04-17/meeting.yaml" in result.stdout
    result = CliRunner().invoke(main, ["new", "arende", "meeting-2020-04-17", "Budget 2021"])
    assert result.stdout == "skrev content/meeting-2020-04-17/arenden/05-budget-2021.md\n"
    assert CliRunner().invoke(main, ["check", "meeting-2020-04-17"]).exit_code == 0
    for args in (["new", "meeting", "2020-04-17"], ["new", "meeting", "17 april"],
                 ["new", "arende", "meeting-2099-01-01", "X"]):
        bad = CliRunner().invoke(main, args)
        assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_without_configured_standing_items_the_common_ones_carry_over(project: Path) -> None:
    org = project / "content" / "organisation.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(text[:text.index("    # The items on every agenda")], encoding="utf-8")
    made = new_meeting(project, dt.date(2020, 4, 17))
    assert [p.name for p in made.files] == ["meeting.yaml", "01-protokollsjustering.md", "02-information.md"]
    justering = (made.folder / "arenden" / "01-protokollsjustering.md").read_text(encoding="utf-8")
    assert '"jämte ordföranden utse Bo Rudolfsson (KD) att justera dagens protokoll."' in justering
    assert _errors(project, made.folder) == []


def test_an_unknown_placeholder_in_a_standing_forslag_is_located(project: Path) -> None:
    org = project / "content" / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("{senast}", "{sista_dag}"), encoding="utf-8")
    report = api.check(project, project / "content" / "meeting-2020-03-20")
    assert [(d.code, d.span.path if d.span else None) for d in report.diagnostics] == [
        ("PG105", "content/organisation.yaml")]
    assert report.diagnostics[0].message == ("'forslag_till_beslut' har en okänd platshållare {sista_dag}; "
                                             "tillåtna: {organ}, {justerare}, {ersattare}, {senast}")
