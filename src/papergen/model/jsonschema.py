"""JSON Schemas of the source files, generated from the models that validate them.

Owns `papergen schema`: one schema per source file kind, from pydantic's
model_json_schema, so an editor (yaml-language-server) can complete keys and
flag mistakes with the same shapes papergen itself enforces. The schemas are
committed under schemas/ and a test keeps them equal to what this module makes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from papergen.model.schema import (
    ArendeFront,
    DelegationsbeslutFront,
    MeetingFile,
    Organisation,
    ProtokollFile,
    YttrandeFront,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# File name -> (model, what it describes). Ordered as a user meets the files.
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "organisation.schema.json": (Organisation, "content/organisation.yaml: organisationen och dess organ"),
    "meeting.schema.json": (MeetingFile, "content/meeting-*/meeting.yaml: sammanträdet"),
    "arende.schema.json": (ArendeFront, "front matter i content/meeting-*/arenden/*.md: ett ärende"),
    "protokoll.schema.json": (ProtokollFile, "content/meeting-*/protokoll.yaml: sammanträdets protokoll"),
    "yttrande.schema.json": (YttrandeFront, "front matter i content/meeting-*/yttranden/*.md: ett yttrande"),
    "delegationsbeslut.schema.json": (DelegationsbeslutFront,
                                      "front matter i content/meeting-*/delegationsbeslut/*.md"),
}


def schema_of(model: type[BaseModel], description: str) -> dict[str, object]:
    """The validation-mode schema (what a source may contain), by alias (`for`, not `for_`)."""
    body = model.model_json_schema(by_alias=True, mode="validation")
    for node in (body, *body.get("$defs", {}).values()):
        _optional_may_be_empty(node)
    return {"$schema": DRAFT, **body, "description": description}


_META = ("title", "default", "description")


def _optional_may_be_empty(node: dict[str, Any]) -> None:
    """`key:` with no value means "not given" (docs/source-format.md): an optional key may be null."""
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        if name in required or _allows_null(prop):
            continue
        meta = {k: prop.pop(k) for k in _META if k in prop}
        node["properties"][name] = {"anyOf": [prop, {"type": "null"}], **meta}


def _allows_null(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "null" or any(_allows_null(p) for p in prop.get("anyOf", ()))


def schema_texts() -> dict[str, str]:
    """File name -> schema text, deterministic (sorted keys, trailing newline) so it diffs cleanly."""
    return {name: json.dumps(schema_of(model, text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for name, (model, text) in SCHEMAS.items()}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into out_dir; only files whose text changed are rewritten."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in schema_texts().items():
        target = out_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
