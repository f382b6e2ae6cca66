"""Word-level differences inside a line, as `git diff --word-diff` marks them: [-old-]{+new+}.

Used where a reviewer reads a change: `papergen diff --word`, the förslag/beslut
listing, and the protokoll's canonical text where a beslut differs from the förslag.
"""

from __future__ import annotations

import difflib
import re

_WORDS = re.compile(r"\s+|[^\s]+")


def word_changes(old: str, new: str, *, join: bool = False) -> list[tuple[str, str]]:
    """Two versions of a line as runs of (old, new) text: equal runs are the same text on both sides.

    Words (and the space between them) are the unit, so a changed word shows whole, never a changed letter.
    With join, two changes only a space apart are one change ("godkänna verksamhetsberättelse" ->
    "anta verksamhetsberättelsen för år" reads as one phrase replaced, not two words and a kept space).
    """
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    runs = [("".join(a[i1:i2]), "".join(b[j1:j2]))
            for _op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    if not join:
        return runs
    out: list[tuple[str, str]] = []
    for k, (x, y) in enumerate(runs):
        gap = x == y and not x.strip() and 0 < k < len(runs) - 1
        if out and (gap or x != y) and out[-1][0] != out[-1][1]:
            out[-1] = (out[-1][0] + x, out[-1][1] + y)  # joined to the change before
        else:
            out.append((x, y))
    return out


def inline_word_diff(old: str, new: str) -> str:
    """The whole line, with the words that differ marked [-old-]{+new+}."""
    out: list[str] = []
    for a, b in word_changes(old, new):
        if a == b:
            out.append(a)
            continue
        if a:
            out.append("[-" + a + "-]")
        if b:
            out.append("{+" + b + "+}")
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
