"""papergen serve in a real browser: an open page follows the sources on disk, and the served pages pass axe-core.

Headless Chromium under selenium, set up as tests/test_axe.py does (skipped
with the reason where Chromium, chromedriver, selenium or axe-core is missing).
The test only edits files and waits: it never reloads the page itself, and a
marker set on the page's window proves the page was not reloaded either.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_axe as browser
from conftest import REPO

from papergen.serve.session import Preview

pytestmark = browser.pytestmark
MEETING = "meeting-2020-02-14"
PM_05 = Path("content") / MEETING / "arenden" / "05-remiss-smart-specialisering.md"
SAID = "Ärendet avser ett remissyttrande avseende Jämtland Härjedalens strategi"
NEW = "Ärendet avser nu, efter sparandet, ett remissyttrande om Jämtland Härjedalens strategi"
WAIT_S = 20


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the shipped project."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    with Preview(project, [project / "content" / MEETING], port=0) as running:
        yield running


@pytest.fixture
def driver() -> Iterator[Any]:
    chrome = browser.chrome()
    try:
        yield chrome
    finally:
        chrome.quit()


def _wait(driver: Any, condition: Any, what: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S, poll_frequency=0.05).until(condition, message=what)


def _text(driver: Any) -> str:
    return str(driver.execute_script("return document.body.innerText"))


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", "the page loads")
    driver.execute_script("window.pgSamePage = 'ja';")


def _same_page(driver: Any) -> bool:
    return driver.execute_script("return window.pgSamePage") == "ja"


def test_an_open_paper_shows_a_saved_edit_without_a_reload(preview: Preview, project: Path, driver: Any) -> None:
    _open(driver, f"{preview.url}{MEETING}/pm-05.html")
    assert SAID in _text(driver) and NEW not in _text(driver)
    source = project / PM_05
    source.write_text(source.read_text(encoding="utf-8").replace(SAID, NEW), encoding="utf-8")
    _wait(driver, lambda d: NEW in _text(d), "the edit appears in the open page")
    assert SAID not in _text(driver)
    assert _same_page(driver)  # swapped in place by the page's own script
    assert driver.current_url == f"{preview.url}{MEETING}/pm-05.html"


def test_a_broken_source_shows_its_diagnostic_and_fixing_it_brings_the_paper_back(
        preview: Preview, project: Path, driver: Any) -> None:
    _open(driver, f"{preview.url}{MEETING}/pm-05.html")
    meeting_yaml = project / "content" / MEETING / "meeting.yaml"
    good = meeting_yaml.read_text(encoding="utf-8")
    meeting_yaml.write_text(good.replace('  slut: "15:00"', '  slut: "15:00\n'), encoding="utf-8")

    def banner(d: Any) -> str:
        # Read in one script: the body may be swapped between a lookup and a read.
        return str(d.execute_script("const e = document.querySelector('.pg-broken[role=alert]');"
                                    "return e ? e.innerText : '';"))

    _wait(driver, lambda d: "fel[PG101]" in banner(d), "the YAML error appears in the page")
    assert f"content/{MEETING}/meeting.yaml:" in banner(driver)
    assert "Källorna kan inte läsas." in banner(driver)
    assert SAID in _text(driver)  # the last paper built is still there to read
    meeting_yaml.write_text(good, encoding="utf-8")
    _wait(driver, lambda d: banner(d) == "", "the error leaves the page once fixed")
    assert SAID in _text(driver) and _same_page(driver)


def test_served_pages_have_no_axe_violations(preview: Preview, project: Path, driver: Any,
                                             tmp_path: Path) -> None:
    axe = browser._axe_js(tmp_path)
    papers = sorted(p.name for p in (project / "build" / MEETING).glob("*.html") if p.name != "index.html")
    assert len(papers) == 31
    # A finding beside a paper, so the aside's list is checked too.
    source = project / PM_05
    source.write_text(source.read_text(encoding="utf-8").replace(SAID, SAID + " FYLL I: datum"), encoding="utf-8")
    preview.site.build([MEETING])
    urls = [preview.url, f"{preview.url}{MEETING}/", *(f"{preview.url}{MEETING}/{p}" for p in papers)]
    failures = [f"{url}: {v}" for url in urls for v in browser.axe_violations(driver, axe, url)]
    # And the page of a meeting whose sources do not load.
    meeting_yaml = project / "content" / MEETING / "meeting.yaml"
    meeting_yaml.write_text(meeting_yaml.read_text(encoding="utf-8").replace("datum: 2020-02-14", "datum: [2020"),
                            encoding="utf-8")
    preview.site.build([MEETING])
    assert "pg-broken" in (preview.site.get(f"/{MEETING}/pm-05.html") or pytest.fail("not served")).data.decode()
    failures += [f"(broken) {url}: {v}" for url in urls[1:3] for v in browser.axe_violations(driver, axe, url)]
    assert failures == []
