"""A first run that helps: the README's examples are what papergen prints, --help names every paper,
near misses get a "menade du …?", an end time before the start is an error, and a missing meeting's
message lists the meetings that do exist."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, check_minimal, edit

from papergen.cli import main
from papergen.render.plan import KINDS

MEETING = "content/meeting-2021-03-12"


def _run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr



# --- the README ---------------------------------------------------------------------------------------------

def test_the_readme_diagnostic_example_is_what_check_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"- Diagnostics go to stderr, one per problem, all of them at once:\n\n  ```\n(.*?)\n  ```",
                      readme, flags=re.S)
    assert block is not None
    example = [line.removeprefix("  ") for line in block.group(1).splitlines()]
    misspelt = re.search(r"error\[PG205\]: '([^']+)'", example[0]).group(1)
    shutil.copytree(REPO / "content", tmp_path / "content")
    edit(tmp_path, "content/meeting-2020-02-14/meeting.yaml", "justerare: Patrik Nyström\n",
          f"justerare: {misspelt}\n")
    code, _, err = _run(["check", "meeting-2020-02-14"], tmp_path, monkeypatch)
    assert code == 1
    lines = err.splitlines()
    start = lines.index(example[0])  # the example is one of the findings, printed exactly so
    assert lines[start:start + len(example)] == example


def test_the_readme_build_all_example_is_what_build_all_prints(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"`papergen build --all -j 2` builds every meeting.*?```\n(.*?)\n```", readme, flags=re.S)
    assert block is not None
    example = block.group(1).splitlines()
    shutil.copytree(REPO / "content", tmp_path / "content")
    code, out, _ = _run(["build", "--all", "-j", "2"], tmp_path, monkeypatch)
    assert code == 0
    seconds = re.compile(r"på \d+,\d\d s$")
    printed = out.splitlines()
    # Meetings finish in either order; the wall time differs from run to run.
    assert sorted(printed[:-1]) == sorted(example[:-1])
    assert seconds.sub("på … s", printed[-1]) == seconds.sub("på … s", example[-1])


def test_help_names_every_paper() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    text = result.stdout.casefold()
    for paper in ("kallelse", "föredragningslista", "föredragnings-pm", "remissvar", "protokoll", "protokollsutdrag",
                  "anslagsbevis"):
        assert paper in text
    assert all(kind.name in text for kind in KINDS)  # a new kind of paper is named here too


# --- menade du …? ---------------------------------------------------------------------------------------------

def test_a_misspelt_key_gets_the_close_one(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "plats:", "plast:")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:1:1: error[PG104]: fältet 'plats' saknas",
        f"{MEETING}/meeting.yaml:6:1: error[PG103]: okänd nyckel 'plast'; menade du 'plats'? Tillåtna här: organ, "
        "datum, tid, plats, gruppmoten, noter, justering, konstruerat, avsnitt"]


def test_a_misspelt_organ_id_gets_the_close_one(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "organ: kommunstyrelsen", "organ: kommunstyrelse")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:1:8: error[PG204]: organet 'kommunstyrelse' finns inte i content/organisation.yaml; "
        "menade du 'kommunstyrelsen'? Kända organ: kommunstyrelsen"]


def test_a_name_that_is_not_a_member_gets_the_close_one(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "justerare: Cecilia Ledamot", "justerare: cecilia ledamot")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:10:14: error[PG205]: 'cecilia ledamot' är varken ledamot eller ersättare "
        "i Kommunstyrelsen enligt content/organisation.yaml; menade du 'Cecilia Ledamot'?"]


def test_no_suggestion_when_nothing_is_close(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", "justerare: Cecilia Ledamot", "justerare: Zlatan Ibrahimović")
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:10:14: error[PG205]: 'Zlatan Ibrahimović' är varken ledamot eller ersättare "
        "i Kommunstyrelsen enligt content/organisation.yaml"]


def test_a_name_in_the_protokoll_gets_the_close_member(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    edit(tmp_path, "content/meeting-2020-02-14/protokoll.yaml", "- Patrik Nyström", "- Patrik Nyströmm")
    assert [line for line in check_minimal(tmp_path, "meeting-2020-02-14") if "PG209" in line] == [
        "content/meeting-2020-02-14/protokoll.yaml:28:7: error[PG209]: 'Patrik Nyströmm' är inte ledamot i "
        "Regional tillväxtnämnd enligt content/organisation.yaml; menade du 'Patrik Nyström'?"]


# --- the meeting's time -------------------------------------------------------------------------------------

def test_an_end_before_the_start_is_an_error(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", 'slut: "12:00"', 'slut: "8:30"')
    assert check_minimal(minimal) == [
        f"{MEETING}/meeting.yaml:5:9: error[PG214]: sluttiden '8:30' ligger inte efter starttiden '09:00'; "
        "ange när sammanträdet slutade, t.ex. '15:00'"]


def test_an_end_at_the_start_is_an_error_and_a_later_one_is_not(minimal: Path) -> None:
    edit(minimal, f"{MEETING}/meeting.yaml", 'slut: "12:00"', 'slut: "9:00"')
    assert [line.split(": ", 2)[1] for line in check_minimal(minimal)] == ["error[PG214]"]
    edit(minimal, f"{MEETING}/meeting.yaml", 'slut: "9:00"', 'slut: "9:01"')
    assert check_minimal(minimal) == []


def test_the_protokoll_time_is_checked_too(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    path = tmp_path / "content/meeting-2020-02-14/protokoll.yaml"
    text = path.read_text(encoding="utf-8")
    slut = re.search(r'^  slut: "(\d\d:\d\d)"$', text, flags=re.M)
    assert slut is not None
    path.write_text(text.replace(slut.group(0), '  slut: "9:30"', 1), encoding="utf-8")
    line = text[:slut.start()].count("\n") + 1
    assert [d for d in check_minimal(tmp_path, "meeting-2020-02-14") if "PG214" in d] == [
        f"content/meeting-2020-02-14/protokoll.yaml:{line}:9: error[PG214]: sluttiden '9:30' ligger inte efter "
        "starttiden '10:00'; ange när sammanträdet slutade, t.ex. '15:00'"]


# --- a meeting that is not there ------------------------------------------------------------------------------

def test_a_missing_meeting_lists_the_meetings_that_exist(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = _run(["build", "meeting-2021-03-13"], minimal, monkeypatch)
    assert code == 2
    assert err.splitlines()[-1] == ("Error: Invalid value for MEETING: sammanträdet 'meeting-2021-03-13' finns inte; "
                                    "menade du 'meeting-2021-03-12'? Sammanträden som finns: meeting-2021-03-12")


def test_a_folder_without_meeting_yaml_is_named_and_not_listed(minimal: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (minimal / "content/meeting-2021-04-09").mkdir()
    code, _, err = _run(["check", "meeting-2021-04-09"], minimal, monkeypatch)
    assert code == 2
    assert err.splitlines()[-1] == ("Error: Invalid value for MEETING: mappen content/meeting-2021-04-09/ har ingen "
                                    "meeting.yaml; sammanträden som finns: meeting-2021-03-12")
