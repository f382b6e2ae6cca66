"""A warm LibreOffice for `papergen serve`: one headless soffice kept listening, driven over its UNO bridge.

Run by the interpreter that has LibreOffice's Python UNO (Debian's python3-uno
is for /usr/bin/python3, not a virtualenv), as a child of papergen: it starts
soffice with `--accept` on a private pipe and a private profile, then reads one
JSON request a line on stdin ({"in": docx, "out": pdf, "filter": {...}}) and
answers one JSON line on stdout ({"ok": true} or {"error": "…"}). It imports
nothing of papergen (it runs in another interpreter) and only the standard
library besides uno. Hand-written rather than unoserver (PyPI): unoserver's
server must itself be installed into the interpreter that has uno, which a
virtualenv install cannot reach; this file needs no installing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]  # only in the interpreter that runs this file
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

CONNECT_S = 60


def _props(**values: object) -> tuple[PropertyValue, ...]:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def _filter_data(options: dict[str, dict[str, str]]) -> object:
    """writer_pdf_Export's options in the JSON form `--convert-to` takes, as the UNO sequence storeToURL takes."""
    values: dict[str, object] = {}
    for name, spec in options.items():
        kind, raw = spec["type"], spec["value"]
        values[name] = raw == "true" if kind == "boolean" else int(raw) if kind == "long" else raw
    return uno.Any("[]com.sun.star.beans.PropertyValue", _props(**values))


def _answer(message: dict[str, object]) -> None:
    """One JSON line to papergen on stdout: the worker's protocol, not a log."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> int:
    soffice, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nolockcheck",
                               "--nodefault", "--nologo", f"-env:UserInstallation={Path(profile).as_uri()}",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_S
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if office.poll() is not None or time.monotonic() > deadline:
                    _answer({"error": "soffice startade inte"})
                    return 1
                time.sleep(0.05)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        _answer({"ready": True})
        for line in sys.stdin:
            request = json.loads(line)
            try:
                doc = desktop.loadComponentFromURL(Path(request["in"]).as_uri(), "_blank", 0,
                                                   _props(Hidden=True, ReadOnly=True))
                try:
                    doc.storeToURL(Path(request["out"]).as_uri(),
                                   _props(FilterName="writer_pdf_Export",
                                          FilterData=_filter_data(request["filter"])))
                finally:
                    doc.close(True)
                answer: dict[str, object] = {"ok": True}
            except Exception as exc:  # noqa: BLE001 - any UNO failure is this paper's, reported to the caller
                answer = {"error": str(getattr(exc, "Message", "") or exc)[:500]}
            _answer(answer)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge drops as soffice exits; nothing left to do
            pass
        return 0
    finally:
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    sys.exit(main())
