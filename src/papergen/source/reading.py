"""Reading one source file: inside the project, UTF-8, every character accounted for.

Every source is untrusted (papers are prepared in repositories anyone may send
a pull request to), so reading refuses a symbolic link out of the project
(PG120), reports a file that is not UTF-8 at its first bad byte (PG100), and
reports each character a Word file cannot hold where it stands (PG123,
papergen.source.characters). A UTF-8 byte order mark (Windows Notepad writes
one) is dropped and CRLF line ends become LF, so such a file gives the same
findings and papers as any other.
"""

from __future__ import annotations

from pathlib import Path

from papergen.diagnostics import Collector, Span
from papergen.source.characters import blanked, unwritable_in_text

BOM = b"\xef\xbb\xbf"


def read_source(root: Path, path: Path, out: Collector) -> str | None:
    """A source file's text, or None with one located PG100/PG120 diagnostic.

    A character a Word file cannot hold is reported and the text is returned with a
    space in its place, so parsing finds nothing more to say about the same character.
    """
    rel = path.relative_to(root).as_posix()
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        out.error("PG120", f"'{rel}' är en symbolisk länk till '{target.as_posix()}', som ligger utanför projektet; "
                           "papergen läser bara filer i projektet: kopiera in filen i stället för att länka",
                  Span(rel, 1, 1))
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        out.error("PG100", f"filen '{rel}' finns inte", Span(rel, 1, 1))
        return None
    except IsADirectoryError:
        out.error("PG100", f"'{rel}' är en mapp, en fil väntades", Span(rel, 1, 1))
        return None
    except OSError as exc:
        out.error("PG100", f"filen '{rel}' kan inte läsas: {exc.strerror}", Span(rel, 1, 1))
        return None
    data = data.removeprefix(BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        out.error("PG100", f"filen är inte UTF-8: byten 0x{data[exc.start]:02X} kan inte läsas som UTF-8 "
                           "(filen är troligen sparad som Latin-1 eller Windows-1252); spara den som UTF-8",
                  Span(rel, line, col, line, col))
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    problems = list(unwritable_in_text(text, rel))
    if problems:
        out.extend(problems)
        text = blanked(text)
    return text
