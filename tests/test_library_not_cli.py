"""What the commands print comes from the library: finding the project, merging several meetings'
check reports, the totals of `build --all`. The CLI only parses, calls, prints and exits."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from papergen import api
from papergen.build.batch import totals
from papergen.cli import main
from papergen.diagnostics import Diagnostic, Severity, Span

REPO = Path(__file__).resolve().parents[1]


def test_no_project_is_one_message_from_every_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(api.NoProject) as raised:
        api.project_root(tmp_path)
    expected = f"hittar inget papergen-projekt (content/organisation.yaml) i {tmp_path.resolve()} eller ovanför"
    assert str(raised.value) == expected
    monkeypatch.chdir(tmp_path)
    for args in (["check"], ["build", "--all"], ["diff"], ["templates", "meeting-2020-02-14"], ["build", "meeting-2020-02-14"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and expected in result.output, args


def _d(line: int, code: str = "PG501") -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, f"fynd {line}", Span("content/organisation.yaml", line, 1))


def test_merged_check_reports_keep_each_finding_once_in_the_order_first_found() -> None:
    one = api.CheckReport(REPO, diagnostics=[_d(3), _d(1)], meetings=["meeting-a"])
    two = api.CheckReport(REPO, diagnostics=[_d(1), _d(2)], meetings=["meeting-b"], strict=True,
                     accepted=[(_d(9), "granskat")])
    report = api.merged([one, two], REPO)
    assert report.diagnostics == [_d(3), _d(1), _d(2)]
    assert report.meetings == ["meeting-a", "meeting-b"] and report.accepted == [(_d(9), "granskat")]
    assert report.strict and report.exit_code() == 1  # warnings under strict


def test_build_all_totals() -> None:
    written = api.BuildReport(REPO, diagnostics=[_d(1)], meetings=["meeting-a"],
                         rendered=["kallelse.docx", "kallelse.md"], reused=4)
    blocked = api.BuildReport(REPO, diagnostics=[_d(1, "PG101"), _d(2)], meetings=["meeting-b"],
                         blocked=True)
    t = totals([written, blocked], pruned=3)
    assert (t.rendered, t.reused, t.found, t.failed, t.pruned) == (2, 4, 3, ["meeting-b"], 3)


def test_a_check_fails_on_findings_and_a_build_only_when_it_did_not_write() -> None:
    found = [Diagnostic(Severity.ERROR, "PG515", "justeringen ligger före sammanträdet", None)]  # a content finding
    assert api.CheckReport(REPO, diagnostics=found).exit_code() == 1
    assert api.BuildReport(REPO, diagnostics=found, written=[REPO / "x"]).exit_code() == 0
    assert api.BuildReport(REPO, diagnostics=found, blocked=True).exit_code() == 1
