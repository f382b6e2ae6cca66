"""The published JSON Schemas: committed copies are current, and the shipped content satisfies them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from papergen.model.jsonschema import schema_texts, write_schemas
from papergen.source.frontmatter import split_front_matter
from papergen.source.yamlmap import SourceMap, load_yaml

REPO = Path(__file__).resolve().parents[1]
_INT = re.compile(r"^[-+]?\d+$")
_FLOAT = re.compile(r"^[-+]?(\d+\.\d*|\.\d+)$")


def _as_editor_reads(data: Any, smap: SourceMap, loc: tuple[str | int, ...] = ()) -> Any:
    """papergen's loader keeps scalars as text; an editor (YAML 1.2 core) reads plain numbers as numbers."""
    if isinstance(data, dict):
        return {k: _as_editor_reads(v, smap, (*loc, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_editor_reads(v, smap, (*loc, i)) for i, v in enumerate(data)]
    if isinstance(data, str) and smap.is_plain(loc):
        if _INT.match(data):
            return int(data)
        if _FLOAT.match(data):
            return float(data)
    return data


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    offset = 0
    if path.suffix == ".md":
        split, problems = split_front_matter(text, path.name)
        assert split is not None and not problems
        text, offset = split.front, split.front_offset
    data, smap, problems = load_yaml(text, path.name, line_offset=offset)
    assert not problems
    return _as_editor_reads(data, smap)


def _sources() -> list[tuple[str, Path]]:
    content = REPO / "content"
    found = [("organisation.schema.json", content / "organisation.yaml")]
    for meeting in sorted(content.glob("meeting-*")):
        found.append(("meeting.schema.json", meeting / "meeting.yaml"))
        if (meeting / "protokoll.yaml").exists():
            found.append(("protokoll.schema.json", meeting / "protokoll.yaml"))
        found += [("arende.schema.json", p) for p in sorted(meeting.glob("arenden/*.md"))]
        found += [("yttrande.schema.json", p) for p in sorted(meeting.glob("yttranden/*.md"))]
        found += [("delegationsbeslut.schema.json", p) for p in sorted(meeting.glob("delegationsbeslut/*.md"))]
    return found


def test_committed_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, \
            f"schemas/{name} is stale: run `papergen schema`"


def test_every_schema_is_valid_json_schema() -> None:
    import json
    for text in schema_texts().values():
        jsonschema.Draft202012Validator.check_schema(json.loads(text))


@pytest.mark.parametrize(("schema_name", "path"), _sources(), ids=lambda x: getattr(x, "name", x))
def test_shipped_content_validates(schema_name: str, path: Path) -> None:
    import json
    schema = json.loads(schema_texts()[schema_name])
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_load(path))]
    assert errors == []


def test_schema_rejects_an_unknown_key() -> None:
    import json
    schema = json.loads(schema_texts()["meeting.schema.json"])
    data = {"organ": "x", "datum": "2020-01-01", "tid": {"start": "10:00"}, "plats": "Rum", "platz": "typo"}
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_write_schemas(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "s")
    assert sorted(p.name for p in written) == sorted(schema_texts())
