"""papergen publish: the public set never carries what is marked sekretess, in any byte of any format."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from papergen import api
from papergen.cli import main
from papergen.publish import publish
from papergen.render import pdf as pdf_backend
from papergen.rules.base import block_texts
from papergen.source.markdown import parse_blocks

MEETING = "meeting-2020-02-14"
ARENDE = "arenden/06-kapitaltillskott-erik-rosenbergs-fond.md"
MARKER = "HEMLIG-UPPGIFT-7Q4 om Lisa Svensson"
# One paragraph and one list of ärende 9, which is published otherwise, marked in its Markdown.
ARENDE_9 = "arenden/09-egen-finansiering-rus-2020-2021.md"
BLOCK_MARKER = "SKYDDAT-STYCKE-3K9 om Per Olsson"
LIST_MARKER = "SKYDDAD-LISTPUNKT-5M2"
BILAGA_MARKER = "Läkarintyg SKYDDAD-BILAGA-8P1"
# A marked `###` heading of ärende 9 and its section (a paragraph and a list), and a marked `##` PM section.
SECTION_MARKERS = ("HEMLIG-RUBRIK-2W6", "HEMLIGT-AVSNITT-4T8", "HEMLIG-PUNKT-6R1", "SKYDDAT-AVSNITT-9H3")
# Text of the secret ärende's PM and summary that must stay internal, besides the markers.
SECRET = (MARKER, BLOCK_MARKER, LIST_MARKER, BILAGA_MARKER, *SECTION_MARKERS, "tidsbubbla", "Kammarkollegiet", "87 815 kronor",
          "Stiftelsen Erik Rosenbergs Naturvårdsfond")


@pytest.fixture(scope="module")
def secret_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped meeting with ärende 6 marked sekretess and a marker sentence in its summary and PM."""
    root = tmp_path_factory.mktemp("secret")
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", root / "templates")
    path = root / "content" / MEETING / ARENDE
    text = path.read_text(encoding="utf-8")
    text = text.replace("typ: beslut\n", 'typ: beslut\nsekretess:\n  osl: "21 kap. 7 § OSL"\n', 1)
    text = text.replace("## Sammanfattning\n\n", f"## Sammanfattning\n\n{MARKER} är en uppgift.\n\n", 1)
    text = text.replace("## Ärendebeskrivning\n\n", f"## Ärendebeskrivning\n\n{MARKER} igen.\n\n", 1)
    path.write_text(text, encoding="utf-8")
    path = root / "content" / MEETING / ARENDE_9
    text = path.read_text(encoding="utf-8")
    text = text.replace("## Sammanfattning\n\n", f"## Sammanfattning\n\n<!-- papergen: sekretess 21 kap. 1 § OSL -->\n"
                        f"{BLOCK_MARKER} är sjukskriven.\n\n", 1)
    text = text.replace("## Bedömning\n\n", f"## Bedömning\n\n<!-- papergen: personuppgifter -->\n- {LIST_MARKER}\n"
                        f"- en andra punkt\n\n", 1)
    text = text.replace("## Ärendebeskrivning\n\n", "## Ärendebeskrivning\n\n<!-- papergen: sekretess 21 kap. 1 § OSL -->\n"
                        "### Uppgifter om HEMLIG-RUBRIK-2W6\n\nHEMLIGT-AVSNITT-4T8 under rubriken.\n\n"
                        "- HEMLIG-PUNKT-6R1\n\n### Öppen underrubrik\n\n", 1)
    text = text.replace("## Ekonomiska konsekvenser\n\n", "<!-- papergen: personuppgifter -->\n## Ekonomiska konsekvenser"
                        "\n\nSKYDDAT-AVSNITT-9H3 gäller en enskild.\n\n", 1)
    # Its second bilaga, in the list on the agenda and in the PM's own list.
    text = text.replace("  - Projektbeskrivning för genomförande av regional utvecklingsstrategi, RUS 2020-2021\n",
                        f"  - titel: {BILAGA_MARKER}\n    sekretess: {{osl: 31 kap. 16 § OSL}}\n", 1)
    text = text.replace("    - Projektbeskrivning den 13 januari 2020.\n",
                        f"    - {{titel: {BILAGA_MARKER} i PM:et, personuppgifter: true}}\n", 1)
    path.write_text(text, encoding="utf-8")
    # § 7 (the omröstning) marked on its own in protokoll.yaml.
    record = root / "content" / MEETING / "protokoll.yaml"
    yaml = record.read_text(encoding="utf-8")
    assert yaml.count("  - arende: 7\n") == 1
    record.write_text(yaml.replace("  - arende: 7\n", "  - arende: 7\n    personuppgifter: true\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def published(secret_project: Path) -> Path:
    formats = ("docx", "md", "html") + (("pdf",) if pdf_backend.find_soffice() and shutil.which("pdftotext") else ())
    report = publish(secret_project, secret_project / "content" / MEETING, formats=formats)
    assert not report.blocked, report.diagnostics
    return secret_project / "build" / MEETING


def _texts(path: Path) -> list[str]:
    """Every way the file's content can be read: raw bytes, each docx part (with and without tags), PDF text."""
    data = path.read_bytes()
    found = [data.decode("utf-8", "replace")]
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                xml = z.read(name).decode("utf-8", "replace")
                found += [xml, re.sub(r"<[^>]+>", "", xml)]
    if path.suffix == ".pdf":
        found.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                    check=True).stdout)
    if path.suffix == ".html":
        import html

        found.append(html.unescape(re.sub(r"<[^>]+>", "", found[0])))
    return found


