"""Remissvar: what the sender asks of the answer (date, dnr, deadline)."""

from __future__ import annotations

from collections.abc import Iterator

from papergen.diagnostics import Diagnostic, Severity
from papergen.rules.base import Meeting, finding


def yttrande_fields(m: Meeting) -> Iterator[Diagnostic]:
    """PG541: the yttrande carries its date, its own dnr and, when asked, the sender's dnr."""
    for a in m.arenden:
        y = a.yttrande
        if y is None:
            continue
        span = y.source.value_span(())
        if y.data.datum is None:
            yield finding(Severity.ERROR, "PG541", "yttrandet saknar datum", span)
        if y.data.diarienummer is None:
            yield finding(Severity.ERROR, "PG541", "yttrandet saknar eget diarienummer (Dnr)", span)
        remiss = a.data.remiss
        if remiss and remiss.ange_diarienummer and not remiss.diarienummer:
            yield finding(Severity.ERROR, "PG541",
                          f"{remiss.avsandare} ber att deras diarienummer anges på yttrandet, men remissens "
                          "'diarienummer' saknas", a.span("remiss"))


def adopted_in_time(m: Meeting) -> Iterator[Diagnostic]:
    """PG542: the nämnd adopts the answer no later than the remiss deadline."""
    when = m.sammantrade.data.datum
    for a in m.arenden:
        remiss = a.data.remiss
        if remiss and remiss.svar_senast and when > remiss.svar_senast:
            yield finding(Severity.ERROR, "PG542",
                          f"svaret ska vara {remiss.avsandare} till handa senast {remiss.svar_senast.isoformat()}, "
                          f"men {m.sammantrade.organ.kortnamn} beslutar först {when.isoformat()}",
                          a.span("remiss", "svar_senast"))
