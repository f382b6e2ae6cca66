"""Which documents a meeting has: the document kinds as data, and the plan.

Owns the registry of document kinds (template names, context builder, output
names) and planning which documents a meeting produces. Adding a kind is a new
DocumentKind entry, not a subclass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from papergen.model.core import Arende, Delegationsbeslut, Project, Sammantrade
from papergen.model.protokoll import Paragraf, paragrafer
from papergen.render.context import kallelse_ctx, pm_ctx, remissvar_ctx
from papergen.render.context_beslut import budgetbilaga_ctx, delegationsbeslut_ctx
from papergen.render.context_protokoll import anslagsbevis_ctx, protokoll_ctx, utdrag_ctx

FORMATS = ("docx", "md")
# Everything `--format` accepts: the PDF is made from the docx by LibreOffice (papergen.render.pdf),
# the HTML from the canonical Markdown (papergen.render.html).
OUTPUT_FORMATS = (*FORMATS, "pdf", "html")
# What `publish` writes unless told otherwise: every format, in both sets.
PUBLISH_FORMATS = ("docx", "md", "pdf", "html")

# One document per meeting, per ärende on the agenda, per delegationsbeslut an ärende reports, or
# per § of the protokoll.
Scope = Literal["meeting", "arende", "delegationsbeslut", "paragraf"]


@dataclass(frozen=True, slots=True)
class DocumentKind:
    name: str
    templates: dict[str, str]  # format -> template file name
    title: str  # the document type as printed ("Kallelse", "FöredragningsPM", "Protokollsutdrag")
    scope: Scope
    applies: Callable[[Sammantrade, Any], bool]
    build: Callable[..., Any]


def _templates(name: str) -> dict[str, str]:
    return {"docx": f"{name}.docx", "md": f"{name}.md.j2", "html": f"{name}.html.j2"}


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("kallelse", _templates("kallelse"), "Kallelse", "meeting", lambda m, _: True, kallelse_ctx),
    DocumentKind("pm", _templates("pm"), "FöredragningsPM", "arende",
                 lambda m, a: a.data.pm is not None, pm_ctx),
    # The seed prints an ärende's budget in the bilaga it comes from (the Projektbeskrivning after
    # the PM, 003:17180, 22342), so it is a bilaga paper of its own, after the PM.
    DocumentKind("budget", _templates("budget"), "Bilaga", "arende",
                 lambda m, a: a.data.budget is not None, budgetbilaga_ctx),
    # A letter without its date and Dnr is not sent: check reports both (PG541) and build writes none.
    DocumentKind("remissvar", _templates("remissvar"), "Yttrande", "arende",
                 lambda m, a: a.yttrande is not None and a.yttrande.data.datum is not None
                 and a.yttrande.data.diarienummer is not None, remissvar_ctx),
    DocumentKind("delegationsbeslut", _templates("delegationsbeslut"), "Delegationsbeslut", "delegationsbeslut",
                 lambda m, a: bool(a.delegationsbeslut), delegationsbeslut_ctx),
    DocumentKind("protokoll", _templates("protokoll"), "Protokoll", "meeting",
                 lambda m, _: m.protokoll is not None, protokoll_ctx),
    DocumentKind("protokollsutdrag", _templates("protokollsutdrag"), "Protokollsutdrag", "paragraf",
                 lambda m, _: True, utdrag_ctx),
    DocumentKind("anslagsbevis", _templates("anslagsbevis"), "Anslagsbevis", "meeting",
                 lambda m, _: m.protokoll is not None, anslagsbevis_ctx),
)


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    kind: DocumentKind
    name: str  # output file stem: "kallelse", "pm-03", "protokollsutdrag-07" (by § number)
    title: str  # document title for the core properties
    subject: Arende | Paragraf | None
    beslut: Delegationsbeslut | None = None  # which of the ärende's delegationsbeslut (scope delegationsbeslut)

    def context(self, project: Project, meeting: Sammantrade) -> dict[str, Any]:
        if self.subject is None:
            return dict(self.kind.build(project, meeting))
        if self.beslut is not None:
            return dict(self.kind.build(project, meeting, self.subject, self.beslut))
        return dict(self.kind.build(project, meeting, self.subject))


def plan(meeting: Sammantrade) -> list[PlannedDocument]:
    docs: list[PlannedDocument] = []
    when = meeting.data.datum.isoformat()
    pr = meeting.praxis
    for kind in KINDS:
        # The paper's title as this body prints it (organisation.yaml `handlingar`).
        title = getattr(pr.handlingar, kind.name, kind.title)
        if kind.scope == "meeting":
            if kind.applies(meeting, None):
                docs.append(PlannedDocument(kind, kind.name, f"{title} {meeting.organ.namn} {when}", None))
        elif kind.scope == "arende":
            docs += [PlannedDocument(kind, f"{kind.name}-{a.data.nummer:02d}",
                                     f"{title} {a.data.nummer}. {a.data.rubrik}", a)
                     for a in meeting.arenden if kind.applies(meeting, a)]
        elif kind.scope == "delegationsbeslut":
            # Named by ärende and order, not by the Dnr: a file name never comes from content.
            docs += [PlannedDocument(kind, f"{kind.name}-{a.data.nummer:02d}-{i}",
                                     f"{kind.title} {d.data.diarienummer} {d.data.rubrik}", a, d)
                     for a in meeting.arenden if kind.applies(meeting, a)
                     for i, d in enumerate(a.delegationsbeslut, start=1)]
        else:
            docs += [PlannedDocument(kind, f"{kind.name}-{p.nummer:02d}",
                                     f"{title} {pr.paragraf(p.nummer, meeting.data.datum)} {p.arende.data.rubrik}",
                                     p)
                     for p in paragrafer(meeting) if kind.applies(meeting, p)]
    return docs
