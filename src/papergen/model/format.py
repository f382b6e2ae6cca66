"""Swedish formatting of dates, times, amounts and typography, locale-free.

Owns every choice of how a value is written in a paper (rules.md 5.01-5.04):
month names come from a fixed table, never from the machine's locale, so the
same input gives the same bytes anywhere. Which value goes where is
papergen.render.context.
"""

from __future__ import annotations

import datetime as dt
import re

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"

MANADER = ("januari", "februari", "mars", "april", "maj", "juni", "juli",
           "augusti", "september", "oktober", "november", "december")


def datum_iso(d: dt.date) -> str:
    """2020-02-14: headers, tables and fields."""
    return d.isoformat()


def datum_lang(d: dt.date) -> str:
    """14 februari 2020: running text."""
    return f"{d.day} {MANADER[d.month - 1]} {d.year}"


def belopp(n: int | None) -> str:
    """2 000 000 with non-breaking spaces; None (an empty cell) is ''."""
    if n is None:
        return ""
    s = f"{n:,}".replace(",", NBSP)
    return s


def procent(value: object) -> str:
    """42 or 42,5: a decimal comma, never a point."""
    text = format(value, "f") if not isinstance(value, str) else value
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# A digit group followed by groups of three ("2 000 000"), and the unit after it.
_GROUPS = re.compile(r"(?<![\d,])(\d{1,3})((?: \d{3})+)(?!\d)")
_UNIT = re.compile(r"(\d) (kronor|kr|procent|%|tkr|mnkr|miljoner|miljarder)\b")
_LONG_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MANADER) + r") (\d{4})\b")
_DEN_DATE = re.compile(r"\bden (\d{1,2})" + NBSP)
_KL = re.compile(r"\bkl\.? (\d)")
_PARAGRAPH = re.compile(r"§ (\d)")
_DIGIT = re.compile(r"\d")


def typografi(text: str) -> str:
    """Keep what belongs together on one line in Word (rules.md R5.01-R5.03).

    Only spaces that already stand in the text are swapped for non-breaking
    ones; no character is added, removed or reordered, so the printed words
    stay exactly as written. ISO dates keep their hyphen-minus: a non-breaking
    hyphen (U+2011, w:noBreakHyphen) is a different character to Word's Find,
    so "2020-02-14" would not be found. A date is kept whole by the line
    breaking rules themselves (UAX #14 LB25: no break between a hyphen and a
    digit, which LibreOffice follows) and by the cells it is printed in.
    """
    if not _DIGIT.search(text):  # every pattern below needs a digit; most headings and names have none
        return text
    text = _GROUPS.sub(lambda m: m.group(1) + m.group(2).replace(" ", NBSP), text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    text = _LONG_DATE.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)}{NBSP}{m.group(3)}", text)
    text = _DEN_DATE.sub(lambda m: f"den{NBSP}{m.group(1)}{NBSP}", text)
    text = _KL.sub(lambda m: f"kl.{NBSP}{m.group(1)}" if m.group(0).startswith("kl.") else f"kl{NBSP}{m.group(1)}",
                   text)
    text = _PARAGRAPH.sub(lambda m: f"§{NBSP}{m.group(1)}", text)
    return text


def genitiv(namn: str) -> str:
    """'Tom Rymoen' -> 'Tom Rymoens'; no -s after s, x and z ('Kenneth Lantz yrkande')."""
    return namn if namn.endswith(("s", "x", "z")) else namn + "s"


def plain(text: str) -> str:
    """Undo typografi(): what a reader copies out of the document."""
    return text.replace(NBSP, " ").replace(NB_HYPHEN, "-")


def antal(n: int, en: str, flera: str) -> str:
    """'1 ja-röst', '0 ja-röster', '2 ja-röster': the noun agrees with the number (one is singular)."""
    return f"{n} {en if n == 1 else flera}"
