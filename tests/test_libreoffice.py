"""The Word files open in the real office suite: LibreOffice converts every one and keeps its text.

Needs LibreOffice (`apt-get install libreoffice-writer-nogui`, done by .ci/run);
skipped with the reason when it is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from papergen import api

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                reason="LibreOffice (soffice) and pdftotext are not installed")


def test_every_document_converts_and_keeps_its_text(tmp_path: Path) -> None:
    report = api.build(REPO, REPO / "content" / "meeting-2020-02-14", out_root=tmp_path / "build")
    docs = sorted(p for p in report.written if p.suffix == ".docx")
    assert len(docs) == 31  # kallelse, 10 PM, 2 budget bilagor, 3 delegationsbeslut, protokoll, 13 utdrag, anslagsbevis
    pdf_dir = tmp_path / "pdf"
    # One LibreOffice process converts them all; a private profile keeps runs independent.
    subprocess.run([str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(pdf_dir), *map(str, docs)],
                   check=True, capture_output=True, timeout=300)
    for doc in docs:
        pdf = pdf_dir / (doc.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice could not open {doc.name}"
        text = subprocess.run([str(PDFTOTEXT), "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "Region Örebro län" in text, doc.name
    kallelse = subprocess.run([str(PDFTOTEXT), str(pdf_dir / "kallelse.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
    assert "Föredragningslista" in kallelse and "13. Presentationer" in kallelse
    assert "Sida 1 (" in kallelse  # the PAGE/NUMPAGES fields were evaluated
    protokoll = subprocess.run([str(PDFTOTEXT), str(pdf_dir / "protokoll.pdf"), "-"], capture_output=True,
                               text=True, check=True).stdout
    assert "§ 7" in protokoll and "Med 12 ja-röster mot 2 nej-röster, 1 avstår" in protokoll
    assert protokoll.count("Justerandes signatur") >= 13  # on every page, one § per page
    utdrag = subprocess.run([str(PDFTOTEXT), str(pdf_dir / "protokollsutdrag-10.pdf"), "-"], capture_output=True,
                            text=True, check=True).stdout
    assert "Utdragsbestyrkande" in utdrag and "2020-02-17" in utdrag  # the omedelbart justerad §'s own anslag
