"""Strings a letter or two apart, found without comparing every pair (PG553's e-mail addresses).

Comparing every address with every other took time growing with the square of their number (a
text of 40 000 characters full of addresses: seconds, then minutes). Here each string is filed under
its three thirds. Two edits change at most two thirds of a string, so a string within two edits of
another holds one of that other's thirds unchanged, at most two places from where it stands there
(pigeonhole): only strings that share such a third are compared, by Levenshtein distance in a band.
Filing and looking up cost time in proportion to the strings' length. Hand-written: the libraries
for this (symspell's symmetric delete, rapidfuzz) file every deletion variant, which grows with the
square of a string's length, or compare every pair in C.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

MOST = 2  # edits


def within_edits(x: str, y: str, most: int = MOST) -> bool:
    """At most `most` letters to insert, delete or change to turn x into y (Levenshtein distance).

    Only the diagonal band of width 2·most+1 can stay within the bound, so the
    work grows with the length, not its square (a 100 000-character address).
    """
    if abs(len(x) - len(y)) > most:
        return False
    over = most + 1
    row = [j if j <= most else over for j in range(len(y) + 1)]
    for i in range(1, len(x) + 1):
        low, high = max(1, i - most), min(len(y), i + most)
        prev, row[low - 1] = row[low - 1], (i if low == 1 else over)
        best = row[low - 1]
        for j in range(low, high + 1):
            here = min(row[j] + 1, row[j - 1] + 1, prev + (x[i - 1] != y[j - 1]), over)
            prev, row[j] = row[j], here
            best = min(best, here)
        if high < len(y):
            row[high + 1] = over  # outside the band: beyond the bound
        if best > most:
            return False
    return row[len(y)] <= most


def _thirds(length: int) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    a, b = length // 3, 2 * length // 3
    return (0, a), (a, b), (b, length)


class NearIndex:
    """Strings filed by their thirds; `candidates(x)` includes every filed string within MOST edits of x."""

    def __init__(self, strings: Iterable[str]) -> None:
        self._filed: dict[tuple[int, int, str], list[str]] = {}
        for s in dict.fromkeys(strings):
            for part, (a, b) in enumerate(_thirds(len(s))):
                self._filed.setdefault((len(s), part, s[a:b]), []).append(s)

    def candidates(self, x: str) -> Iterator[str]:
        """Filed strings other than x that share a third with it, each once: a superset of those within
        MOST edits, to be compared (within_edits)."""
        seen = {x}
        n = len(x)
        for length in range(max(0, n - MOST), n + MOST + 1):
            for part, (a, b) in enumerate(_thirds(length)):
                for shift in range(-MOST, MOST + 1):
                    if a + shift < 0 or b + shift > n:
                        continue
                    for y in self._filed.get((length, part, x[a + shift:b + shift]), ()):
                        if y not in seen:
                            seen.add(y)
                            yield y
