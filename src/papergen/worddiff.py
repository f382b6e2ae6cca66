"""Word-level differences inside a line, as `git diff --word-diff` marks them: [-old-]{+new+}.

Used where a reviewer reads a change: `papergen diff --word`, the förslag/beslut
listing, and the protokoll's canonical text where a beslut differs from the förslag.
"""

from __future__ import annotations

import difflib
import re

_WORDS = re.compile(r"\s+|[^\s]+")


def inline_word_diff(old: str, new: str) -> str:
    """The whole line, with the words that differ marked [-old-]{+new+}."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)


def att_sats_skillnad(forslag: list[str], beslut: list[str]) -> list[str]:
    """'att-sats 2: att … [-old-]{+new+}' for each att-sats that the beslut changed, added or dropped."""
    lines = []
    for i in range(max(len(forslag), len(beslut))):
        old = forslag[i] if i < len(forslag) else ""
        new = beslut[i] if i < len(beslut) else ""
        if old != new:
            lines.append(f"att-sats {i + 1}: " + inline_word_diff(f"att {old}" if old else "",
                                                                  f"att {new}" if new else ""))
    return lines
