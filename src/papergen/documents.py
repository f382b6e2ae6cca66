"""Which documents a meeting has: the document kinds as data, and the plan.

Owns the registry of document kinds (template names, context builder, output
names) and planning which documents a meeting produces. Adding a kind is a new
DocumentKind entry, not a subclass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from papergen.model import Arende, Project, Sammantrade
from papergen.render.context import kallelse_ctx, pm_ctx, remissvar_ctx

FORMATS = ("docx", "md")


@dataclass(frozen=True, slots=True)
class DocumentKind:
    name: str
    templates: dict[str, str]  # format -> template file name
    title: str  # the document type as printed ("Kallelse", "FöredragningsPM", "Yttrande")
    per_arende: bool
    applies: Callable[[Arende], bool]
    build: Callable[..., Any]


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("kallelse", {"docx": "kallelse.docx", "md": "kallelse.md.j2"}, "Kallelse",
                 False, lambda a: True, kallelse_ctx),
    DocumentKind("pm", {"docx": "pm.docx", "md": "pm.md.j2"}, "FöredragningsPM",
                 True, lambda a: a.data.pm is not None, pm_ctx),
    DocumentKind("remissvar", {"docx": "remissvar.docx", "md": "remissvar.md.j2"}, "Yttrande",
                 True, lambda a: a.yttrande is not None, remissvar_ctx),
)


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    kind: DocumentKind
    name: str  # output file stem: "kallelse", "pm-03", "remissvar-05"
    title: str  # document title for the core properties
    arende: Arende | None

    def context(self, project: Project, meeting: Sammantrade) -> dict[str, Any]:
        if self.arende is None:
            return dict(self.kind.build(project, meeting))
        return dict(self.kind.build(project, meeting, self.arende))


def plan(meeting: Sammantrade) -> list[PlannedDocument]:
    docs: list[PlannedDocument] = []
    when = meeting.data.datum.isoformat()
    for kind in KINDS:
        if not kind.per_arende:
            docs.append(PlannedDocument(kind, kind.name, f"{kind.title} {meeting.organ.namn} {when}", None))
            continue
        for a in meeting.arenden:
            if kind.applies(a):
                docs.append(PlannedDocument(kind, f"{kind.name}-{a.data.nummer:02d}",
                                            f"{kind.title} {a.data.nummer}. {a.data.rubrik}", a))
    return docs
