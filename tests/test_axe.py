"""The HTML pages pass axe-core (WCAG 2.1 A and AA rules) in a real headless Chromium, with zero violations.

Needs Debian's `chromium` and `chromium-driver`, the `selenium` package and
axe-core from the npm registry (`npm pack axe-core`, or PAPERGEN_AXE_JS
pointing at an axe.min.js); skipped with the reason when one is missing.
.ci/run installs them.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from papergen import api
from papergen.review import diff as review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    import selenium  # noqa: F401
    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False

pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None or not HAVE_SELENIUM,
                                reason="headless Chromium (apt-get install chromium chromium-driver) "
                                       "or selenium is not installed")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_js(tmp: Path) -> str:
    given = os.environ.get("PAPERGEN_AXE_JS")
    if given and Path(given).is_file():
        return Path(given).read_text(encoding="utf-8")
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("axe-core not available: set PAPERGEN_AXE_JS or install npm")
    done = subprocess.run([npm, "pack", "axe-core@4", "--silent"], cwd=tmp, capture_output=True, text=True,
                          timeout=120)
    tarballs = list(tmp.glob("axe-core-*.tgz"))
    if done.returncode != 0 or not tarballs:
        pytest.skip(f"npm pack axe-core failed: {done.stderr.strip()[-200:]}")
    with tarfile.open(tarballs[0]) as tar:
        member = tar.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode("utf-8")


def chrome() -> Any:
    """A headless Chromium under selenium (also used by tests/test_serve_browser.py)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(60)
    return driver


def axe_violations(driver: Any, axe: str, url: str) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations of the page at `url`, one line each."""
    driver.get(url)
    driver.execute_script(axe)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')))"
        ".catch(e => done(['axe failed: ' + e]));", WCAG_21_AA)


def _diff_page(folder: Path) -> Path:
    """`papergen diff --html` of a PM whose att-sats and a long line changed."""
    old = (folder / "pm-03.md").read_text(encoding="utf-8")
    new = old.replace("godkänna verksamhetsberättelse 2019", "anta verksamhetsberättelsen för år 2019").replace(
        "Se underlag i verksamhetsberättelsen.", "Se " + "https://example.org/" + "mycket-lang-adress/" * 20, 1)
    doc = review.DocumentDiff("meeting-2020-02-14", "ändrat", "pm-03.md", "pm-03.md", old, new)
    page = folder.parent / "diff.html"
    page.write_text(review.render_html(review.Review("a" * 40, "b" * 40, ["meeting-2020-02-14"], [doc])),
                    encoding="utf-8")
    return page


def test_every_page_has_no_axe_violations(tmp_path: Path) -> None:
    axe = _axe_js(tmp_path)
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=tmp_path / "out",
                       formats=("md", "html"))
    assert not report.blocked
    pages = sorted((tmp_path / "out").rglob("*.html"))
    assert len(pages) == 33  # 31 papers, the meeting's index and the index of meetings
    pages.append(_diff_page(tmp_path / "out" / "meeting-2020-02-14"))
    driver = chrome()
    failures: list[str] = []
    try:
        # The checker itself works: a page without language and title fails it.
        bad = tmp_path / "bad.html"
        bad.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
        assert any(v.startswith("html-has-lang") for v in axe_violations(driver, axe, bad.as_uri()))
        for page in pages:
            found = axe_violations(driver, axe, page.as_uri())
            failures += [f"{page.relative_to(tmp_path / 'out')}: {v}" for v in found]
    finally:
        driver.quit()
    assert failures == []


def test_pages_fit_a_narrow_window_and_print_on_a4_with_the_banner(tmp_path: Path) -> None:
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=tmp_path / "out",
                       formats=("md", "html"))
    assert not report.blocked
    folder = tmp_path / "out" / "meeting-2020-02-14"
    driver = chrome()
    try:
        # No horizontal scrolling in a phone-sized window: long lines and tables wrap.
        driver.set_window_size(420, 900)
        for page in (folder / "pm-03.html", folder / "protokoll.html", _diff_page(folder)):
            driver.get(page.as_uri())
            wide = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
            assert wide[0] <= wide[1], f"{page.name}: {wide[0]} px wide in a {wide[1]} px window"
        driver.set_window_size(1000, 1400)
        driver.get((folder / "protokoll.html").as_uri())
        family = driver.execute_script("return getComputedStyle(document.body).fontFamily;")
        assert family.startswith("Arial")
        # Printed as the browser's print dialog does (the page's @page size wins): A4 pages with the banner.
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
        pdf = tmp_path / "protokoll.pdf"
        pdf.write_bytes(base64.b64decode(printed["data"]))
    finally:
        driver.quit()
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdfinfo, pdftotext) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info, info
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 3
    assert all("Konstruerat exempel – inte ett verkligt protokoll" in p for p in pages)
