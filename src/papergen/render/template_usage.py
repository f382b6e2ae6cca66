"""Which template file each document of a meeting uses, and from where (`papergen templates`).

Owns only the listing; the search order itself is papergen.render.templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from papergen.diagnostics import Collector
from papergen.model.load import load_meeting, load_project
from papergen.render.plan import FORMATS, plan
from papergen.render.templates import PACKAGED, TemplatePath, template_label


@dataclass(frozen=True, slots=True)
class TemplateUse:
    output: str  # "kallelse.docx"
    template: str  # "kallelse.docx"
    label: str | None  # project path, or papergen:default/… for a packaged one; None when missing
    origin: str  # Swedish, for the listing: "organet", "organisationen", "projektets standard", "papergen"


class NotLoadable(Exception):
    """The meeting's sources have errors that stop planning its documents."""


def _origin(found: Path, path: TemplatePath, organ_dir: Path | None) -> str:
    folder = found.parent
    if folder == PACKAGED:
        return "papergen (paketets standardmall)"
    if organ_dir is not None and folder == organ_dir:
        return f"organet ({folder.name}/)"
    if folder.name == "default":
        return "projektets standard (templates/default/)"
    return f"organisationen ({folder.name}/)"


def templates_in_use(root: Path, folder: Path, formats: tuple[str, ...] = FORMATS) -> list[TemplateUse]:
    out = Collector()
    project = load_project(root, out)
    meeting = load_meeting(project, folder, out) if project is not None else None
    if project is None or meeting is None or out.has_errors():
        raise NotLoadable(f"{folder.name} kan inte läsas; kör 'papergen check {folder.name}'")
    path = TemplatePath.for_project(root, project.organisation.namn, meeting.organ.id)
    organ_dir = root / "templates" / meeting.organ.id
    found: list[TemplateUse] = []
    for doc in plan(meeting):
        for fmt in formats:
            name = doc.kind.templates[fmt]
            template = path.resolve(name)
            if template is None:
                found.append(TemplateUse(f"{doc.name}.{fmt}", name, None, "saknas"))
            else:
                found.append(TemplateUse(f"{doc.name}.{fmt}", name, template_label(template, root),
                                         _origin(template, path, organ_dir)))
    return found
