"""The one check for characters a Word file cannot hold, shared by every source file (PG123).

A .docx is XML 1.0: it cannot hold the C0 control characters other than TAB, LF
and CR, the non-characters U+FFFE and U+FFFF, or a lone surrogate. Such a
character in a source is reported where it stands instead of being dropped
from one format and kept in another, so `check` and `build` always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity, Span

# The same set render/wordml.py refuses when it writes XML.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "BACKSPACE", "\x0b": "vertikal tabb", "\x0c": "sidmatning",
    "\x1b": "ESC", "\x7f": "DEL",
}


def describe(char: str) -> str:
    """'U+001B (ESC)': the code point, and a name where one helps."""
    name = _NAMES.get(char)
    if name is None:
        if "\ud800" <= char <= "\udfff":
            name = "ensamt surrogattecken"
        elif char in "\ufffe\uffff":
            name = "icke-tecken"
        else:
            name = unicodedata.name(char, "styrtecken")
    return f"U+{ord(char):04X} ({name})"


def message(char: str, how: str = "") -> str:
    return (f"tecknet {describe(char)}{how} kan inte stå i ett Word-dokument; "
            "ta bort det (det syns inte i en vanlig textredigerare men kommer ofta med vid kopiering)")


def unwritable_in_text(text: str, path: str, first_line: int = 1) -> Iterator[Diagnostic]:
    """Every such character in a file's text, at its line and column (1-based, in characters)."""
    for hit in UNWRITABLE.finditer(text):
        start = hit.start()
        line = first_line + text.count("\n", 0, start)
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        yield Diagnostic(Severity.ERROR, "PG123", message(hit.group(0)), Span(path, line, column, line, column))


def blanked(text: str) -> str:
    """The text with each such character replaced by a space, so that parsing after the report
    finds the same structure at the same columns and adds no second error for the same character."""
    return UNWRITABLE.sub(" ", text)
