"""The justering deadline (KL 5 kap. 69 §), written once.

Two rules apply it: PG515 to the deadline a kallelse announces (meeting.yaml's
`justering.senast`), PG607 to the day the protokoll was actually justerat. Each
words its own message; the law's arithmetic lives only here.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

JUSTERING_DAGAR = 14  # KL 5:69: the protokoll is justerat within 14 days of the meeting


def justering_senast(meeting: dt.date) -> dt.date:
    """The last day the protokoll of a meeting held on `meeting` may be justerat."""
    return meeting + dt.timedelta(days=JUSTERING_DAGAR)


def justering_fel(day: dt.date, meeting: dt.date) -> Literal["fore", "sent"] | None:
    """What is wrong with justering on `day`: before the meeting, later than the deadline, or nothing."""
    if day < meeting:
        return "fore"
    if day > justering_senast(meeting):
        return "sent"
    return None
