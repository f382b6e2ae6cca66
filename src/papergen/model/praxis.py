"""How one body writes its papers: the words, the § numbers, the agenda's sections, the standing items.

Owns resolving these from organisation.yaml (an organ's own setting, else the
organisation's, else the default, key by key) and the few derived forms
("dagordningen", "§§ 72–81"). The defaults are the papers papergen always
made; nothing here knows any one organisation. Where the words are placed is
papergen.render.context's; which items recur is read by papergen.project_new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel

from papergen.model.schema import Avsnitt, Handlingar, Organ, Organisation, Paragrafnummer, StaendeArende

M = TypeVar("M", bound=BaseModel)


def _merge(model: type[M], *layers: M | None) -> M:
    """Key by key, the last layer that wrote a key wins; keys nobody wrote keep their default."""
    values: dict[str, object] = {}
    for layer in layers:
        if layer is not None:
            values.update({k: getattr(layer, k) for k in layer.model_fields_set})
    return model.model_validate(values)


def bestamd_form(namn: str) -> str:
    """'Föredragningslista' -> 'föredragningslistan', 'Dagordning' -> 'dagordningen'."""
    lower = namn[:1].lower() + namn[1:]
    return lower + ("n" if lower.endswith(("a", "e", "o", "u", "y", "å", "ä", "ö")) else "en")


@dataclass(frozen=True, slots=True)
class Praxis:
    handlingar: Handlingar
    paragrafnummer: Paragrafnummer
    avsnitt: tuple[Avsnitt, ...]
    staende_arenden: tuple[StaendeArende, ...] | None  # None: nothing configured (scaffold's built-in list)
    kortnamn: str  # "nämnden", "utskottet": the body in the standard phrases

    @property
    def listan(self) -> str:
        """The agenda in running text: 'föredragningslistan', 'dagordningen'."""
        h = self.handlingar
        return h.foredragningslista_bestamd or bestamd_form(h.foredragningslista)

    def _suffix(self, datum: dt.date) -> str:
        return f"/{datum.year % 100:02d}" if self.paragrafnummer.arssuffix else ""

    def paragraf(self, nummer: int, datum: dt.date) -> str:
        """'§ 7', 'KS § 12', '§ 63/20'."""
        return f"{self.paragrafnummer.prefix} {nummer}{self._suffix(datum)}"

    def paragrafer(self, numbers: Iterable[int], datum: dt.date) -> str:
        """[1, 2, 3, 5] -> '§§ 1–3, 5'; [7] -> '§ 7'; the year's suffix once, after the last number."""
        nums = sorted(set(numbers))
        if not nums:
            return ""
        runs: list[tuple[int, int]] = []
        for n in nums:
            if runs and n == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
        text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)
        p = self.paragrafnummer
        prefix = p.prefix if len(nums) == 1 else (p.prefix_flera or _flera(p.prefix))
        return f"{prefix} {text}{self._suffix(datum)}"


def _flera(prefix: str) -> str:
    """'§' -> '§§', 'KS §' -> 'KS §§'."""
    return prefix + "§" if prefix.endswith("§") else prefix


DEFAULT = Praxis(Handlingar(), Paragrafnummer(), (), None, "nämnden")


def praxis(organisation: Organisation, organ: Organ) -> Praxis:
    """The body's practice: the organ's own keys, else the organisation's, else the defaults."""
    return Praxis(
        handlingar=_merge(Handlingar, organisation.handlingar, organ.handlingar),
        paragrafnummer=_merge(Paragrafnummer, organisation.paragrafnummer, organ.paragrafnummer),
        avsnitt=organ.avsnitt if organ.avsnitt is not None else (organisation.avsnitt or ()),
        staende_arenden=organ.staende_arenden if organ.staende_arenden is not None
        else organisation.staende_arenden,
        kortnamn=organ.kortnamn,
    )