def test_no_marked_text_in_any_public_byte(published: Path) -> None:
    public = sorted(p for p in (published / "publik").rglob("*") if p.is_file())
    assert {p.suffix for p in public} >= {".docx", ".md", ".html"}
    for path in public:
        for text in _texts(path):
            squeezed = re.sub(r"\s+", " ", text)
            for secret in SECRET:
                assert secret not in squeezed, f"{secret!r} leaks into {path.relative_to(published)}"


def test_internal_set_keeps_everything(published: Path) -> None:
    internal = published / "intern"
    assert MARKER in (internal / "pm-06.md").read_text(encoding="utf-8")
    assert MARKER in (internal / "kallelse.md").read_text(encoding="utf-8")
    assert (internal / "pm-06.docx").is_file()


def test_public_set_names_the_secret_arende_and_keeps_the_beslut(published: Path) -> None:
    public = published / "publik"
    assert not list(public.glob("pm-06.*"))
    kallelse = (public / "kallelse.md").read_text(encoding="utf-8")
    assert "## 6. Begäran om kapitaltillskott" in kallelse
    assert "Sekretess enligt 21 kap. 7 § OSL" in kallelse
    protokoll = (public / "protokoll.md").read_text(encoding="utf-8")
    paragraf = protokoll.split("# § 6 ", 1)[1].split("\n# § 7 ", 1)[0]
    assert "Sekretess enligt 21 kap. 7 § OSL" in paragraf
    assert "att avslå ansökan om kapitaltillskott" in paragraf  # the beslut stays public
    assert "## Sammanfattning" not in paragraf
    assert "pm-06.html" not in (public / "index.html").read_text(encoding="utf-8")
    assert "Anslaget från" in (public / "index.html").read_text(encoding="utf-8")
    if (public / "kallelse.pdf").is_file():
        assert (public / "kallelse.pdf").read_bytes().startswith(b"%PDF")


