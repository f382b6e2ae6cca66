"""Visual regression: every paper of the shipped meetings, as LibreOffice prints it, page by page.

Each meeting is built as Word files; one LibreOffice process makes the PDFs
of both meetings (papergen.render.pdf.convert), pdftoppm turns every page into
a small grayscale image, and Pillow compares it with the reference image in
tests/visual/<meeting>/<paper>-<page>.png. A page differs when more than
TOLERANCE of its pixels differ by more than THRESHOLD grey levels (font
hinting and antialiasing move a few edge pixels between LibreOffice builds; a
moved line or column moves thousands). A failing page writes its difference
image beside the test's temporary folder and names it in the message.

Refresh the references after a wanted change of layout, and review them:

    PAPERGEN_UPDATE_VISUAL=1 python3 -m pytest tests/test_visual.py

Skipped, with the reason, where LibreOffice or pdftoppm is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from papergen import api
from papergen.diagnostics import Collector
from papergen.render import pdf as pdf_backend
from papergen.render.output import Output

Image = pytest.importorskip("PIL.Image", reason="Pillow is not installed (pip install -e '.[test]')")
ImageChops = pytest.importorskip("PIL.ImageChops")

SOFFICE = pdf_backend.find_soffice()
PDFTOPPM = shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(SOFFICE is None or PDFTOPPM is None,
                                reason="LibreOffice (soffice) and pdftoppm (poppler-utils) are not installed")

MEETINGS = ("meeting-2020-02-14", "meeting-2020-03-20")
REFERENCES = Path(__file__).parent / "visual"
DPI = 40  # an A4 page is 331 x 468 pixels: a moved line shows, the references stay small
LEVELS = 16  # grey levels kept in a reference (4-bit PNG)
THRESHOLD = 64  # grey levels (of 255) a pixel must move by to count as changed
TOLERANCE = 0.002  # share of a page's pixels that may change (0.2 %: about 300 pixels)
UPDATE = os.environ.get("PAPERGEN_UPDATE_VISUAL") == "1"


def _quantised(image: Image.Image) -> Image.Image:
    """Grayscale in LEVELS steps, as a 4-bit palette image: what a reference holds."""
    steps = image.convert("L").point(lambda v: round(v * (LEVELS - 1) / 255))
    indexed = Image.frombytes("P", steps.size, steps.tobytes())
    indexed.putpalette([v * 255 // (LEVELS - 1) for v in range(LEVELS) for _ in range(3)])
    return indexed


def _changed(actual: Image.Image, expected: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels that moved by more than THRESHOLD, and the mask of them."""
    mask = ImageChops.difference(actual, expected).point(lambda v: 255 if v > THRESHOLD else 0)
    return mask.histogram()[255] / (actual.width * actual.height), mask


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """'<meeting>/<paper>' -> its page images, from one LibreOffice run over both meetings."""
    assert SOFFICE is not None and PDFTOPPM is not None
    out = tmp_path_factory.mktemp("visual")
    docx: list[Output] = []
    for meeting in MEETINGS:
        report = api.build(REPO, REPO / "content" / meeting, out_root=out / "build", formats=("docx",))
        assert not report.blocked, f"{meeting} did not build"
        for path in sorted((out / "build" / meeting).glob("*.docx")):
            docx.append(Output(path.stem, "docx", f"{meeting}/{path.name}", path.read_bytes()))
    run = pdf_backend.convert(SOFFICE, docx, Collector())
    assert len(run.outputs) == len(docx), "LibreOffice did not convert every paper"
    found: dict[str, list[Path]] = {}
    for pdf in run.outputs:
        name = pdf.relpath.removesuffix(".pdf")
        target = out / "png" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (out / "pdf.pdf").write_bytes(pdf.data)
        subprocess.run([PDFTOPPM, "-r", str(DPI), "-gray", "-png", str(out / "pdf.pdf"), str(target)], check=True)
        # pdftoppm numbers pages -1 … -9 or -01 …, by the page count; sorted by number here
        found[name] = sorted(target.parent.glob(f"{target.name}-*.png"),
                             key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return found


def _papers() -> list[str]:
    names = {f"{m}/{p.stem.rsplit('-', 1)[0]}" for m in MEETINGS for p in (REFERENCES / m).glob("*.png")}
    return sorted(names)


def test_every_paper_has_references(pages: dict[str, list[Path]]) -> None:
    """A new paper gets references, and a paper no longer built loses them (refreshed together)."""
    if UPDATE:
        for meeting in MEETINGS:
            shutil.rmtree(REFERENCES / meeting, ignore_errors=True)
            (REFERENCES / meeting).mkdir(parents=True)
        for name, images in pages.items():
            for number, image in enumerate(images, start=1):
                _quantised(Image.open(image)).save(REFERENCES / f"{name}-{number}.png", optimize=True, bits=4)
    assert sorted(pages) == _papers()


@pytest.mark.parametrize("paper", _papers())
def test_paper_looks_as_its_reference(paper: str, pages: dict[str, list[Path]],
                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    assert paper in pages, f"{paper} is no longer built"
    references = sorted((REFERENCES / paper).parent.glob(f"{Path(paper).name}-*.png"),
                        key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    references = [r for r in references if r.stem.rsplit("-", 1)[0] == Path(paper).name]
    got = pages[paper]
    assert len(got) == len(references), f"{paper}: {len(got)} pages, the reference has {len(references)}"
    failures = []
    for number, (image, reference) in enumerate(zip(got, references, strict=True), start=1):
        actual = _quantised(Image.open(image)).convert("L")
        expected = Image.open(reference).convert("L")
        if actual.size != expected.size:
            failures.append(f"page {number}: {actual.size} pixels, the reference {expected.size}")
            continue
        share, mask = _changed(actual, expected)
        if share > TOLERANCE:
            where = tmp_path_factory.mktemp("visual-diff") / f"{paper.replace('/', '__')}-{number}.png"
            # Changed pixels black on the reference page lightened, so the reader sees where.
            Image.composite(Image.new("L", mask.size, 0), expected.point(lambda v: 160 + v * 95 // 255),
                            mask).save(where)
            failures.append(f"page {number}: {share:.2%} of the pixels differ (tolerance {TOLERANCE:.1%}); "
                            f"difference image: {where}")
    assert not failures, f"{paper} differs from tests/visual/{paper}-*.png:\n" + "\n".join(failures)


def test_a_moved_line_is_a_difference_and_the_same_page_is_not() -> None:
    """The comparison can fail: the kallelse's first page moved down by 4 pixels (2.5 mm) is caught."""
    page = Image.open(REFERENCES / "meeting-2020-02-14" / "kallelse-1.png").convert("L")
    moved = Image.new("L", page.size, 255)
    moved.paste(page.crop((0, 0, page.width, page.height - 4)), (0, 4))
    assert _changed(page, page)[0] == 0
    assert _changed(moved, page)[0] > TOLERANCE
