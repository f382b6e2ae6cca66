"""CLI wiring only: streams, exit codes, options. Behaviour is tested through papergen.api."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from papergen.cli import main


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_build_success_lists_files(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["build", "meeting-2021-03-12", "--format", "md"], minimal, monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["skrev build/meeting-2021-03-12/kallelse.md",
                                "skrev build/meeting-2021-03-12/pm-01.md",
                                "skrev build/meeting-2021-03-12/budget-03.md",
                                "skrev build/meeting-2021-03-12/remissvar-02.md",
                                "4 filer skrivna; innehållet: 0 fel, 0 varningar"]


def test_content_error_exit_1_with_source_line_and_caret(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = minimal / "content/meeting-2021-03-12/meeting.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("Cecilia Ledamot", "Cecilia X"), encoding="utf-8")
    code, out, err = run(["build", "meeting-2021-03-12"], minimal, monkeypatch)
    assert code == 1
    assert err.splitlines() == [
        "content/meeting-2021-03-12/meeting.yaml:10:14: error[PG205]: 'Cecilia X' är varken ledamot eller "
        "ersättare i Kommunstyrelsen enligt content/organisation.yaml; menade du 'Cecilia Ledamot'?",
        "  10 |   justerare: Cecilia X",
        "     |              ^^^^^^^^^",
    ]
    assert out == "1 fel, 0 varningar – inget skrevs\n"
    assert not (minimal / "build").exists()


def test_strict_fails_on_warnings(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arende = minimal / "content/meeting-2021-03-12/arenden/01-budget.md"
    arende.write_text(arende.read_text(encoding="utf-8").replace("## Ekonomiska konsekvenser", "## Bakgrund"),
                      encoding="utf-8")
    assert run(["build", "meeting-2021-03-12", "--format", "md"], minimal, monkeypatch)[0] == 0
    code, out, _ = run(["build", "meeting-2021-03-12", "--strict"], minimal, monkeypatch)
    assert code == 1 and out == "0 fel, 1 varning – inget skrevs\n"


def test_unknown_meeting_is_a_usage_error(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["build", "meeting-2099-01-01"], minimal, monkeypatch)
    assert code == 2
    assert "sammanträdet 'meeting-2099-01-01' finns inte; sammanträden som finns: meeting-2021-03-12" in err


def test_unknown_format_is_a_usage_error(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["build", "meeting-2021-03-12", "--format", "rtf"], minimal, monkeypatch)
    assert code == 2 and "okänt format 'rtf'; välj bland docx,md,pdf,html" in err


def test_meeting_as_path_from_elsewhere(minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["check", str(minimal / "content/meeting-2021-03-12")], tmp_path, monkeypatch)
    assert (code, out) == (0, "0 fel, 0 varningar\n")


def test_python_m_papergen_is_the_same_command() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "papergen", "--help"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("Usage: papergen [OPTIONS] COMMAND [ARGS]...")
    assert "check" in done.stdout and "publish" in done.stdout