def test_publish_command(secret_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(secret_project)
    result = CliRunner().invoke(main, ["publish", MEETING, "--format", "md", "--out", "ut"])
    assert result.exit_code == 0, result.output
    assert f"skrev ut/{MEETING}/publik/kallelse.md" in result.output
    assert (secret_project / "ut" / MEETING / "intern" / "pm-06.md").is_file()
    assert not (secret_project / "ut" / MEETING / "publik" / "pm-06.md").exists()


def test_unmarked_meeting_publishes_the_same_papers(tmp_path: Path) -> None:
    report = publish(REPO, REPO / "content" / "meeting-2020-03-20", out_root=tmp_path, formats=("md",))
    assert not report.blocked
    folder = tmp_path / "meeting-2020-03-20"
    for path in (folder / "intern").glob("*.md"):
        assert path.read_bytes() == (folder / "publik" / path.name).read_bytes()
    build = api.build(REPO, REPO / "content" / "meeting-2020-03-20", out_root=tmp_path / "b", formats=("md",))
    assert sorted(p.name for p in build.written) == sorted(p.name for p in (folder / "publik").glob("*.md"))


def test_a_paragraf_marked_in_the_protokoll_is_cut_down_alone(published: Path) -> None:
    public = (published / "publik" / "protokoll.md").read_text(encoding="utf-8")
    internal = (published / "intern" / "protokoll.md").read_text(encoding="utf-8")
    paragraf = public.split("# § 7 ", 1)[1].split("\n# § 8 ", 1)[0]
    assert "Innehåller personuppgifter som inte publiceras" in paragraf
    assert "ja-röster" not in paragraf and "yrkar" not in paragraf
    assert "att avslå Hopajolas begäran" in paragraf  # the beslut stays
    assert "Med 12 ja-röster mot 2 nej-röster, 1 avstår" in internal
    utdrag = (published / "publik" / "protokollsutdrag-07.md").read_text(encoding="utf-8")
    assert "ja-röster" not in utdrag
    # Only the §: the ärende itself is on the public kallelse and its PM is published.
    assert (published / "publik" / "pm-07.md").is_file()


def test_a_marked_paragraph_and_list_give_way_to_a_notice(published: Path) -> None:
    public, internal = published / "publik", published / "intern"
    pm = (public / "pm-09.md").read_text(encoding="utf-8")
    assert "[Borttaget i den publicerade versionen: sekretess enligt 21 kap. 1 § OSL]" in pm
    assert "[Borttaget i den publicerade versionen: innehåller personuppgifter som inte publiceras]" in pm
    assert "## Bedömning" in pm and "Region Örebro län" in pm  # the rest of the PM is published
    kallelse = (public / "kallelse.md").read_text(encoding="utf-8")
    paragraph = kallelse.split("## 9. ", 1)[1].split("\n## 10. ", 1)[0]
    assert "[Borttaget i den publicerade versionen: sekretess enligt 21 kap. 1 § OSL]" in paragraph
    assert BLOCK_MARKER in (internal / "pm-09.md").read_text(encoding="utf-8")
    assert LIST_MARKER in (internal / "pm-09.md").read_text(encoding="utf-8")
    assert BLOCK_MARKER in (internal / "protokoll.md").read_text(encoding="utf-8")


def test_a_marker_before_a_heading_protects_its_whole_section(published: Path) -> None:
    """As a registrator reads it: the heading and everything under it, to the next heading of its level."""
    public, internal = published / "publik", published / "intern"
    pm = (public / "pm-09.md").read_text(encoding="utf-8")
    described = pm.split("## Ärendebeskrivning\n", 1)[1].split("\n## ", 1)[0]
    assert described.split("### Öppen underrubrik", 1)[0].strip() == (
        "*[Borttaget i den publicerade versionen: sekretess enligt 21 kap. 1 § OSL]*")  # one notice for it all
    assert "Region Örebro län har ett uppdrag" in described.split("### Öppen underrubrik", 1)[1]  # the next section
    assert "## [Borttaget i den publicerade versionen: innehåller personuppgifter som inte publiceras]" in pm
    assert "## Ekonomiska konsekvenser" not in pm and "Finansieringen sker från" not in pm
    kept = (internal / "pm-09.md").read_text(encoding="utf-8")
    assert all(marker in kept for marker in SECTION_MARKERS)
    assert "## Ekonomiska konsekvenser\n" in kept


def test_a_marked_heading_takes_its_section_but_not_the_next(tmp_path: Path) -> None:
    blocks, problems = parse_blocks("<!-- papergen: personuppgifter -->\n### A\n\nett\n\n#### B\n\n- två\n\n"
                                    "### C\n\ntre\n", "x.md", 1)
    assert problems == []
    assert [(type(b).__name__, b.skydd is not None) for b in blocks] == [
        ("Heading", True), ("Paragraph", True), ("Heading", True), ("ListBlock", True),
        ("Heading", False), ("Paragraph", False)]
    assert [b.publik for b in block_texts(blocks, "x.md")] == [False, False, True]  # what the text rules see


def test_a_marked_bilaga_is_listed_without_its_title(published: Path) -> None:
    public, internal = published / "publik", published / "intern"
    kallelse = (public / "kallelse.md").read_text(encoding="utf-8").split("## 9. ", 1)[1].split("\n## 10. ", 1)[0]
    assert "- [Borttaget i den publicerade versionen: sekretess enligt 31 kap. 16 § OSL]" in kallelse
    assert "- FöredragningsPM regional tillväxtnämnd 200214" in kallelse  # the other bilaga stays
    pm = (public / "pm-09.md").read_text(encoding="utf-8")
    assert "\n[Borttaget i den publicerade versionen: innehåller personuppgifter som inte publiceras]\n" in pm
    protokoll = (public / "protokoll.md").read_text(encoding="utf-8").split("# § 9 ", 1)[1].split("\n# § 10 ", 1)[0]
    assert "sekretess enligt 31 kap. 16 § OSL]" in protokoll
    assert BILAGA_MARKER in (internal / "kallelse.md").read_text(encoding="utf-8")
    assert f"{BILAGA_MARKER} i PM:et" in (internal / "pm-09.md").read_text(encoding="utf-8")
