"""YAML text -> (plain data, SourceMap), with located diagnostics.

Owns YAML loading policy: no YAML 1.1 implicit typing (every scalar stays a
string for pydantic to convert, so `tid: 10:00` is "10:00", not 600), only
`true`/`false` become booleans, empty/`~`/`null` become None, and duplicate
keys are reported instead of silently overwritten. Schema conversion lives in
papergen.schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from papergen.diagnostics import Diagnostic, Severity, Span

Path_ = tuple[str | int, ...]

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "false": False}


@dataclass
class SourceMap:
    """Maps a data path such as ("pm", "underskrift", "namn") to spans in one file."""

    path: str
    values: dict[Path_, Span] = field(default_factory=dict)
    keys: dict[Path_, Span] = field(default_factory=dict)
    plain: dict[Path_, bool] = field(default_factory=dict)

    def value_span(self, loc: Path_) -> Span:
        """The span of the value at loc, or of its nearest ancestor that has one."""
        for n in range(len(loc), -1, -1):
            span = self.values.get(tuple(loc[:n]))
            if span is not None:
                return span
        return Span(self.path, 1, 1)

    def key_span(self, loc: Path_) -> Span:
        return self.keys.get(tuple(loc)) or self.value_span(loc)

    def is_plain(self, loc: Path_) -> bool:
        return self.plain.get(tuple(loc), False)


def _span(path: str, node: yaml.Node, line_offset: int) -> Span:
    start, end = node.start_mark, node.end_mark
    end_line = end.line + 1 + line_offset
    end_col = end.column  # end mark points past the node; inclusive end = column
    if end.line != start.line:
        end_line, end_col = start.line + 1 + line_offset, start.column + 1
    return Span(path, start.line + 1 + line_offset, start.column + 1, end_line, max(end_col, start.column + 1))


class _Builder:
    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.map = SourceMap(path)
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        self.map.values[loc] = _span(self.path, node, self.offset)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diagnostics.append(Diagnostic(
                        Severity.ERROR, "PG105",
                        "en nyckel måste vara en enkel text, inte en lista eller mappning",
                        _span(self.path, key_node, self.offset)))
                    continue
                key = key_node.value
                child: Path_ = (*loc, key)
                key_span = _span(self.path, key_node, self.offset)
                if key in result:
                    first = self.map.keys[child]
                    self.diagnostics.append(Diagnostic(
                        Severity.ERROR, "PG106",
                        f"nyckeln '{key}' förekommer två gånger; den första finns på rad {first.line}",
                        key_span))
                    continue
                self.map.keys[child] = key_span
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        plain = not node.style  # None from the Python composer, '' from libyaml's
        self.map.plain[loc] = plain
        if plain and node.value in _NULLS:
            return None
        if plain and node.value in _BOOLS:
            return _BOOLS[node.value]
        return node.value


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, SourceMap, list[Diagnostic]]:
    """Parse one YAML document. On a syntax error data is None and one PG101 is returned."""
    try:
        # libyaml composes the same nodes and marks ~10× faster; on any problem the Python
        # composer runs instead, so the messages below (translated from its wording) stay the same.
        return _from_node(yaml.compose(text, Loader=_FAST), path, line_offset)
    except yaml.YAMLError:
        pass
    try:
        # compose() builds nodes with marks and does no type construction at all.
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        problem = (exc.problem or "okänt fel").strip()
        message = f"YAML kan inte läsas: {_translate(problem)}"
        if exc.context:
            message += f" ({_translate(exc.context.strip())})"
        return None, SourceMap(path), [Diagnostic(Severity.ERROR, "PG101", message, Span(path, line, col))]
    except yaml.YAMLError as exc:  # reader errors carry no mark, e.g. control characters
        return None, SourceMap(path), [Diagnostic(Severity.ERROR, "PG101", f"YAML kan inte läsas: {exc}",
                                                 Span(path, 1 + line_offset, 1))]
    return _from_node(node, path, line_offset)


def _from_node(node: yaml.Node | None, path: str, line_offset: int) -> tuple[Any, SourceMap, list[Diagnostic]]:
    if node is None:
        return {}, SourceMap(path), []
    builder = _Builder(path, line_offset)
    data = builder.build(node, ())
    return data, builder.map, builder.diagnostics


# PyYAML's problems are English; the common ones get Swedish text, the rest are quoted.
_PROBLEMS = {
    "mapping values are not allowed here": "kolon på fel ställe (sätt citattecken runt texten om den innehåller ': ')",
    "could not find expected ':'": "kolon saknas efter nyckeln",
    "found character '\\t' that cannot start any token": "tabb får inte användas för indrag",
    "did not find expected key": "indraget stämmer inte, en nyckel väntades",
    "did not find expected '-' indicator": "indraget stämmer inte, ett listelement ('- ') väntades",
    "found undefined alias": "okänt alias",
    "while parsing a block mapping": "i en mappning",
    "while parsing a block collection": "i en lista",
    "while scanning a simple key": "i en nyckel",
    "while scanning a quoted scalar": "i en text inom citattecken",
    "found unexpected end of stream": "filen tar slut mitt i en text inom citattecken",
    "while parsing a flow sequence": "i en lista inom hakparenteser",
    "expected ',' or ']', but got '<stream end>'": "']' saknas",
}


def _translate(problem: str) -> str:
    return _PROBLEMS.get(problem, problem)
