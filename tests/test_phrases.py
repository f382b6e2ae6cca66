"""Generated Swedish phrases agree with their number: 0, 1, 2 and many for every counted phrase.

Swedish takes the singular for exactly one ("1 ja-röst", "1 fil skriven") and the plural otherwise,
zero included ("0 ja-röster"); "avstår" is a verb and does not change.
"""

from __future__ import annotations

import pytest

from papergen.diagnostics import summary_line
from papergen.model.format import antal
from papergen.render.context_protokoll import rostsiffror


@pytest.mark.parametrize(("ja", "nej", "avstar", "text"), [
    (0, 0, 0, "Med 0 ja-röster mot 0 nej-röster"),
    (1, 1, 1, "Med 1 ja-röst mot 1 nej-röst, 1 avstår,"),
    (2, 2, 2, "Med 2 ja-röster mot 2 nej-röster, 2 avstår,"),
    (4, 1, 0, "Med 4 ja-röster mot 1 nej-röst"),  # the sentence of issue 18
    (1, 12, 0, "Med 1 ja-röst mot 12 nej-röster"),
    (31, 30, 10, "Med 31 ja-röster mot 30 nej-röster, 10 avstår,"),
])
def test_vote_counts(ja: int, nej: int, avstar: int, text: str) -> None:
    assert rostsiffror(ja, nej, avstar) == text


# Every counted phrase papergen prints, as (singular, plural) after the number.
COUNTED = [
    ("ja-röst", "ja-röster"),  # protokoll: omröstning
    ("nej-röst", "nej-röster"),
    ("fil skriven", "filer skrivna"),  # build, publish
    ("fil", "filer"),  # PDF: N filer på … s
    ("godkänt undantag", "godkända undantag"),  # check summary
    ("sammanträde", "sammanträden"),  # build --all
    ("skriven", "skrivna"),  # build --all, per meeting
    ("återanvänd", "återanvända"),
    ("oanvänd rensad", "oanvända rensade"),
]


@pytest.mark.parametrize(("en", "flera"), COUNTED)
@pytest.mark.parametrize(("n", "singular"), [(0, False), (1, True), (2, False), (27, False)])
def test_counted_phrases(en: str, flera: str, n: int, singular: bool) -> None:
    assert antal(n, en, flera) == f"{n} {en if singular else flera}"


@pytest.mark.parametrize(("errors", "warnings", "text"), [
    (0, 0, "0 fel, 0 varningar"),
    (1, 1, "1 fel, 1 varning"),
    (2, 2, "2 fel, 2 varningar"),
    (49, 13, "49 fel, 13 varningar"),
])
def test_summary_line(errors: int, warnings: int, text: str) -> None:
    assert summary_line(errors, warnings) == text
