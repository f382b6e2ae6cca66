"""Machine-readable forms of a report: JSON, SARIF 2.1.0 and GitHub Actions annotations.

Owns only serialisation; the human (gcc-style) form is papergen.diagnostics.
"""

from __future__ import annotations

import json
from typing import Any

from papergen import __version__
from papergen.diagnostics import CODES, Diagnostic, Severity

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _location(d: Diagnostic) -> dict[str, Any]:
    s = d.span
    if s is None:
        return {"path": None, "line": None, "column": None, "end_line": None, "end_column": None}
    return {"path": s.path, "line": s.line, "column": s.column, "end_line": s.end_line or s.line,
            "end_column": s.end_column or s.column}


def to_json(diagnostics: list[Diagnostic]) -> str:
    """One object per finding, in report order."""
    items = [{"code": d.code, "severity": d.severity.value, "message": d.message, **_location(d)}
             for d in diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _sarif_result(d: Diagnostic, reason: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": d.code, "level": _SARIF_LEVEL[d.severity], "message": {"text": d.message}}
    if d.span is not None:
        loc = _location(d)
        result["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": d.span.path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": loc["line"], "startColumn": loc["column"], "endLine": loc["end_line"],
                       "endColumn": loc["end_column"] + 1}}}]
    if reason is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": reason}]
    return result


def to_sarif(diagnostics: list[Diagnostic], accepted: list[tuple[Diagnostic, str]]) -> str:
    """SARIF 2.1.0: code-scanning tools show these findings in the pull request."""
    used = sorted({d.code for d in diagnostics} | {d.code for d, _ in accepted})
    run = {
        "tool": {"driver": {
            "name": "papergen", "version": __version__, "informationUri": "https://pypi.org/project/papergen/",
            "rules": [{"id": code, "shortDescription": {"text": CODES[code]}} for code in used]}},
        "results": [_sarif_result(d, None) for d in diagnostics] + [_sarif_result(d, r) for d, r in accepted],
    }
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def to_github(diagnostics: list[Diagnostic]) -> str:
    """Workflow commands: GitHub shows each as an annotation on the changed file."""
    lines = []
    for d in diagnostics:
        props = [f"title={_escape(d.code, True)}"]
        if d.span:
            props = [f"file={_escape(d.span.path, True)}", f"line={d.span.line}", f"col={d.span.column}", *props]
        lines.append(f"::{_GITHUB[d.severity]} {','.join(props)}::{_escape(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
