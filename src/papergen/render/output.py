"""A rendered paper: its bytes, where it goes in the meeting's folder and what it was made from.

What every backend returns and the build writes (papergen.build.write).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Output:
    kind: str  # e.g. "kallelse", "pm-03", "remissvar-05"
    format: str  # "docx" | "md" | "pdf" | "html"
    relpath: str  # relative to the meeting's output folder
    data: bytes
    sources: tuple[str, ...] = ()  # project-relative source files (and the template) it was rendered from
